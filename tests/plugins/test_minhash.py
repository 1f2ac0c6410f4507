"""MinHash signatures and LSH banding: estimates, determinism, bounds."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher_plugins.minhash import (
    _chunks,
    band_keys,
    candidate_pairs,
    containment,
    jaccard,
    lsh_parameters,
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


def test_jaccard_and_containment_on_known_sets() -> None:
    a = np.array([1, 2, 3, 4], dtype=np.uint64)
    b = np.array([3, 4, 5, 6], dtype=np.uint64)
    assert jaccard(a, b) == pytest.approx(2 / 6)
    assert containment(a[:2], a) == 1.0
    assert jaccard(a, a) == 1.0
    empty = np.empty(0, dtype=np.uint64)
    assert jaccard(empty, empty) == 0.0 and containment(empty, a) == 0.0


def test_signatures_estimate_jaccard() -> None:
    # Pairs with a known overlap: the share of equal signature values
    # estimates their Jaccard similarity within MinHash's error (1/sqrt(k)).
    base = np.arange(1000, dtype=np.uint64) * np.uint64(7919)
    errors = []
    for keep in (900, 700, 500, 200):
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


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.5, 64), (0.7, 128), (0.85, 128)])
def test_lsh_parameters_are_the_best_split_of_the_permutations(
    threshold: float, num_perm: int
) -> None:
    bands, rows = lsh_parameters(threshold, num_perm)
    assert bands * rows <= num_perm
    chosen = _error(threshold, bands, rows)
    every = [
        _error(threshold, b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)
    ]
    assert chosen <= min(every) + 1e-3


def test_a_higher_threshold_takes_longer_bands() -> None:
    assert lsh_parameters(0.9, 128)[1] > lsh_parameters(0.5, 128)[1]


def test_near_copies_become_candidates_and_strangers_do_not() -> None:
    article = text_of(300, 1)
    near = article.replace("w1 ", "w2 ", 2) + " w5 w6"
    stranger = text_of(300, 2)
    docs = [word_shingles(t, 3) for t in (article, stranger, near)]
    bands, rows = lsh_parameters(0.7, 128)
    pairs = set(candidate_pairs(band_keys(signatures(docs), bands, rows)))
    assert pairs == {(0, 2)}


def test_a_bucket_of_copies_pairs_each_copy_with_the_first_once() -> None:
    copies = [word_shingles(text_of(50, 3), 3)] * 5
    keys = band_keys(signatures(copies, num_perm=32), 4, 8)
    assert sorted(candidate_pairs(keys)) == [(0, 1), (0, 2), (0, 3), (0, 4)]


def test_band_keys_fold_each_bands_own_values() -> None:
    sig = np.zeros((2, 8), dtype=np.uint32)
    sig[1, 5] = 1  # band 1 of 2 bands of 4 rows differs, band 0 does not
    keys = band_keys(sig, 2, 4)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] != keys[1, 1]
    with pytest.raises(ValueError, match="bands"):
        band_keys(sig, 3, 4)


def test_a_batch_larger_than_one_chunk_signs_each_document_as_alone() -> None:
    # Three documents of 9,000 shingles (and an empty one) take three chunks.
    big = [np.arange(n * 10_000, n * 10_000 + 9_000, dtype=np.uint64) for n in range(3)]
    documents = [big[0], np.empty(0, dtype=np.uint64), big[1], big[2]]
    assert list(_chunks([0, 2, 3], documents)) == [[0], [2], [3]]
    assert list(_chunks([0, 1], [big[0][:10], big[1][:10]])) == [[0, 1]]
    together = signatures(documents, num_perm=16)
    for index, document in enumerate(documents):
        assert np.array_equal(together[index], signatures([document], num_perm=16)[0])
