"""Scoring predicted duplicate clusters against gold clusters, without enumerating pairs.

Every figure comes from the contingency table of gold cluster x predicted
cluster (``n_ij`` documents in both), so a million documents cost a sort,
not a trillion pairs:

* **pair precision / recall / F1**: a pair of documents is *predicted* when
  both are in one predicted cluster and *gold* when both are in one gold
  cluster. True positives are ``sum_ij C(n_ij, 2)``, predicted pairs
  ``sum_j C(b_j, 2)``, gold pairs ``sum_i C(a_i, 2)`` (``a_i``, ``b_j`` the
  row and column sums). Precision is 1 when nothing is predicted.
* **adjusted Rand index** (Hubert and Arabie): ``(index - expected) /
  (max - expected)`` with ``index`` the true positives, ``expected =
  gold_pairs * predicted_pairs / C(n, 2)`` and ``max = (gold_pairs +
  predicted_pairs) / 2``; 1 when the two partitions agree, 0 for chance.
  As in scikit-learn, two partitions with nothing to adjust (both all
  singletons, or both one cluster) score 1.
* **recall per variant kind**: the share of variants put in the same
  predicted cluster as their base document (for Reuters' own exact
  duplicates, the pair recall inside those groups).

    >>> s = score([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 1, 2])
    >>> (s.true_pairs, s.predicted_pairs, s.gold_pairs)
    (2, 4, 4)
    >>> round(s.precision, 3), round(s.recall, 3), round(s.f1, 3), round(s.ari, 4)
    (0.5, 0.5, 0.5, 0.3182)

``python benchmarks/dedupe/metrics.py --selftest`` runs these examples and
checks the figures against brute-force pair enumeration and, when it is
installed, scikit-learn's ``adjusted_rand_score`` (not a dependency).
"""

from __future__ import annotations

import argparse
import doctest
import itertools
import json
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Labels = npt.NDArray[np.int64]


def _pairs(counts: npt.NDArray[np.int64]) -> int:
    """``sum C(c, 2)`` as an exact Python integer."""
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


@dataclass(frozen=True)
class Scores:
    documents: int
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int
    precision: float
    recall: float
    f1: float
    ari: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def contingency(gold: Sequence[int] | Labels, predicted: Sequence[int] | Labels) -> Labels:
    """The non-zero cells ``n_ij`` of the gold x predicted table (their order is immaterial)."""
    g = np.asarray(gold, dtype=np.int64)
    p = np.asarray(predicted, dtype=np.int64)
    if g.shape != p.shape:
        raise ValueError(f"{len(g)} gold labels but {len(p)} predicted ones")
    if not len(g):
        return np.empty(0, dtype=np.int64)
    _, g = np.unique(g, return_inverse=True)
    _, p = np.unique(p, return_inverse=True)
    codes = g.astype(np.int64) * (int(p.max()) + 1) + p
    _, cells = np.unique(codes, return_counts=True)
    return cells.astype(np.int64)


def score(gold: Sequence[int] | Labels, predicted: Sequence[int] | Labels) -> Scores:
    """Pair precision, recall, F1 and ARI of a predicted partition against the gold one."""
    g = np.asarray(gold, dtype=np.int64)
    p = np.asarray(predicted, dtype=np.int64)
    cells = contingency(g, p)
    n = len(g)
    true_pairs = _pairs(cells)
    gold_pairs = _pairs(np.unique(g, return_counts=True)[1]) if n else 0
    predicted_pairs = _pairs(np.unique(p, return_counts=True)[1]) if n else 0
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        n, true_pairs, predicted_pairs, gold_pairs, precision, recall, f1,
        adjusted_rand(true_pairs, gold_pairs, predicted_pairs, n),
    )  # fmt: skip


def adjusted_rand(true_pairs: int, gold_pairs: int, predicted_pairs: int, documents: int) -> float:
    all_pairs = documents * (documents - 1) // 2
    if not all_pairs:
        return 1.0
    expected = gold_pairs * predicted_pairs / all_pairs
    maximum = (gold_pairs + predicted_pairs) / 2
    if maximum == expected:
        return 1.0  # nothing to adjust: both all singletons, or both one cluster
    return (true_pairs - expected) / (maximum - expected)


# -- gold and predictions ------------------------------------------------------------------


