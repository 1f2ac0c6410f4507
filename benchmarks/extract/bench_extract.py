"""Extraction quality and speed: thresher's extract stage on its gold set, CoNLL-2003 and Reuters.

Four parts, each scored by ``score.py`` (see ``README.md`` for the rules):

* **gold**: the 48 hand-annotated pages in ``gold/``, run twice: the user's
  path, ``thresher load gold/articles.jsonl clean extract export -f jsonl``
  (a subprocess), and extraction alone on the raw pages through the
  embedding API (``Pipeline.process(..., stages=["extract"])``). Dates,
  publishers, authors, languages, titles, people, organisations, places,
  quotes, quantities and relative dates, per language, and every miss;
* **conll**: the CoNLL-2003 English test set (231 documents) through the
  extract stage; entity spans, typed and untyped;
* **reuters**: a seeded sample of Reuters-21578 stories, the dateline put in
  front of the text and no date given; the dates the extract stage finds;
* **throughput**: each registered extractor's ``extract(document)`` timed
  on the cleaned gold pages and on 5 KB documents, one CPU, best of N.

The reference data is third party and read from ``../shared/data/``
relative to the repository (never copied into it); without it those parts
print ``SKIP:`` and the rest still runs. Writes ``RESULTS.md``.

    python benchmarks/extract/bench_extract.py
    python benchmarks/extract/bench_extract.py --parts gold --json /tmp/extract.json
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import json
import math
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
REPO = BENCHMARKS.parent
# Run as a script, this folder is on sys.path but ``benchmarks/`` is not; the
# modules are imported as ``extract.*`` so that two benchmarks' modules can
# never shadow each other.
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from caches import forget_cached_texts  # noqa: E402
from extract.score import (  # noqa: E402
    PRF,
    ArticleScores,
    Miss,
    entities_of,
    miss_kinds,
    people_score,
    read_jsonl,
    reuters_dates,
    score_articles,
    spans_score,
)
from timing import one_core  # noqa: E402

GOLD = HERE / "gold"
DEFAULT_DATA = REPO / ".." / "shared" / "data"
CONLL_FILE = "conll2003-test.jsonl"
REUTERS_FILE = "reuters21578.jsonl"
RESULTS = HERE / "RESULTS.md"
PARTS = ("gold", "conll", "reuters", "throughput")
#: Reuters misses listed per kind (no date found, wrong month and day).
REUTERS_MISSES = 10
#: Input size the latency target is stated for (UTF-8 bytes, as the cleaning benchmark).
KB5 = 5000

#: (key, what, wanted, threshold): figures with a target, from ``score.py``'s summaries.
TARGETS: tuple[tuple[str, str, str, float], ...] = (
    ("date_accuracy", "date accuracy (gold set)", ">= 0.95", 0.95),
    ("publisher_accuracy", "publisher accuracy (gold set)", ">= 0.9", 0.9),
    ("people.f1", "people F1 (gold set)", ">= 0.9", 0.9),
    ("quotes_speaker.f1", "quote + speaker F1 (gold set)", ">= 0.85", 0.85),
    ("quantities.f1", "quantities F1 (gold set)", ">= 0.85", 0.85),
)
#: (key, what): figures reported beside the targets, without one.
UNTARGETED: tuple[tuple[str, str], ...] = (("relative_dates.f1", "relative dates F1 (gold set)"),)
CONLL_TARGETS = (
    ("typed", "CoNLL-2003 typed micro-F1", ">= 0.60", 0.60),
    ("untyped", "CoNLL-2003 untyped span F1", ">= 0.75", 0.75),
)
LATENCY_TARGET_MS = 5.0
CLI_RUN = "clean + extract (CLI)"
API_RUN = "extract only (API)"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- running thresher -----------------------------------------------------------------------------


def make_pipeline(installed_plugins: bool) -> Any:
    from thresher import Pipeline

    return Pipeline(entrypoints=installed_plugins)


def as_record(document: Any) -> dict[str, Any]:
    """A processed document in the shape of an exported one (what ``score.py`` reads)."""
    return {
        "id": document.id,
        "text": document.text,
        "meta": dict(document.meta),
        **document.fields,
    }


def extract_only(
    pipeline: Any, documents: Sequence[Any], notes: list[str], label: str
) -> dict[str, dict[str, Any]]:
    """``Pipeline.process(documents, stages=["extract"])``: records by id; failures noted."""
    records = {}
    failed = []
    for document in pipeline.process(documents, stages=["extract"]):
        if document.failure is not None:
            failed.append(f"{document.id} ({document.failure})")
        records[document.id] = as_record(document)
    if failed:
        notes.append(f"{label}: {len(failed)} documents failed: {'; '.join(failed[:5])}")
    return records


def gold_documents(articles: Sequence[Mapping[str, Any]]) -> list[Any]:
    """The pages as the JSON loader makes them: id, text and ``meta.url``."""
    from thresher import Document

    return [
        Document(a["id"], a["text"], meta={"url": a["url"]} if a.get("url") else {})
        for a in articles
    ]


def run_cli(
    articles: Path, out: Path, installed_plugins: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The user's path as a subprocess; (records by id, run details)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable, "-m", "thresher", "--quiet", "load", display(articles), "clean", "extract",
        "export", "-f", "jsonl", "-o", str(out),
    ]  # fmt: skip
    env = dict(os.environ)
    if not installed_plugins:
        env["THRESHER_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"exit code {done.returncode}: {shlex.join(command)}\n{done.stderr[-3000:]}"
        )
    records = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    rejected = read_jsonl(out / "rejected.jsonl") if (out / "rejected.jsonl").is_file() else []
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return records, {
        "wall_seconds": wall,
        "extract_seconds": report.get("stages", {}).get("extract", {}).get("seconds"),
        "rejected": [f"{r['id']} ({r.get('fate')}: {r.get('reason')})" for r in rejected],
    }


def display(path: Path) -> str:
    """``path`` relative to the repository when inside it (commands shown as a user types them)."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


