"""The ``near`` deduper: copies that differ by a menu, a trimmed paragraph or a reworded line.

**Method.** Each kept document becomes the set of its word ``ngram``-grams
(the words the exact deduper compares: case, punctuation and spacing do not
matter), hashed to 64 bits. MinHash signatures and LSH banding
(``minhash.py``) propose candidate pairs: documents that
share a whole band of their signature. Every candidate is then *verified*
on the documents' actual shingles: it is a duplicate pair only if their
Jaccard similarity reaches ``threshold`` (or, with ``containment`` set, if
that fraction of the smaller document lies inside the larger one: a copy
inside a longer page). So precision never rests on LSH's luck; LSH only
decides which pairs are worth checking.

**Clusters and survivors.** Verified pairs are merged into clusters
(union-find). The survivor of a cluster is its first member under the
keeper policy (``keep``, a :class:`thresher.KeeperPolicy`; by default the
most complete document), and every member is marked a duplicate of it. The
cluster is recorded in ``clusters.jsonl`` with each member's similarity to
the survivor and the criterion on which the survivor won.

**Determinism.** Nothing depends on the order documents arrive in: within
an LSH bucket, members are checked against the bucket's best-ranked member
first, buckets are visited in the order of their keys, and the keeper
policy ends on the document id, so the same documents give the same
clusters and survivors in any order and whatever the number of workers
that cleaned them.

**Memory.** The stream is spooled (:meth:`thresher.RunContext.spool`) and
the shingles go to a temporary file, read back with ``pread`` for
verification (the page cache holds them, not the process). What stays in
memory per document is fixed: its band keys (8 bytes per band), two
offsets, its id and the keeper facts. Nothing is
quadratic in the number of documents: a bucket is settled against its
best-ranked member, and pairs already in one cluster are not checked again.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from thresher import (
    DEFAULT_KEEPER,
    ConfigError,
    Deduper,
    Document,
    DocumentSpool,
    Facts,
    KeeperPolicy,
    RunContext,
    hookimpl,
    make_cluster,
)
from thresher_plugins.minhash import (
    MAX_NGRAM,
    Shingles,
    band_keys,
    lsh_parameters,
    shared_count,
    shingle_batch,
    signatures,
)
from thresher_plugins.seen_index import SeenDocument, SeenIndex

TEXTS = ("clean", "raw")
#: Documents signed together: large enough for numpy to pay off, small
#: enough that a batch's shingles stay a few MB.
SIGNING_BATCH = 512
#: A document with fewer shingles is never matched by containment: a
#: sentence or two inside a long page is a quotation, not a copy.
MIN_CONTAINED_SHINGLES = 20
SHINGLE_BYTES = 8


class _ShingleStore:
    """Every participant's shingles in one temporary file; memory holds only offsets.

    Read back with ``pread`` rather than a memory map: a map's pages count
    in the process's resident memory as it is read (4 GB for a million
    documents), while ``pread`` leaves them to the page cache.
    """

    def __init__(self, directory: Path) -> None:
        handle, name = tempfile.mkstemp(prefix="shingles-", suffix=".u64", dir=directory)
        self.path = Path(name)
        self._file = os.fdopen(handle, "wb", buffering=1 << 20)
        self._starts = array("q")
        self._size = 0
        self._reader: int | None = None

    def add(self, shingles: Shingles) -> None:
        self._starts.append(self._size)
        self._file.write(shingles.astype("<u8", copy=False).tobytes())
        self._size += len(shingles)

    def freeze(self) -> None:
        """Stop adding; read back from here on."""
        self._starts.append(self._size)
        self._file.close()
        self._reader = os.open(self.path, os.O_RDONLY)

    def __getitem__(self, index: int) -> Shingles:
        assert self._reader is not None, "freeze() first"
        start, end = self._starts[index], self._starts[index + 1]
        size = (end - start) * SHINGLE_BYTES
        data = os.pread(self._reader, size, start * SHINGLE_BYTES)
        if len(data) != size:
            raise OSError(f"{self.path}: short read of participant {index}'s shingles")
        return np.frombuffer(data, dtype="<u8")

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
        self.path.unlink(missing_ok=True)


@attrs.define
class _Participants:
    """The documents the deduper compares, by participant number.

    This run's kept documents come first, in stream order (``new`` of
    them); documents of earlier runs that the index matched follow.
    """

    ids: list[str] = attrs.field(factory=list)
    facts: list[Facts] = attrs.field(factory=list)
    #: Ids each participant had already absorbed (from the exact deduper).
    absorbed: dict[int, list[str]] = attrs.field(factory=dict)
    key_batches: list[npt.NDArray[np.uint64]] = attrs.field(factory=list)
    new: int = 0

    def add_seen(self, seen: Sequence[SeenDocument], store: _ShingleStore, bands: int) -> None:
        self.new = len(self.ids)
        for document in seen:
            self.ids.append(document.id)
            self.facts.append(document.facts)
            store.add(document.shingles)
        if seen:
            self.key_batches.append(np.stack([d.keys for d in seen]).reshape(len(seen), bands))

    def keys(self, bands: int) -> npt.NDArray[np.uint64]:
        if not self.key_batches:
            return np.empty((0, bands), dtype=np.uint64)
        return np.concatenate(self.key_batches)


class _UnionFind:
    """Clusters as a forest whose roots are always the best-ranked member."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving
            item = parent[item]
        return item

    def union(self, a: int, b: int, position: Sequence[int]) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            keep, join = (a, b) if position[a] < position[b] else (b, a)
            self.parent[join] = keep


