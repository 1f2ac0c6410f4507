"""MinHash signatures and LSH banding: the arithmetic behind near-duplicate detection.

A document is a set of shingles (word n-grams). The Jaccard similarity of
two such sets is estimated by MinHash: under a random hash function, the
probability that two sets share their smallest hash is their Jaccard
similarity. LSH cuts a signature into ``bands`` of ``rows`` values;
documents sharing any whole band become candidates, which the deduper then
verifies on their actual shingles, so precision never rests on LSH's luck.

Signing is one-permutation hashing (Li, Owen and Zhang, "One Permutation
Hashing", NIPS 2012) with optimal densification (Shrivastava, "Optimal
Densification for Fast and Accurate Minwise Hashing", ICML 2017). Classic
MinHash hashes every shingle ``num_perm`` times; here each shingle is hashed
once, the hash picks one of ``num_perm`` bins and the value kept there, and
each bin keeps its smallest value: ``num_perm`` times less work. A document
with few shingles leaves bins empty; each empty bin copies the value of the
first non-empty bin in an order of the bins that is its own and the same
for every document. Two documents empty in a bin thus copy from the same
bin unless that bin is empty in one of them only, which the estimate counts
as the disagreement it is: the estimate stays unbiased. Because each empty
bin draws its donor independently, the error stays close to MinHash's,
which the older rotation densification (copying from the next non-empty
bin) does not on short documents. Measured against k-permutation MinHash
with 128 values (``benchmarks/dedupe/bench_signing.py``), the mean absolute
error is about 10% lower for 500 shingles (the bins sample the shingles
without replacement), the same for 128 or 2,000, and 5 to 15% higher for 5
to 60 shingles (two shingles in one bin count as one, and densification
copies that bin).

Why not datasketch: it hashes one document at a time in Python objects,
takes a permutation family with a modulo per value, and its bucket storage
is a dict of Python sets. Here every step is a numpy operation over a whole
batch of documents: words are found and hashed from the batch's bytes
without a Python object per word, and signing is one hash, one scatter-min
and one densification per batch. Every value is derived from the text and
a fixed seed by arithmetic written out here (no random generator whose
stream could change between numpy versions): the same documents give the
same shingles and signatures on every machine, in any order, in any worker.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt
import xxhash

from thresher_plugins.dedupe_text import normalize

Shingles = npt.NDArray[np.uint64]  # sorted, distinct shingle hashes of one document
Signatures = npt.NDArray[np.uint32]  # one row of num_perm values per document

_MASK64 = (1 << 64) - 1

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

# MurmurHash3's 64-bit finaliser: a bijection of uint64 in which every input
# bit reaches every output bit.
_SHIFT = np.uint64(33)
_FMIX_1 = np.uint64(0xFF51AFD7ED558CCD)
_FMIX_2 = np.uint64(0xC4CEB9FE1A85EC53)


def _fmix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """``values`` mixed in place (and returned): wrapping arithmetic is intended."""
    values ^= values >> _SHIFT
    values *= _FMIX_1
    values ^= values >> _SHIFT
    values *= _FMIX_2
    values ^= values >> _SHIFT
    return values


def _fmix_int(value: int) -> int:
    """:func:`_fmix` of one Python int, for constants (numpy scalars warn on overflow)."""
    value &= _MASK64
    value ^= value >> 33
    value = (value * 0xFF51AFD7ED558CCD) & _MASK64
    value ^= value >> 33
    value = (value * 0xC4CEB9FE1A85EC53) & _MASK64
    return value ^ (value >> 33)


# --- words ------------------------------------------------------------------

# Each byte of a text as the word finder sees it: ASCII letters and digits
# (lower-cased) are word bytes, any other ASCII byte becomes 0, a separator.
# Bytes of multi-byte characters pass unchanged, for _unword to judge.
_BYTE_CLASS = bytes(
    byte if byte >= 0x80 else ord(chr(byte).lower()) if chr(byte).isalnum() else 0
    for byte in range(256)
)
# Words up to this many UTF-8 bytes are hashed in numpy, 8 bytes at a time;
# longer ones (rare: URLs, base64) by xxh3, one Python call each.
_LONG_WORD = 32
# The low ``8 * n`` bits: the first ``n`` bytes of a little-endian load.
_BYTE_MASKS = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)
# A key per word length, so that words of different lengths hash apart even
# where their zero-padded bytes agree.
_LENGTH_KEYS = np.array(
    [_fmix_int(0x243F6A8885A308D3 + n) for n in range(_LONG_WORD + 1)], dtype=np.uint64
)
# Bytes of text shingled at once: bounds the batch's byte and word arrays.
_BATCH_BYTES = 1 << 22


def words(text: str) -> list[str]:
    """The words shingles are made of: those the exact deduper compares."""
    return normalize(text, "words").split()


@functools.cache
def _word_characters() -> npt.NDArray[np.bool_]:
    """Whether each code point of the Basic Multilingual Plane is a word character.

    A word character is one ``normalize``'s ``[\\W_]+`` keeps: ``str.isalnum``
    is the definition of ``\\w`` in Python's ``re`` (less ``_``, which both
    exclude). The other planes are looked up per distinct character.
    """
    plane = "".join(map(chr, range(0x10000)))
    return np.fromiter(map(str.isalnum, plane), dtype=np.bool_, count=0x10000)


def _word_bytes(text: str) -> bytes:
    """``text`` as UTF-8 whose words, once ``_unword`` has cut them apart, are :func:`words`.

    ``normalize``'s regular expression costs more than all the rest of
    shingling, so it is not run: an ASCII text is its own NFKC form and
    case-folds as it lower-cases, so its bytes are used as they are (and
    ``_BYTE_CLASS`` lower-cases them); any other text is normalised and
    case-folded as ``normalize`` does. Both must stay in step with
    ``dedupe_text.normalize``, which the tests check.
    """
    if text.isascii():
        return text.encode("ascii")
    # surrogatepass: a lone surrogate is a non-word character, not an error.
    return unicodedata.normalize("NFKC", text).casefold().encode("utf-8", "surrogatepass")


def _unword(data: npt.NDArray[np.uint8]) -> None:
    """Zero, in place, every byte of each non-ASCII character that is not a word character.

    ``data`` is UTF-8 (with at least 3 bytes of slack after it). Only the
    lead bytes of multi-byte characters are decoded, so a text that is
    mostly ASCII costs one pass over its bytes.
    """
    leads = np.flatnonzero(data >= 0xC0)
    if not len(leads):
        return
    first = data[leads].astype(np.uint32)
    # Continuation bytes carry 6 bits each; those read past a short
    # character are masked out by the choice of formula below.
    following = [data[leads + offset].astype(np.uint32) & 0x3F for offset in (1, 2, 3)]
    lengths = 2 + (first >= 0xE0).astype(np.intp) + (first >= 0xF0)
    points = np.where(
        lengths == 2,
        ((first & 0x1F) << 6) | following[0],
        np.where(
            lengths == 3,
            ((first & 0x0F) << 12) | (following[0] << 6) | following[1],
            ((first & 0x07) << 18) | (following[0] << 12) | (following[1] << 6) | following[2],
        ),
    )
    is_word = _word_characters()[np.minimum(points, 0xFFFF)]
    astral = np.flatnonzero(points > 0xFFFF)
    if len(astral):
        distinct, where = np.unique(points[astral], return_inverse=True)
        is_word[astral] = np.fromiter(
            (chr(point).isalnum() for point in distinct.tolist()), np.bool_, len(distinct)
        )[where]
    cut, cut_lengths = leads[~is_word], lengths[~is_word]
    if len(cut):
        offsets = np.arange(cut_lengths.sum()) - np.repeat(
            np.cumsum(cut_lengths) - cut_lengths, cut_lengths
        )
        data[np.repeat(cut, cut_lengths) + offsets] = 0


def _hash_words(
    data: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], lengths: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each word ``data[start : start + length]``, by its bytes alone.

    Up to ``_LONG_WORD`` bytes: the first 8 bytes (zero-padded,
    little-endian) xor a key for the length, mixed, then each further 8
    xored in and mixed again. ``data`` must end with at least 8 bytes of
    slack: loads read 8 bytes wherever a word starts.
    """
    # Every byte offset as the start of a little-endian uint64: unaligned
    # loads, without copying the bytes eight times.
    loads = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    hashes: npt.NDArray[np.uint64] = loads[starts].astype(np.uint64)
    hashes &= _BYTE_MASKS[np.minimum(lengths, 8)]
    hashes ^= _LENGTH_KEYS[np.minimum(lengths, _LONG_WORD)]
    _fmix(hashes)
    longest = int(lengths.max()) if len(lengths) else 0
    for offset in range(8, min(longest, _LONG_WORD), 8):
        longer = np.flatnonzero(lengths > offset)
        chunk = loads[starts[longer] + offset].astype(np.uint64)
        chunk &= _BYTE_MASKS[np.minimum(lengths[longer] - offset, 8)]
        chunk ^= hashes[longer]
        hashes[longer] = _fmix(chunk)
    if longest > _LONG_WORD:
        for index in np.flatnonzero(lengths > _LONG_WORD).tolist():
            start = int(starts[index])
            word = data[start : start + int(lengths[index])].tobytes()
            hashes[index] = xxhash.xxh3_64_intdigest(word)
    return hashes


