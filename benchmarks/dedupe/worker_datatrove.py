"""datatrove's MinHash dedup stages for the dedupe benchmark (run in a venv with datatrove).

The four stages as datatrove's own example runs them, each through a
``LocalPipelineExecutor`` with one worker (so one core):

1. ``JsonlReader`` -> ``MinhashDedupSignature`` (one task);
2. ``MinhashDedupBuckets``, one task per band, run one after another;
3. ``MinhashDedupCluster`` with ``save_cluster_id=True`` (one task);
4. ``JsonlReader`` -> ``MinhashDedupFilter`` -> ``JsonlWriter`` (the kept documents).

``MinhashConfig(n_grams, num_buckets=bands, hashes_per_bucket=rows)`` with
datatrove's default text normalisation (lower case, punctuation removed,
digits folded to 0, accents stripped) and hashing (xxhash, 64 bits). The
word tokenizer: ``xx`` (spaCy's blank multi-language tokenizer, the fastest
datatrove ships for English text), ``en`` (spaCy English, datatrove's
assignment for English), or ``split`` (a ``WordTokenizer`` that splits the
normalised text on whitespace: not part of datatrove, the floor of its
tokenizing cost).

The clusters are read back from stage 3's ``000000.clusters`` (pairs of
document index and cluster number; documents in no cluster are absent), the
document index being the reading order of the one input file.

    /tmp/dtvenv-dedupe/bin/python benchmarks/dedupe/worker_datatrove.py CORPUS OUT \
        --ngram 5 --bands 9 --rows 13 --tokenizer xx
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import time
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent.parent
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from dedupe.common import peak_rss_mb, write_json  # noqa: E402

TOKENIZERS = ("xx", "en", "split")


def tokenizer(name: str) -> Any:
    from datatrove.utils.word_tokenizers import SpaCyTokenizer, WordTokenizer

    if name in ("xx", "en"):
        return SpaCyTokenizer(name)

    class SplitTokenizer(WordTokenizer):
        """Whitespace split of datatrove's normalised text (punctuation is already gone)."""

        def word_tokenize(self, text: str) -> list[str]:
            return text.split()

        def sent_tokenize(self, text: str) -> list[str]:
            return [text]

        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            return [(0, len(text))]

    return SplitTokenizer()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--ngram", type=int, default=5)
    parser.add_argument("--bands", type=int, required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--tokenizer", choices=TOKENIZERS, default="xx")
    args = parser.parse_args(argv)

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import (
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus.resolve()
    config = MinhashConfig(n_grams=args.ngram, num_buckets=args.bands, hashes_per_bucket=args.rows)
    word_tokenizer = tokenizer(args.tokenizer)

    def reader() -> Any:
        return JsonlReader(str(corpus.parent), glob_pattern=corpus.name, compression=None)

    def executor(name: str, *steps: Any, tasks: int = 1) -> Any:
        logs = str(out / "logs" / name)
        return LocalPipelineExecutor(pipeline=list(steps), tasks=tasks, workers=1, logging_dir=logs)

    signatures, buckets, remove_ids = (
        str(out / name) for name in ("signatures", "buckets", "remove_ids")
    )
    stages = {
        "signatures": executor(
            "signatures",
            reader(),
            MinhashDedupSignature(output_folder=signatures, config=config, language=word_tokenizer),
        ),
        "buckets": executor(
            "buckets",
            MinhashDedupBuckets(input_folder=signatures, output_folder=buckets, config=config),
            tasks=config.num_buckets,
        ),
        "clusters": executor(
            "clusters",
            MinhashDedupCluster(
                input_folder=buckets, output_folder=remove_ids, config=config, save_cluster_id=True
            ),
        ),
        "filter": executor(
            "filter",
            reader(),
            MinhashDedupFilter(input_folder=remove_ids),
            JsonlWriter(str(out / "kept"), compression=None),
        ),
    }
    seconds: dict[str, float] = {}
    for name, executor in stages.items():
        started = time.perf_counter()
        executor.run()
        seconds[name] = time.perf_counter() - started

    ids = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            ids.append(json.loads(line)["id"])
    labels: dict[str, str] = {}
    clusters_file = out / "remove_ids" / "000000.clusters"
    data = clusters_file.read_bytes() if clusters_file.is_file() else b""
    for document, cluster in struct.iter_unpack("<2I", data):
        labels[ids[document]] = f"c{cluster}"
    with (out / "predictions.tsv").open("w", encoding="utf-8") as predictions:
        for identifier, label in labels.items():
            predictions.write(f"{identifier}\t{label}\n")
    removed = out / "remove_ids" / "000000.remove"
    write_json(
        out / "result.json",
        {
            "tool": f"datatrove {version('datatrove')}",
            "tokenizer": args.tokenizer,
            "documents": len(ids),
            "seconds": seconds["signatures"] + seconds["buckets"] + seconds["clusters"],
            "phases": seconds,
            "peak_rss_mb": peak_rss_mb(),
            "bands": args.bands,
            "rows": args.rows,
            "clustered_documents": len(labels),
            "removed_documents": removed.stat().st_size // 4 if removed.is_file() else 0,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