@attrs.define
class NearDeduper(Deduper):
    """Near duplicates: MinHash-LSH candidates verified on word n-gram Jaccard."""

    name = "near"
    order = 200

    #: Jaccard similarity of two documents' shingle sets at which they are copies.
    threshold: float = attrs.field(default=0.7, validator=attrs.validators.gt(0.0))
    #: Words per shingle.
    ngram: int = attrs.field(default=5)
    #: MinHash values per document: more gives LSH a sharper threshold.
    num_perm: int = attrs.field(default=128)
    #: Also a copy when this fraction of the smaller document lies in the
    #: larger one (0 = off). LSH then proposes pairs down to ``lsh_threshold``.
    containment: float = attrs.field(default=0.0)
    #: The Jaccard level LSH is tuned to (default: ``threshold``; with
    #: containment, a third of it: a copy filling a page three times its
    #: length has about that Jaccard similarity with the page).
    lsh_threshold: float | None = None
    #: The chance that a pair exactly at ``lsh_threshold`` becomes a
    #: candidate; pairs above it are likelier still.
    lsh_recall: float = attrs.field(default=0.99)
    #: ``clean``: the text as cleaned; ``raw``: also what cleaning removed.
    text: str = attrs.field(default="clean", validator=attrs.validators.in_(TEXTS))
    #: Keeper criteria in order (see ``thresher.KEEPER_CRITERIA``).
    keep: str = attrs.field(default=",".join(DEFAULT_KEEPER))
    #: An SQLite file of earlier runs' survivors: this run's documents are
    #: also duplicates of those, and its survivors are added at the end.
    index: str | None = None
    seed: int = 1
    _policy: KeeperPolicy = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 0.0 <= self.containment <= 1.0:
            raise ValueError(f"containment must be in [0, 1], got {self.containment}")
        if not 1 <= self.ngram <= MAX_NGRAM:
            raise ValueError(f"ngram must be between 1 and {MAX_NGRAM}, got {self.ngram}")
        if self.num_perm < 2:
            raise ValueError(f"num_perm must be at least 2, got {self.num_perm}")
        self._policy = KeeperPolicy(self.keep)
        if not 0.0 < self.lsh_recall < 1.0:
            raise ValueError(f"lsh_recall must be in (0, 1), got {self.lsh_recall}")
        self.bands, self.rows = lsh_parameters(self.tuned_to(), self.num_perm, self.lsh_recall)
        if self.index is not None:
            # Opened once here so that a wrong file or other settings are a
            # configuration error before any document is read.
            try:
                SeenIndex(self.index, self.index_settings()).close()
            except ConfigError as error:
                raise ValueError(str(error)) from error

    def tuned_to(self) -> float:
        if self.lsh_threshold is not None:
            return min(max(self.lsh_threshold, 0.01), 0.99)
        level = min(self.threshold, self.containment / 3) if self.containment else self.threshold
        return min(max(level, 0.01), 0.99)

    def settings(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "containment": self.containment,
            "ngram": self.ngram,
            "num_perm": self.num_perm,
            "bands": self.bands,
            "rows": self.rows,
            "text": self.text,
        }

    def index_settings(self) -> dict[str, Any]:
        """What shapes band keys and shingles: an index only matches under the same."""
        return {
            "ngram": self.ngram,
            "num_perm": self.num_perm,
            "bands": self.bands,
            "rows": self.rows,
            "seed": self.seed,
            "text": self.text,
        }

    def compared_text(self, document: Document) -> str:
        if self.text == "clean":
            return document.text
        removed = (r.text for r in document.removals if r.replacement is None)
        return "\n\n".join([document.text, *removed])

    # -- the stream ----------------------------------------------------------
    def process(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        store = _ShingleStore(context.tmpdir)
        index = SeenIndex(self.index, self.index_settings()) if self.index else None
        try:
            with context.spool() as spool:
                participants, numbers = self._read(documents, spool, store)
                seen = (
                    index.matches(participants.keys(self.bands), participants.ids) if index else []
                )
                participants.add_seen(seen, store, self.bands)
                store.freeze()
                roots = self._cluster(participants, store)
                survivors = self._record(participants, roots, store, context)
                yield from self._mark(spool, numbers, participants, roots, survivors)
            if index is not None:
                # Only once every document has been passed on: a run stopped
                # earlier adds nothing, and the additions are one transaction.
                index.add(self._survivors(participants, roots, store))
        finally:
            store.close()
            if index is not None:
                index.close()

    def _survivors(
        self, participants: _Participants, roots: list[int], store: _ShingleStore
    ) -> Iterator[SeenDocument]:
        keys = participants.keys(self.bands)
        for number in range(participants.new):
            if roots[number] == number:
                yield SeenDocument(
                    participants.ids[number],
                    participants.facts[number],
                    keys[number],
                    store[number],
                )

    def _read(
        self, documents: Iterator[Document], spool: DocumentSpool, store: _ShingleStore
    ) -> tuple[_Participants, array[int]]:
        """Spool every document; shingle, sign and band the kept ones in batches."""
        participants = _Participants()
        numbers = array("q")  # participant number of each spooled document, -1 if none
        pending: list[tuple[int, Document]] = []  # (spool position, document) to shingle
        for document in documents:
            spool.append(document)
            numbers.append(-1)
            if document.kept:
                pending.append((len(numbers) - 1, document))
                if len(pending) == SIGNING_BATCH:
                    self._add_batch(pending, participants, numbers, store)
                    pending = []
        if pending:
            self._add_batch(pending, participants, numbers, store)
        participants.new = len(participants.ids)
        return participants, numbers

    def _add_batch(
        self,
        pending: list[tuple[int, Document]],
        participants: _Participants,
        numbers: array[int],
        store: _ShingleStore,
    ) -> None:
        texts = [self.compared_text(document) for _, document in pending]
        signed: list[Shingles] = []
        for (position, document), shingles in zip(
            pending, shingle_batch(texts, self.ngram), strict=True
        ):
            if not len(shingles):
                continue  # no words: nothing to compare
            number = numbers[position] = len(participants.ids)
            participants.ids.append(document.id)
            participants.facts.append(self._policy.facts(document))
            if document.duplicates:
                participants.absorbed[number] = list(document.duplicates)
            store.add(shingles)
            signed.append(shingles)
        if signed:
            keys = band_keys(signatures(signed, self.num_perm, self.seed), self.bands, self.rows)
            participants.key_batches.append(keys)

    # -- clustering ------------------------------------------------------------
    def similarity(self, a: Shingles, b: Shingles) -> tuple[float, str]:
        """The pair's similarity as verification judges it: Jaccard, or containment."""
        shared = shared_count(a, b)
        jaccard = shared / (len(a) + len(b) - shared) if len(a) + len(b) else 0.0
        if jaccard >= self.threshold or not self.containment:
            return jaccard, "jaccard"
        smaller = min(len(a), len(b))
        contained = shared / smaller if smaller >= MIN_CONTAINED_SHINGLES else 0.0
        if contained >= self.containment:
            return contained, "containment"
        return jaccard, "jaccard"

    def _similar(self, a: Shingles, b: Shingles) -> bool:
        value, measure = self.similarity(a, b)
        return value >= (self.containment if measure == "containment" else self.threshold)

    def _cluster(self, participants: _Participants, store: _ShingleStore) -> list[int]:
        """The root (best-ranked member) of each participant's cluster."""
        count, new = len(participants.ids), participants.new
        # Documents of earlier runs rank first: they were exported already.
        ranks = [
            (0 if number >= new else 1, self._policy.rank_facts(facts, identifier))
            for number, (facts, identifier) in enumerate(
                zip(participants.facts, participants.ids, strict=True)
            )
        ]
        canonical = sorted(range(count), key=ranks.__getitem__)
        del ranks
        position = np.empty(count, dtype=np.int64)
        position[canonical] = np.arange(count)
        position_list = position.tolist()
        forest = _UnionFind(count)
        rejected: set[tuple[int, int]] = set()
        keys = participants.keys(self.bands)
        for band in range(self.bands):
            column = keys[:, band]
            # Bucket members in keeper order: each bucket is settled against its best member.
            order = np.lexsort((position, column))
            ordered = column[order]
            cuts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
            starts = np.concatenate(([0], cuts))
            ends = np.concatenate((cuts, [count]))
            for bucket in np.flatnonzero(ends - starts >= 2).tolist():
                members = order[starts[bucket] : ends[bucket]].tolist()
                self._settle(members, forest, rejected, store, position_list, new)
        return [forest.find(number) for number in range(count)]

    def _settle(
        self,
        members: list[int],
        forest: _UnionFind,
        rejected: set[tuple[int, int]],
        store: _ShingleStore,
        position: Sequence[int],
        new: int,
    ) -> None:
        """Verify a bucket: each member against the best one; the rest among themselves.

        Two documents of earlier runs are never compared: the index holds
        survivors, which were compared when they were added.
        """
        while len(members) > 1:
            pivot, rest = members[0], []
            pivot_shingles: Shingles | None = None
            for other in members[1:]:
                if forest.find(other) == forest.find(pivot):
                    continue
                both_seen = pivot >= new and other >= new
                if not both_seen and (pivot, other) not in rejected:
                    if pivot_shingles is None:
                        pivot_shingles = store[pivot]
                    if self._similar(pivot_shingles, store[other]):
                        forest.union(pivot, other, position)
                        continue
                rejected.add((pivot, other))
                rest.append(other)
            members = rest

    # -- results ---------------------------------------------------------------
    def _record(
        self,
        participants: _Participants,
        roots: list[int],
        store: _ShingleStore,
        context: RunContext,
    ) -> dict[int, list[str]]:
        """Record each cluster; returns the ids each survivor absorbs, by participant."""
        clusters: dict[int, list[int]] = {}
        for number, root in enumerate(roots[: participants.new]):
            if root != number:
                clusters.setdefault(root, []).append(number)
        survivors: dict[int, list[str]] = {}
        ids, facts = participants.ids, participants.facts
        for root in sorted(clusters, key=ids.__getitem__):
            members = sorted(clusters[root], key=ids.__getitem__)
            rows = []
            for member in members:
                similarity, measure = self.similarity(store[root], store[member])
                rows.append((ids[member], facts[member], similarity, measure))
            context.record_cluster(
                make_cluster(
                    self.name, self._policy, (ids[root], facts[root]), rows, self.settings()
                )
            )
            absorbed = [ids[m] for m in members]
            for member in members:
                absorbed += participants.absorbed.get(member, [])
            survivors[root] = sorted(absorbed)
        return survivors

    def _mark(
        self,
        spool: DocumentSpool,
        numbers: array[int],
        participants: _Participants,
        roots: list[int],
        survivors: dict[int, list[str]],
    ) -> Iterator[Document]:
        ids = participants.ids
        # An exact copy absorbed by a document that is now itself a near
        # duplicate follows it to the new survivor: no chain of duplicates.
        moved = {
            ids[number]: ids[roots[number]]
            for number in participants.absorbed
            if roots[number] != number
        }
        for position, document in enumerate(spool):
            number = numbers[position]
            if number >= 0 and roots[number] != number:
                document.mark_duplicate_of(ids[roots[number]])
                document.duplicates.clear()
            elif number >= 0 and number in survivors:
                document.duplicates[:] = sorted({*document.duplicates, *survivors[number]})
            elif document.duplicate_of in moved:
                document.mark_duplicate_of(moved[document.duplicate_of])
            yield document


@hookimpl
def thresher_register_dedupers() -> list[type[Deduper]]:
    return [NearDeduper]