def word_shingles(text: str, ngram: int) -> Shingles:
    """The distinct hashes of the ``ngram``-word shingles of ``text``, sorted.

    A text shorter than ``ngram`` words is one shingle of all its words; an
    empty text has none. :func:`shingle_batch` gives the same shingles for
    many texts several times faster.
    """
    _check_ngram(ngram)
    _, word_hashes = _hashed_words([_word_bytes(text)])
    if not len(word_hashes):
        empty: Shingles = np.empty(0, dtype=np.uint64)
        return empty
    span = min(ngram, len(word_hashes))
    count = len(word_hashes) - span + 1
    combined = word_hashes[:count] * _POSITION_WEIGHTS[0]
    for position in range(1, span):
        # Wrapping uint64 arithmetic is intended: a multiply-add mix.
        combined += word_hashes[position : position + count] * _POSITION_WEIGHTS[position]
    combined ^= combined >> np.uint64(29)
    combined.sort()
    distinct = np.ones(count, dtype=np.bool_)
    distinct[1:] = combined[1:] != combined[:-1]
    shingles: Shingles = combined[distinct]
    return shingles


def _check_ngram(ngram: int) -> None:
    if not 1 <= ngram <= MAX_NGRAM:
        raise ValueError(f"ngram must be between 1 and {MAX_NGRAM}, got {ngram}")


