"""Duplicate clusters: which document survives, and the record that explains why.

A deduper groups copies of one text into a *cluster*. Which member survives
is decided by a :class:`KeeperPolicy`, an ordered list of criteria over the
documents themselves, never by input order, so the same documents give the
same survivor in any order and on any number of workers. For every member
it absorbs, the survivor's record says how similar the member is and on
which criterion the survivor won: ``OUT/clusters.jsonl`` holds one
:class:`Cluster` per line, and ``thresher explain OUT`` prints them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from .model import Document

#: The file in a run's output folder that lists the duplicate clusters.
CLUSTERS_FILE = "clusters.jsonl"

#: Criteria a keeper policy may name, each with what it prefers.
KEEPER_CRITERIA: dict[str, str] = {
    "longest": "the longest text",
    "shortest": "the shortest text",
    "metadata": "the most metadata fields filled",
    "earliest": "the earliest date",
    "latest": "the latest date",
    "id": "the smallest id",
}
DEFAULT_KEEPER = ("longest", "metadata", "earliest", "id")

# Missing dates sort after every real one whichever way dates are preferred.
_NO_DATE = "\uffff"


def _filled(document: Document) -> int:
    return sum(1 for value in document.meta.values() if value not in (None, "", [], {}))


def _date(document: Document) -> str | None:
    value = document.meta.get("date")
    return str(value) if value else None


def _inverted(text: str | None) -> tuple[int, ...]:
    """A key under which later strings sort first (and a missing date still last)."""
    if text is None:
        return (1,)
    return (0, *(-ord(char) for char in text), 1)


class Facts(NamedTuple):
    """What a keeper policy compares about a document (a tuple: dedupers keep millions)."""

    length: int
    metadata: int
    date: str | None


def parse_criteria(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"longest, earliest"`` -> ``("longest", "earliest", "id")``; unknown names are an error."""
    names = value.split(",") if isinstance(value, str) else list(value)
    criteria = tuple(name.strip() for name in names if name.strip())
    unknown = [name for name in criteria if name not in KEEPER_CRITERIA]
    if unknown:
        raise ValueError(
            f"unknown keeper criterion {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(KEEPER_CRITERIA)}"
        )
    return criteria if "id" in criteria else (*criteria, "id")


@attrs.frozen
class KeeperPolicy:
    """Which member of a cluster survives: the one that ranks first.

    ``criteria`` are names from :data:`KEEPER_CRITERIA`, compared in order;
    ``id`` is always appended as the last criterion, so two documents never
    tie. The default keeps the most complete document: the longest clean
    body, then the most metadata, then the earliest date, then the smallest id.
    """

    criteria: tuple[str, ...] = attrs.field(default=DEFAULT_KEEPER, converter=parse_criteria)

    @staticmethod
    def facts(document: Document) -> Facts:
        """The values the policy compares."""
        return Facts(len(document.text), _filled(document), _date(document))

    def rank_facts(self, facts: Facts, identifier: str) -> tuple[Any, ...]:
        """Sort key of a document with these facts: the smallest rank survives."""
        keys: list[Any] = []
        for criterion in self.criteria:
            if criterion == "longest":
                keys.append(-facts.length)
            elif criterion == "shortest":
                keys.append(facts.length)
            elif criterion == "metadata":
                keys.append(-facts.metadata)
            elif criterion == "earliest":
                keys.append(facts.date or _NO_DATE)
            elif criterion == "latest":
                keys.append(_inverted(facts.date))
            else:
                keys.append(identifier)
        return tuple(keys)

    def why(
        self, survivor: Facts, survivor_id: str, member: Facts, member_id: str
    ) -> dict[str, Any]:
        """The first criterion on which the survivor beat the member, with both values."""
        ours, theirs = self.rank_facts(survivor, survivor_id), self.rank_facts(member, member_id)
        for criterion, won, lost in zip(self.criteria, ours, theirs, strict=True):
            if won != lost:
                field = _FACT_OF[criterion]
                if field == "id":
                    return {"criterion": criterion, "survivor": survivor_id, "member": member_id}
                return {
                    "criterion": criterion,
                    "survivor": getattr(survivor, field),
                    "member": getattr(member, field),
                }
        return {"criterion": "id", "survivor": survivor_id, "member": member_id}


_FACT_OF = {
    "longest": "length",
    "shortest": "length",
    "metadata": "metadata",
    "earliest": "date",
    "latest": "date",
    "id": "id",
}


@attrs.frozen
class ClusterMember:
    """A document a survivor absorbed.

    :ivar similarity: its similarity to the survivor (1.0 for an exact copy).
    :ivar measure: how that similarity was measured (``exact``, ``jaccard``,
        ``containment``).
    :ivar lost_on: the keeper criterion that decided, with both values.
    """

    id: str
    similarity: float
    measure: str
    lost_on: dict[str, Any]
    facts: dict[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "similarity": round(self.similarity, 4),
            "measure": self.measure,
            "lost_on": self.lost_on,
            **({"facts": self.facts} if self.facts else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClusterMember:
        return cls(
            id=str(data["id"]),
            similarity=float(data["similarity"]),
            measure=str(data["measure"]),
            lost_on=dict(data.get("lost_on") or {}),
            facts=dict(data.get("facts") or {}),
        )


@attrs.frozen
class Cluster:
    """One survivor and the documents it absorbed, as one line of ``clusters.jsonl``.

    :ivar deduper: the component that formed the cluster.
    :ivar policy: the keeper criteria, in order.
    :ivar settings: what decided membership (threshold, shingles...).
    """

    deduper: str
    survivor: str
    members: tuple[ClusterMember, ...]
    policy: tuple[str, ...]
    survivor_facts: dict[str, Any] = attrs.field(factory=dict)
    settings: dict[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "deduper": self.deduper,
            "survivor": self.survivor,
            "survivor_facts": self.survivor_facts,
            "members": [member.to_dict() for member in self.members],
            "policy": list(self.policy),
            "settings": self.settings,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cluster:
        return cls(
            deduper=str(data["deduper"]),
            survivor=str(data["survivor"]),
            members=tuple(ClusterMember.from_dict(m) for m in data.get("members") or ()),
            policy=tuple(data.get("policy") or ()),
            survivor_facts=dict(data.get("survivor_facts") or {}),
            settings=dict(data.get("settings") or {}),
        )


def make_cluster(
    deduper: str,
    policy: KeeperPolicy,
    survivor: tuple[str, Facts],
    members: Sequence[tuple[str, Facts, float, str]],
    settings: Mapping[str, Any] | None = None,
) -> Cluster:
    """A cluster record from ``(id, facts)`` of the survivor and
    ``(id, facts, similarity, measure)`` of each member."""
    survivor_id, survivor_facts = survivor
    return Cluster(
        deduper=deduper,
        survivor=survivor_id,
        members=tuple(
            ClusterMember(
                id=member_id,
                similarity=similarity,
                measure=measure,
                lost_on=policy.why(survivor_facts, survivor_id, facts, member_id),
                facts=facts._asdict(),
            )
            for member_id, facts, similarity, measure in members
        ),
        policy=policy.criteria,
        survivor_facts=survivor_facts._asdict(),
        settings=dict(settings or {}),
    )
