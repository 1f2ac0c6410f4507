"""Near-duplicate dedupe quality and speed: thresher's ``near`` against datasketch and datatrove.

For each corpus size, a corpus of Reuters-21578 news text with generated
near-duplicates of known kinds and Reuters' own exact duplicates
(``corpus.py``, built once under ``--work`` and reused) is deduplicated by
each tool in its own subprocess, pinned to one CPU, with the same word
5-gram shingles, threshold and MinHash settings:

* ``thresher``: ``thresher load CORPUS dedupe --only near -s near.threshold=T
  -s near.num_perm=P -s near.ngram=N export -f jsonl -o OUT``;
* ``datasketch``: MinHash + MinHashLSH in bulk (``worker_datasketch.py``);
* ``datatrove``: its four MinHash dedup stages with its fastest shipped word
  tokenizer, spaCy ``xx`` (``worker_datatrove.py``); ``datatrove-split``: the
  same with a whitespace tokenizer, its floor.

Predicted clusters are scored against the gold ones (``metrics.py``): pair
precision, recall and F1, adjusted Rand index, recall per variant kind; and
timed: the tool's own dedupe seconds, the whole subprocess, peak RSS. A
check on real pages (``../shared/seeds`` and ``examples/corpus``, after
thresher's clean stage) asks that copies of one article merge and articles
about the same event from different outlets do not. Writes ``RESULTS.md``.

    python benchmarks/dedupe/bench_dedupe.py
    python benchmarks/dedupe/bench_dedupe.py --sizes 10000,100000,1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
REPO = BENCHMARKS.parent
# Run as a script, this folder is on sys.path but ``benchmarks/`` is not; the
# modules are imported as ``dedupe.*`` so that two benchmarks' ``corpus``
# modules can never shadow each other.
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from dedupe.common import jaccard, read_jsonl, shingles  # noqa: E402
from dedupe.corpus import DEFAULT_DATA, DEFAULT_WORK, CorpusFiles, build_corpus  # noqa: E402
from dedupe.metrics import (  # noqa: E402
    Gold,
    kind_recall,
    merged_count,
    merged_gold_clusters,
    predicted_labels,
    read_predictions,
    score,
)

RESULTS = HERE / "RESULTS.md"
TOOLS = ("thresher", "datasketch", "datatrove", "datatrove-split")
COMPETITORS = frozenset(TOOLS) - {"thresher"}
DEFAULT_DATASKETCH = Path("/tmp/dsvenv/bin/python")
DEFAULT_DATATROVE = Path("/tmp/dtvenv-dedupe/bin/python")
SEEDS = REPO / ".." / "shared" / "seeds"
EXAMPLES = REPO / "examples" / "corpus"
#: Base-document size target: about 3.8 KB documents on average (variants are
#: shorter or longer), about 3 KB for a million.
DOC_BYTES = 4000
DOC_BYTES_1M = 3150
#: Gold-cluster pairs a tool merged whose similarity is looked at (per tool and size).
MERGE_SAMPLE = 500
TARGETS = {
    "F1 on the generated variants": ">= 0.95 at the default threshold, and >= datasketch's",
    "throughput (dedupe seconds, one core)": ">= 5x datasketch and >= 5x datatrove",
    "1M documents of about 3 KB": "deduplicated with peak memory < 4 GB (2 cores, 24 GB)",
    "real pages": "seeds 000 and 001 one cluster with one survivor; "
    "same event from different outlets never merged",
}


# -- running a tool ----------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    description: str
    python: Path | None  # None: this interpreter
    command: Callable[[Path, Path], list[str]]
    #: (predictions as (id, label) pairs, details) from the output folder
    collect: Callable[[Path], tuple[list[tuple[str, str]], dict[str, Any]]]


@dataclass
class Measured:
    tool: str
    size: int
    wall: float
    seconds: float  # the tool's own dedupe time
    peak_rss_mb: float
    details: dict[str, Any]
    predictions: list[tuple[str, str]] = field(repr=False, default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)


def pinned(cores: int) -> Callable[[], None] | None:
    if not cores or not hasattr(os, "sched_getaffinity"):
        return None
    cpus = set(sorted(os.sched_getaffinity(0))[:cores])
    return lambda: os.sched_setaffinity(0, cpus)


def run_process(command: list[str], log: Path, cores: int, env: dict[str, str]) -> dict[str, Any]:
    """Run ``command`` to completion through ``launch.py``; what it measured.

    ``wall`` seconds, ``peak_rss_mb`` (``ru_maxrss``), ``peak_anon_mb`` and
    ``peak_file_mb`` (sampled ``RssAnon`` and ``RssFile``, None off Linux).
    """
    result = log.with_suffix(".launch.json")
    launched = [sys.executable, str(HERE / "launch.py"), str(result), "--", *command]
    with log.open("ab") as out:
        out.write(f"$ {shlex.join(command)}\n".encode())
        out.flush()
        process = subprocess.run(
            launched, stdout=out, stderr=out, env=env, cwd=log.parent, preexec_fn=pinned(cores)
        )
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"exit code {process.returncode}: {shlex.join(command)}\n{tail}")
    measured: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return measured


def measure(tool: Tool, corpus: Path, size: int, folder: Path, cores: int, repeat: int) -> Measured:
    env = dict(os.environ, THRESHER_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONHASHSEED="0")
    best: Measured | None = None
    for attempt in range(repeat):
        out = folder / f"{tool.name}-{size}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        log = folder / f"{tool.name}-{size}.log"
        if attempt == 0:
            log.unlink(missing_ok=True)
        launched = run_process(tool.command(corpus, out), log, cores, env)
        wall, rss = float(launched["wall"]), float(launched["peak_rss_mb"])
        predictions, details = tool.collect(out)
        details["peak_anon_mb"] = launched.get("peak_anon_mb")
        details["peak_file_mb"] = launched.get("peak_file_mb")
        seconds = float(details.pop("seconds", wall))
        rss = max(rss, float(details.pop("peak_rss_mb", 0.0)))
        print(
            f"  {tool.name:<16} {size:>9,} docs  run {attempt + 1}/{repeat}: "
            f"dedupe {seconds:8.2f} s "
            f"({size / seconds:8,.0f} docs/s), wall {wall:8.2f} s, peak RSS {rss:7.0f} MB",
            file=sys.stderr,
            flush=True,
        )
        measured = Measured(tool.name, size, wall, seconds, rss, details, predictions)
        if best is None or measured.seconds < best.seconds:
            if best is not None:
                measured.predictions = best.predictions  # quality: the first run
            best = measured
        shutil.rmtree(out / "kept", ignore_errors=True)
    assert best is not None
    return best


def thresher_tool(threshold: float, num_perm: int, ngram: int, stages: Sequence[str] = ()) -> Tool:
    def command(corpus: Path, out: Path) -> list[str]:
        return [
            sys.executable, "-m", "thresher", "--quiet", "load", str(corpus), *stages,
            "dedupe", "--only", "near",
            "-s", f"near.threshold={threshold}", "-s", f"near.num_perm={num_perm}",
            "-s", f"near.ngram={ngram}",
            "export", "-f", "jsonl", "-o", str(out / "export"),
        ]  # fmt: skip

    def collect(out: Path) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        export = out / "export"
        report = json.loads((export / "report.json").read_text(encoding="utf-8"))
        if report.get("status") != "completed" or not report["documents"].get("balanced"):
            raise RuntimeError(f"thresher: run not completed or not balanced: {report}")
        pairs: list[tuple[str, str]] = []
        survivors: set[str] = set()
        for row in read_jsonl(export / "rejected.jsonl"):
            if row.get("fate") == "duplicate":
                pairs.append((row["id"], row["duplicate_of"]))
                survivors.add(row["duplicate_of"])
            else:
                raise RuntimeError(f"thresher rejected a document that is not a duplicate: {row}")
        pairs += [(s, s) for s in sorted(survivors)]
        stage = report["stages"]["dedupe"]
        clusters = export / "clusters.jsonl"
        details = {
            "seconds": stage["seconds"],
            "run_seconds": report["seconds"],
            "loaded": report["documents"]["loaded"],
            "duplicates": report["documents"]["duplicates"],
            "clusters": sum(1 for _ in clusters.open()) if clusters.is_file() else None,
        }
        shutil.rmtree(export, ignore_errors=True)  # a 1M export is 3 GB
        return pairs, details

    lsh = thresher_lsh(threshold, num_perm, ngram)
    return Tool(
        "thresher",
        f"`thresher load CORPUS {' '.join(stages) + ' ' if stages else ''}dedupe --only near "
        f"-s near.threshold={threshold} -s near.num_perm={num_perm} -s near.ngram={ngram} "
        f"export -f jsonl -o OUT`: MinHash-LSH ({lsh}) candidates verified on the shingles' "
        "Jaccard; time is the dedupe stage's own seconds from `report.json`",
        None,
        command,
        collect,
    )


def thresher_lsh(threshold: float, num_perm: int, ngram: int) -> str:
    """The bands and rows thresher's ``near`` deduper picks for these settings."""
    try:
        from thresher_plugins.dedupe_near import NearDeduper

        near = NearDeduper(threshold=threshold, num_perm=num_perm, ngram=ngram)
        return f"{near.bands} bands x {near.rows} rows"
    except (ImportError, AttributeError, TypeError, ValueError):
        return "bands and rows of its own choice"


