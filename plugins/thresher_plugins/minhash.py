"""MinHash signatures and LSH banding: the arithmetic behind near-duplicate detection.

A document is a set of shingles (word n-grams). The Jaccard similarity of
two such sets is estimated by MinHash: under each of ``num_perm`` random
hash functions, the probability that two sets share their smallest hash is
their Jaccard similarity. LSH cuts a signature into ``bands`` of ``rows``
values; documents sharing any whole band become candidates, which the
deduper then verifies on their actual shingles, so precision never rests on
LSH's luck.

Why not datasketch: it hashes one document at a time in Python objects,
takes a permutation family with a modulo per value, and its bucket storage
is a dict of Python sets. Here every step is a numpy operation over a whole
batch of documents, and the hash family is multiply-shift (Dietzfelbinger
et al.), universal without a modulo. Every value is derived from the text
and a fixed seed: the same documents give the same signatures on every
machine, in any order, in any worker.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt
import xxhash

from thresher_plugins.dedupe_text import normalize

Shingles = npt.NDArray[np.uint64]  # sorted, distinct shingle hashes of one document
Signatures = npt.NDArray[np.uint32]  # one row of num_perm values per document

# Odd 64-bit constants (from splitmix64) that weigh each word of an n-gram by
# its position, so "a b" and "b a" hash apart.
_POSITION_WEIGHTS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
        0xE7037ED1A0B428DB,
        0x8EBC6AF09C88C6E3,
        0x589965CC75374CC3,
    ],
    dtype=np.uint64,
)
MAX_NGRAM = len(_POSITION_WEIGHTS)
# Shingles hashed at once when signing a batch: bounds the (shingles x
# permutations) matrix to 8 MB per 64 permutations.
_CHUNK_SHINGLES = 1 << 14


def words(text: str) -> list[str]:
    """The words shingles are made of: those the exact deduper compares."""
    return normalize(text, "words").split()


def word_shingles(text: str, ngram: int) -> Shingles:
    """The distinct hashes of the ``ngram``-word shingles of ``text``, sorted.

    A text shorter than ``ngram`` words is one shingle of all its words; an
    empty text has none.
    """
    if not 1 <= ngram <= MAX_NGRAM:
        raise ValueError(f"ngram must be between 1 and {MAX_NGRAM}, got {ngram}")
    tokens = words(text)
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    word_hashes = np.fromiter(
        map(xxhash.xxh3_64_intdigest, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens)
    )
    span = min(ngram, len(tokens))
    count = len(tokens) - span + 1
    combined = np.zeros(count, dtype=np.uint64)
    for position in range(span):
        # Wrapping uint64 arithmetic is intended: a multiply-add mix.
        combined += word_hashes[position : position + count] * _POSITION_WEIGHTS[position]
    combined ^= combined >> np.uint64(29)
    return np.unique(combined)


@functools.cache
def _permutations(num_perm: int, seed: int) -> tuple[npt.NDArray[np.uint64], ...]:
    """Multiplier (odd) and offset of each multiply-shift hash function."""
    generator = np.random.Generator(np.random.PCG64(seed))
    top = np.iinfo(np.uint64).max
    multipliers = generator.integers(0, top, num_perm, np.uint64, endpoint=True) | np.uint64(1)
    offsets = generator.integers(0, top, num_perm, np.uint64, endpoint=True)
    return multipliers, offsets


def signatures(documents: Sequence[Shingles], num_perm: int = 128, seed: int = 1) -> Signatures:
    """The MinHash signature of each document's shingles, one row each.

    Hash function ``i`` maps a shingle ``x`` to the top 32 bits of
    ``a_i * x + b_i`` (mod 2**64). A document without shingles gets the
    all-ones signature, which no document with shingles can have by chance
    in every position.
    """
    multipliers, offsets = _permutations(num_perm, seed)
    result = np.full((len(documents), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    for rows in _chunks([i for i, shingles in enumerate(documents) if len(shingles)], documents):
        values = np.concatenate([documents[row] for row in rows])
        hashed = (values[:, None] * multipliers + offsets) >> np.uint64(32)
        starts = np.cumsum([0] + [len(documents[row]) for row in rows[:-1]])
        result[rows] = np.minimum.reduceat(hashed, starts, axis=0)
    return result


def _chunks(rows: list[int], documents: Sequence[Shingles]) -> Iterator[list[int]]:
    """``rows`` in runs whose shingles fit in one chunk (a longer document alone)."""
    chunk: list[int] = []
    size = 0
    for row in rows:
        if chunk and size + len(documents[row]) > _CHUNK_SHINGLES:
            yield chunk
            chunk, size = [], 0
        chunk.append(row)
        size += len(documents[row])
    if chunk:
        yield chunk


def _probability_of_candidacy(
    similarity: npt.NDArray[np.float64], bands: int, rows: int
) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = 1.0 - (1.0 - similarity**rows) ** bands
    return result


def _area(values: npt.NDArray[np.float64], grid: npt.NDArray[np.float64]) -> float:
    """The trapezoid rule (numpy renamed its own between versions)."""
    return float(((values[1:] + values[:-1]) * np.diff(grid)).sum() / 2.0)


@functools.cache
def lsh_parameters(
    threshold: float,
    num_perm: int,
    false_positive_weight: float = 0.5,
    false_negative_weight: float = 0.5,
) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm`` that best separate at ``threshold``.

    Minimises the weighted areas of false positives (pairs below the
    threshold that become candidates) and false negatives (pairs above it
    that do not), as datasketch's MinHashLSH does; the integrals are taken
    on a fixed grid, so the choice is the same everywhere.
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    below = np.linspace(0.0, threshold, 513)
    above = np.linspace(threshold, 1.0, 513)
    best, best_error = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = _area(_probability_of_candidacy(below, bands, rows), below)
            false_negative = _area(1.0 - _probability_of_candidacy(above, bands, rows), above)
            error = false_positive_weight * false_positive + false_negative_weight * false_negative
            if error < best_error:
                best, best_error = (bands, rows), float(error)
    return best


# FNV-1a's 64-bit prime: folds a band's values into one key.
_FOLD = np.uint64(0x100000001B3)


def band_keys(signatures: Signatures, bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per document and band: documents sharing a key share that band.

    Keys of different bands never need to differ: candidates are looked up
    band by band. A collision of two different bands' values only adds a
    candidate, which verification then rejects.
    """
    if bands * rows > signatures.shape[1]:
        raise ValueError(
            f"{bands} bands of {rows} rows need more than {signatures.shape[1]} values"
        )
    keys = np.zeros((signatures.shape[0], bands), dtype=np.uint64)
    for row in range(rows):
        column = signatures[:, row : bands * rows : rows].astype(np.uint64)
        keys = (keys ^ column) * _FOLD  # wrapping arithmetic, as FNV-1a intends
    return keys


def candidate_pairs(keys: npt.NDArray[np.uint64]) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of documents that share a band key, each once.

    Within a bucket every member is paired with the bucket's first (lowest)
    member only, so a bucket of a thousand copies of one page gives 999
    pairs, not half a million: no step is quadratic in the documents. Each
    band forms its buckets anew, so a pair missed in one band may meet in
    another.
    """
    seen: set[tuple[int, int]] = set()
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end - start < 2:
                continue
            first, *others = sorted(order[start:end].tolist())
            for other in others:
                if (first, other) not in seen:
                    seen.add((first, other))
                    yield first, other


def jaccard(a: Shingles, b: Shingles) -> float:
    """|a ∩ b| / |a ∪ b| of two sorted distinct shingle arrays (0 when both are empty)."""
    if not len(a) and not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def containment(a: Shingles, b: Shingles) -> float:
    """|a ∩ b| / min(|a|, |b|): how much of the smaller document the larger one holds."""
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b))