# -- part 1: the gold set -------------------------------------------------------------------------


@dataclass
class GoldRun:
    name: str
    description: str
    scores: ArticleScores | None = None
    languages: dict[str, ArticleScores] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def summary(self) -> dict[str, Any] | None:
        return self.scores.summary() if self.scores else None


def score_run(run: GoldRun, gold: Sequence[Mapping[str, Any]], records: Mapping[str, Any]) -> None:
    run.scores = score_articles(gold, records)
    for language in sorted({g["language"] for g in gold}):
        subset = [g for g in gold if g["language"] == language]
        run.languages[language] = score_articles(subset, records)


def gold_part(gold_dir: Path, work: Path, installed: bool, notes: list[str]) -> list[GoldRun]:
    articles_path = gold_dir / "articles.jsonl"
    articles = read_jsonl(articles_path)
    gold = read_jsonl(gold_dir / "gold.jsonl")
    if [a["id"] for a in articles] != [g["id"] for g in gold]:
        raise SystemExit(f"{gold_dir}: articles.jsonl and gold.jsonl ids differ")
    out = work / "gold-cli"
    cli = GoldRun(
        CLI_RUN,
        f"`thresher load {display(articles_path)} clean extract export -f jsonl -o WORK/out` "
        "(a subprocess, built-in plugins only unless `--with-installed-plugins`)",
    )
    api = GoldRun(
        API_RUN,
        "`Pipeline(entrypoints=False).process(documents, stages=['extract'])` on the raw pages "
        "(id, text, `meta.url` as the JSON loader gives them), no clean stage",
    )
    progress("gold: clean + extract through the CLI")
    try:
        records, cli.details = run_cli(articles_path, out, installed)
        score_run(cli, gold, records)
        if cli.details["rejected"]:
            notes.append(f"CLI run: rejected {', '.join(cli.details['rejected'])}")
    except Exception as error:  # a crashing extractor is a result to report, not a reason to stop
        cli.error = failure(error)
    progress("gold: extract only through the embedding API")
    try:
        start = time.perf_counter()
        records = extract_only(make_pipeline(installed), gold_documents(articles), notes, "API run")
        api.details = {"wall_seconds": time.perf_counter() - start}
        score_run(api, gold, records)
    except Exception as error:
        api.error = failure(error)
    return [cli, api]


def failure(error: BaseException) -> str:
    """Print the traceback (stderr) and return a one-line description for the report."""
    traceback.print_exception(error)
    first = str(error).strip().splitlines()
    return f"{type(error).__name__}: {first[0] if first else ''}"


# -- part 2: CoNLL-2003 ---------------------------------------------------------------------------


def conll_part(path: Path, installed: bool, notes: list[str]) -> dict[str, Any]:
    from thresher import Document

    records = read_jsonl(path)
    progress(f"conll: {len(records)} documents through the extract stage")
    start = time.perf_counter()
    documents = [Document(r["id"], r["text"]) for r in records]
    predicted = extract_only(make_pipeline(installed), documents, notes, "CoNLL")
    seconds = time.perf_counter() - start
    available = any(entities_of(p) for p in predicted.values())
    result: dict[str, Any] = {
        "documents": len(records),
        "gold_entities": sum(len(r["entities"]) for r in records),
        "seconds": seconds,
        "available": available,
    }
    if not available:
        return result
    typed, untyped = PRF(), PRF()
    labels: dict[str, PRF] = {}
    for record in records:
        score = spans_score(entities_of(predicted.get(record["id"], {})) or [], record["entities"])
        typed += score.typed
        untyped += score.untyped
        for label, counts in score.labels.items():
            labels[label] = labels.get(label, PRF()) + counts
    result.update(
        typed=typed.as_dict(),
        untyped=untyped.as_dict(),
        labels={k: v.as_dict() for k, v in labels.items()},
    )
    return result


