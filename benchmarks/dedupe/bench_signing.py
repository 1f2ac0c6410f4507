"""Near-duplicate signing speed and accuracy: shingling and MinHash, in documents per second.

Documents are Reuters-21578 stories (``../shared/data/reuters21578.jsonl``
relative to the repository, field ``text``; never copied into the
repository; skipped with a message when absent), joined in file order and
cut at a word boundary into documents of about ``--doc-chars`` characters
(3,800 by default, about 5 stories). Optionally the same for web pages
(``--web-data``, default ``../shared/data/textclean-scrapinghub.jsonl``),
whose text is mostly not ASCII and takes the slower path of the word finder.

Timed, best of ``--repeats`` runs, by the CPU time of the timing process
(``--clock process``, the default: numpy's element-wise operations are
single-threaded, so this is one core's work, and it leaves out the time the
process waits for a core on a shared machine) or by the wall clock
(``--clock wall``):

* shingling: ``legacy word_shingles`` (normalize's regular expression, one
  xxh3 call per word, ``np.unique``, as in thresher before one-permutation
  hashing), ``word_shingles`` per text, ``shingle_batch`` per batch;
* signing, ``--num-perm`` values: ``legacy k-perm`` (one multiply-shift
  hash per shingle and permutation) and ``signatures`` (one-permutation
  hashing with optimal densification), per batch of ``--batch`` documents;
* datasketch, when ``--datasketch-python`` names an interpreter that can
  import it (``python3 -m venv /tmp/dsvenv && /tmp/dsvenv/bin/pip install
  datasketch``): the same words as shingles of bytes in Python sets, then
  ``MinHash.bulk``.

Accuracy: the mean absolute error of the Jaccard estimate (share of equal
signature values) of the legacy k-perm MinHash and of one-permutation
hashing, on pairs of random shingle sets of a given union size and every
similarity, and on pairs of a document and a copy with some words changed.

    python benchmarks/dedupe/bench_signing.py
    python benchmarks/dedupe/bench_signing.py --datasketch-python /tmp/dsvenv/bin/python
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import xxhash

from thresher_plugins.minhash import (
    Shingles,
    jaccard,
    shingle_batch,
    signatures,
    word_shingles,
    words,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "reuters21578.jsonl"
DEFAULT_WEB_DATA = REPO / ".." / "shared" / "data" / "textclean-scrapinghub.jsonl"
DEDUPE_TEXT = REPO / "plugins" / "thresher_plugins" / "dedupe_text.py"

T = TypeVar("T")
TARGET = "near-dedupe stage >= 6,000 docs/s on ~3.8 KB documents, one core"


# -- thresher before one-permutation hashing (for the before/after columns) --------

_LEGACY_WEIGHTS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
    ],
    dtype=np.uint64,
)


def legacy_word_shingles(text: str, ngram: int) -> Shingles:
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
        combined += word_hashes[position : position + count] * _LEGACY_WEIGHTS[position]
    combined ^= combined >> np.uint64(29)
    return np.unique(combined)


@functools.cache
def _legacy_permutations(num_perm: int, seed: int) -> tuple[npt.NDArray[np.uint64], ...]:
    generator = np.random.Generator(np.random.PCG64(seed))
    top = np.iinfo(np.uint64).max
    multipliers = generator.integers(0, top, num_perm, np.uint64, endpoint=True) | np.uint64(1)
    offsets = generator.integers(0, top, num_perm, np.uint64, endpoint=True)
    return multipliers, offsets


def legacy_signatures(documents: Sequence[Shingles], num_perm: int, seed: int = 1) -> np.ndarray:
    """k-permutation MinHash: the top 32 bits of ``a_i * x + b_i``, 16,384 shingles at a time."""
    multipliers, offsets = _legacy_permutations(num_perm, seed)
    result = np.full((len(documents), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    rows = [i for i, shingles in enumerate(documents) if len(shingles)]
    chunk: list[int] = []
    size = 0
    for row in [*rows, None]:
        if chunk and (row is None or size + len(documents[row]) > 1 << 14):
            values = np.concatenate([documents[r] for r in chunk])
            hashed = (values[:, None] * multipliers + offsets) >> np.uint64(32)
            starts = np.cumsum([0] + [len(documents[r]) for r in chunk[:-1]])
            result[chunk] = np.minimum.reduceat(hashed, starts, axis=0)
            chunk, size = [], 0
        if row is not None:
            chunk.append(row)
            size += len(documents[row])
    return result


# -- data ------------------------------------------------------------------------------


def load_documents(path: Path, field: str, count: int, chars: int) -> list[str]:
    """Texts of ``path`` joined in order and cut at a word boundary every ``chars`` characters."""
    with path.open(encoding="utf-8") as lines:
        texts = [text for line in lines if (text := json.loads(line).get(field) or "").strip()]
    blob = "\n\n".join(texts)
    documents: list[str] = []
    start = 0
    while len(documents) < count and start + chars <= len(blob):
        cut = blob.rfind(" ", start, start + chars)
        cut = cut if cut > start else start + chars
        documents.append(blob[start:cut])
        start = cut + 1
    return documents


def batches(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def shingle_legacy(documents: list[str], ngram: int) -> list[Shingles]:
    return [legacy_word_shingles(text, ngram) for text in documents]


def shingle_one_by_one(documents: list[str], ngram: int) -> list[Shingles]:
    return [word_shingles(text, ngram) for text in documents]


def shingle_batched(documents: list[str], ngram: int, size: int) -> list[Shingles]:
    return [
        shingles for batch in batches(documents, size) for shingles in shingle_batch(batch, ngram)
    ]


def sign_batched(
    sign: Callable[[Sequence[Shingles], int], np.ndarray],
    shingled: list[Shingles],
    num_perm: int,
    size: int,
) -> list[np.ndarray]:
    return [sign(batch, num_perm) for batch in batches(shingled, size)]


CLOCKS: dict[str, Callable[[], float]] = {"process": time.process_time, "wall": time.perf_counter}


def best_of(
    repeats: int, clock: Callable[[], float], function: Callable[..., object], *arguments: object
) -> float:
    """The least time ``function(*arguments)`` took in ``repeats`` runs."""
    best = math.inf
    for _ in range(repeats):
        start = clock()
        function(*arguments)
        best = min(best, clock() - start)
    return best


# -- datasketch ---------------------------------------------------------------------------

DATASKETCH_RUN = """
import importlib.metadata, importlib.util, json, sys, time
from datasketch import MinHash
spec = importlib.util.spec_from_file_location("dedupe_text", sys.argv[2])
dedupe_text = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dedupe_text)
with open(sys.argv[1], encoding="utf-8") as handle:
    documents = json.load(handle)