def shingle_batch(texts: Sequence[str], ngram: int) -> list[Shingles]:
    """:func:`word_shingles` of each text, computed for the whole batch at once.

    Each text's shingles are the same whatever batch it is in. The arrays
    may be views of one array per batch.
    """
    _check_ngram(ngram)
    parts = [_word_bytes(text) for text in texts]
    result: list[Shingles] = []
    start = 0
    while start < len(parts):
        # Texts in runs of about _BATCH_BYTES (a longer text alone).
        end, size = start + 1, len(parts[start])
        while end < len(parts) and size + len(parts[end]) <= _BATCH_BYTES:
            size += len(parts[end]) + 1
            end += 1
        result.extend(_shingle_run(parts[start:end], ngram))
        start = end
    return result


def _bounds(counts: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
    """``[0, c0, c0 + c1, ...]``: where each run of ``counts`` items starts, then the end."""
    bounds = np.zeros(len(counts) + 1, dtype=np.intp)
    np.cumsum(counts, out=bounds[1:])
    return bounds


def _hashed_words(parts: list[bytes]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.uint64]]:
    """Where each word of texts given by their :func:`_word_bytes` starts, and its hash.

    A start is an offset in the texts joined by one separator, plus one.
    """
    joined = b" ".join(parts)
    # One separator before the texts, and slack after them for 8-byte loads.
    data = np.zeros(len(joined) + 10, dtype=np.uint8)
    # bytes.translate is twice as fast as a numpy table lookup.
    data[1 : len(joined) + 1] = np.frombuffer(joined.translate(_BYTE_CLASS), dtype=np.uint8)
    _unword(data)
    is_word = data != 0
    # A word starts or ends wherever is_word changes; it is False at both
    # ends, so the changes pair up as (start, end).
    edges = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1
    starts, ends = edges[0::2], edges[1::2]
    return starts, _hash_words(data, starts, ends - starts)