def guess_people_part(gold_dir: Path, conll_path: Path | None) -> dict[str, Any]:
    """The ``entities`` extractor with ``guess_people`` on and off: what the option trades.

    People F1 on the gold pages (extract only) against span F1 on CoNLL-2003,
    the extractor called directly on each text.
    """
    from thresher_plugins.extract_entities import EntitiesExtractor

    articles = {r["id"]: r["text"] for r in read_jsonl(gold_dir / "articles.jsonl")}
    gold = read_jsonl(gold_dir / "gold.jsonl")
    conll = read_jsonl(conll_path) if conll_path is not None and conll_path.is_file() else []
    result: dict[str, Any] = {}
    for guess in (False, True):
        extractor = EntitiesExtractor(guess_people=guess)
        people = PRF()
        for record in gold:
            people += people_score(extractor.find(articles[record["id"]]), record["people"]).names
        typed, untyped = PRF(), PRF()
        for record in conll:
            score = spans_score(extractor.find(record["text"]), record["entities"])
            typed += score.typed
            untyped += score.untyped
        result[str(guess).lower()] = {
            "people_f1": people.f1,
            "conll_typed_f1": typed.f1 if conll else None,
            "conll_untyped_f1": untyped.f1 if conll else None,
        }
    return result


def guess_people_section(option: Mapping[str, Any] | None) -> list[str]:
    lines = ["", "## Option `entities.guess_people`", ""]
    if not option:
        return [*lines, "Not run (`--parts`)."]
    if option.get("error"):
        return [*lines, f"Failed: {option['error']}"]
    lines += [
        "Unvouched pairs of capitalised name words taken as people, or not: people F1 on the "
        "gold pages (extract only) against entity span F1 on CoNLL-2003.",
        "",
        "| guess_people | gold people F1 | CoNLL typed F1 | CoNLL untyped F1 |",
        "|---|---:|---:|---:|",
    ]
    for key, row in option.items():
        lines.append(
            f"| {key} | {fmt(row['people_f1'])} | {fmt(row['conll_typed_f1'])} "
            f"| {fmt(row['conll_untyped_f1'])} |"
        )
    return lines


# -- part 3: Reuters datelines --------------------------------------------------------------------


def reuters_sample(path: Path, size: int, seed: int) -> list[dict[str, Any]]:
    """A seeded sample of the stories that have a dateline, a date and a text."""
    eligible = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("dateline") and record.get("date") and record.get("text"):
                eligible.append({k: record[k] for k in ("id", "dateline", "date", "text")})
    return random.Random(seed).sample(eligible, min(size, len(eligible)))


def reuters_part(
    path: Path, size: int, seed: int, installed: bool, notes: list[str]
) -> dict[str, Any]:
    from thresher import Document

    sample = reuters_sample(path, size, seed)
    progress(f"reuters: {len(sample)} stories through the extract stage")
    # No meta date: the dateline in front of the text is all the extractor gets.
    documents = [Document(r["id"], f"{r['dateline']} {r['text']}") for r in sample]
    start = time.perf_counter()
    predicted = extract_only(make_pipeline(installed), documents, notes, "Reuters")
    seconds = time.perf_counter() - start
    rows = []
    misses: dict[str, list[str]] = {"no date": [], "wrong month-day": []}
    sources: dict[str, int] = {}
    for record in sample:
        meta = predicted.get(record["id"], {}).get("meta", {})
        rows.append((record["dateline"], record["date"], meta.get("date")))
        source = str(meta.get("date_source") or "none")
        sources[source] = sources.get(source, 0) + 1
        if str(meta.get("date") or "")[5:10] != record["date"][5:10]:
            kind = "wrong month-day" if meta.get("date") else "no date"
            misses[kind].append(
                f"{record['id']} [{kind}] {record['dateline']!r} gold {record['date'][:10]} "
                f"| predicted {meta.get('date')} ({meta.get('date_source')})"
            )
    result = reuters_dates(rows)
    # A few of each kind: the lists are for reading, not counting.
    shown = [line for lines in misses.values() for line in lines[:REUTERS_MISSES]]
    result.update(seed=seed, seconds=seconds, sources=sources, misses=shown)
    return result


# -- part 4: throughput ---------------------------------------------------------------------------


def timed_extractors(pipeline: Any, notes: list[str]) -> list[Any]:
    """Every registered extractor, built with its defaults, in the stage's order."""
    from thresher import StageConfig

    names = [r.name for r in pipeline.registry.ordered("extract")]
    try:
        return list(pipeline.stage("extract", StageConfig(components=names)).extractors)
    except Exception as error:  # two registered extractors providing one field
        notes.append(
            f"throughput: all registered extractors ({', '.join(names)}) cannot run "
            f"together ({error}); timing the default ones"
        )
        return list(pipeline.stage("extract").extractors)


def merge(extractor: Any, document: Any, fields: Mapping[str, Any]) -> None:
    """What the extract stage does with an extractor's result (outside the timed call)."""
    for key, value in (fields or {}).items():
        if key.startswith("meta."):
            if value not in (None, "", []):
                document.meta[key[len("meta.") :]] = value
        else:
            document.fields[key] = value