def competitor_lsh(threshold: float, num_perm: int, datasketch: Path) -> tuple[int, int]:
    """datasketch's ``MinHashLSH`` bands and rows for the threshold (for datatrove too).

    Asked of datasketch itself when its interpreter is there; otherwise the
    same choice computed here: the ``(b, r)`` minimising the sum of the
    false-positive and false-negative areas, integrated numerically.
    """
    probe = (
        "from datasketch import MinHashLSH; "
        f"lsh = MinHashLSH(threshold={threshold}, num_perm={num_perm}); print(lsh.b, lsh.r)"
    )
    try:
        answer = subprocess.run(
            [str(datasketch), "-c", probe], capture_output=True, text=True, timeout=120
        )
        if answer.returncode == 0:
            bands, rows = map(int, answer.stdout.split())
            return bands, rows
    except (OSError, ValueError, subprocess.TimeoutExpired):
        pass
    below = np.linspace(0.0, threshold, 2001)
    above = np.linspace(threshold, 1.0, 2001)
    best, best_error = (1, num_perm), math.inf
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            positive = 1.0 - (1.0 - below**rows) ** bands
            negative = (1.0 - above**rows) ** bands
            error = 0.5 * _area(positive, below) + 0.5 * _area(negative, above)
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


def _area(values: np.ndarray, grid: np.ndarray) -> float:
    """The trapezoid rule (numpy renamed its own between versions)."""
    return float(((values[1:] + values[:-1]) * np.diff(grid)).sum() / 2.0)