def _shingle_run(parts: list[bytes], ngram: int) -> list[Shingles]:
    """The shingles of texts given by their :func:`_word_bytes`."""
    starts, word_hashes = _hashed_words(parts)
    text_bounds = _bounds(np.fromiter(map(len, parts), np.intp, len(parts)) + 1) + 1
    word_counts = np.diff(np.searchsorted(starts, text_bounds))

    # Each text's words followed by ngram - 1 zeros, so that the window at
    # the start of a text shorter than ngram words is exactly its one
    # shingle of all its words, and no window crosses into the next text.
    pad = ngram - 1
    padding = np.arange(len(parts)) * pad
    padded = np.zeros(len(word_hashes) + len(parts) * pad, dtype=np.uint64)
    padded[np.arange(len(word_hashes)) + np.repeat(padding, word_counts)] = word_hashes
    windows = len(padded) - pad
    combined = padded[:windows] * _POSITION_WEIGHTS[0]
    for position in range(1, ngram):
        # Wrapping uint64 arithmetic is intended: a multiply-add mix.
        combined += padded[position : position + windows] * _POSITION_WEIGHTS[position]

    # ngram - 1 fewer shingles than words, but one for a text of 1 to ngram words.
    shingle_counts = np.maximum(word_counts - pad, np.minimum(word_counts, 1))
    bounds = _bounds(shingle_counts)
    first_window = _bounds(word_counts)[:-1] + padding
    shingles = combined[
        np.arange(bounds[-1]) + np.repeat(first_window - bounds[:-1], shingle_counts)
    ]
    shingles ^= shingles >> np.uint64(29)
    spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    for low, high in spans:
        if high - low > 1:
            shingles[low:high].sort()
    distinct = np.ones(len(shingles), dtype=np.bool_)
    distinct[1:] = shingles[1:] != shingles[:-1]
    distinct[bounds[:-1][shingle_counts > 0]] = True  # a text's first shingle is always new
    kept = shingles[distinct]
    kept_bounds = _bounds(distinct)[bounds].tolist()
    return [kept[low:high] for low, high in itertools.pairwise(kept_bounds)]


# --- signatures ---------------------------------------------------------------

# An empty bin before densification, and every value of an empty document;
# a shingle's value is capped one below, so no document with shingles
# signs all-ones.
_EMPTY = np.uint32(0xFFFFFFFF)
_LARGEST_VALUE = np.uint32(0xFFFFFFFE)
_LOW_32 = np.uint64(32)
# Shingles signed at once: bounds the batch's arrays (about 40 bytes each).
_CHUNK_SHINGLES = 1 << 18
# Empty bins densified at once: bounds their (bins x num_perm) donor choice.
_DENSIFY_CELLS = 1 << 20


@functools.cache
def _oph_parameters(num_perm: int, seed: int) -> tuple[np.uint64, npt.NDArray[np.integer]]:
    """The key mixed into every shingle, and each bin's order of donor bins.

    ``ranks[i, j]`` is the place of bin ``j`` in bin ``i``'s order: an empty
    bin ``i`` copies the non-empty bin of lowest rank. The orders are
    independent random permutations, the same for every document: an
    ``num_perm`` squared table of bytes (16 KB for 128), made once.
    """
    key = _fmix_int(0x9E3779B97F4A7C15 * (2 * seed + 1))
    donor_key = np.uint64(_fmix_int(key ^ 0x5851F42D4C957F2D))
    cells = np.arange(num_perm * num_perm, dtype=np.uint64).reshape(num_perm, num_perm)
    priorities = _fmix(cells ^ donor_key)
    ranks = np.argsort(np.argsort(priorities, axis=1), axis=1)
    return np.uint64(key), ranks.astype(np.min_scalar_type(num_perm))


