"""The ``exact`` deduper: documents whose normalised text is identical.

Which copy survives is a policy (``keep``, a :class:`thresher.KeeperPolicy`),
not an accident of input order: the stream is spooled to disk on a first
pass that keeps only a 16-byte hash and the policy's facts per document;
the second pass marks every copy but the best-ranked one. The same
documents in any order give the same survivors, and each group of copies
is recorded as a cluster (``clusters.jsonl``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import xxhash

from thresher import (
    Cluster,
    Deduper,
    Document,
    Facts,
    KeeperPolicy,
    RunContext,
    hookimpl,
    make_cluster,
)
from thresher_plugins.dedupe_text import NORMALIZATIONS, normalize

EMPTY = b"\0" * 16


@attrs.define
class _Group:
    """The copies of one text seen so far: the best-ranked one and every member."""

    rank: tuple[Any, ...]
    survivor: str
    members: dict[str, Facts]


@attrs.define
class ExactDeduper(Deduper):
    """Exact duplicates on normalised text (xxh3-128); the survivor lists what it absorbed."""

    name = "exact"
    order = 100

    normalization: str = attrs.field(
        default="words", validator=attrs.validators.in_(NORMALIZATIONS)
    )
    #: Keeper criteria in order (see ``thresher.KEEPER_CRITERIA``).
    keep: str = attrs.field(default="longest,metadata,earliest,id")
    _policy: KeeperPolicy = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._policy = KeeperPolicy(self.keep)

    def digest(self, document: Document) -> bytes:
        normalized = normalize(document.text, self.normalization)
        return xxhash.xxh3_128_digest(normalized.encode("utf-8")) if normalized else EMPTY

    def process(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        groups: dict[bytes, _Group] = {}
        digests = bytearray()  # 16 bytes per document, in stream order
        with context.spool() as spool:
            for document in documents:
                digest = self.digest(document) if document.kept else EMPTY
                digests += digest
                spool.append(document)
                if digest == EMPTY:
                    continue
                facts = self._policy.facts(document)
                rank = self._policy.rank_facts(facts, document.id)
                group = groups.get(digest)
                if group is None:
                    groups[digest] = _Group(rank, document.id, {document.id: facts})
                else:
                    group.members[document.id] = facts
                    if rank < group.rank:
                        group.rank, group.survivor = rank, document.id
            for group in groups.values():
                if len(group.members) > 1:
                    context.record_cluster(self._cluster(group))
            for position, document in enumerate(spool):
                digest = bytes(digests[position * 16 : position * 16 + 16])
                found = groups.get(digest) if digest != EMPTY else None
                if found is not None and len(found.members) > 1:
                    if document.id == found.survivor:
                        document.duplicates.extend(
                            sorted(m for m in found.members if m != found.survivor)
                        )
                    else:
                        document.mark_duplicate_of(found.survivor)
                yield document

    def _cluster(self, group: _Group) -> Cluster:
        absorbed = sorted(m for m in group.members if m != group.survivor)
        return make_cluster(
            self.name,
            self._policy,
            (group.survivor, group.members[group.survivor]),
            [(member, group.members[member], 1.0, "exact") for member in absorbed],
            {"normalization": self.normalization},
        )


@hookimpl
def thresher_register_dedupers() -> list[type[Deduper]]:
    return [ExactDeduper]
