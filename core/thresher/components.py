"""What the registration hooks return: named, configurable components.

A component is a class with a class attribute ``name`` (what users type:
``clean --skip whitespace``) whose *options* are its ``attrs`` fields. The
pipeline instantiates it with the options from the CLI or the TOML file, so
every option is discoverable (``thresher plugins``), validated and printable
back as TOML without any schema besides the class itself.

Per-document components (cleaners, extractors) are pure functions of one
document and may run in worker processes; they must be picklable (plain
attrs classes are). Components that need the whole corpus either implement
``fit`` (cleaners: a first pass over a re-readable copy of the stream) or are
stream processors (dedupers), which see every document in order and run in
the driving process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, TypeVar

import attrs

if TYPE_CHECKING:
    from .inputs import Input
    from .model import Document
    from .run import RunContext

T = TypeVar("T")
R = TypeVar("R")


class Component:
    """Base of every component. Subclass one of the stage bases below.

    :cvar name: unique across all plugins for that stage.
    :cvar default: whether the stage uses it when the user does not choose.
    :cvar order: sort key among a stage's default components (lower first).
    """

    stage: ClassVar[str] = ""
    name: ClassVar[str] = ""
    default: ClassVar[bool] = True
    order: ClassVar[int] = 500

    @classmethod
    def option_defaults(cls) -> dict[str, Any]:
        """The component's options and their defaults (its attrs fields)."""
        if not attrs.has(cls):
            return {}
        defaults: dict[str, Any] = {}
        for field in attrs.fields(cls):
            if not field.init:
                continue
            value = field.default
            if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
                value = value.factory()
            defaults[field.alias or field.name] = None if value is attrs.NOTHING else value
        return defaults


class Loader(Component):
    """Turns one input (a file or stdin) into documents.

    ``accepts`` is asked in plugin call order (third-party plugins first);
    the first loader that accepts an input loads it. ``load`` must never
    raise for bad content: it yields a failed or dropped document naming the
    input instead, so every input is accounted for.
    """

    stage = "load"

    def accepts(self, source: Input) -> bool:
        raise NotImplementedError

    def load(self, source: Input) -> Iterator[Document]:
        raise NotImplementedError


class Cleaner(Component):
    """Edits one document in place and records every removal with a reason.

    Override ``applies_to`` for a source-specific cleaner. Call
    ``document.record_removal(self.name, reason, text)`` for each change and
    ``document.drop(reason)`` to drop a document. Override ``fit`` to learn
    from the whole corpus first (for example per-source boilerplate): the
    pipeline then replays the stream from disk, so memory stays bounded.
    """

    stage = "clean"

    def applies_to(self, document: Document) -> bool:
        return True

    def clean(self, document: Document) -> None:
        raise NotImplementedError

    def fit(self, documents: Iterable[Document]) -> None:  # pragma: no cover - optional
        """Optional first pass over every kept document."""

    @classmethod
    def needs_fit(cls) -> bool:
        return cls.fit is not Cleaner.fit


class Deduper(Component):
    """A stream processor that marks duplicates.

    ``process`` receives every document in order (including ones already
    dropped or failed, which it must pass through untouched) and yields each
    of them exactly once. It marks a duplicate with
    ``doc.mark_duplicate_of(survivor.id)`` and lists absorbed ids in the
    survivor's ``duplicates``. Which document survives must not depend on
    input order.
    """

    stage = "dedupe"

    def process(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        raise NotImplementedError


class Extractor(Component):
    """Returns structured fields for one document.

    :cvar provides: the keys ``extract`` may return. A key ``meta.X`` sets
        ``document.meta["X"]`` (empty values are ignored); any other key goes into
        ``document.fields``. Two extractors selected together may not
        provide the same key (a :class:`~thresher.errors.ConflictError`
        naming both, raised before any document is read).
    """

    stage = "extract"
    provides: ClassVar[tuple[str, ...]] = ()

    def applies_to(self, document: Document) -> bool:
        return True

    def extract(self, document: Document) -> Mapping[str, Any]:
        raise NotImplementedError


class ExportSink:
    """An open output of one exporter for one run.

    ``write`` receives every exported document in order; ``close`` commits
    (atomic renames) and returns the paths written; ``abort`` removes
    everything that was not committed.
    """

    def write(self, document: Document) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class Exporter(Component):
    """Writes documents in one format. ``name`` is the format (``-f NAME``).

    :cvar streams: the exporter can write to a binary stream (``-o -``).
    """

    stage = "export"
    streams: ClassVar[bool] = False

    def open(self, directory: Path, context: RunContext) -> ExportSink:
        raise NotImplementedError

    def open_stream(self, stream: BinaryIO, context: RunContext) -> ExportSink:
        raise NotImplementedError(f"format {self.name!r} cannot be written to standard output")


class Executor(Component):
    """Runs the per-document steps of a pipeline, locally or on a cluster.

    ``map`` applies a picklable function to each item and yields results in
    input order, whatever the number of workers, so runs are deterministic.
    """

    stage = "run"

    def start(self) -> None:
        """Acquire workers (called once per run, before the first ``map``)."""

    def map(self, function: Any, items: Iterable[Any]) -> Iterator[Any]:
        raise NotImplementedError

    def close(self) -> None:
        """Release workers (called once per run, also after errors)."""


STAGE_BASES: dict[str, type[Component]] = {
    "load": Loader,
    "clean": Cleaner,
    "dedupe": Deduper,
    "extract": Extractor,
    "export": Exporter,
    "run": Executor,
}