def signatures(documents: Sequence[Shingles], num_perm: int = 128, seed: int = 1) -> Signatures:
    """The one-permutation MinHash signature of each document's shingles, one row each.

    A shingle ``x`` is mixed once with a key from ``seed``; the high 32 bits
    of the result pick one of ``num_perm`` bins, the low 32 bits (capped at
    ``2**32 - 2``) are its value, and each bin keeps its documents' smallest
    value. Empty bins are then densified. A document without shingles gets
    the all-ones signature, which no document with shingles can have.
    """
    if num_perm < 1:
        raise ValueError(f"num_perm must be positive, got {num_perm}")
    key, ranks = _oph_parameters(num_perm, seed)
    result = np.full((len(documents), num_perm), _EMPTY, dtype=np.uint32)
    cells = result.reshape(-1)
    for rows, pieces in _chunks(documents):
        mixed = _fmix(np.concatenate(pieces) ^ key)
        # Lemire's multiply-shift range reduction: a bin in [0, num_perm)
        # without a modulo.
        bins = ((mixed >> _LOW_32) * np.uint64(num_perm)) >> _LOW_32
        bins += np.repeat(
            np.array(rows, dtype=np.uint64) * np.uint64(num_perm), list(map(len, pieces))
        )
        values = np.minimum(mixed.astype(np.uint32), _LARGEST_VALUE)
        np.minimum.at(cells, bins, values)
    _densify(result, ranks)
    return result


def _chunks(documents: Sequence[Shingles]) -> Iterator[tuple[list[int], list[Shingles]]]:
    """Rows of documents with shingles and their shingles, in runs that fit one chunk.

    A document longer than a chunk comes in pieces, one run each: its bins'
    minima are the minima of its pieces'.
    """
    rows: list[int] = []
    pieces: list[Shingles] = []
    size = 0
    for row, shingles in enumerate(documents):
        count = len(shingles)
        if rows and size + count > _CHUNK_SHINGLES:
            yield rows, pieces
            rows, pieces, size = [], [], 0
        if count > _CHUNK_SHINGLES:
            for start in range(0, count, _CHUNK_SHINGLES):
                yield [row], [shingles[start : start + _CHUNK_SHINGLES]]
        elif count:
            rows.append(row)
            pieces.append(shingles)
            size += count
    if rows:
        yield rows, pieces


def _densify(result: Signatures, ranks: npt.NDArray[np.integer]) -> None:
    """Fill each empty bin of ``result`` from its first non-empty bin in its donor order.

    Only bins left empty by signing count as empty or not: a filled bin is
    never a donor, so the fill does not depend on the order of filling. A
    row without any value is an empty document and stays all-ones.
    """
    num_perm = result.shape[1]
    empty = result == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if not len(rows):
        return
    row_of, bins = np.nonzero(empty[rows])
    row_of = rows[row_of]
    step = max(1, _DENSIFY_CELLS // num_perm)
    for start in range(0, len(bins), step):
        row, empty_bin = row_of[start : start + step], bins[start : start + step]
        # An empty donor ranks last, behind every bin of the order.
        order = np.where(empty[row], num_perm, ranks[empty_bin])
        result[row, empty_bin] = result[row, order.argmin(axis=1)]


# --- LSH ----------------------------------------------------------------------


@functools.cache
def lsh_parameters(threshold: float, num_perm: int, recall: float) -> tuple[int, int]:
    """``(bands, rows)``, ``bands * rows <= num_perm``: candidates at ``threshold`` with
    probability ``recall`` or more, and as few candidates below it as possible.

    datasketch balances false positives against false negatives, which at
    its default leaves a pair right at the threshold less than an even
    chance. Here every candidate is verified, so a false positive costs one
    check while a false negative is a missed copy: recall is the constraint,
    and the area of candidacy below the threshold (integrated on a fixed
    grid, so the choice is the same everywhere) is what is minimised.
    """
    grid = np.linspace(0.0, threshold, 257)
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            if 1.0 - (1.0 - threshold**rows) ** bands < recall:
                continue
            candidacy = 1.0 - (1.0 - grid**rows) ** bands
            area = float(((candidacy[1:] + candidacy[:-1]) * np.diff(grid)).sum() / 2.0)
            if best is None or area < best[0]:
                best = (area, bands, rows)
    if best is None:  # unreachable: one band of one row always qualifies
        return num_perm, 1
    return best[1], best[2]


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


def shared_count(a: Shingles, b: Shingles) -> int:
    """How many values two sorted distinct arrays share (binary search of the shorter)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    places = np.searchsorted(b, a)
    places[places == len(b)] = 0
    return int(np.count_nonzero(b[places] == a))
