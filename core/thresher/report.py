"""The run report: counts per stage, component and reason, problems, timings.

It proves the accounting invariant: every document that was loaded ends in
exactly one of exported, duplicate, dropped or failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .model import Document, Fate, Removal

#: How many problem records (failed or rejected-at-load inputs) the report
#: keeps verbatim; the counts are always complete. ``rejected.jsonl`` lists all.
MAX_PROBLEMS = 10_000


@attrs.define
class StageStats:
    """What one stage did. ``documents_in`` counts kept documents entering."""

    name: str
    documents_in: int = 0
    documents_out: int = 0
    dropped: Counter[str] = attrs.field(factory=Counter)
    duplicates: int = 0
    failed: int = 0
    errors: Counter[str] = attrs.field(factory=Counter)  # per component
    removals: Counter[str] = attrs.field(factory=Counter)  # per "component/reason"
    removed_chars: Counter[str] = attrs.field(factory=Counter)
    seconds: float = 0.0
    component_seconds: dict[str, float] = attrs.field(factory=dict)
    #: A dry run (``clean --dry-run``): removals are what the stage would
    #: have removed, and documents it would have dropped were kept.
    dry_run: bool = False
    would_drop: Counter[str] = attrs.field(factory=Counter)  # per reason
    would_drop_documents: list[dict[str, Any]] = attrs.field(factory=list)

    def count_removals(self, removals: Iterable[Removal]) -> None:
        # A page has hundreds of removals of a few kinds: count per kind, then name it.
        counts: dict[tuple[str, str], int] = {}
        chars: dict[tuple[str, str], int] = {}
        for removal in removals:
            kind = (removal.component, removal.reason)
            counts[kind] = counts.get(kind, 0) + 1
            removed = len(removal.text)
            if removal.replacement is not None:  # an edit removes only what it did not put back
                removed = max(removed - len(removal.replacement), 0)
            chars[kind] = chars.get(kind, 0) + removed
        for kind, count in counts.items():
            key = "/".join(kind)
            self.removals[key] += count
            self.removed_chars[key] += chars[kind]

    def note_would_drop(self, document: Document, component: str | None, reason: str) -> None:
        if len(self.would_drop_documents) < MAX_PROBLEMS:
            self.would_drop_documents.append(
                {
                    "id": document.id,
                    "source": str(document.source),
                    "component": component,
                    "reason": reason,
                }
            )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "in": self.documents_in,
            "out": self.documents_out,
            "dropped": dict(sorted(self.dropped.items())),
            "duplicates": self.duplicates,
            "failed": self.failed,
            "errors": dict(sorted(self.errors.items())),
            "removals": dict(sorted(self.removals.items())),
            "removed_chars": dict(sorted(self.removed_chars.items())),
            "removals_by_reason": dict(sorted(by_reason(self.removals).items())),
            "removed_chars_by_reason": dict(sorted(by_reason(self.removed_chars).items())),
            "seconds": round(self.seconds, 4),
            "component_seconds": {
                k: round(v, 4) for k, v in sorted(self.component_seconds.items())
            },
        }
        if self.dry_run:
            data["dry_run"] = True
            data["would_drop"] = dict(sorted(self.would_drop.items()))
            data["would_drop_documents"] = self.would_drop_documents
        return data


def by_reason(counts: Mapping[str, int]) -> Counter[str]:
    """``{"component/reason": n}`` summed per reason, across components."""
    totals: Counter[str] = Counter()
    for key, count in counts.items():
        totals[key.partition("/")[2] or key] += count
    return totals


@attrs.define
class RunReport:
    """Everything a run did, JSON-ready through :meth:`to_dict`."""

    stages: dict[str, StageStats] = attrs.field(factory=dict)
    loaded: int = 0
    exported: int = 0
    duplicates: int = 0
    #: Duplicate clusters the dedupers recorded (``clusters.jsonl``).
    clusters: int = 0
    dropped: Counter[str] = attrs.field(factory=Counter)
    failed: int = 0
    problems: list[dict[str, Any]] = attrs.field(factory=list)
    problems_truncated: int = 0
    outputs: list[str] = attrs.field(factory=list)
    seconds: float = 0.0
    status: str = "running"
    error: str | None = None

    def stage(self, name: str) -> StageStats:
        if name not in self.stages:
            self.stages[name] = StageStats(name)
        return self.stages[name]

    def settle(self, document: Document) -> None:
        """Count a document that reached the end of the pipeline (kept = exported)."""
        if document.fate is Fate.KEPT:
            self.exported += 1
        elif document.fate is Fate.DUPLICATE:
            self.duplicates += 1
        elif document.fate is Fate.DROPPED:
            self.dropped[document.reason or "unspecified"] += 1
        else:
            self.failed += 1
        if document.failure is not None and document.failure.stage != "load":
            self.note_problem(document)

    def note_problem(self, document: Document) -> None:
        """List a bad input (rejected while loading) or a failed document by name."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems_truncated += 1
            return
        record: dict[str, Any] = {"id": document.id, "source": str(document.source)}
        if document.failure is not None:
            record.update(document.failure.to_dict())
        else:
            record["reason"] = document.reason
        self.problems.append(record)

    @property
    def dry_run(self) -> bool:
        """Whether a stage ran as a dry run (its changes reported, not made)."""
        return any(stats.dry_run for stats in self.stages.values())

    def removals_by_reason(self) -> Counter[str]:
        """Removals per reason code, across stages and components."""
        totals: Counter[str] = Counter()
        for stats in self.stages.values():
            totals.update(by_reason(stats.removals))
        return totals

    def removed_chars_by_reason(self) -> Counter[str]:
        """Characters removed per reason code, across stages and components."""
        totals: Counter[str] = Counter()
        for stats in self.stages.values():
            totals.update(by_reason(stats.removed_chars))
        return totals

    @property
    def accounted(self) -> int:
        return self.exported + self.duplicates + sum(self.dropped.values()) + self.failed

    @property
    def balanced(self) -> bool:
        """The accounting invariant: every loaded document is accounted for."""
        return self.accounted == self.loaded

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "error": self.error,
            "dry_run": self.dry_run,
            "documents": {
                "loaded": self.loaded,
                "exported": self.exported,
                "duplicates": self.duplicates,
                "clusters": self.clusters,
                "dropped": dict(sorted(self.dropped.items())),
                "failed": self.failed,
                "accounted": self.accounted,
                "balanced": self.balanced,
            },
            "stages": {name: stats.to_dict() for name, stats in self.stages.items()},
            "removals_by_reason": dict(sorted(self.removals_by_reason().items())),
            "removed_chars_by_reason": dict(sorted(self.removed_chars_by_reason().items())),
            "problems": self.problems,
            "problems_truncated": self.problems_truncated,
            "outputs": self.outputs,
            "seconds": round(self.seconds, 4),
        }
