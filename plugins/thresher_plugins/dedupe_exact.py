"""The ``exact`` deduper: documents whose normalised text is identical.

Which copy survives is a policy, not an accident of input order: the
stream is spooled to disk on a first pass that keeps only a 16-byte hash
and a ranking key per document; the second pass marks every copy but the
best-ranked one. The same documents in any order give the same survivors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import xxhash

from thresher import Deduper, Document, RunContext, hookimpl
from thresher_plugins.dedupe_text import NORMALIZATIONS, normalize

EMPTY = b"\0" * 16


def keeper_rank(document: Document) -> tuple[Any, ...]:
    """Sort key of the keeper policy: the smallest key survives.

    Longest text, then most metadata, then earliest date, then smallest id.
    """
    filled = sum(1 for value in document.meta.values() if value not in (None, "", [], {}))
    date = str(document.meta.get("date") or "9999")
    return (-len(document.text), -filled, date, document.id)


@attrs.define
class ExactDeduper(Deduper):
    """Exact duplicates on normalised text (xxh3-128); the survivor lists what it absorbed."""

    name = "exact"
    order = 100

    normalization: str = attrs.field(
        default="words", validator=attrs.validators.in_(NORMALIZATIONS)
    )

    def digest(self, document: Document) -> bytes:
        normalized = normalize(document.text, self.normalization)
        return xxhash.xxh3_128_digest(normalized.encode("utf-8")) if normalized else EMPTY

    def process(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        # digest -> (rank of the best document so far, its id, ids of all members)
        groups: dict[bytes, tuple[tuple[Any, ...], str, list[str] | None]] = {}
        digests = bytearray()  # 16 bytes per document, in stream order
        with context.spool() as spool:
            for document in documents:
                digest = self.digest(document) if document.kept else EMPTY
                digests += digest
                spool.append(document)
                if digest == EMPTY:
                    continue
                rank = keeper_rank(document)
                best = groups.get(digest)
                if best is None:
                    groups[digest] = (rank, document.id, None)
                else:
                    members = best[2] if best[2] is not None else [best[1]]
                    members.append(document.id)
                    winner = (rank, document.id) if rank < best[0] else (best[0], best[1])
                    groups[digest] = (winner[0], winner[1], members)
            for position, document in enumerate(spool):
                digest = bytes(digests[position * 16 : position * 16 + 16])
                group = groups.get(digest) if digest != EMPTY else None
                if group is not None and group[2] is not None:
                    _, survivor, members = group
                    if document.id == survivor:
                        document.duplicates.extend(
                            sorted(m for m in members or () if m != survivor)
                        )
                    else:
                        document.mark_duplicate_of(survivor)
                yield document


@hookimpl
def thresher_register_dedupers() -> list[type[Deduper]]:
    return [ExactDeduper]