def run_extractors(
    extractors: Sequence[Any], documents: Sequence[Any]
) -> tuple[dict[str, float], dict[str, int]]:
    """Seconds spent in each extractor's ``applies_to`` + ``extract``, and errors raised."""
    seconds = dict.fromkeys((e.name for e in extractors), 0.0)
    errors = dict.fromkeys(seconds, 0)
    clock = time.perf_counter
    for document in documents:
        for extractor in extractors:
            start = clock()
            try:
                fields = extractor.extract(document) if extractor.applies_to(document) else {}
            except Exception:
                fields = {}
                errors[extractor.name] += 1
            seconds[extractor.name] += clock() - start
            merge(extractor, document, fields)
    return seconds, errors


def fresh(documents: Sequence[Any]) -> list[Any]:
    """Copies with the meta the clean stage left and no extracted field.

    Every timed run needs them: extractors skip meta that is already set.
    """
    from thresher import Document

    return [Document(d.id, d.text, meta=copy.deepcopy(d.meta)) for d in documents]


def time_set(
    pipeline: Any, extractors: Sequence[Any], documents: Sequence[Any], repeat: int
) -> dict[str, Any]:
    """Best of ``repeat`` after a warm-up: per extractor, their sum, and the whole stage."""
    run_extractors(extractors, fresh(documents))  # warm-up: model loaded, patterns compiled
    best = dict.fromkeys((e.name for e in extractors), math.inf)
    best_total, best_stage = math.inf, math.inf
    errors: dict[str, int] = {}
    for _ in range(repeat):
        forget_cached_texts()
        seconds, errors = run_extractors(extractors, fresh(documents))
        for name, value in seconds.items():
            best[name] = min(best[name], value)
        best_total = min(best_total, sum(seconds.values()))
    for _ in range(repeat):
        forget_cached_texts()
        batch = fresh(documents)
        start = time.perf_counter()
        for _document in pipeline.process(batch, stages=["extract"]):
            pass
        best_stage = min(best_stage, time.perf_counter() - start)
    return {
        "documents": len(documents),
        "bytes": sum(len(d.text.encode()) for d in documents),
        "chars": sum(len(d.text) for d in documents),
        "extractors": best,
        "total": best_total,
        "stage": best_stage,
        "errors": {k: v for k, v in errors.items() if v},
    }


def five_kb_texts(texts: Sequence[str], size: int = KB5) -> list[str]:
    """One text per input: it and the following ones (wrapping round) cut to about ``size`` chars.

    Cut at the last paragraph break after 80 % of ``size``, else the last
    space, so no document ends inside a word.
    """
    out = []
    for first in range(len(texts)):
        parts, length, index = [], 0, first
        while length < size:
            parts.append(texts[index % len(texts)].strip())
            length += len(parts[-1]) + 2
            index += 1
        joined = "\n\n".join(parts)[:size]
        cut = joined.rfind("\n\n")
        if cut < 0.8 * size:
            cut = joined.rfind(" ")
        out.append(joined[:cut].rstrip() if cut > 0 else joined)
    return out


def throughput_part(
    gold_dir: Path, repeat: int, installed: bool, notes: list[str]
) -> dict[str, Any]:
    from thresher import Document

    pipeline = make_pipeline(installed)
    articles = gold_documents(read_jsonl(gold_dir / "articles.jsonl"))
    cleaned = [d for d in pipeline.process(articles, stages=["clean"]) if d.kept]
    extractors = timed_extractors(pipeline, notes)
    synthetic = [
        Document(f"5kb-{n:03d}", text)
        for n, text in enumerate(five_kb_texts([d.text for d in cleaned]), 1)
    ]
    with one_core() as pinning:
        progress(f"throughput: {len(cleaned)} cleaned gold pages, best of {repeat}")
        gold_timing = time_set(pipeline, extractors, cleaned, repeat)
        progress(f"throughput: {len(synthetic)} documents of about 5 KB, best of {repeat}")
        kb5_timing = time_set(pipeline, extractors, synthetic, repeat)
    return {
        "pinning": pinning,
        "repeat": repeat,
        "extractors": [f"{e.name} ({type(e).__module__}.{type(e).__name__})" for e in extractors],
        "sets": {"cleaned gold pages": gold_timing, "5 KB documents": kb5_timing},
    }


# -- reporting ------------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 3) -> str:
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def pick(summary: Mapping[str, Any] | None, key: str) -> float | None:
    """``summary["a"]["b"]`` for ``"a.b"``; ``None`` anywhere on the way."""
    value: Any = summary
    for part in key.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value if isinstance(value, (int, float)) else None


def verdict(value: float | None, threshold: float, below: bool = False) -> str:
    if value is None:
        return "not available"
    return "met" if (value < threshold if below else value >= threshold) else "not met"


def prf_cell(counts: Mapping[str, Any] | None) -> str:
    if not counts:
        return "not available"
    return f"{fmt(counts['precision'])} / {fmt(counts['recall'])} / **{fmt(counts['f1'])}**"