ngram, num_perm, repeats = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
clock = {"process": time.process_time, "wall": time.perf_counter}[sys.argv[6]]

def shingles(text):
    words = dedupe_text.normalize(text, "words").split()
    span = min(ngram, len(words))
    return {" ".join(words[i : i + span]).encode() for i in range(len(words) - span + 1)}

def best_of(function):
    best = float("inf")
    for _ in range(repeats):
        start = clock()
        function()
        best = min(best, clock() - start)
    return best

sets = [shingles(text) for text in documents]
print(json.dumps({
    "version": importlib.metadata.version("datasketch"),
    "shingling": best_of(lambda: [shingles(text) for text in documents]),
    "signing": best_of(lambda: MinHash.bulk(sets, num_perm=num_perm)),
}))
"""


def run_datasketch(
    python: str, documents: list[str], ngram: int, num_perm: int, repeats: int, clock: str
) -> dict[str, float | str] | str:
    """datasketch's seconds for shingling and signing ``documents``, or why there are none."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as handle:
        json.dump(documents, handle)
        handle.flush()
        command = [python, "-c", DATASKETCH_RUN, handle.name, str(DEDUPE_TEXT)]
        command += [str(ngram), str(num_perm), str(repeats), clock]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"datasketch skipped: {python} exited with {done.returncode}: {last}"
    result: dict[str, float | str] = json.loads(done.stdout)
    return result


# -- accuracy --------------------------------------------------------------------------


def random_pairs(
    union: int, count: int, generator: np.random.Generator
) -> list[tuple[Shingles, Shingles]]:
    pairs = []
    for _ in range(count):
        elements = np.unique(generator.integers(0, 2**63, union + 8, dtype=np.uint64))[:union]
        generator.shuffle(elements)
        shared = int(generator.integers(1, union + 1))
        only_a = int(generator.integers(0, union - shared + 1))
        a = np.sort(elements[: shared + only_a])
        b = np.sort(np.concatenate([elements[:shared], elements[shared + only_a :]]))
        pairs.append((a, b))
    return pairs


def edited_pairs(
    documents: list[str], ngram: int, generator: np.random.Generator
) -> list[tuple[Shingles, Shingles]]:
    """Each document and a copy with up to 30% of its words replaced."""
    pairs = []
    for text in documents:
        tokens = text.split()
        changed = list(tokens)
        for index in generator.choice(len(tokens), int(len(tokens) * generator.uniform(0, 0.3))):
            changed[index] = f"edit{generator.integers(1 << 30)}"
        pairs.append((word_shingles(text, ngram), word_shingles(" ".join(changed), ngram)))
    return pairs