def worker_collect(out: Path) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    details: dict[str, Any] = json.loads((out / "result.json").read_text(encoding="utf-8"))
    return list(read_predictions(out / "predictions.tsv")), details


def datasketch_tool(
    python: Path, threshold: float, num_perm: int, ngram: int, lsh: tuple[int, int]
) -> Tool:
    def command(corpus: Path, out: Path) -> list[str]:
        return [
            str(python), str(HERE / "worker_datasketch.py"), str(corpus), str(out),
            "--threshold", str(threshold), "--num-perm", str(num_perm), "--ngram", str(ngram),
            "--bands", str(lsh[0]), "--rows", str(lsh[1]),
        ]  # fmt: skip

    return Tool(
        "datasketch",
        f"datasketch {probe_version(python, 'datasketch')}: the same word {ngram}-gram shingles, "
        f"`MinHash.generator(num_perm={num_perm})` (SHA-1, 32 bits), "
        f"`MinHashLSH(threshold={threshold}, num_perm={num_perm})` ({lsh[0]} bands x {lsh[1]} "
        "rows, its own choice) filled through `insertion_session()`, "
        "every document queried, results joined by union-find (no verification); time "
        "excludes JSON parsing",
        python,
        command,
        worker_collect,
    )


def datatrove_tool(python: Path, ngram: int, lsh: tuple[int, int], tokenizer: str) -> Tool:
    def command(corpus: Path, out: Path) -> list[str]:
        return [
            str(python), str(HERE / "worker_datatrove.py"), str(corpus), str(out),
            "--ngram", str(ngram), "--bands", str(lsh[0]), "--rows", str(lsh[1]),
            "--tokenizer", tokenizer,
        ]  # fmt: skip

    tokenizers = {
        "xx": "spaCy `xx` word tokenizer (the fastest datatrove ships for English)",
        "split": "a whitespace-split `WordTokenizer` (not shipped with datatrove: its floor)",
    }
    return Tool(
        "datatrove" if tokenizer == "xx" else f"datatrove-{tokenizer}",
        f"datatrove {probe_version(python, 'datatrove')}: `MinhashDedupSignature`, "
        f"`MinhashDedupBuckets` ({lsh[0]} tasks), `MinhashDedupCluster`, `MinhashDedupFilter` "
        f"with `MinhashConfig(n_grams={ngram}, num_buckets={lsh[0]}, hashes_per_bucket={lsh[1]})`, "
        f"its own text normalisation and xxhash-64, {tokenizers[tokenizer]}; time is stages 1-3 "
        "(reading included), the filter stage is listed apart",
        python,
        command,
        worker_collect,
    )


