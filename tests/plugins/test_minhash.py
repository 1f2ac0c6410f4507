"""Shingles, one-permutation MinHash signatures and LSH banding: estimates, determinism, bounds."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher_plugins import minhash
from thresher_plugins.minhash import (
    Shingles,
    _chunks,
    _word_characters,
    band_keys,
    lsh_parameters,
    shared_count,
    shingle_batch,
    signatures,
    word_shingles,
    words,
)

VOCABULARY = [f"w{i}" for i in range(400)]


def text_of(n_words: int, seed: int) -> str:
    generator = random.Random(seed)
    return " ".join(generator.choice(VOCABULARY) for _ in range(n_words))


def test_words_ignore_case_punctuation_and_compatibility_forms() -> None:
    assert words("“Yes,” SHE said — ﬁne.") == ["yes", "she", "said", "fine"]


def test_shingles_are_sorted_distinct_word_ngrams() -> None:
    shingles = word_shingles("a b c a b c", 2)
    assert len(shingles) == 3  # "a b", "b c", "c a"
    assert list(shingles) == sorted(shingles)
    assert len(word_shingles("a b", 5)) == 1  # shorter than n: one shingle
    assert len(word_shingles("  ... ", 3)) == 0


def test_word_order_and_case_count_as_they_should() -> None:
    assert not np.array_equal(word_shingles("a b", 2), word_shingles("b a", 2))
    assert np.array_equal(word_shingles("A, b!", 2), word_shingles("a b", 2))


def test_the_ngram_size_is_checked() -> None:
    with pytest.raises(ValueError, match="ngram"):
        word_shingles("a b", 0)


def test_shared_count_matches_a_set_intersection() -> None:
    generator = np.random.default_rng(7)
    for _ in range(50):
        a = np.unique(generator.integers(0, 200, generator.integers(0, 60), dtype=np.uint64))
        b = np.unique(generator.integers(0, 200, generator.integers(0, 60), dtype=np.uint64))
        assert shared_count(a, b) == len(set(a.tolist()) & set(b.tolist()))


def jaccard(a: Shingles, b: Shingles) -> float:
    shared = shared_count(a, b)
    return shared / (len(a) + len(b) - shared)


def test_signatures_estimate_jaccard() -> None:
    # Pairs with a known overlap: the share of equal signature values
    # estimates their Jaccard similarity within MinHash's error (1/sqrt(k)).
    base = np.arange(1000, dtype=np.uint64) * np.uint64(7919)
    errors = []
    for keep in range(0, 1001, 25):
        other = np.concatenate([base[:keep], np.arange(5000, 5000 + 1000 - keep, dtype=np.uint64)])
        other.sort()
        sig = signatures([base, other], num_perm=256)
        estimate = float(np.mean(sig[0] == sig[1]))
        errors.append(abs(estimate - jaccard(base, other)))
    assert max(errors) < 3 / np.sqrt(256)


def test_an_empty_document_has_a_signature_no_other_shares() -> None:
    sig = signatures([np.empty(0, dtype=np.uint64), word_shingles("a b c", 2)], num_perm=16)
    assert (sig[0] == np.iinfo(np.uint32).max).all()
    assert not (sig[1] == sig[0]).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_a_signature_depends_on_its_document_alone(
    lengths: list[int], shuffler: random.Random
) -> None:
    # Same signatures in any order and any batching: signing is per document.
    documents = [word_shingles(text_of(n, seed), 3) for seed, n in enumerate(lengths)]
    together = signatures(documents, num_perm=32)
    order = list(range(len(documents)))
    shuffler.shuffle(order)
    shuffled = signatures([documents[i] for i in order], num_perm=32)
    for position, index in enumerate(order):
        assert np.array_equal(shuffled[position], together[index])
        assert np.array_equal(signatures([documents[index]], num_perm=32)[0], together[index])


def _error(threshold: float, bands: int, rows: int) -> float:
    grid = np.linspace(0, 1, 20001)
    candidate = 1 - (1 - grid**rows) ** bands
    below, above = grid <= threshold, grid >= threshold
    step = grid[1] - grid[0]
    return float(0.5 * candidate[below].sum() * step + 0.5 * (1 - candidate[above]).sum() * step)


def _candidacy(similarity: float, bands: int, rows: int) -> float:
    return float(1.0 - (1.0 - similarity**rows) ** bands)


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.5, 64), (0.7, 128), (0.85, 128)])
def test_lsh_reaches_the_recall_with_the_fewest_candidates_below_the_threshold(
    threshold: float, num_perm: int
) -> None:
    bands, rows = lsh_parameters(threshold, num_perm, 0.99)
    assert bands * rows <= num_perm
    assert _candidacy(threshold, bands, rows) >= 0.99

    def below(b: int, r: int) -> float:  # the area under the candidacy curve, by midpoints
        return sum(_candidacy((i + 0.5) * threshold / 400, b, r) for i in range(400))

    qualifying = [
        below(b, r)
        for b in range(1, num_perm + 1)
        for r in range(1, num_perm // b + 1)
        if _candidacy(threshold, b, r) >= 0.99
    ]
    assert below(bands, rows) <= min(qualifying) * 1.01


def test_a_higher_threshold_takes_longer_bands() -> None:
    assert lsh_parameters(0.9, 128, 0.99)[1] > lsh_parameters(0.5, 128, 0.99)[1]


def test_near_copies_share_a_band_and_strangers_do_not() -> None:
    article = text_of(300, 1)
    near = article.replace("w1 ", "w2 ", 2) + " w5 w6"
    stranger = text_of(300, 2)
    docs = [word_shingles(t, 3) for t in (article, stranger, near)]
    keys = band_keys(signatures(docs), *lsh_parameters(0.7, 128, 0.99))
    assert (keys[0] == keys[2]).any()
    assert not (keys[0] == keys[1]).any() and not (keys[1] == keys[2]).any()


def test_band_keys_fold_each_bands_own_values() -> None:
    sig = np.zeros((2, 8), dtype=np.uint32)
    sig[1, 5] = 1  # band 1 of 2 bands of 4 rows differs, band 0 does not
    keys = band_keys(sig, 2, 4)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] != keys[1, 1]
    with pytest.raises(ValueError, match="bands"):
        band_keys(sig, 3, 4)


def test_a_batch_larger_than_one_chunk_signs_each_document_as_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With chunks of 1,000 shingles: two small documents share a chunk, one
    # of 2,500 shingles comes in three pieces, an empty one in none.
    big = np.arange(2_500, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    small = [np.arange(n * 1_000, n * 1_000 + 400, dtype=np.uint64) for n in range(3)]
    documents = [small[0], small[1], np.empty(0, dtype=np.uint64), big, small[2]]
    whole = signatures(documents, num_perm=16)
    monkeypatch.setattr(minhash, "_CHUNK_SHINGLES", 1_000)
    runs = [(rows, [len(piece) for piece in pieces]) for rows, pieces in _chunks(documents)]
    assert runs == [([0, 1], [400, 400]), ([3], [1000]), ([3], [1000]), ([3], [500]), ([4], [400])]
    chunked = signatures(documents, num_perm=16)
    assert np.array_equal(chunked, whole)
    for index, document in enumerate(documents):
        assert np.array_equal(chunked[index], signatures([document], num_perm=16)[0])


# --- shingles against a straightforward implementation ----------------------------

MASK64 = (1 << 64) - 1
POSITION_WEIGHTS = [
    0x9E3779B97F4A7C15,
    0xBF58476D1CE4E5B9,
    0x94D049BB133111EB,
    0xD6E8FEB86659FD93,
    0xA0761D6478BD642F,
    0xE7037ED1A0B428DB,
    0x8EBC6AF09C88C6E3,
    0x589965CC75374CC3,
]


def fmix(value: int) -> int:
    value ^= value >> 33
    value = (value * 0xFF51AFD7ED558CCD) & MASK64
    value ^= value >> 33
    value = (value * 0xC4CEB9FE1A85EC53) & MASK64
    return value ^ (value >> 33)


def word_hash(word: str) -> int:
    """The documented word hash, one word at a time in plain Python."""
    data = word.encode("utf-8")
    if len(data) > 32:
        return xxhash.xxh3_64_intdigest(data)
    padded = data + bytes(32)
    value = fmix(int.from_bytes(padded[:8], "little") ^ fmix(0x243F6A8885A308D3 + len(data)))
    for offset in range(8, len(data), 8):
        value = fmix(value ^ int.from_bytes(padded[offset : offset + 8], "little"))
    return value


def reference_shingles(text: str, ngram: int) -> list[int]:
    """word_shingles from ``words`` (normalize's regular expression), word by word."""
    hashes = [word_hash(word) for word in words(text)]
    span = min(ngram, len(hashes))
    shingles = set()
    for start in range(len(hashes) - span + 1) if hashes else ():
        window = zip(hashes[start : start + span], POSITION_WEIGHTS, strict=False)
        value = sum(h * w for h, w in window) & MASK64
        shingles.add(value ^ (value >> 29))
    return sorted(shingles)


TRICKY_TEXTS = [
    "",
    "   ...   ",
    "one",
    "snake_case and CamelCase, x_y_z",
    "“Smart” quotes — dashes… and ‘single’ ones",
    "ﬁne ﬂour: ligatures, ² and ½, ｆｕｌｌｗｉｄｔｈ",  # NFKC changes these
    "Straße STRASSE ǅemal İstanbul ΣΊΣΥΦΟΣ",  # case folding beyond ASCII
    "e\u0301te\u0301 cafe\u0301 \u0301leading mark",  # combining marks compose
    "emoji 🙂 between, 𝐁𝐨𝐥𝐝 maths, 𠀀 astral han, 𝟗 digit",
    "lone \ud800 surrogate \udfff here",
    "zero\u200bwidth no\u00a0break tab\tnew\nline \x00nul \x1cfs",
    "Русский текст, ελληνικά, العربية, 中文字符, हिन्दी",
    "a" * 8 + " " + "b" * 9 + " " + "c" * 16 + " " + "d" * 17 + " " + "e" * 32 + " " + "f" * 33,
    "https://example.com/a/very/long/path?with=query&and=more base64QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo",
    "ünïcödé " * 5 + "x" * 40 + "é" * 20,
]


@pytest.mark.parametrize("ngram", [1, 2, 5, 8])
def test_shingles_are_those_of_the_words_of_normalize(ngram: int) -> None:
    # The fast word finder skips normalize's regular expression: the words
    # it finds must be exactly normalize's, which the exact deduper uses.
    for text in TRICKY_TEXTS:
        assert word_shingles(text, ngram).tolist() == reference_shingles(text, ngram), text
    batch = shingle_batch(TRICKY_TEXTS, ngram)
    for text, shingles in zip(TRICKY_TEXTS, batch, strict=True):
        assert shingles.tolist() == reference_shingles(text, ngram), text
        assert shingles.dtype == np.uint64


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8), st.integers(1, 5))
def test_a_batch_shingles_each_text_as_word_shingles_does(texts: list[str], ngram: int) -> None:
    batch = shingle_batch(texts, ngram)
    assert len(batch) == len(texts)
    for text, shingles in zip(texts, batch, strict=True):
        expected = reference_shingles(text, ngram)
        assert shingles.tolist() == expected
        assert word_shingles(text, ngram).tolist() == expected


