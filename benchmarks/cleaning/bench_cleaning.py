"""Cleaning quality and speed: thresher's clean stage against keep-all and datatrove's C4 rules.

Every method gets the same plain text, documents with an id, the text and
``meta={"url": ...}``:

* ``keep-all``: the input unchanged (the floor for precision, the ceiling for recall);
* ``datatrove-c4``: datatrove's ``C4QualityFilter`` applied to each line on
  its own, the configuration behind the published 0.842 F1 on scrapinghub
  (skipped when datatrove cannot be imported, see ``--datatrove-python``);
* ``thresher``: the default clean stage through the embedding API
  (``Pipeline(...).process``), plus one variant per ``--cleaners`` spec.

Two test sets: the labelled corpus in ``corpus/`` (written for the project,
always present) and ``../shared/data/textclean-scrapinghub.jsonl`` relative
to the repository (real pages, never copied into the repository; skipped
with a message when absent), scored with ``../shared/bin/score-textclean``.

    python benchmarks/cleaning/bench_cleaning.py
    python benchmarks/cleaning/bench_cleaning.py --cleaners unicode,whitespace \
        --cleaners=-repeated-paragraphs --datatrove-python /tmp/dtvenv/bin/python
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
REPO = BENCHMARKS.parent
# Run as a script, this folder is on sys.path but ``benchmarks/`` is not; the
# modules are imported as ``cleaning.*`` so that two benchmarks' ``corpus``
# modules can never shadow each other.
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from caches import forget_cached_texts  # noqa: E402
from cleaning.corpus import (  # noqa: E402
    BOILERPLATE_LABELS,
    CORPUS_DIR,
    METADATA_LABELS,
    CorpusDocument,
    label_counts,
    load_corpus,
)
from cleaning.metrics import Prediction, run_thresher, score_predictions  # noqa: E402
from timing import one_core  # noqa: E402

DEFAULT_DATA = REPO / ".." / "shared" / "data" / "textclean-scrapinghub.jsonl"
DEFAULT_SCORER = REPO / ".." / "shared" / "bin" / "score-textclean"
RESULTS = HERE / "RESULTS.md"
#: Input size the per-document latency is quoted for (UTF-8 bytes).
KB5 = 5000

#: C4QualityFilter on one line at a time. Each line is its own document, so
#: the page-level minimum of 5 sentences must be off (it would drop every
#: line); the other rules keep datatrove's defaults. On scrapinghub this gives
#: P 0.826 / R 0.858 / F1 0.842, the published baseline.
C4_OPTIONS: dict[str, Any] = {"min_num_sentences": -1}
DATATROVE_PROBE = (
    "import importlib.metadata as m, datatrove.pipeline.filters; print(m.version('datatrove'))"
)

TARGETS = {
    "scrapinghub F1": ">= 0.93",
    "corpus body retention": ">= 0.98",
    "corpus boilerplate removal": ">= 0.95",
    "thresher clean stage": "< 1 ms per 5 KB document",
}


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    url: str | None


@dataclass
class Method:
    name: str
    description: str
    predict: Callable[[Sequence[Item]], dict[str, Prediction]]
    timer: Callable[[Sequence[Item], int], float] | None = None
    #: thresher's run report of the last ``predict`` call (thresher methods only)
    last_report: dict[str, Any] | None = None


@dataclass
class Outcome:
    method: Method
    corpus: dict[str, Any] | None = None
    scrapinghub: dict[str, Any] | None = None
    timing: dict[str, dict[str, float]] = field(default_factory=dict)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # test set -> run report


def best_of(function: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        forget_cached_texts()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


# -- keep-all -------------------------------------------------------------------------


def keep_all(items: Sequence[Item]) -> dict[str, Prediction]:
    return {item.id: Prediction(item.text) for item in items}


# -- datatrove C4 -----------------------------------------------------------------------


def datatrove_version() -> str | None:
    try:
        import datatrove
        from datatrove.pipeline.filters import C4QualityFilter  # noqa: F401
    except ImportError:
        return None
    version = getattr(datatrove, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("datatrove")
    return str(version)


def c4_clean(items: Sequence[tuple[str, str]]) -> dict[str, str]:
    """``(id, text)`` → text made of the lines C4QualityFilter keeps (in-process)."""
    from datatrove.data import Document as DatatroveDocument
    from datatrove.pipeline.filters import C4QualityFilter

    line_filter = C4QualityFilter(**C4_OPTIONS)
    cleaned = {}
    for item_id, text in items:
        kept = []
        for number, line in enumerate(text.splitlines()):
            document = DatatroveDocument(text=line, id=f"{item_id}#{number}")
            verdict = line_filter.filter(document)
            passed = verdict[0] if isinstance(verdict, tuple) else verdict
            if passed and document.text:
                kept.append(document.text)
        cleaned[item_id] = "\n".join(kept)
    return cleaned


def c4_worker(source: Path, target: Path, repeat: int) -> None:
    """``--c4-worker``: run in an interpreter that has datatrove but maybe not thresher."""
    items = [
        (record["id"], record["text"])
        for record in map(json.loads, source.read_text(encoding="utf-8").splitlines())
    ]
    cleaned = c4_clean(items)
    seconds = best_of(lambda: c4_clean(items), repeat) if repeat else None
    with target.open("w", encoding="utf-8") as out:
        for item_id, text in cleaned.items():
            out.write(json.dumps({"id": item_id, "text": text}, ensure_ascii=False) + "\n")
    print(json.dumps({"datatrove": datatrove_version(), "seconds": seconds}))


class C4Runner:
    """datatrove in this process, or in another interpreter (``--datatrove-python``)."""

    def __init__(self, python: str | None) -> None:
        self.python = python
        self.version: str | None = None
        self._timings: dict[int, float] = {}
        if python is None:
            self.version = datatrove_version()
        else:
            probe = subprocess.run(
                [python, "-c", DATATROVE_PROBE],
                capture_output=True,
                text=True,
            )
            self.version = probe.stdout.strip() if probe.returncode == 0 else None

    @property
    def where(self) -> str:
        return "in-process" if self.python is None else f"via {self.python}"

    def _run(self, items: Sequence[Item], repeat: int) -> tuple[dict[str, str], float | None]:
        if self.python is None:
            pairs = [(item.id, item.text) for item in items]
            cleaned = c4_clean(pairs)
            return cleaned, (best_of(lambda: c4_clean(pairs), repeat) if repeat else None)
        with tempfile.TemporaryDirectory(prefix="thresher-c4-") as tmp:
            source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
            source.write_text(
                "".join(
                    json.dumps({"id": item.id, "text": item.text}, ensure_ascii=False) + "\n"
                    for item in items
                ),
                encoding="utf-8",
            )
            command = [self.python, __file__, "--c4-worker", str(source), str(target)]
            done = subprocess.run(
                [*command, "--repeat", str(repeat)], capture_output=True, text=True
            )
            if done.returncode != 0:
                raise RuntimeError(f"datatrove worker failed:\n{done.stderr[-3000:]}")
            report = json.loads(done.stdout.strip().splitlines()[-1])
            cleaned = {
                record["id"]: record["text"]
                for record in map(json.loads, target.read_text(encoding="utf-8").splitlines())
            }
            return cleaned, report["seconds"]

    def predict(self, items: Sequence[Item]) -> dict[str, Prediction]:
        cleaned, _ = self._run(items, 0)
        return {item_id: Prediction(text) for item_id, text in cleaned.items()}

    def time(self, items: Sequence[Item], repeat: int) -> float:
        _, seconds = self._run(items, repeat)
        assert seconds is not None
        return seconds


# -- thresher -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A clean-stage selection: ``None`` for the defaults, else a ``--cleaners`` spec."""

    spec: str | None

    @property
    def name(self) -> str:
        return "thresher" if self.spec is None else f"thresher[{self.spec}]"

    def stage_config(self, options: Mapping[str, Mapping[str, Any]]) -> Any:
        from thresher import StageConfig

        names = [n.strip() for n in (self.spec or "").split(",") if n.strip()]
        relative = [n for n in names if n[0] in "+-"]
        if relative and len(relative) != len(names):
            raise SystemExit(
                f"--cleaners {self.spec!r}: either list components (a,b) or change the "
                "defaults (+a,-b), not both"
            )
        config = StageConfig(options={k: dict(v) for k, v in options.items()})
        if relative:
            config.add = [n[1:] for n in relative if n[0] == "+"]
            config.skip = [n[1:] for n in relative if n[0] == "-"]
        elif names:
            config.components = names
        return config