def targets_section(runs: Sequence[GoldRun], results: Mapping[str, Any]) -> list[str]:
    """The target table: a column per gold-set run; CoNLL and throughput run extract only."""
    by_name = {r.name: r for r in runs}
    lines = [
        "## Targets",
        "",
        f"| target | wanted | {CLI_RUN} | {API_RUN} | met |",
        "|---|---|---:|---:|---|",
    ]
    for key, what, wanted, threshold in TARGETS:
        cells, verdicts = [], []
        for name in (CLI_RUN, API_RUN):
            run = by_name.get(name)
            value = pick(run.summary(), key) if run else None
            cells.append(fmt(value) if value is not None else _absent(run))
            verdicts.append(verdict(value, threshold))
        lines.append(f"| {what} | {wanted} | {' | '.join(cells)} | {' / '.join(verdicts)} |")
    for key, what in UNTARGETED:
        cells = []
        for name in (CLI_RUN, API_RUN):
            run = by_name.get(name)
            value = pick(run.summary(), key) if run else None
            cells.append(fmt(value) if value is not None else _absent(run))
        lines.append(f"| {what} | — | {' | '.join(cells)} | no target |")
    conll = results.get("conll") or {}
    for key, what, wanted, threshold in CONLL_TARGETS:
        value = pick(conll.get(key), "f1")
        shown = fmt(value) if value is not None else conll_absent(conll)
        lines.append(f"| {what} | {wanted} | — | {shown} | {verdict(value, threshold)} |")
    timing = (results.get("throughput") or {}).get("sets", {}).get("5 KB documents")
    what = "5 KB article, all extractors, one core"
    if timing:
        ms = 1000 * timing["total"] / timing["documents"]
        met = verdict(ms, LATENCY_TARGET_MS, below=True)
        lines.append(f"| {what} | < {LATENCY_TARGET_MS:g} ms | — | {ms:.2f} ms | {met} |")
    else:
        lines.append(f"| {what} | < {LATENCY_TARGET_MS:g} ms | — | — | {_skipped(results)} |")
    lines += [
        "",
        "*met*: one verdict per run for the gold set (CLI / API). CoNLL-2003 and throughput "
        "run the extract stage alone through the embedding API.",
    ]
    return lines


def _absent(run: GoldRun | None) -> str:
    if run is None:
        return "not run"
    return "failed" if run.error else "not available"


def conll_absent(conll: Mapping[str, Any]) -> str:
    if conll.get("skipped"):
        return "skipped"
    if conll.get("error"):
        return "failed"
    return "not available (no entities extracted)"


def _skipped(results: Mapping[str, Any]) -> str:
    entry = results.get("throughput")
    if entry is None:
        return "not run"
    return "failed" if entry.get("error") else "skipped"


#: (label, summary key, kind): rows of the all-fields table
FIELD_ROWS: tuple[tuple[str, str, str], ...] = (
    ("date accuracy, all articles", "date_accuracy", "accuracy"),
    ("date accuracy, articles with a date", "date_accuracy_when_gold", "accuracy"),
    ("publisher accuracy", "publisher_accuracy", "accuracy"),
    ("language accuracy", "language_accuracy", "accuracy"),
    ("title accuracy", "title_accuracy", "accuracy"),
    ("authors P / R / F1", "authors", "prf"),
    ("people P / R / F1", "people", "prf"),
    ("people: all gold roles found (matched people with roles)", "role_accuracy", "accuracy"),
    ("organisations P / R / F1", "organisations", "prf"),
    ("places P / R / F1", "places", "prf"),
    ("quote text P / R / F1", "quotes", "prf"),
    ("quote + speaker P / R / F1", "quotes_speaker", "prf"),
    ("quantities P / R / F1", "quantities", "prf"),
    ("relative dates P / R / F1", "relative_dates", "prf"),
)


