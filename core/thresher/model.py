"""The document model: what flows through every stage.

A :class:`Document` is mutable (cleaners edit it in place, as pytest's
``modifyitems`` edits items) and slotted, so plugins extend it through
``meta`` and ``fields`` instead of inventing attributes.

Every document carries its own fate. Stages never silently drop a document:
they mark it (duplicate, dropped, failed) and pass it on, so the end of the
pipeline can prove that every input was accounted for.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import attrs


class Fate(str, enum.Enum):
    """Where a document ends up. Exactly one per document at the end of a run."""

    KEPT = "kept"
    DUPLICATE = "duplicate"
    DROPPED = "dropped"
    FAILED = "failed"


@attrs.frozen
class Source:
    """Where a document came from.

    :ivar uri: the path or URL of the input (a file, ``<stdin>``, an archive).
    :ivar kind: the loader's word for the container ("text", "jsonl", "warc"...),
        so source-specific cleaners can test it cheaply.
    :ivar position: where inside the container (a JSONL line number, a WARC
        record offset); ``None`` when the container holds one document.
    """

    uri: str
    kind: str = "text"
    position: int | None = None

    def __str__(self) -> str:
        return self.uri if self.position is None else f"{self.uri}:{self.position}"

    def to_dict(self) -> dict[str, Any]:
        return {"uri": self.uri, "kind": self.kind, "position": self.position}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        return cls(uri=data["uri"], kind=data.get("kind", "text"), position=data.get("position"))


class Removal(NamedTuple):
    """One entry of the cleaning audit trail.

    A named tuple rather than an attrs class like the rest of the model: a
    crawl's pages hold tens of removals each, and a frozen attrs instance
    costs a microsecond to make, several times a tuple's, which added up to
    a twelfth of the clean stage.

    :ivar component: the cleaner that made the change.
    :ivar reason: a short, stable reason code ("repeated-paragraph", "navigation").
    :ivar text: the text that was removed.
    :ivar replacement: what replaced it, when the change was an edit rather
        than a deletion (unicode repair); ``None`` for a plain removal.
    """

    component: str
    reason: str
    text: str
    replacement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "component": self.component,
            "reason": self.reason,
            "text": self.text,
        }
        if self.replacement is not None:
            data["replacement"] = self.replacement
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Removal:
        return cls(data["component"], data["reason"], data["text"], data.get("replacement"))


# Makes the tuple directly, skipping the generated __new__'s Python call.
_new_removal: Callable[[tuple[str, str, str, str | None]], Removal] = functools.partial(
    tuple.__new__, Removal
)


@attrs.frozen
class Failure:
    """Why a document failed: which stage and component, and the error."""

    stage: str
    component: str
    error: str

    def __str__(self) -> str:
        return f"{self.stage}/{self.component}: {self.error}"

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "component": self.component, "error": self.error}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Failure:
        return cls(data["stage"], data["component"], data["error"])


#: Extracted fields that every exported document carries, empty when no
#: extractor filled them (the output contract in the README).
STANDARD_FIELDS: tuple[str, ...] = ("entities", "quantities", "quotes")


@attrs.define(slots=True, eq=False)
class Document:
    """A document and everything thresher learned about it.

    :ivar id: stable identifier (from the input when it has one, else derived
        from the input's path and position).
    :ivar text: the current text; after cleaning, paragraphs separated by a
        blank line.
    :ivar source: where it came from.
    :ivar meta: title, date (ISO 8601), publisher, author, language, url, ...
    :ivar fields: extracted structured fields (entities, quantities, quotes, ...).
    :ivar removals: the cleaning audit trail, in the order changes were made.
    :ivar fate: kept, duplicate, dropped or failed.
    :ivar reason: why a document was dropped (a reason code), or for a
        duplicate, the id of the document that absorbed it.
    :ivar failure: the error, for a failed document.
    :ivar duplicates: ids of the documents dropped as duplicates of this one.
    """

    id: str
    text: str
    source: Source = attrs.field(factory=lambda: Source("<memory>", "memory"))
    meta: dict[str, Any] = attrs.field(factory=dict)
    fields: dict[str, Any] = attrs.field(factory=dict)
    removals: list[Removal] = attrs.field(factory=list)
    fate: Fate = Fate.KEPT
    reason: str | None = None
    failure: Failure | None = None
    duplicates: list[str] = attrs.field(factory=list)

    @property
    def kept(self) -> bool:
        return self.fate is Fate.KEPT

    def items(self, name: str) -> list[dict[str, Any]]:
        """An extracted list field (``entities``, ``quotes``...) as dicts; ``[]`` when absent.

        Plain strings, as a lax extractor may return, become ``{"text": value}``.
        """
        value = self.fields.get(name)
        if not isinstance(value, (list, tuple)):
            return []
        return [item if isinstance(item, dict) else {"text": item} for item in value]

    @property
    def duplicate_of(self) -> str | None:
        return self.reason if self.fate is Fate.DUPLICATE else None

    # -- changing the fate -------------------------------------------------
    def drop(self, reason: str) -> None:
        """Drop the document with a reason code (``empty``, ``error-page``...)."""
        self.fate, self.reason = Fate.DROPPED, reason

    def fail(self, stage: str, component: str, error: BaseException | str) -> None:
        """Record that ``component`` failed on this document during ``stage``."""
        message = error if isinstance(error, str) else describe_exception(error)
        self.fate, self.failure = Fate.FAILED, Failure(stage, component, message)

    def mark_duplicate_of(self, survivor_id: str) -> None:
        self.fate, self.reason = Fate.DUPLICATE, survivor_id

    def record_removal(
        self, component: str, reason: str, text: str, replacement: str | None = None
    ) -> None:
        """Add one entry to the audit trail; cleaners call this for every change."""
        self.removals.append(_new_removal((component, reason, text, replacement)))

    # -- serialisation (orjson does not know attrs classes) ---------------
    def to_dict(self, *, include_removals: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "source": self.source.to_dict(),
            "text": self.text,
            "meta": dict(self.meta),
        }
        for name in STANDARD_FIELDS:
            data[name] = self.fields.get(name, [])
        extra = {k: v for k, v in self.fields.items() if k not in STANDARD_FIELDS}
        if extra:
            data["fields"] = extra
        data["duplicates"] = list(self.duplicates)
        data["fate"] = self.fate.value
        if self.reason is not None:
            data["reason"] = self.reason
        if self.failure is not None:
            data["failure"] = self.failure.to_dict()
        if include_removals:
            data["removals"] = [r.to_dict() for r in self.removals]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        fields = dict(data.get("fields") or {})
        for name in STANDARD_FIELDS:
            if data.get(name):
                fields[name] = data[name]
        failure = data.get("failure")
        return cls(
            id=str(data["id"]),
            text=data.get("text") or "",
            source=Source.from_dict(data["source"]) if "source" in data else Source("<memory>"),
            meta=dict(data.get("meta") or {}),
            fields=fields,
            removals=[Removal.from_dict(r) for r in data.get("removals") or []],
            fate=Fate(data.get("fate", "kept")),
            reason=data.get("reason"),
            failure=Failure.from_dict(failure) if failure else None,
            duplicates=list(data.get("duplicates") or []),
        )


def describe_exception(error: BaseException) -> str:
    """``ValueError: bad thing`` — one line, the way a report should show it."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