def mean_absolute_error(
    sign: Callable[[list[Shingles]], np.ndarray], pairs: list[tuple[Shingles, Shingles]]
) -> float:
    signed = sign([document for pair in pairs for document in pair])
    estimates = np.mean(signed[0::2] == signed[1::2], axis=1)
    truth = np.array([jaccard(a, b) for a, b in pairs])
    return float(np.mean(np.abs(estimates - truth)))


# -- report ----------------------------------------------------------------------------


def rate(documents: int, seconds: float) -> str:
    return f"{documents / seconds:>10,.0f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--web-data", type=Path, default=DEFAULT_WEB_DATA)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--doc-chars", type=int, default=3800)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--ngram", type=int, default=5)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="process")
    parser.add_argument("--accuracy-pairs", type=int, default=1000)
    parser.add_argument("--datasketch-python", help="an interpreter that imports datasketch")
    args = parser.parse_args(argv)

    if not args.data.exists():
        print(f"skipped: {args.data} is absent (Reuters-21578 as JSON lines, field 'text')")
        return 0
    corpora = {"reuters": load_documents(args.data, "text", args.documents, args.doc_chars)}
    if args.web_data.exists():
        corpora["web"] = load_documents(args.web_data, "text", args.documents, args.doc_chars)
    ngram, num_perm, repeats = args.ngram, args.num_perm, args.repeats

    print(f"target: {TARGET}; batches of {args.batch}, {num_perm} values, {ngram}-word shingles,")
    print(f"best of {repeats} runs by the {args.clock} clock, docs/s\n")
    header = f"{'corpus':8} {'docs':>5} {'KB':>5}  {'method':26}"
    header += f" {'shingle':>10} {'sign':>10} {'both':>10}"
    print(header)
    print("-" * len(header))
    for name, documents in corpora.items():
        count = len(documents)
        kilobytes = np.mean([len(text.encode()) for text in documents]) / 1000
        shingled = shingle_batch(documents, ngram)
        batch, clock = args.batch, CLOCKS[args.clock]
        old_shingle = best_of(repeats, clock, shingle_legacy, documents, ngram)
        one_by_one = best_of(repeats, clock, shingle_one_by_one, documents, ngram)
        batched = best_of(repeats, clock, shingle_batched, documents, ngram, batch)
        old_sign = best_of(
            repeats, clock, sign_batched, legacy_signatures, shingled, num_perm, batch
        )
        new_sign = best_of(repeats, clock, sign_batched, signatures, shingled, num_perm, batch)
        rows = [
            ("legacy shingles + k-perm", old_shingle, old_sign),
            ("word_shingles + OPH", one_by_one, new_sign),
            ("shingle_batch + OPH", batched, new_sign),
        ]
        if args.datasketch_python:
            result = run_datasketch(
                args.datasketch_python, documents, ngram, num_perm, repeats, args.clock
            )
            if isinstance(result, str):
                print(result)
            else:
                label = f"datasketch {result['version']} bulk"
                rows.append((label, float(result["shingling"]), float(result["signing"])))
        for method, shingle_seconds, sign_seconds in rows:
            both = shingle_seconds + sign_seconds
            print(
                f"{name:8} {count:>5} {kilobytes:>5.2f}  {method:26} {rate(count, shingle_seconds)}"
                f" {rate(count, sign_seconds)} {rate(count, both)}"
            )

    generator = np.random.default_rng(2026)
    legacy = functools.partial(legacy_signatures, num_perm=num_perm)
    oph = functools.partial(signatures, num_perm=num_perm)
    print(f"\nJaccard estimate, mean absolute error ({num_perm} values)")
    print(f"{'pairs':38} {'k-perm':>8} {'OPH':>8} {'OPH/k-perm':>11}")
    pair_sets = {
        f"random, union of {union:,} shingles": random_pairs(union, args.accuracy_pairs, generator)
        for union in (5, 20, 60, 128, 500, 2000)
    }
    reuters = corpora["reuters"][: args.accuracy_pairs]
    pair_sets["reuters, copy with <=30% words edited"] = edited_pairs(reuters, ngram, generator)
    for label, pairs in pair_sets.items():
        old_error, new_error = mean_absolute_error(legacy, pairs), mean_absolute_error(oph, pairs)
        print(f"{label:38} {old_error:8.4f} {new_error:8.4f} {new_error / old_error:11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