def probe_version(python: Path, package: str) -> str | None:
    try:
        result = subprocess.run(
            [str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def default_threshold() -> tuple[float, str]:
    try:
        import attrs

        from thresher_plugins.dedupe_near import NearDeduper

        return float(attrs.fields(NearDeduper).threshold.default), "thresher's `near` default"
    except (ImportError, AttributeError):
        return 0.8, "fallback (thresher's `near` deduper not importable)"


# -- scoring ---------------------------------------------------------------------------------


def evaluate(measured: Measured, gold: Gold, corpus: Path, threshold: float, ngram: int) -> None:
    predicted = predicted_labels(gold, measured.predictions)
    quality: dict[str, Any] = {
        subset: score(gold.clusters[gold.mask(subset)], predicted[gold.mask(subset)]).as_dict()
        for subset in ("generated", "reuters-exact", "all")
    }
    quality["kinds"] = kind_recall(gold, predicted)
    quality["merged_gold_cluster_pairs"] = merged_count(gold, predicted)
    quality["merges"] = examine_merges(gold, predicted, corpus, threshold, ngram)
    measured.quality = quality
    measured.predictions = []


def examine_merges(
    gold: Gold, predicted: np.ndarray, corpus: Path, threshold: float, ngram: int
) -> dict[str, Any]:
    """How similar the gold clusters a tool merged really are (a sample).

    For each merged pair of gold clusters, the highest word-shingle Jaccard
    between a member of one and a member of the other (up to 4 x 4
    members): at or above the threshold, the two are true near-duplicates
    the gold file does not know about; below it, a false merge.
    """
    merged = merged_gold_clusters(gold, predicted, MERGE_SAMPLE)
    if not merged:
        return {"examined": 0}
    wanted = {m for a, b in merged for m in a[:4] + b[:4]}
    texts: dict[int, str] = {}
    for number, record in enumerate(read_jsonl(corpus)):
        if number in wanted:
            if record["id"] != gold.ids[number]:
                raise RuntimeError("the gold file is not in corpus order")
            texts[number] = record["text"]
    cache: dict[int, set[str]] = {}

    def shingled(number: int) -> set[str]:
        if number not in cache:
            cache[number] = shingles(texts[number], ngram)
        return cache[number]

    best = [max(jaccard(shingled(x), shingled(y)) for x in a[:4] for y in b[:4]) for a, b in merged]
    above = sum(value >= threshold for value in best)
    examples = sorted(zip(best, merged, strict=True), key=lambda item: -item[0])[:3]
    return {
        "examined": len(merged),
        "at_or_above_threshold": above,
        "below_threshold": len(merged) - above,
        "max_jaccard": round(max(best), 3),
        "median_jaccard": round(float(np.median(best)), 3),
        "examples": [
            {
                "jaccard": round(value, 3),
                "a": gold.ids[a[0]],
                "b": gold.ids[b[0]],
                "kinds": [gold.kinds[a[0]], gold.kinds[b[0]]],
            }
            for value, (a, b) in examples
        ],
    }


# -- the real pages check ------------------------------------------------------------------

#: (a, b, same?): file-name prefixes under seeds/ and examples/
PAGE_EXPECTATIONS = [
    ("seeds/000", "seeds/001", True),
    ("examples/001", "examples/002", True),
    ("examples/004", "examples/005", True),
    *[(f"seeds/{a}", f"seeds/{b}", False) for a, b in itertools.combinations(
        ["000", "002", "003", "004"], 2)],
    *[("seeds/001", f"seeds/{b}", False) for b in ["002", "003", "004"]],
    ("examples/001", "examples/003", False),
    ("examples/002", "examples/003", False),
    ("examples/006", "examples/007", False),
    ("examples/008", "examples/009", False),
]  # fmt: skip


def pages_corpus(folder: Path, cores: int) -> Path | None:
    """The seed and example pages after thresher's clean stage, as one JSONL corpus."""
    if not SEEDS.is_dir() or not EXAMPLES.is_dir():
        return None
    out = folder / "pages-clean"
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable, "-m", "thresher", "--quiet", "load", "-i", str(SEEDS), str(EXAMPLES),
        "clean", "export", "-f", "jsonl", "-o", str(out),
    ]  # fmt: skip
    env = dict(os.environ, THRESHER_DISABLE_PLUGIN_AUTOLOAD="1")
    run_process(command, folder / "pages-clean.log", cores, env)
    corpus = folder / "pages.jsonl"
    with corpus.open("w", encoding="utf-8") as target:
        for record in read_jsonl(out / "documents.jsonl"):
            origin = "seeds" if Path(record["source"]["uri"]).parent.name == "seeds" else "examples"
            row = {"id": f"{origin}/{record['id']}", "text": record["text"]}
            target.write(json.dumps(row, ensure_ascii=False) + "\n")
    return corpus


def thresher_default_pages(folder: Path, cores: int) -> dict[str, Any]:
    """The user's path: ``load seeds examples clean dedupe`` (default dedupers)."""
    out = folder / "pages-default"
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable, "-m", "thresher", "--quiet", "load", "-i", str(SEEDS), str(EXAMPLES),
        "clean", "dedupe", "export", "-f", "jsonl", "-o", str(out),
    ]  # fmt: skip
    env = dict(os.environ, THRESHER_DISABLE_PLUGIN_AUTOLOAD="1")
    run_process(command, folder / "pages-default.log", cores, env)
    labels: dict[str, str] = {}
    for row in read_jsonl(out / "rejected.jsonl"):
        if row.get("fate") == "duplicate":
            labels[_page_name(row)] = row["duplicate_of"]
    kept = {_page_name(r): r["id"] for r in read_jsonl(out / "documents.jsonl")}
    for name, identifier in kept.items():
        if identifier in labels.values():
            labels[name] = identifier
    return {"labels": labels, "kept": sorted(kept)}


def _page_name(row: dict[str, Any]) -> str:
    origin = "seeds" if Path(row["source"]["uri"]).parent.name == "seeds" else "examples"
    return f"{origin}/{row['id']}"


def check_pages(labels: dict[str, str], names: Iterable[str]) -> list[dict[str, Any]]:
    """Each expectation, with the outcome; ``labels``: page name -> cluster label."""
    by_prefix = {name[: name.index("/") + 4]: name for name in names}
    rows = []
    for a, b, same in PAGE_EXPECTATIONS:
        if a not in by_prefix or b not in by_prefix:
            rows.append({"a": a, "b": b, "expected": same, "merged": None, "ok": False})
            continue
        label_a, label_b = labels.get(by_prefix[a]), labels.get(by_prefix[b])
        merged = label_a is not None and label_a == label_b
        rows.append({"a": a, "b": b, "expected": same, "merged": merged, "ok": merged == same})
    return rows


