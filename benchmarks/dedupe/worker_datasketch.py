"""datasketch near-duplicate clusters for the dedupe benchmark (run in a venv with datasketch).

MinHash + MinHashLSH the way their documentation does it in bulk: the
word shingles of every document (the same words and n-grams as thresher:
``dedupe.common.shingles``, UTF-8 bytes), ``MinHash.generator`` with the
default hash function (SHA-1, 32 bits) and permutation scheme, all keys
inserted through ``MinHashLSH.insertion_session``, then every document
queried and the results joined by union-find. LSH candidates are not
verified (datasketch returns them as they are), as a datasketch user
would do.

    /tmp/dsvenv/bin/python benchmarks/dedupe/worker_datasketch.py CORPUS OUT \
        --threshold 0.7 --num-perm 128 --ngram 5 --bands 9 --rows 13

Writes ``OUT/predictions.tsv`` (``id<TAB>cluster`` for documents in a cluster
of two or more) and ``OUT/result.json`` (seconds, peak RSS, settings).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from importlib.metadata import version
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from dedupe.common import (  # noqa: E402
    UnionFind,
    peak_rss_mb,
    shingles,
    write_json,
    write_predictions,
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--threshold", type=float, required=True)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--ngram", type=int, default=5)
    parser.add_argument("--bands", type=int, help="LSH bands (with --rows; else datasketch's)")
    parser.add_argument("--rows", type=int)
    args = parser.parse_args(argv)
    from datasketch import MinHash, MinHashLSH

    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    parse_seconds = 0.0
    keys: list[str] = []

    def documents() -> Iterator[list[bytes]]:
        nonlocal parse_seconds
        with args.corpus.open(encoding="utf-8") as lines:
            for line in lines:
                before = time.perf_counter()
                record = json.loads(line)
                parse_seconds += time.perf_counter() - before
                keys.append(record["id"])
                yield [s.encode("utf-8") for s in shingles(record["text"], args.ngram)]

    params = (args.bands, args.rows) if args.bands and args.rows else None
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm, params=params)
    minhashes = []
    with lsh.insertion_session() as session:
        for number, minhash in enumerate(MinHash.generator(documents(), num_perm=args.num_perm)):
            session.insert(keys[number], minhash, check_duplication=False)
            minhashes.append(minhash)
    indexed = time.perf_counter()
    clusters = UnionFind()
    candidates = 0
    for key, minhash in zip(keys, minhashes, strict=True):
        for other in lsh.query(minhash):
            if other != key:
                candidates += 1
                clusters.union(key, other)
    finished = time.perf_counter()
    labels = clusters.groups()
    write_predictions(args.out / "predictions.tsv", labels)
    seconds = finished - started - parse_seconds
    write_json(
        args.out / "result.json",
        {
            "tool": f"datasketch {version('datasketch')}",
            "documents": len(keys),
            "seconds": seconds,
            "parse_seconds": parse_seconds,
            "phases": {
                "shingle + MinHash + insert": indexed - started - parse_seconds,
                "query + union-find": finished - indexed,
            },
            "peak_rss_mb": peak_rss_mb(),
            "bands": lsh.b,
            "rows": lsh.r,
            "candidate_pairs": candidates // 2,
            "clustered_documents": len(labels),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