def build_pipeline(
    variant: Variant, options: Mapping[str, Mapping[str, Any]], installed_plugins: bool
) -> Any:
    from thresher import ConfigError, Pipeline, PipelineConfig, RunSettings

    config = PipelineConfig()
    config.clean = variant.stage_config(options)
    # One process: the local executor runs in-process with one worker.
    config.run = RunSettings(executor="local", workers=1)
    pipeline = Pipeline(config, entrypoints=installed_plugins)
    try:
        pipeline.stage("clean")  # fail now on an unknown component or option
    except ConfigError as error:
        raise SystemExit(f"{variant.name}: {error}") from error
    return pipeline


def thresher_method(
    variant: Variant,
    options: Mapping[str, Mapping[str, Any]],
    stages: Sequence[str],
    installed_plugins: bool,
) -> Method:
    pipeline = build_pipeline(variant, options, installed_plugins)
    components = pipeline.resolved_config().clean.components or []

    def predict(items: Sequence[Item]) -> dict[str, Prediction]:
        predictions, method.last_report = run_thresher(
            pipeline, ((i.id, i.text, i.url) for i in items), stages=stages
        )
        return predictions

    def timer(items: Sequence[Item], repeat: int) -> float:
        return best_of(lambda: predict(items), repeat)

    method = Method(
        variant.name,
        f"`Pipeline.process`, stages {', '.join(stages)}; clean components: "
        f"{', '.join(components) or 'none'}",
        predict,
        timer,
    )
    return method