def gold_section(runs: Sequence[GoldRun], gold_count: int) -> list[str]:
    lines = [
        "",
        f"## Gold set ({gold_count} pages, `benchmarks/extract/gold/`)",
        "",
        *[
            f"- **{r.name}**: {r.description}" + (f" — **failed**: {r.error}" if r.error else "")
            for r in runs
        ],
        "",
        "| field | " + " | ".join(r.name for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for label, key, kind in FIELD_ROWS:
        cells = []
        for run in runs:
            summary = run.summary()
            if summary is None:
                cells.append("—")
            elif kind == "prf":
                cells.append(prf_cell(summary.get(key)))
            else:
                value = summary.get(key)
                available = (
                    value is not None or key != "role_accuracy" or summary["entities_available"]
                )
                cells.append(fmt(value) if available else "not available")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    extra = []
    for run in runs:
        summary = run.summary() or {}
        extra.append(f"{summary.get('durations_not_scored', '—')}")
    lines.append(
        "| durations extracted (not in the gold, not scored) | " + " | ".join(extra) + " |"
    )
    seconds = [fmt(r.details.get("wall_seconds"), 2) for r in runs]
    lines.append("| wall seconds (whole run) | " + " | ".join(seconds) + " |")
    lines += [
        "",
        "People, organisations and places are *not available* while no extractor fills "
        "`entities`, relative dates while none fills `relative_dates`. Roles: matched people "
        "whose gold roles are not empty, with every gold role found in a predicted one.",
    ]
    lines += language_section(runs)
    lines += kinds_section(runs)
    lines += miss_summary(runs)
    return lines


def language_section(runs: Sequence[GoldRun]) -> list[str]:
    languages = sorted({lang for r in runs for lang in r.languages})
    if not languages:
        return []
    names = " / ".join(r.name for r in runs)
    lines = [
        "",
        "### Per language",
        "",
        f"Each cell: {names}.",
        "",
        "| language | pages | date acc. | language acc. | quote F1 | quote + speaker F1 "
        "| quantities F1 | relative dates F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for language in languages:
        summaries = [
            r.languages[language].summary() if language in r.languages else None for r in runs
        ]
        pages = next((s["articles"] for s in summaries if s), 0)

        def cell(key: str, summaries: list[dict[str, Any] | None] = summaries) -> str:
            return " / ".join(fmt(pick(s, key), 2) for s in summaries)

        lines.append(
            f"| {language} | {pages} | {cell('date_accuracy')} | {cell('language_accuracy')} "
            f"| {cell('quotes.f1')} | {cell('quotes_speaker.f1')} | {cell('quantities.f1')} "
            f"| {cell('relative_dates.f1')} |"
        )
    return lines


def kinds_section(runs: Sequence[GoldRun]) -> list[str]:
    kinds = sorted({k for r in runs for k in (r.summary() or {}).get("quantity_kinds", {})})
    if not kinds:
        return []
    lines = [
        "",
        "### Quantities per kind",
        "",
        "Recall by the gold kind, precision by the predicted kind (a figure read as the "
        f"wrong kind counts in both). Each cell: {' / '.join(r.name for r in runs)}.",
        "",
        "| kind | gold | predicted | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in kinds:
        counts = [(r.summary() or {}).get("quantity_kinds", {}).get(kind) for r in runs]

        def cell(key: str, counts: list[dict[str, Any] | None] = counts, digits: int = 2) -> str:
            return " / ".join(
                (
                    "—"
                    if c is None
                    else (str(c[key]) if isinstance(c[key], int) else fmt(c[key], digits))
                )
                for c in counts
            )

        lines.append(
            f"| {kind} | {cell('gold')} | {cell('predicted')} | {cell('precision')} "
            f"| {cell('recall')} | {cell('f1')} |"
        )
    return lines


def miss_summary(runs: Sequence[GoldRun]) -> list[str]:
    """Kinds of misses, most common first (both runs), with one example each."""
    counted = {
        r.name: {(f, k): (n, ex) for f, k, n, ex in miss_kinds(r.scores.misses)}
        for r in runs
        if r.scores
    }
    if not counted:
        return []
    keys = sorted(
        {key for kinds in counted.values() for key in kinds},
        key=lambda key: (-sum(c.get(key, (0, None))[0] for c in counted.values()), key),
    )
    lines = [
        "",
        "### Misses by kind",
        "",
        "Every miss on the gold set, grouped; the full lists are in the appendix. "
        "*span differs*: a predicted item overlaps the gold one but does not match it.",
        "",
        "| field | kind of miss | " + " | ".join(counted) + " | example |",
        "|---|---|" + "---:|" * len(counted) + "---|",
    ]
    for key in keys:
        cells = " | ".join(str(c.get(key, (0, None))[0]) for c in counted.values())
        example = next(c[key][1] for c in counted.values() if key in c)
        lines.append(f"| {key[0]} | {key[1]} | {cells} | {_cell_text(example.example())} |")
    return lines


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def conll_section(conll: Mapping[str, Any] | None) -> list[str]:
    lines = ["", "## CoNLL-2003 English test set: entity spans", ""]
    if not conll:
        return [*lines, "Not run (`--parts`)."]
    if conll.get("skipped") or conll.get("error"):
        return [*lines, conll.get("skipped") or f"Failed: {conll['error']}"]
    lines.append(
        f"{conll['documents']} documents, {conll['gold_entities']:,} gold entities; each text "
        f"through the extract stage (no clean: the text is tokenised newswire), "
        f"{conll['seconds']:.1f} s."
    )
    if not conll["available"]:
        return [*lines, "", "**Not available**: no extractor filled `entities` on any document."]
    lines += [
        "",
        "Exact character spans; predicted labels mapped PERSON→PER, ORG/ORGANIZATION→ORG, "
        "GPE/LOC/LOCATION/PLACE→LOC, anything else MISC.",
        "",
        "| measure | predicted | gold | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [("typed (span + type)", conll["typed"]), ("untyped (span only)", conll["untyped"])]
    rows += [(label, counts) for label, counts in conll["labels"].items()]
    for name, c in rows:
        lines.append(
            f"| {name} | {c['predicted']:,} | {c['gold']:,} | {fmt(c['precision'])} "
            f"| {fmt(c['recall'])} | {fmt(c['f1'])} |"
        )
    return lines


def reuters_section(reuters: Mapping[str, Any] | None) -> list[str]:
    lines = ["", "## Reuters-21578: dates from datelines", ""]
    if not reuters:
        return [*lines, "Not run (`--parts`)."]
    if reuters.get("skipped") or reuters.get("error"):
        return [*lines, reuters.get("skipped") or f"Failed: {reuters['error']}"]
    years = ", ".join(f"{y} ({n})" for y, n in reuters["predicted_years"].items()) or "none"
    sources = ", ".join(
        f"{k} {v}" for k, v in sorted(reuters["sources"].items(), key=lambda kv: -kv[1])
    )
    return [
        *lines,
        f"{reuters['documents']:,} stories sampled (seed {reuters['seed']}) among those with a "
        'dateline and a date; text = `dateline + " " + text`, no date in meta; extract stage '
        f"only, {reuters['seconds']:.1f} s.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| date found | {fmt(reuters['found'])} |",
        f"| month and day right (all stories) | **{fmt(reuters['month_day'])}** |",
        "| month and day right (stories with a date found) "
        f"| {fmt(reuters['month_day_when_found'])} |",
        f"| full date right | {fmt(reuters['full_date'])} |",
        f"| dateline's own month and day agree with the record's date (ceiling) "
        f"| {fmt(reuters['dateline_agrees'])} |",
        "",
        "The year is almost never in a Reuters story (the dateline is `CITY, Feb 26 -`), so a "
        "reader of the text cannot know it is 1987: full-date accuracy is expected near 0 and "
        f"month-day accuracy is the measure. Years predicted: {years}. Date sources: {sources}.",
    ]


def throughput_section(throughput: Mapping[str, Any] | None) -> list[str]:
    lines = ["", "## Throughput (one core)", ""]
    if not throughput:
        return [*lines, "Not run (`--parts`)."]
    if throughput.get("error"):
        return [*lines, f"Failed: {throughput['error']}"]
    sets = throughput["sets"]
    names = list(next(iter(sets.values()))["extractors"])
    lines += [
        f"Extractors timed: {', '.join(throughput['extractors'])}. Each extractor's "
        "`applies_to` + `extract(document)` timed directly (results merged into the document "
        f"outside the timed call, as the stage does), {throughput['pinning']}, a warm-up run "
        f"then the best of {throughput['repeat']} (each extractor and the total separately); "
        "thresher's large per-text caches are emptied before each run. *whole stage*: "
        "`Pipeline.process(documents, stages=['extract'])`, the run engine included. ms per 5 KB: "
        "per 5,000 bytes of UTF-8 input.",
        "",
        "| extractor | " + " | ".join(f"{name}: ms/doc | ms/5 KB" for name in sets) + " |",
        "|---|" + "---:|---:|" * len(sets),
    ]
    for name in [*names, "total", "whole stage"]:
        cells = []
        for timing in sets.values():
            seconds = {"total": timing["total"], "whole stage": timing["stage"]}.get(
                name, timing["extractors"].get(name, math.nan)
            )
            per_doc = 1000 * seconds / timing["documents"]
            per_5kb = 1000 * seconds / (timing["bytes"] / KB5)
            bold = "**" if name == "total" else ""
            cells.append(f"{bold}{per_doc:.3f}{bold} | {per_5kb:.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [""]
    for set_name, timing in sets.items():
        errors = f"; errors raised: {timing['errors']}" if timing["errors"] else ""
        lines.append(
            f"- {set_name}: {timing['documents']} documents, {timing['bytes'] / 1000:,.1f} KB "
            f"(mean {timing['chars'] / timing['documents']:,.0f} characters){errors}"
        )
    lines.append(
        "- 5 KB documents: the cleaned gold pages, each followed by the next ones (wrapping "
        "round), cut to about 5,000 characters at a paragraph break or a space; no meta. The "
        "cleaned gold pages keep the meta the clean stage gave them (a publisher from a credit "
        "line, a date line), as in a real run."
    )
    return lines


def appendix(runs: Sequence[GoldRun], reuters: Mapping[str, Any] | None) -> list[str]:
    lines = [
        "",
        "## Appendix: every miss",
        "",
        "One line per miss: `id [kind] gold … | predicted …`.",
    ]
    for run in runs:
        if not run.scores:
            continue
        by_field: dict[str, list[Miss]] = {}
        for miss in run.scores.misses:
            by_field.setdefault(miss.field, []).append(miss)
        for name in (
            "date", "publisher", "quote", "quantity", "relative date", "authors", "title",
            "language",
        ):  # fmt: skip
            misses = by_field.get(name, [])
            lines += [
                "",
                f"<details><summary>{run.name}: {name} misses ({len(misses)})</summary>",
                "",
                "```",
                *[m.line() for m in misses],
                "```",
                "",
                "</details>",
            ]
    if reuters and reuters.get("misses"):
        lines += [
            "",
            f"<details><summary>Reuters: the first {REUTERS_MISSES} month-day misses of each kind"
            "</summary>",
            "",
            "```",
            *reuters["misses"],
            "```",
            "",
            "</details>",
        ]
    return lines


def render(runs: Sequence[GoldRun], results: Mapping[str, Any], info: Mapping[str, Any]) -> str:
    lines = [
        "# Extraction benchmark results",
        "",
        "Generated by `benchmarks/extract/bench_extract.py`; overwritten on every run. "
        "See `README.md` in this folder for what is measured and how it is scored.",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['machine']}",
        f"- Python: {info['python']}; thresher {info['thresher']}, git {info['git']}",
        f"- extractors (defaults): {info['extractors']}",
        f"- reference data: {info['data']}",
        f"- command: `{info['command']}`",
        "",
        *targets_section(runs, results),
    ]
    if runs:
        lines += gold_section(runs, info["gold_pages"])
    lines += conll_section(results.get("conll"))
    lines += guess_people_section(results.get("guess_people"))
    lines += reuters_section(results.get("reuters"))
    lines += throughput_section(results.get("throughput"))
    notes = list(info.get("notes", []))
    if notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    lines += appendix(runs, results.get("reuters"))
    return "\n".join(lines) + "\n"


def describe(
    argv: Sequence[str] | None, data: Path, installed: bool, notes: list[str]
) -> dict[str, Any]:
    from framework.bench_pipeline import machine

    box = machine()
    given = list(sys.argv[1:] if argv is None else argv)
    try:
        pipeline = make_pipeline(installed)
        extractors = ", ".join(f"{r.name} ({r.plugin})" for r in pipeline.selected("extract"))
    except Exception as error:
        extractors = f"could not be listed: {error}"
    return {
        "date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "machine": f"{box['nproc']} CPUs ({box['cpu']}), {box['memory']} RAM, {box['platform']}",
        "python": f"{box['python']} (`{sys.executable}`)",
        "thresher": box["thresher"],
        "git": box["git"],
        "extractors": extractors,
        "data": f"`{data.resolve()}` (outside the repository)"
        if data.is_dir()
        else f"not found at {data}",
        "command": shlex.join(["python", "benchmarks/extract/bench_extract.py", *given]),
        "notes": notes,
    }


# -- main -----------------------------------------------------------------------------------------


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}"
    )
    parser.add_argument(
        "--gold", type=Path, default=GOLD, help="folder with articles.jsonl and gold.jsonl"
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reference data folder")
    parser.add_argument(
        "--reuters", type=int, default=2000, metavar="N", help="Reuters stories (default 2000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="Reuters sample seed (default 1)")
    parser.add_argument(
        "--repeat", type=int, default=15, help="timing runs, best kept (default 15)"
    )
    parser.add_argument(
        "--work", type=Path, help="keep the CLI run's export here (default: a temporary folder)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown report path")
    parser.add_argument("--no-results", action="store_true", help="do not write the report")
    parser.add_argument(
        "--with-installed-plugins",
        action="store_true",
        help="let installed plugins add extractors (default: built-in plugins only)",
    )
    args = parser.parse_args(argv)
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"--parts: unknown {', '.join(sorted(unknown))}")
    return args


def guarded(name: str, function: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A part's figures, or ``{"error": ...}``: one failing part leaves the others measured."""
    try:
        return function()
    except Exception as error:
        return {"error": failure(error)}


def reference_part(name: str, path: Path, function: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    if not path.is_file():
        message = (
            f"SKIP: {name}: {path} not found (the reference data lives outside the repository)"
        )
        print(message, file=sys.stderr)
        return {"skipped": message}
    return guarded(name, function)


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    installed = args.with_installed_plugins
    notes: list[str] = []
    results: dict[str, Any] = {}
    runs: list[GoldRun] = []
    with contextlib.ExitStack() as stack:
        work = args.work or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="thresher-extract-"))
        )
        work.mkdir(parents=True, exist_ok=True)
        if "gold" in args.parts:
            runs = gold_part(args.gold, work, installed, notes)
        if "conll" in args.parts:
            conll = args.data / CONLL_FILE
            results["conll"] = reference_part(
                "CoNLL-2003", conll, lambda: conll_part(conll, installed, notes)
            )
        if "conll" in args.parts:
            conll = args.data / CONLL_FILE
            results["guess_people"] = guarded(
                "guess_people", lambda: guess_people_part(args.gold, conll)
            )
        if "reuters" in args.parts:
            reuters = args.data / REUTERS_FILE
            results["reuters"] = reference_part(
                "Reuters",
                reuters,
                lambda: reuters_part(reuters, args.reuters, args.seed, installed, notes),
            )
        if "throughput" in args.parts:
            results["throughput"] = guarded(
                "throughput", lambda: throughput_part(args.gold, args.repeat, installed, notes)
            )
    info = describe(argv, args.data, installed, notes)
    info["gold_pages"] = len(read_jsonl(args.gold / "gold.jsonl"))
    report = render(runs, results, info)
    if not args.no_results:
        args.results.write_text(report, encoding="utf-8")
        progress(f"wrote {args.results}")
    if args.json:
        payload = {
            "run": info,
            "gold": {
                r.name: {
                    "summary": r.summary(),
                    "error": r.error,
                    "details": r.details,
                    "languages": {k: v.summary() for k, v in r.languages.items()},
                    "misses": [m.line() for m in (r.scores.misses if r.scores else [])],
                }
                for r in runs
            },
            **results,
        }
        Path(args.json).write_text(
            json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