def test_texts_longer_than_one_run_shingle_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [text_of(n, seed) for seed, n in enumerate([0, 30, 200, 5, 90, 1, 400])]
    whole = shingle_batch(texts, 3)
    monkeypatch.setattr(minhash, "_BATCH_BYTES", 500)
    for alone, in_runs in zip(whole, shingle_batch(texts, 3), strict=True):
        assert np.array_equal(alone, in_runs)
    assert shingle_batch([], 3) == []
    with pytest.raises(ValueError, match="ngram"):
        shingle_batch(["a"], 9)


def test_word_characters_are_those_normalize_keeps() -> None:
    # Every code point of the Basic Multilingual Plane: [\W_] is what
    # normalize cuts at; the table says the opposite.
    plane = "".join(map(chr, range(0x10000)))
    cut = np.zeros(0x10000, dtype=np.bool_)
    cut[[match.start() for match in re.finditer(r"[\W_]", plane)]] = True
    assert np.array_equal(_word_characters(), ~cut)


# --- one-permutation hashing against classic MinHash ------------------------------


def random_pairs(count: int, seed: int) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Pairs of non-empty shingle sets, unions of 10 to 2,000, any Jaccard similarity."""
    generator = np.random.default_rng(seed)
    pairs = []
    for _ in range(count):
        union = int(np.exp(generator.uniform(np.log(10), np.log(2_000))))
        shared = int(generator.integers(0, union + 1))
        # Neither set empty: without shared shingles each has one of its own.
        only_a = int(generator.integers(0 if shared else 1, union - shared + (1 if shared else 0)))
        elements = np.unique(generator.integers(0, 2**63, union + 8, dtype=np.uint64))[:union]
        generator.shuffle(elements)
        a = np.sort(elements[: shared + only_a])
        b = np.sort(np.concatenate([elements[:shared], elements[shared + only_a :]]))
        pairs.append((a, b, jaccard(a, b)))
    return pairs


def classic_minhash_estimate(
    a: np.ndarray, b: np.ndarray, num_perm: int, generator: np.random.Generator
) -> float:
    """Textbook MinHash: num_perm independent random orders of the union."""
    union = np.union1d(a, b)
    ranks = generator.random((len(union), num_perm))
    in_a, in_b = np.isin(union, a), np.isin(union, b)
    return float(np.mean(ranks[in_a].min(axis=0) == ranks[in_b].min(axis=0)))


def test_one_permutation_hashing_is_as_accurate_as_classic_minhash() -> None:
    num_perm = 128
    pairs = random_pairs(600, seed=7)
    signed = signatures([document for a, b, _ in pairs for document in (a, b)], num_perm)
    oph = np.mean(signed[0::2] == signed[1::2], axis=1)
    truth = np.array([similarity for _, _, similarity in pairs])
    generator = np.random.default_rng(11)
    classic = np.array([classic_minhash_estimate(a, b, num_perm, generator) for a, b, _ in pairs])
    oph_error, classic_error = np.abs(oph - truth), np.abs(classic - truth)
    assert oph_error.mean() <= 1.2 * classic_error.mean()
    assert oph_error.max() < 3 / np.sqrt(num_perm)
    # Unbiased: the errors' mean is within 4 standard errors of 0.
    errors = oph - truth
    assert abs(errors.mean()) < 4 * errors.std() / np.sqrt(len(errors))


def test_short_documents_are_densified_from_their_own_values() -> None:
    # A document of one shingle fills every bin with its one value; of a
    # few, every bin holds one of its few values and none stays empty.
    one = signatures([np.array([12345], dtype=np.uint64)], num_perm=64)[0]
    assert len(set(one.tolist())) == 1 and one[0] != np.iinfo(np.uint32).max
    few = signatures([np.arange(5, dtype=np.uint64)], num_perm=64)[0]
    assert 1 < len(set(few.tolist())) <= 5
    assert (few != np.iinfo(np.uint32).max).all()


def test_signatures_shape_dtype_seed_and_any_number_of_permutations() -> None:
    documents = [word_shingles(text_of(n, n), 3) for n in (0, 3, 50, 500)]
    sig = signatures(documents, num_perm=100, seed=3)
    assert sig.shape == (4, 100) and sig.dtype == np.uint32
    assert (sig[0] == np.iinfo(np.uint32).max).all()
    assert not np.array_equal(sig[1:], signatures(documents, num_perm=100, seed=4)[1:])
    assert np.array_equal(sig, signatures(documents, num_perm=100, seed=3))
    assert signatures([], num_perm=8).shape == (0, 8)
    with pytest.raises(ValueError, match="num_perm"):
        signatures(documents, num_perm=0)