@dataclass
class Gold:
    """The gold file, as arrays in corpus order."""

    ids: list[str]
    index: dict[str, int]
    clusters: Labels  # gold cluster number of each document
    kinds: list[str]
    base: Labels  # index of a variant's base document, -1 for others
    jaccard: npt.NDArray[np.float64]  # with the base; nan when not a variant or not measured

    @classmethod
    def load(cls, path: Path) -> Gold:
        ids: list[str] = []
        cluster_names: dict[str, int] = {}
        clusters: list[int] = []
        kinds: list[str] = []
        of: list[str | None] = []
        similarities: list[float] = []
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                ids.append(row["id"])
                clusters.append(cluster_names.setdefault(row["cluster"], len(cluster_names)))
                kinds.append(row["kind"])
                of.append(row.get("of"))
                value = row.get("jaccard")
                similarities.append(float("nan") if value is None else float(value))
        index = {identifier: number for number, identifier in enumerate(ids)}
        if len(index) != len(ids):
            raise ValueError(f"{path}: repeated ids")
        base = np.array([index[o] if o is not None else -1 for o in of], dtype=np.int64)
        return cls(
            ids, index, np.array(clusters, dtype=np.int64), kinds, base,
            np.array(similarities, dtype=np.float64),
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, subset: str) -> npt.NDArray[np.bool_]:
        """``all``, ``generated`` (base documents and variants) or ``reuters-exact``."""
        if subset == "all":
            return np.ones(len(self), dtype=bool)
        reuters = np.array([k == "reuters-exact" for k in self.kinds], dtype=bool)
        if subset == "reuters-exact":
            return reuters
        if subset == "generated":
            return ~reuters
        raise ValueError(f"unknown subset {subset!r}")


def predicted_labels(gold: Gold, pairs: Iterable[tuple[str, str]]) -> Labels:
    """Cluster numbers from ``(id, cluster label)`` pairs; unlisted documents are singletons."""
    labels = np.arange(len(gold), dtype=np.int64) + 1  # singleton labels: 1 .. n
    names: dict[str, int] = {}
    unknown = 0
    for identifier, label in pairs:
        number = gold.index.get(identifier)
        if number is None:
            unknown += 1
            continue
        labels[number] = -1 - names.setdefault(label, len(names))  # cluster labels: negative
    if unknown:
        raise ValueError(f"{unknown} predicted ids are not in the corpus")
    return labels