# -- reporting ---------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 3) -> str:
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def render_markdown(
    results: Sequence[Measured],
    corpora: dict[int, dict[str, Any]],
    pages: dict[str, Any],
    tools: dict[str, Tool],
    info: dict[str, Any],
) -> str:
    lines = [
        "# Near-duplicate dedupe benchmark results",
        "",
        "Generated by `benchmarks/dedupe/bench_dedupe.py`; overwritten on every run. "
        "See `README.md` in this folder for the corpus and the metrics.",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['machine']}",
        f"- Python: {info['python']}; thresher {info['thresher']}, git {info['git']}",
        f"- settings: threshold {info['threshold']} ({info['threshold_source']}), "
        f"num_perm {info['num_perm']}, word {info['ngram']}-grams; LSH: thresher "
        f"{info['thresher_lsh']} (its own choice), datasketch and datatrove {info['lsh'][0]} "
        f"bands x {info['lsh'][1]} rows (datasketch's choice for the threshold)",
        f"- each tool in its own subprocess, {info['pinning']}; fastest of {info['repeat']} "
        f"run(s) up to {info['repeat_up_to']:,} documents, one run above",
        f"- command: `{info['command']}`",
        "",
        "## Tools",
        "",
        "| tool | what runs |",
        "|---|---|",
        *[f"| {name} | {tool.description} |" for name, tool in tools.items()],
        "",
        "## Corpora",
        "",
        "| documents | MB | mean bytes | base docs | variants | Reuters exact dups (groups) "
        "| gold clusters ≥ 2 | gold pairs | uses per story: mean / max "
        "| base-doc pairs sharing a story: max Jaccard |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for _, c in sorted(corpora.items()):
        kinds = c["kinds"]
        variants = sum(v for k, v in kinds.items() if k not in ("base", "reuters-exact"))
        lines.append(
            f"| {c['documents']:,} | {c['total_mb']:,} | {c['mean_bytes']:,.0f} "
            f"| {kinds['base']:,} "
            f"| {variants:,} | {kinds.get('reuters-exact', 0):,} ({c['reuters_groups']}) "
            f"| {c['gold_clusters']:,} | {c['gold_pairs']:,} "
            f"| {c['checks']['uses_per_story_mean']} / {c['checks']['uses_per_story_max']} "
            f"| {fmt(c['checks']['their_jaccard_max'])} |"
        )
    lines += _targets(results, pages, info)
    names = list(dict.fromkeys(r.tool for r in results))
    for size in sorted({r.size for r in results}):
        at_size = [r for r in results if r.size == size]
        lines += [
            "",
            f"## Quality at {size:,} documents",
            "",
            "| tool | subset | pair precision | pair recall | pair F1 | ARI |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for r in at_size:
            for subset in ("generated", "reuters-exact", "all"):
                s = r.quality[subset]
                lines.append(
                    f"| {r.tool} | {subset} | {fmt(s['precision'])} | {fmt(s['recall'])} "
                    f"| {fmt(s['f1'])} | {fmt(s['ari'], 4)} |"
                )
        lines += _kind_table(at_size, corpora[size], info["threshold"])
        lines += _merge_table(at_size, info["threshold"])
    lines += [
        "",
        "## Speed and memory",
        "",
        "*dedupe s*: the tool's own dedupe time (thresher: the dedupe stage's seconds in "
        "`report.json`, loading and export excluded; datasketch: shingling, MinHash, LSH "
        "insert and queries, union-find, JSON parsing excluded; datatrove: its signature, "
        "bucket and cluster stages, reading included). *wall s*: the whole subprocess "
        "(interpreter start, reading, writing). *peak RSS*: the largest resident set of the "
        "tool's process (and any process it waited for), `wait4`'s `ru_maxrss` taken by a "
        "small launcher (`launch.py`), or the tool's own `getrusage` if larger. "
        "*anon / file*: the peaks of `RssAnon` (memory the process allocated) and `RssFile` "
        "(file pages mapped into it, e.g. a memory-mapped file, which the kernel can drop and "
        "re-read) sampled every 0.2 s. "
        "*× thresher*: how many times faster thresher's dedupe seconds are.",
        "",
        "| documents | tool | dedupe s | docs/s | × thresher | wall s | docs/s (wall) "
        "| peak RSS MB | anon / file MB | phases |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        reference = next((t for t in results if t.tool == "thresher" and t.size == r.size), None)
        ratio = f"{r.seconds / reference.seconds:.1f}" if reference and r is not reference else ""
        phases = r.details.get("phases") or {}
        phase_text = ", ".join(f"{k} {v:.1f}" for k, v in phases.items())
        anon, mapped = r.details.get("peak_anon_mb"), r.details.get("peak_file_mb")
        split = f"{anon:,.0f} / {mapped:,.0f}" if anon is not None and mapped is not None else "—"
        lines.append(
            f"| {r.size:,} | {r.tool} | {r.seconds:.2f} | {r.size / r.seconds:,.0f} | {ratio} "
            f"| {r.wall:.2f} | {r.size / r.wall:,.0f} | {r.peak_rss_mb:,.0f} | {split} "
            f"| {phase_text} |"
        )
    lines += _pages_section(pages, names)
    notes = info.get("notes", [])
    if notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    return "\n".join(lines) + "\n"


def _targets(results: Sequence[Measured], pages: dict[str, Any], info: dict[str, Any]) -> list[str]:
    lines = ["", "## Targets", "", "| target | wanted | measured | met |", "|---|---|---|---|"]

    def find(tool: str, size: int) -> Measured | None:
        return next((r for r in results if r.tool == tool and r.size == size), None)

    sizes = sorted({r.size for r in results})
    # the targets are stated for 10,000 documents: that size if it ran, else the smallest
    quality_size = 10_000 if 10_000 in sizes else (min(sizes) if sizes else None)
    mine = find("thresher", quality_size) if quality_size else None
    theirs = find("datasketch", quality_size) if quality_size else None
    if mine:
        f1 = mine.quality["generated"]["f1"]
        versus = theirs.quality["generated"]["f1"] if theirs else None
        met = f1 >= 0.95 and (versus is None or f1 >= versus)
        lines.append(
            f"| F1 on the generated variants ({quality_size:,} docs) | "
            f"{TARGETS['F1 on the generated variants']} | thresher {f1:.3f}"
            f"{f', datasketch {versus:.3f}' if versus is not None else ''} "
            f"| {'yes' if met else 'no'} |"
        )
    for size in sizes:
        mine = find("thresher", size)
        if not mine:
            continue
        ratios = []
        for name in ("datasketch", "datatrove"):
            other = find(name, size)
            if other:
                ratios.append((name, other.seconds / mine.seconds))
        if ratios:
            met = all(ratio >= 5 for _, ratio in ratios)
            lines.append(
                f"| throughput at {size:,} docs "
                f"| {TARGETS['throughput (dedupe seconds, one core)']} "
                f"| {', '.join(f'{ratio:.1f}x {name}' for name, ratio in ratios)} "
                f"| {'yes' if met else 'no'} |"
            )
        if size >= 1_000_000:
            lines.append(
                f"| {size:,} documents | {TARGETS['1M documents of about 3 KB']} "
                f"| peak RSS {mine.peak_rss_mb:,.0f} MB, dedupe {mine.seconds:,.0f} s, "
                f"wall {mine.wall:,.0f} s | {'yes' if mine.peak_rss_mb < 4096 else 'no'} |"
            )
    thresher_pages = pages.get("tools", {}).get("thresher")
    if thresher_pages:
        ok = all(row["ok"] for row in thresher_pages)
        default_ok = all(row["ok"] for row in pages.get("thresher-default", []))
        lines.append(
            f"| real pages | {TARGETS['real pages']} | near only: "
            f"{sum(r['ok'] for r in thresher_pages)}/{len(thresher_pages)} expectations; "
            f"default pipeline: {sum(r['ok'] for r in pages.get('thresher-default', []))}/"
            f"{len(pages.get('thresher-default', []))} | {'yes' if ok and default_ok else 'no'} |"
        )
    return lines


def _kind_table(results: Sequence[Measured], corpus: dict[str, Any], threshold: float) -> list[str]:
    kinds = list(results[0].quality["kinds"]) if results else []
    summary = corpus.get("variant_jaccard", {})
    lines = [
        "",
        "Recall per variant kind: the share of variants put in one cluster with their base "
        "document (`reuters-exact`: pair recall inside Reuters' own duplicate groups). "
        f"*J ≥ {threshold}*: the share of those variants whose true word-shingle Jaccard with "
        "the base reaches the threshold, the recall a method that judges Jaccard exactly "
        "would get (containment aside).",
        "",
        "| kind | variants | mean J | J ≥ threshold | "
        + " | ".join(r.tool for r in results)
        + " |",
        "|---|---:|---:|---:|" + "---:|" * len(results),
    ]
    for kind in kinds:
        first = results[0].quality["kinds"][kind]
        stats = summary.get(kind, {})
        share = corpus.get("jaccard_at_threshold", {}).get(kind)
        cells = " | ".join(fmt(r.quality["kinds"][kind]["recall"]) for r in results)
        lines.append(
            f"| {kind} | {first['variants']:,} | {fmt(stats.get('mean'))} | {fmt(share)} "
            f"| {cells} |"
        )
    return lines


def _merge_table(results: Sequence[Measured], threshold: float) -> list[str]:
    lines = [
        "",
        "Gold clusters merged with another one (false merges, or near-duplicates the gold "
        f"file does not know): a sample of up to {MERGE_SAMPLE} such pairs per tool, judged "
        "by the highest word-shingle Jaccard between their members.",
        "",
        f"| tool | gold-cluster pairs merged | examined | J ≥ {threshold} (missing from gold) "
        "| below (false merges) | max J | median J |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        m = r.quality["merges"]
        lines.append(
            f"| {r.tool} | {r.quality['merged_gold_cluster_pairs']:,} | {m['examined']} "
            f"| {m.get('at_or_above_threshold', 0)} | {m.get('below_threshold', 0)} "
            f"| {fmt(m.get('max_jaccard'))} | {fmt(m.get('median_jaccard'))} |"
        )
    return lines


def _pages_section(pages: dict[str, Any], names: Sequence[str]) -> list[str]:
    if not pages:
        return ["", "## Real pages", "", "Skipped: `../shared/seeds` or `examples/corpus` missing."]
    tools = pages["tools"]
    columns = [n for n in names if n in tools]
    lines = [
        "",
        "## Real pages",
        "",
        "The 5 seed pages (`../shared/seeds`, one event from several outlets; 000 and 001 are "
        "one article) and the 12 example pages (`examples/corpus`), after thresher's default "
        "clean stage, deduplicated by each tool with the same settings; *thresher default*: "
        "`thresher load -i SEEDS EXAMPLES clean dedupe` (the exact and near dedupers with their "
        "defaults). ✓ = as expected.",
        "",
        "| pages | expected | " + " | ".join(columns) + " | thresher default |",
        "|---|---|" + "---|" * (len(columns) + 1),
    ]
    default = {(row["a"], row["b"]): row for row in pages.get("thresher-default", [])}
    for index, (a, b, same) in enumerate(PAGE_EXPECTATIONS):
        cells = []
        for name in columns:
            row = tools[name][index]
            cells.append(_mark(row))
        cells.append(_mark(default.get((a, b))))
        lines.append(
            f"| {a} · {b} | {'same' if same else 'different'} | " + " | ".join(cells) + " |"
        )
    survivor = pages.get("survivor")
    if survivor:
        lines += ["", survivor]
    return lines


def _mark(row: dict[str, Any] | None) -> str:
    if row is None or row["merged"] is None:
        return "—"
    return ("✓ " if row["ok"] else "✗ ") + ("merged" if row["merged"] else "apart")


# -- main ---------------------------------------------------------------------------------------


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000", help="corpus sizes, comma-separated (default 10000)"
    )
    parser.add_argument(
        "--tools",
        default=",".join(TOOLS),
        help=f"comma-separated, of {', '.join(TOOLS)} (default: all)",
    )
    parser.add_argument("--threshold", type=float, help="Jaccard threshold (default: thresher's)")
    parser.add_argument("--num-perm", type=int, default=128, help="MinHash permutations (128)")
    parser.add_argument("--ngram", type=int, default=5, help="words per shingle (5)")
    parser.add_argument(
        "--doc-bytes",
        type=int,
        help=f"base document size target (default {DOC_BYTES}, {DOC_BYTES_1M} from 1M documents)",
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument(
        "--work", type=Path, default=DEFAULT_WORK, help=f"corpora and outputs ({DEFAULT_WORK})"
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument(
        "--skip-slow",
        type=int,
        default=0,
        metavar="SIZE",
        help="run the competitors only up to SIZE documents (default 0: no limit)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=1200,
        metavar="SECONDS",
        help="skip a competitor at a size when its speed at a smaller size of this run "
        "predicts more than SECONDS (default 1200; 0: never)",
    )
    parser.add_argument(
        "--cores",
        type=int,
        default=1,
        help="CPUs each tool is pinned to (default 1; 0: not pinned)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per tool and size, fastest kept"
    )
    parser.add_argument(
        "--repeat-up-to",
        type=int,
        default=100_000,
        metavar="SIZE",
        help="--repeat applies up to SIZE documents; larger sizes run once (default 100000)",
    )
    parser.add_argument("--datasketch-python", type=Path, default=DEFAULT_DATASKETCH)
    parser.add_argument("--datatrove-python", type=Path, default=DEFAULT_DATATROVE)
    parser.add_argument("--no-pages", action="store_true", help="skip the real pages check")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown report path")
    parser.add_argument("--no-results", action="store_true", help="do not write the report")
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(wanted) - set(TOOLS)
    if unknown:
        raise SystemExit(f"--tools: unknown {', '.join(sorted(unknown))}")
    if not args.data.is_file():
        print(f"SKIP: Reuters-21578 not found at {args.data} (only in the project workspace)")
        return 0
    if args.threshold is None:
        threshold, threshold_source = default_threshold()
    else:
        threshold, threshold_source = args.threshold, "--threshold"
    lsh = competitor_lsh(threshold, args.num_perm, args.datasketch_python)
    notes: list[str] = []
    tools: dict[str, Tool] = {}
    for name in wanted:
        if name == "thresher":
            tools[name] = thresher_tool(threshold, args.num_perm, args.ngram)
        elif name == "datasketch":
            if probe_version(args.datasketch_python, "datasketch") is None:
                notes.append(f"datasketch skipped: not importable by {args.datasketch_python}")
                continue
            tools[name] = datasketch_tool(
                args.datasketch_python, threshold, args.num_perm, args.ngram, lsh
            )
        else:
            if probe_version(args.datatrove_python, "datatrove") is None:
                notes.append(f"{name} skipped: datatrove not importable by {args.datatrove_python}")
                continue
            tokenizer = "split" if name == "datatrove-split" else "xx"
            tools[name] = datatrove_tool(args.datatrove_python, args.ngram, lsh, tokenizer)
    for note in notes:
        print(note, file=sys.stderr)

    args.work.mkdir(parents=True, exist_ok=True)
    runs = args.work / "runs"
    runs.mkdir(exist_ok=True)
    results: list[Measured] = []
    corpora: dict[int, dict[str, Any]] = {}
    for size in sizes:
        doc_bytes = args.doc_bytes or (DOC_BYTES_1M if size >= 1_000_000 else DOC_BYTES)
        files = build_corpus(size, args.work, doc_bytes, args.seed, args.data)
        gold = Gold.load(files.gold)
        corpora[size] = corpus_summary(files, gold, threshold)
        print(f"{size:,} documents: {files.corpus}", file=sys.stderr, flush=True)
        for name, tool in tools.items():
            if name in COMPETITORS and args.skip_slow and size > args.skip_slow:
                notes.append(
                    f"{name} not run at {size:,} documents (--skip-slow {args.skip_slow:,})"
                )
                continue
            estimate = estimated_wall(results, name, size)
            if name in COMPETITORS and args.time_limit and estimate > args.time_limit:
                note = (
                    f"{name} not run at {size:,} documents: about {estimate / 60:,.1f} minutes "
                    f"at its speed on {largest_run(results, name):,} documents "
                    f"(--time-limit {args.time_limit:,.0f} s)"
                )
                print(note, file=sys.stderr)
                notes.append(note)
                continue
            repeat = args.repeat if size <= args.repeat_up_to else 1
            measured = measure(tool, files.corpus, size, runs, args.cores, repeat)
            evaluate(measured, gold, files.corpus, threshold, args.ngram)
            q = measured.quality["generated"]
            print(
                f"  {name:<16} generated P {q['precision']:.3f} R {q['recall']:.3f} "
                f"F1 {q['f1']:.3f} ARI {q['ari']:.4f}",
                file=sys.stderr,
                flush=True,
            )
            results.append(measured)
        del gold

    pages: dict[str, Any] = {}
    if not args.no_pages:
        pages = run_pages(tools, runs, args.cores)
        if not pages:
            notes.append("real pages check skipped: ../shared/seeds or examples/corpus missing")

    info = describe_run(argv, args, threshold, threshold_source, lsh)
    info["notes"] = [
        *notes,
        "Timings on a shared 2-CPU machine: other jobs may have run at the same time; "
        "`--repeat N` keeps the fastest of N runs.",
    ]
    report = render_markdown(results, corpora, pages, tools, info)
    print(report)
    if not args.no_results:
        args.results.write_text(report, encoding="utf-8")
        print(f"wrote {args.results}", file=sys.stderr)
    if args.json:
        payload = {
            "run": info,
            "targets": TARGETS,
            "corpora": corpora,
            "results": [{k: v for k, v in vars(r).items() if k != "predictions"} for r in results],
            "pages": pages,
        }
        Path(args.json).write_text(
            json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8"
        )
    return 0


def largest_run(results: Sequence[Measured], tool: str) -> int:
    return max((r.size for r in results if r.tool == tool), default=0)


def estimated_wall(results: Sequence[Measured], tool: str, size: int) -> float:
    """Seconds ``tool`` should take on ``size`` documents, from its largest run so far (0: none)."""
    runs = [r for r in results if r.tool == tool and r.size < size]
    if not runs:
        return 0.0
    largest = max(runs, key=lambda r: r.size)
    return largest.wall * size / largest.size


def corpus_summary(files: CorpusFiles, gold: Gold, threshold: float) -> dict[str, Any]:
    info = files.info()
    sizes = np.unique(gold.clusters, return_counts=True)[1]
    measured = ~np.isnan(gold.jaccard)
    at_threshold: dict[str, float] = {}
    kinds = np.array(gold.kinds)
    for kind in sorted(set(gold.kinds) - {"base", "reuters-exact"}):
        mask = (kinds == kind) & measured
        if mask.any():
            at_threshold[kind] = float((gold.jaccard[mask] >= threshold).mean())
    combined = np.array(["+" in k for k in gold.kinds]) & measured
    if combined.any():
        at_threshold["all combinations"] = float((gold.jaccard[combined] >= threshold).mean())
    if measured.any():
        at_threshold["all variants"] = float((gold.jaccard[measured] >= threshold).mean())
    return {
        "corpus": str(files.corpus),
        "documents": info["documents"],
        "total_mb": info["total_mb"],
        "mean_bytes": info["mean_bytes"],
        "doc_bytes_target": info["doc_bytes_target"],
        "kinds": info["kinds"],
        "reuters_groups": len(
            {
                c
                for c, k in zip(gold.clusters.tolist(), gold.kinds, strict=True)
                if k == "reuters-exact"
            }
        ),
        "gold_clusters": int((sizes > 1).sum()),
        "gold_pairs": int((sizes * (sizes - 1) // 2).sum()),
        "checks": info["checks"],
        "pool": info["pool"],
        "variant_jaccard": info["variant_jaccard"],
        "jaccard_at_threshold": at_threshold,
    }


def run_pages(tools: dict[str, Tool], folder: Path, cores: int) -> dict[str, Any]:
    corpus = pages_corpus(folder, cores)
    if corpus is None:
        return {}
    names = [r["id"] for r in read_jsonl(corpus)]
    print(f"real pages: {len(names)} pages", file=sys.stderr, flush=True)
    outcome: dict[str, Any] = {"pages": names, "tools": {}}
    for name, tool in tools.items():
        measured = measure(tool, corpus, len(names), folder / "pages", cores, 1)
        labels = dict(measured.predictions)
        outcome["tools"][name] = check_pages(labels, names)
    default = thresher_default_pages(folder, cores)
    outcome["thresher-default"] = check_pages(default["labels"], names)
    seeds = sorted(n for n in names if n.startswith("seeds/0"))[:2]
    if len(seeds) == 2:
        label = default["labels"].get(seeds[0])
        if label is not None and label == default["labels"].get(seeds[1]):
            kept = [s for s in seeds if s in default["kept"]]
            outcome["survivor"] = (
                f"thresher default pipeline: `{seeds[0]}` and `{seeds[1]}` form one cluster with "
                f"{len(kept)} survivor ({', '.join(f'`{k}`' for k in kept)})."
            )
        else:
            outcome["survivor"] = (
                f"thresher default pipeline: `{seeds[0]}` and `{seeds[1]}` not merged."
            )
    return outcome


def describe_run(
    argv: Sequence[str] | None,
    args: argparse.Namespace,
    threshold: float,
    source: str,
    lsh: tuple[int, int],
) -> dict[str, Any]:
    from framework.bench_pipeline import machine

    m = machine()
    given = list(sys.argv[1:] if argv is None else argv)
    return {
        "date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "machine": f"{m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, {m['platform']}",
        "python": f"{m['python']} (`{sys.executable}`)",
        "thresher": m["thresher"],
        "git": m["git"],
        "threshold": threshold,
        "threshold_source": source,
        "num_perm": args.num_perm,
        "ngram": args.ngram,
        "lsh": list(lsh),
        "thresher_lsh": thresher_lsh(threshold, args.num_perm, args.ngram),
        "repeat": args.repeat,
        "repeat_up_to": args.repeat_up_to,
        "pinning": f"pinned to {args.cores} CPU(s)" if args.cores else "not pinned",
        "command": shlex.join(["python", "benchmarks/dedupe/bench_dedupe.py", *given]),
    }


if __name__ == "__main__":
    sys.exit(main())