def loading_floor(installed_plugins: bool) -> Method:
    """``Pipeline.process`` with no stage: documents in and out of the run engine."""
    pipeline = build_pipeline(Variant(None), {}, installed_plugins)

    def predict(items: Sequence[Item]) -> dict[str, Prediction]:
        return run_thresher(pipeline, ((i.id, i.text, i.url) for i in items), stages=())[0]

    return Method(
        "thresher, no stage",
        "`Pipeline.process(documents, stages=[])`: the run engine alone, the timing floor",
        predict,
        lambda items, repeat: best_of(lambda: predict(items), repeat),
    )


# -- data -------------------------------------------------------------------------------


def corpus_items(documents: Sequence[CorpusDocument]) -> list[Item]:
    return [Item(d.id, d.input_text(), d.url) for d in documents]


def scrapinghub_items(path: Path) -> list[Item]:
    items = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                items.append(Item(record["id"], record["text"], record.get("url")))
    return items


def score_scrapinghub(
    predictions: Mapping[str, Prediction], gold: Path, scorer: Path, target: Path
) -> dict[str, Any]:
    with target.open("w", encoding="utf-8") as out:
        for item_id, prediction in predictions.items():
            text = "" if prediction.dropped else prediction.text
            out.write(json.dumps({"id": item_id, "text": text}, ensure_ascii=False) + "\n")
    done = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(target)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{scorer} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    result["dropped"] = sum(p.dropped for p in predictions.values())
    return result


# -- reporting ------------------------------------------------------------------------------