def read_predictions(path: Path) -> Iterable[tuple[str, str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            identifier, _, label = line.rstrip("\n").partition("\t")
            if identifier:
                yield identifier, label


def kind_recall(gold: Gold, predicted: Labels) -> dict[str, dict[str, float]]:
    """Per kind: variants found with their base; ``reuters-exact``: pair recall in its groups."""
    found: dict[str, int] = {}
    total: dict[str, int] = {}
    variants = np.flatnonzero(gold.base >= 0)
    joined = predicted[variants] == predicted[gold.base[variants]]
    for number, hit in zip(variants.tolist(), joined.tolist(), strict=True):
        kind = gold.kinds[number]
        total[kind] = total.get(kind, 0) + 1
        found[kind] = found.get(kind, 0) + int(hit)
    result = {
        kind: {"variants": total[kind], "recall": found[kind] / total[kind]}
        for kind in sorted(total, key=lambda k: ("+" in k, k))
    }
    combined = [k for k in total if "+" in k]
    if combined:
        count = sum(total[k] for k in combined)
        result["all combinations"] = {
            "variants": count,
            "recall": sum(found[k] for k in combined) / count,
        }
    if len(variants):
        result["all variants"] = {
            "variants": len(variants),
            "recall": float(joined.mean()),
        }
    mask = gold.mask("reuters-exact")
    if mask.any():
        scores = score(gold.clusters[mask], predicted[mask])
        result["reuters-exact"] = {"variants": int(mask.sum()), "recall": scores.recall}
    return result


def merged_count(gold: Gold, predicted: Labels) -> int:
    """How many pairs of distinct gold clusters share a predicted cluster."""
    _, inverse, sizes = np.unique(predicted, return_inverse=True, return_counts=True)
    clustered = sizes[inverse] > 1
    cells = np.unique(
        np.stack([predicted[clustered], gold.clusters[clustered]]), axis=1
    )  # distinct (predicted, gold) pairs
    _, golds_per_predicted = np.unique(cells[0], return_counts=True)
    return _pairs(golds_per_predicted)


def merged_gold_clusters(
    gold: Gold, predicted: Labels, limit: int = 1000
) -> list[tuple[list[int], list[int]]]:
    """Pairs of distinct gold clusters a predicted cluster joins (their member indexes)."""
    _, inverse, sizes = np.unique(predicted, return_inverse=True, return_counts=True)
    in_clusters = np.flatnonzero(sizes[inverse] > 1)
    by_predicted: dict[int, dict[int, list[int]]] = {}
    for number in in_clusters.tolist():
        by_predicted.setdefault(int(predicted[number]), {}).setdefault(
            int(gold.clusters[number]), []
        ).append(number)
    merged: list[tuple[list[int], list[int]]] = []
    for members in by_predicted.values():
        if len(members) < 2:
            continue
        for a, b in itertools.combinations(sorted(members), 2):
            merged.append((members[a], members[b]))
            if len(merged) >= limit:
                return merged
    return merged


# -- self test ------------------------------------------------------------------------------


def brute_force(gold: Sequence[int], predicted: Sequence[int]) -> tuple[int, int, int]:
    true_pairs = predicted_pairs = gold_pairs = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        same_gold, same_predicted = gold[i] == gold[j], predicted[i] == predicted[j]
        gold_pairs += same_gold
        predicted_pairs += same_predicted
        true_pairs += same_gold and same_predicted
    return true_pairs, predicted_pairs, gold_pairs


def selftest(cases: int = 300) -> int:
    failures, tried = doctest.testmod(sys.modules[__name__])
    if failures:
        return 1
    try:
        from sklearn.metrics import adjusted_rand_score  # type: ignore[import-not-found]
    except ImportError:
        adjusted_rand_score = None
    rng = random.Random(7)
    for case in range(cases):
        n = rng.randint(0, 40)
        gold = [rng.randint(0, rng.randint(1, n + 1)) for _ in range(n)]
        predicted = [rng.randint(0, rng.randint(1, n + 1)) for _ in range(n)]
        if case % 5 == 0:
            predicted = list(gold)
        s = score(gold, predicted)
        expected = brute_force(gold, predicted)
        if (s.true_pairs, s.predicted_pairs, s.gold_pairs) != expected:
            print(f"FAIL pairs {gold} {predicted}: {s} vs {expected}")
            return 1
        if adjusted_rand_score is not None and n:
            reference = float(adjusted_rand_score(gold, predicted))
            if abs(reference - s.ari) > 1e-9:
                print(f"FAIL ARI {gold} {predicted}: {s.ari} vs sklearn {reference}")
                return 1
    perfect = score([0, 0, 1, 2, 2], [5, 5, 7, 9, 9])
    assert perfect.f1 == 1.0 and perfect.ari == 1.0, perfect
    singletons = score([0, 1, 2], [0, 1, 2])
    assert singletons.precision == 1.0 and singletons.recall == 1.0 and singletons.ari == 1.0
    tiny = Gold(
        ["a", "b", "c", "d", "e"], {}, np.array([0, 0, 1, 2, 3]), ["base"] * 5,
        np.full(5, -1), np.full(5, np.nan),
    )  # fmt: skip
    joined = np.array([-1, -1, -1, -2, -2])  # gold 0 and 1 joined, 2 and 3 joined
    assert merged_count(tiny, joined) == 2, merged_count(tiny, joined)
    assert [(a, b) for a, b in merged_gold_clusters(tiny, joined)] == [([0, 1], [2]), ([3], [4])]
    big = score(np.arange(10**6) // 2, np.arange(10**6) // 4)  # a million: no pair enumeration
    assert big.true_pairs == 500_000 and big.predicted_pairs == 1_500_000, big
    checked = (
        "checked against scikit-learn" if adjusted_rand_score else "scikit-learn not installed"
    )
    print(f"ok: {tried} doctest examples, {cases} random cases against brute force ({checked})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selftest", action="store_true", help="check the metrics and exit")
    parser.add_argument("--gold", type=Path, help="gold.jsonl of a corpus")
    parser.add_argument("--predictions", type=Path, help="id<TAB>cluster lines")
    args = parser.parse_args(argv)
    if args.selftest:
        return selftest()
    if not (args.gold and args.predictions):
        parser.error("--gold and --predictions, or --selftest")
    gold = Gold.load(args.gold)
    predicted = predicted_labels(gold, read_predictions(args.predictions))
    report = {
        subset: score(gold.clusters[gold.mask(subset)], predicted[gold.mask(subset)]).as_dict()
        for subset in ("all", "generated", "reuters-exact")
    }
    report["kinds"] = kind_recall(gold, predicted)  # type: ignore[assignment]
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