def pct(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def machine_info() -> dict[str, str]:
    # The framework benchmark already describes the machine the same way.
    from framework.bench_pipeline import machine

    return machine()


def corpus_stats(documents: Sequence[CorpusDocument]) -> list[str]:
    templates: dict[str, int] = {}
    languages: dict[str, int] = {}
    for document in documents:
        templates[document.template] = templates.get(document.template, 0) + 1
        languages[document.lang] = languages.get(document.lang, 0) + 1
    drops = sum(d.drop is not None for d in documents)
    size = sum(len(d.input_text().encode()) for d in documents)
    return [
        f"- corpus: `{CORPUS_DIR.relative_to(REPO)}`, {len(documents)} documents "
        f"({drops} to drop) from {len(templates)} site templates, "
        f"{', '.join(f'{n} {lang}' for lang, n in sorted(languages.items()))}; "
        f"{size / 1000:.0f} KB of input",
    ]


def render_markdown(
    outcomes: Sequence[Outcome],
    documents: Sequence[CorpusDocument],
    info: Mapping[str, Any],
) -> str:
    lines = [
        "# Cleaning benchmark results",
        "",
        "Generated by `benchmarks/cleaning/bench_cleaning.py`; overwritten on every run. "
        "See `README.md` in this folder for what is measured.",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['machine']}",
        f"- Python: {info['python']}; thresher {info['thresher']}, git {info['git']}; "
        f"datatrove {info['datatrove']}",
        *corpus_stats(documents),
        f"- scrapinghub: {info['scrapinghub']}",
        f"- timing: best of {info['repeat']} runs, one process, {info['pinning']}; "
        "the cleaners' caches of short blocks are emptied before each run",
        "",
        "Reproduce (from the repository root):",
        "",
        "```",
        info["command"],
        "```",
        "",
        "Methods:",
        "",
    ]
    lines += [f"- **{o.method.name}**: {o.method.description}" for o in outcomes]
    lines += ["", "Targets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items()), ""]

    shub = [o for o in outcomes if o.scrapinghub]
    lines += ["## Scrapinghub (181 real pages, `score-textclean`)", ""]
    if shub:
        lines += [
            "| method | precision | recall | F1 | mean doc F1 | pages emptied |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for o in shub:
            s = o.scrapinghub or {}
            lines.append(
                f"| {o.method.name} | {s['precision']:.3f} | {s['recall']:.3f} "
                f"| **{s['f1']:.3f}** | {s['mean_doc_f1']:.3f} | {s['dropped']} |"
            )
    else:
        lines.append(f"Skipped: {info['scrapinghub']}")
    lines += [""]

    scored = [o for o in outcomes if o.corpus]
    lines += [
        "## Labelled corpus",
        "",
        "Body retention: share of body tokens (each distinct body paragraph once) found "
        "in the output. Boilerplate removal: share of boilerplate-label tokens not in "
        "the output beyond what the body accounts for. Metadata out: the same for "
        "title, byline, dateline, date, credit and meta rows. P/R/F1: the output "
        "against the body, bag of words, as `score-textclean` computes them.",
        "",
        "| method | body retention | boilerplate removal | metadata out | P | R | F1 "
        "| error pages dropped | articles dropped | repeated paragraphs kept once "
        "| paragraphs doubled / missing | date acc. | publisher acc. |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for o in scored:
        c = o.corpus or {}
        paragraphs = c["paragraphs"]
        meta = c["meta"]
        lines.append(
            f"| {o.method.name} | **{pct(c['body_retention'])}** "
            f"| **{pct(c['boilerplate_removal'])}** | {pct(c['metadata_removal'])} "
            f"| {pct(c['precision'])} | {pct(c['recall'])} | {pct(c['f1'])} "
            f"| {c['error_pages_dropped']}/{c['error_pages']} "
            f"| {c['articles_dropped']}/{c['articles']} "
            f"| {paragraphs['repeated_in_input_fixed']}/{paragraphs['repeated_in_input']} "
            f"| {paragraphs['repeated']} / {paragraphs['missing']} "
            f"| {pct(meta and meta['date_accuracy'], 2)} "
            f"| {pct(meta and meta['publisher_accuracy'], 2)} |"
        )
    failed = [
        (o.method.name, o.corpus["failed"]) for o in scored if o.corpus and o.corpus["failed"]
    ]
    if failed:
        lines += ["", "Failed documents: " + ", ".join(f"{n}: {k}" for n, k in failed)]
    lines += [
        "",
        "Paragraph check: distinct body paragraphs of 8 tokens or more "
        f"({scored[0].corpus['paragraphs']['checked'] if scored and scored[0].corpus else 0}), "
        "found as a whole token sequence in the output once, twice or more (doubled), "
        "or not at all (missing: removed or edited). Date accuracy counts pages that "
        "state a date; publisher accuracy, every article; — when the method extracts no metadata.",
        "",
        "### Per label: share of tokens removed",
        "",
    ]
    counts = label_counts(documents)
    header = "| label | group | rows | tokens | " + " | ".join(o.method.name for o in scored) + " |"
    lines += [header, "|---|---|---:|---:|" + "---:|" * len(scored)]
    first = scored[0].corpus if scored else None
    for group, labels in (("boilerplate", BOILERPLATE_LABELS), ("metadata", METADATA_LABELS)):
        for label in labels:
            if not first or label not in first["labels"]:
                continue
            cells = " | ".join(pct((o.corpus or {})["labels"][label]["removed"], 2) for o in scored)
            lines.append(
                f"| {label} | {group} | {counts.get(label, 0)} "
                f"| {first['labels'][label]['tokens']} | {cells} |"
            )
    lines += [
        "",
        "### Per template: body retention / boilerplate removal",
        "",
        "| template | docs | " + " | ".join(o.method.name for o in scored) + " |",
        "|---|---:|" + "---|" * len(scored),
    ]
    if first:
        for template, figures in first["templates"].items():
            cells = " | ".join(
                f"{pct((o.corpus or {})['templates'][template]['body_retention'])} / "
                f"{pct((o.corpus or {})['templates'][template]['boilerplate_removal'])}"
                for o in scored
            )
            lines.append(f"| {template} | {figures['documents']} | {cells} |")

    timed = [(o, name, t) for o in outcomes for name, t in o.timing.items()]
    lines += ["", "## Throughput (one core)", ""]
    if timed:
        lines += [
            "| method | test set | docs | input KB | best s | docs/s | ms per 5 KB |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for o, name, t in timed:
            lines.append(
                f"| {o.method.name} | {name} | {t['documents']:.0f} | {t['bytes'] / 1000:,.0f} "
                f"| {t['seconds']:.3f} | {t['documents'] / t['seconds']:,.0f} "
                f"| {1000 * t['seconds'] / (t['bytes'] / KB5):.3f} |"
            )
        lines += [
            "",
            "Wall time of the whole call, in this process, best of the runs: for thresher, "
            "`Pipeline.process(documents, stages=[...])` with the local executor and one "
            "worker (documents built, run engine, clean stage, results collected); the "
            "no-stage row is the same call with no stage, the framework's floor. "
            "ms per 5 KB = time per 5,000 bytes of UTF-8 input.",
        ]
    else:
        lines.append("Not measured (`--no-timing`).")
    lines += component_table(outcomes)
    notes = list(info.get("notes", []))
    if notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def component_table(outcomes: Sequence[Outcome]) -> list[str]:
    """Seconds per clean component, from thresher's own run report (the quality run)."""
    lines: list[str] = []
    for outcome in outcomes:
        stages = {name: r.get("stages", {}).get("clean") for name, r in outcome.reports.items()}
        stages = {name: stage for name, stage in stages.items() if stage}
        if not stages:
            continue
        components = sorted({c for stage in stages.values() for c in stage["component_seconds"]})
        sets = list(stages)
        lines += [
            "",
            f"### {outcome.method.name}: clean stage time per component",
            "",
            "From thresher's own run report of the last timed run (or of the quality "
            "run with `--no-timing`); removals: how many removals each "
            "component/reason code made.",
            "",
            "| component | " + " | ".join(f"{s} s" for s in sets) + " |",
            "|---|" + "---:|" * len(sets),
        ]
        for component in components:
            cells = " | ".join(
                f"{stages[s]['component_seconds'].get(component, 0.0):.3f}" for s in sets
            )
            lines.append(f"| {component} | {cells} |")
        totals = " | ".join(f"**{stages[s]['seconds']:.3f}**" for s in sets)
        lines.append(f"| whole stage | {totals} |")
        for name in sets:
            removals = stages[name].get("removals", {})
            if removals:
                top = sorted(removals.items(), key=lambda kv: -kv[1])
                lines += ["", f"Removals on {name}: " + ", ".join(f"{k} {v}" for k, v in top)]
    return lines


# -- main ---------------------------------------------------------------------------------


def parse_options(values: Sequence[str]) -> dict[str, dict[str, Any]]:
    from thresher.config import parse_value

    options: dict[str, dict[str, Any]] = {}
    for value in values:
        key, equals, raw = value.partition("=")
        component, dot, option = key.partition(".")
        if not equals or not dot or not component or not option:
            raise SystemExit(f"-s {value!r}: expected COMPONENT.OPTION=VALUE")
        options.setdefault(component, {})[option] = parse_value(raw)
    return options


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--methods",
        default="keep-all,datatrove-c4,thresher",
        help="comma-separated: keep-all, datatrove-c4, thresher (default: all three)",
    )
    parser.add_argument(
        "--cleaners",
        action="append",
        default=[],
        metavar="SPEC",
        help="an extra thresher variant: 'a,b,c' runs exactly those cleaners, "
        "'+a,-b' changes the defaults (write --cleaners=-b for a leading minus); repeatable",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="COMPONENT.OPTION=VALUE",
        help="a clean component option for every thresher variant (value read as TOML)",
    )
    parser.add_argument("--stages", default="clean", help="thresher stages to run (default: clean)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="labelled corpus folder")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="scrapinghub JSONL")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="score-textclean")
    parser.add_argument(
        "--datatrove-python",
        metavar="PYTHON",
        help="run datatrove in this interpreter (a venv with datatrove) instead of in-process",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timing runs, best kept (default 5)")
    parser.add_argument("--no-timing", action="store_true", help="quality only")
    parser.add_argument(
        "--json", metavar="PATH", help="also write all figures as JSON ('-': stdout)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown report path")
    parser.add_argument("--no-results", action="store_true", help="do not write the report")
    parser.add_argument("--predictions", type=Path, help="keep every method's output here")
    parser.add_argument(
        "--with-installed-plugins",
        action="store_true",
        help="let installed plugins add cleaners (default: built-in plugins only)",
    )
    parser.add_argument("--c4-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    if args.c4_worker:
        c4_worker(*args.c4_worker, repeat=args.repeat)
        return 0

    documents = load_corpus(args.corpus)
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    wanted = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = set(wanted) - {"keep-all", "datatrove-c4", "thresher"}
    if unknown:
        raise SystemExit(f"--methods: unknown {', '.join(sorted(unknown))}")
    options = parse_options(args.set)

    methods: list[Method] = []
    notes: list[str] = []
    if "keep-all" in wanted:
        methods.append(Method("keep-all", "the input text unchanged", keep_all))
    c4 = C4Runner(args.datatrove_python)
    if "datatrove-c4" in wanted:
        if c4.version is None:
            message = (
                "datatrove-c4 skipped: datatrove is not importable "
                f"({'in ' + args.datatrove_python if args.datatrove_python else 'here'}); "
                "pip install -r benchmarks/cleaning/requirements.txt, or point "
                "--datatrove-python at an interpreter that has it"
            )
            print(message, file=sys.stderr)
            notes.append(message)
        else:
            c4_arguments = ", ".join(f"{k}={v}" for k, v in C4_OPTIONS.items())
            methods.append(
                Method(
                    "datatrove-c4",
                    f"datatrove {c4.version} `C4QualityFilter({c4_arguments})` applied to "
                    f"each line as its own document, {c4.where}",
                    c4.predict,
                    c4.time,
                )
            )
    variants = ([Variant(None)] if "thresher" in wanted else []) + [
        Variant(spec) for spec in args.cleaners
    ]
    for variant in variants:
        methods.append(thresher_method(variant, options, stages, args.with_installed_plugins))

    items = corpus_items(documents)
    have_data = args.data.is_file()
    have_scorer = args.scorer.is_file()
    if not have_data:
        shub_note = f"not found at {args.data} (only in the project workspace); skipped"
    elif not have_scorer:
        shub_note = f"{args.data.name} found but the scorer {args.scorer} is missing; skipped"
    else:
        shub_note = f"`{args.data.resolve()}` (outside the repository)"
    if not (have_data and have_scorer):
        print(f"SKIP scrapinghub: {shub_note}", file=sys.stderr)
    shub_items = scrapinghub_items(args.data) if have_data and have_scorer else []

    with contextlib.ExitStack() as stack:
        if args.predictions:
            prediction_dir = args.predictions
            prediction_dir.mkdir(parents=True, exist_ok=True)
        else:
            prediction_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        outcomes = []
        for method in methods:
            print(f"{method.name}: quality", file=sys.stderr, flush=True)
            outcome = Outcome(method)
            predictions = method.predict(items)
            if method.last_report is not None:
                outcome.reports["corpus"] = method.last_report
            outcome.corpus = score_predictions(documents, predictions)
            write_predictions(prediction_dir / f"corpus-{safe(method.name)}.jsonl", predictions)
            if shub_items:
                shub_predictions = method.predict(shub_items)
                if method.last_report is not None:
                    outcome.reports["scrapinghub"] = method.last_report
                outcome.scrapinghub = score_scrapinghub(
                    shub_predictions,
                    args.data,
                    args.scorer,
                    prediction_dir / f"scrapinghub-{safe(method.name)}.jsonl",
                )
            outcomes.append(outcome)

        pinning = "not measured"
        if not args.no_timing:
            first_thresher = next(
                (n for n, o in enumerate(outcomes) if o.method.name.startswith("thresher")), None
            )
            if first_thresher is not None:
                # The same call with no stage: what the clean stage is measured against.
                floor = Outcome(loading_floor(args.with_installed_plugins))
                outcomes.insert(first_thresher, floor)
            sets = [("corpus", items)] + ([("scrapinghub", shub_items)] if shub_items else [])
            with one_core() as pinning:
                for outcome in outcomes:
                    if outcome.method.timer is None:
                        continue
                    for set_name, set_items in sets:
                        print(f"{outcome.method.name}: timing on {set_name}", file=sys.stderr)
                        seconds = outcome.method.timer(set_items, args.repeat)
                        if outcome.method.last_report is not None:
                            # warm and pinned, unlike the quality run
                            outcome.reports[set_name] = outcome.method.last_report
                        outcome.timing[set_name] = {
                            "seconds": seconds,
                            "documents": len(set_items),
                            "bytes": sum(len(i.text.encode()) for i in set_items),
                        }

    info = describe_run(argv, args, c4, shub_note, pinning)
    info["notes"] = notes
    report = render_markdown(outcomes, documents, info)
    if args.json != "-":
        print(report)
    if not args.no_results:
        args.results.write_text(report, encoding="utf-8")
        print(f"wrote {args.results}", file=sys.stderr)
    if args.json:
        payload = json.dumps(to_json(outcomes, info), indent=2, ensure_ascii=False)
        if args.json == "-":
            print(payload)
        else:
            Path(args.json).write_text(payload + "\n", encoding="utf-8")
    return 0


def safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def write_predictions(path: Path, predictions: Mapping[str, Prediction]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for item_id, prediction in predictions.items():
            record = {"id": item_id, "text": prediction.text, "status": prediction.status}
            if prediction.meta is not None:
                record["meta"] = dict(prediction.meta)
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def describe_run(
    argv: Sequence[str] | None, args: argparse.Namespace, c4: C4Runner, shub: str, pinning: str
) -> dict[str, Any]:
    machine = machine_info()
    given = list(sys.argv[1:] if argv is None else argv)
    return {
        "date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "machine": f"{machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']} RAM, "
        f"{machine['platform']}",
        "python": f"{machine['python']} (`{sys.executable}`)",
        "thresher": machine["thresher"],
        "git": machine["git"],
        "datatrove": f"{c4.version} ({c4.where})" if c4.version else "not available",
        "scrapinghub": shub,
        "repeat": args.repeat,
        "pinning": pinning,
        "command": shlex.join(["python", "benchmarks/cleaning/bench_cleaning.py", *given]),
    }


def to_json(outcomes: Sequence[Outcome], info: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "run": dict(info),
        "targets": TARGETS,
        "methods": {
            o.method.name: {
                "description": o.method.description,
                "corpus": o.corpus,
                "scrapinghub": o.scrapinghub,
                "timing": o.timing,
                "clean_stage": {
                    name: report.get("stages", {}).get("clean")
                    for name, report in o.reports.items()
                },
            }
            for o in outcomes
        },
    }


if __name__ == "__main__":
    sys.exit(main())
