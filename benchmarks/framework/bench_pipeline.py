"""End-to-end throughput and memory of the default thresher pipeline.

Runs ``python -m thresher`` (the interpreter running this script, so the
same virtual environment) as a subprocess on the first N documents of the
Reuters-21578 newswire corpus, in several executor configurations, and
writes a Markdown table to ``RESULTS.md`` next to this file.

The data is third-party (research use only) and is read from
``../shared/data/`` relative to the repository root; it is never copied
into the repository. Inputs and outputs live in a temporary folder that is
removed afterwards. Without the data file the benchmark prints why and
exits 0.

    python benchmarks/framework/bench_pipeline.py --docs 10000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "reuters21578.jsonl"
RESULTS = HERE / "RESULTS.md"
EXPORT_FILE = "documents.jsonl"
#: How often the whole process tree's resident memory is sampled.
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Config:
    """One way of running thresher; ``argv`` goes after ``python -m thresher -q``."""

    name: str
    description: str
    full: bool  # all five stages (True) or the load+export baseline
    argv: tuple[str, ...]

    def command(self, input_path: Path, output: Path) -> list[str]:
        # Options go before INPUT: the chained CLI parses the command's own
        # options most reliably there.
        args = [a.format(input=input_path, output=output) for a in self.argv]
        return [sys.executable, "-m", "thresher", "-q", *args]


CONFIGS: tuple[Config, ...] = (
    Config(
        "baseline",
        "load + export only (`thresher load IN export -o OUT`)",
        False,
        ("load", "{input}", "export", "-f", "jsonl", "-o", "{output}"),
    ),
    Config(
        "local-1",
        "`thresher run`, local executor, 1 worker (in-process)",
        True,
        ("run", "-w", "1", "-f", "jsonl", "-o", "{output}", "{input}"),
    ),
    Config(
        "local-2",
        "`thresher run`, local executor, 2 worker processes",
        True,
        ("run", "-w", "2", "-f", "jsonl", "-o", "{output}", "{input}"),
    ),
    Config(
        "dask-2",
        "`thresher run`, dask executor, loopback LocalCluster with 2 workers",
        True,
        ("run", "--executor", "dask", "-w", "2", "-f", "jsonl", "-o", "{output}", "{input}"),
    ),
)


@dataclass
class Measurement:
    """One subprocess run."""

    wall: float
    peak_rss_mb: float  # largest single process (wait4 ru_maxrss; children included)
    tree_rss_mb: float | None  # largest sampled sum over the process tree (psutil)
    report: dict[str, Any]
    exported_lines: int
    digest: str
    kept_output: Path


@dataclass
class Result:
    config: Config
    docs: int
    input_mb: float
    runs: list[Measurement] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.runs)

    @property
    def best_wall(self) -> float:
        return min(m.wall for m in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(m.peak_rss_mb for m in self.runs)

    @property
    def tree_rss_mb(self) -> float | None:
        values = [m.tree_rss_mb for m in self.runs if m.tree_rss_mb is not None]
        return max(values) if values else None


# -- input ---------------------------------------------------------------------


def write_input(data: Path, docs: int, target: Path) -> tuple[int, int]:
    """The first ``docs`` records with non-empty text as ``{id, text, title}`` JSONL.

    Returns (documents written, UTF-8 bytes of their text).
    """
    written = text_bytes = 0
    with data.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for line in source:
            if written >= docs:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            text = record.get("text") or ""
            if not text.strip():
                continue
            row = {"id": str(record["id"]), "text": text, "title": record.get("title") or ""}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
            text_bytes += len(text.encode("utf-8"))
    return written, text_bytes


# -- measuring -----------------------------------------------------------------


class TreeSampler:
    """Samples the summed RSS of a process and all its descendants (needs psutil)."""

    def __init__(self, pid: int) -> None:
        self.peak: float | None = None
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self._thread: threading.Thread | None = None
            return
        self._root = psutil.Process(pid)
        self._psutil = psutil
        self.peak = 0.0
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        psutil = self._psutil
        while not self._stop.is_set():
            try:
                processes = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for process in processes:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
            self.peak = max(self.peak or 0.0, total / 2**20)
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def run_once(
    config: Config, input_path: Path, workdir: Path, log: Path, env: dict[str, str]
) -> Measurement:
    output = workdir / f"out-{config.name}"
    shutil.rmtree(output, ignore_errors=True)
    command = config.command(input_path, output)
    with log.open("ab") as log_file:
        log_file.write(f"$ {shlex.join(command)}\n".encode())
        log_file.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log_file, stderr=log_file, cwd=workdir, env=env)
        sampler = TreeSampler(process.pid)
        # wait4 gives this child's own rusage: ru_maxrss is the largest RSS of
        # the child or any descendant it reaped (worker processes), in KiB.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(
            f"{config.name}: exit code {process.returncode}; see {log}:\n"
            + log.read_text(errors="replace")[-3000:]
        )
    report = json.loads((output / "report.json").read_text())
    exported = output / EXPORT_FILE
    data = exported.read_bytes()
    kept = workdir / f"{config.name}-{input_path.stem}-{EXPORT_FILE}"
    shutil.copyfile(exported, kept)
    return Measurement(
        wall=wall,
        peak_rss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=sampler.peak,
        report=report,
        exported_lines=data.count(b"\n"),
        digest=hashlib.sha256(data).hexdigest()[:12],
        kept_output=kept,
    )


def check(result: Result, measurement: Measurement) -> None:
    """The report is complete and balanced, and agrees with the input and the output file."""
    report = measurement.report
    counts = report["documents"]
    name = result.config.name
    if report["status"] != "completed":
        result.problems.append(f"{name}: status {report['status']!r}: {report.get('error')}")
    if not counts["balanced"]:
        result.problems.append(f"{name}: report not balanced: {counts}")
    if counts["loaded"] != result.docs:
        result.problems.append(f"{name}: loaded {counts['loaded']} of {result.docs} documents")
    if counts["exported"] != measurement.exported_lines:
        result.problems.append(
            f"{name}: report says {counts['exported']} exported, "
            f"{EXPORT_FILE} has {measurement.exported_lines} lines"
        )
    if counts["failed"]:
        result.problems.append(f"{name}: {counts['failed']} documents failed")


def measure(
    config: Config,
    input_path: Path,
    docs: int,
    text_bytes: int,
    repeat: int,
    workdir: Path,
    env: dict[str, str],
) -> Result:
    result = Result(config, docs, text_bytes / 1e6)
    log = workdir / f"{config.name}-{docs}.log"
    for attempt in range(1, repeat + 1):
        measurement = run_once(config, input_path, workdir, log, env)
        check(result, measurement)
        result.runs.append(measurement)
        print(
            f"  {config.name:<9} {docs:>6} docs  run {attempt}/{repeat}: "
            f"{measurement.wall:6.2f} s, peak RSS {measurement.peak_rss_mb:6.1f} MB"
            + (
                f", tree {measurement.tree_rss_mb:6.1f} MB"
                if measurement.tree_rss_mb is not None
                else ""
            ),
            flush=True,
        )
    digests = {m.digest for m in result.runs}
    if len(digests) > 1:
        result.problems.append(f"{config.name}: output differs between repeats: {digests}")
    return result


# -- reporting -----------------------------------------------------------------


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    try:
        import thresher

        version = getattr(thresher, "__version__", "unknown")
    except ImportError:
        version = "not importable"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "memory": memory,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "thresher": version,
        "git": git_revision(),
    }


def git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "core", "plugins"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' (core/plugins modified)' if dirty else ''}"


def row(result: Result, baseline: Result | None) -> str:
    counts = result.runs[0].report["documents"]
    wall = result.wall
    overhead = f"{wall / baseline.wall:.1f}×" if baseline is not None else "—"
    tree = result.tree_rss_mb
    stages = result.runs[0].report["stages"]
    clean = stages.get("clean", {}).get("seconds")
    return (
        f"| {result.config.name} | {result.docs} | {wall:.2f} | {result.best_wall:.2f} "
        f"| {result.docs / wall:,.0f} | {result.input_mb / wall:.2f} "
        f"| {result.peak_rss_mb:.1f} | {'n/a' if tree is None else f'{tree:.1f}'} "
        f"| {overhead} | {'—' if clean is None else f'{clean:.2f}'} "
        f"| {counts['exported']} / {counts['duplicates']} "
        f"| {'yes' if counts['balanced'] and not result.problems else 'NO'} |"
    )


HEADER = (
    "| config | docs | wall s (median) | wall s (best) | docs/s | MB/s text "
    "| peak RSS MB (largest process) | peak RSS MB (process tree) | × baseline "
    "| clean stage s | exported / duplicates | balanced & consistent |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
)


def stage_table(result: Result) -> list[str]:
    stages = result.runs[0].report["stages"]
    lines = [
        f"Per-stage time reported by thresher itself (`report.json`, {result.config.name}, "
        f"{result.docs} docs, first run). A stage's seconds are the time spent pulling "
        "documents through it, excluding upstream stages; component seconds are summed "
        "over workers, so with several workers they can exceed the stage's wall time.",
        "",
        "| stage | in | out | seconds | component seconds |",
        "|---|---:|---:|---:|---|",
    ]
    order = ["load", "clean", "dedupe", "extract"]
    for name in sorted(stages, key=lambda s: order.index(s) if s in order else len(order)):
        stats = stages[name]
        components = ", ".join(f"{k} {v:.2f}" for k, v in stats["component_seconds"].items())
        lines.append(
            f"| {name} | {stats['in']} | {stats['out']} | {stats['seconds']:.2f} "
            f"| {components or '—'} |"
        )
    return lines


def write_results(
    results: Sequence[Result],
    scale: Sequence[Result],
    command: str,
    data: Path,
    repeat: int,
    consistency: list[str],
    setup: str,
) -> None:
    info = machine()
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    main = results[0]
    baseline = next((r for r in results if not r.config.full), None)
    lines = [
        "# Framework benchmark results",
        "",
        "Generated by `benchmarks/framework/bench_pipeline.py`; overwritten on every run. "
        "See `README.md` in this folder for what is measured.",
        "",
        f"- date: {now}",
        f"- machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, "
        f"{info['platform']}",
        f"- Python: {info['python']} (`{sys.executable}`); thresher {info['thresher']}, "
        f"git {info['git']}",
        f"- data: `{data.name}` (Reuters-21578, read from `../shared/data/`, not in the "
        f"repository), first {main.docs} records with non-empty text, "
        f"{main.input_mb:.2f} MB of text",
        f"- repeats per configuration: {repeat} (wall: median and best; RSS: maximum)",
        f"- {setup}",
        "",
        "Reproduce (from the repository root):",
        "",
        "```",
        command,
        "```",
        "",
        "## Throughput and memory",
        "",
        HEADER,
    ]
    lines += [row(r, baseline if r.config.full else None) for r in results]
    lines += [
        "",
        "Configurations:",
        "",
        *[f"- **{c.name}**: {c.description}" for c in {r.config: None for r in results}],
        "",
        "docs/s and MB/s use the median wall time of the whole subprocess (interpreter "
        "start, plugin loading and, for dask, starting the cluster included). "
        "*Largest process* is `ru_maxrss` from `wait4` (the biggest single process: the "
        "driver or any worker it reaped); *process tree* is the largest sum of RSS over "
        f"the process and all its descendants, sampled every {SAMPLE_SECONDS * 1000:.0f} ms "
        "with psutil (shared pages counted once per process, so it over-counts forked "
        "workers).",
        "",
    ]
    if scale:
        lines += [
            "## Scale check: memory against corpus size",
            "",
            HEADER,
            *[row(r, None) for r in scale],
            "",
        ]
        growth = scale[-1].peak_rss_mb - scale[0].peak_rss_mb
        per_doc = growth * 2**20 / max(1, scale[-1].docs - scale[0].docs)
        lines += [
            f"Peak RSS grows by {growth:.1f} MB from {scale[0].docs} to {scale[-1].docs} "
            f"documents, {per_doc:,.0f} bytes per extra document (the exact dedupe index "
            "alone needs about 16 bytes per document).",
            "",
        ]
    lines += ["## Stage breakdown", ""]
    full = next((r for r in results if r.config.name == "local-1"), None)
    if full is not None:
        lines += [*stage_table(full), ""]
    lines += ["## Checks", ""]
    problems = [p for r in [*results, *scale] for p in r.problems] + consistency
    if problems:
        lines += [f"- PROBLEM: {p}" for p in problems]
    else:
        lines += [
            "- every run's `report.json` has status `completed` and `balanced: true`, "
            "loaded equals the number of input documents, and the exported count equals "
            f"the lines of `{EXPORT_FILE}`",
            "- every full-pipeline configuration exported byte-identical output "
            "(same exported and duplicate counts, same SHA-256)",
        ]
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def consistency_problems(results: Sequence[Result]) -> list[str]:
    full = [r for r in results if r.config.full]
    digests = {r.config.name: r.runs[0].digest for r in full}
    if len(set(digests.values())) <= 1:
        return []
    problems = [f"full-pipeline outputs differ between configurations: {digests}"]
    reference = full[0]
    for other in full[1:]:
        if other.runs[0].digest != reference.runs[0].digest:
            detail = first_difference(reference.runs[0].kept_output, other.runs[0].kept_output)
            problems.append(f"{reference.config.name} vs {other.config.name}: {detail}")
    return problems


def first_difference(left: Path, right: Path) -> str:
    """Where two JSONL exports first differ: document id and top-level fields."""
    with left.open("rb") as a, right.open("rb") as b:
        for number, (x, y) in enumerate(zip(a, b, strict=False), 1):
            if x == y:
                continue
            one, two = json.loads(x), json.loads(y)
            keys = sorted(k for k in {*one, *two} if one.get(k) != two.get(k))
            if not keys:
                return f"line {number} ({one.get('id')}): same fields, different serialisation"
            key = keys[0]
            return (
                f"line {number} ({one.get('id')}) differs in {keys}; {key}: "
                f"{json.dumps(one.get(key))[:160]} vs {json.dumps(two.get(key))[:160]}"
            )
    return "one export is a prefix of the other"


def snapshot_source(target: Path) -> Path:
    """Copy ``core/`` and ``plugins/`` (Python files only) to ``target``.

    The subprocesses import thresher from this frozen copy (it goes first on
    ``PYTHONPATH``, ahead of the editable install's path entries), so every
    configuration and repeat measures the same code even if the working tree
    is edited while the benchmark runs.
    """
    for folder in ("core", "plugins"):
        shutil.copytree(
            REPO / folder,
            target / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
        )
    return target


def source_fingerprint(root: Path = REPO) -> str:
    """A hash of the framework's source, to notice it changing during a benchmark."""
    digest = hashlib.sha256()
    for folder in ("core", "plugins"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# -- main ----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="Reuters-21578 JSONL (default: ../shared/data/reuters21578.jsonl from the repo root)",
    )
    parser.add_argument("--docs", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration (default 3)")
    parser.add_argument(
        "--scale-docs",
        type=int,
        default=None,
        help="second corpus size for the memory scale check (default 2 × --docs; 0 = skip)",
    )
    parser.add_argument(
        "--configs",
        default=",".join(c.name for c in CONFIGS),
        help="comma-separated configurations to run (default: all)",
    )
    parser.add_argument(
        "--with-installed-plugins",
        action="store_true",
        help="also load installed plugins (entry points); default: built-in plugins only, "
        "so the numbers do not depend on what else is installed",
    )
    parser.add_argument(
        "--live-source",
        action="store_true",
        help="import thresher from the working tree as installed, instead of a frozen "
        "copy of core/ and plugins/ taken when the benchmark starts",
    )
    args = parser.parse_args(argv)
    data: Path = args.data if args.data.is_absolute() else (REPO / args.data)
    data = Path(os.path.normpath(data))
    if not data.is_file():
        print(
            f"SKIP: benchmark data {data} is not there. It is third-party data kept outside "
            "the repository (../shared/data/reuters21578.jsonl); pass --data PATH to use "
            "another copy.",
        )
        return 0
    if args.docs < 1 or args.repeat < 1:
        parser.error("--docs and --repeat must be at least 1")
    wanted = [n.strip() for n in args.configs.split(",") if n.strip()]
    known = {c.name: c for c in CONFIGS}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        parser.error(f"unknown configuration(s) {unknown}; known: {', '.join(known)}")
    configs = [known[n] for n in wanted]
    scale_docs = args.scale_docs if args.scale_docs is not None else 2 * args.docs

    options = ["--docs", str(args.docs), "--repeat", str(args.repeat)]
    options += ["--scale-docs", str(scale_docs)]
    if data != Path(os.path.normpath(DEFAULT_DATA)):
        options += ["--data", str(data)]
    if wanted != list(known):
        options += ["--configs", ",".join(wanted)]
    options += ["--with-installed-plugins"] * args.with_installed_plugins
    options += ["--live-source"] * args.live_source
    command = shlex.join(["python", "benchmarks/framework/bench_pipeline.py", *options])

    fingerprint = source_fingerprint()
    workdir = Path(tempfile.mkdtemp(prefix="thresher-bench-"))
    try:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if not args.with_installed_plugins:
            env["THRESHER_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        if not args.live_source:
            source = snapshot_source(workdir / "source")
            fingerprint = source_fingerprint(source)
            paths = [str(source / "core"), str(source / "plugins")]
            env["PYTHONPATH"] = os.pathsep.join(
                [*paths, *filter(None, [os.environ.get("PYTHONPATH")])]
            )
            imported = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import thresher, thresher_plugins as p; "
                    "print(thresher.__file__); print(p.__file__)",
                ],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            if not all(Path(f).is_relative_to(source) for f in imported):
                raise SystemExit(f"the frozen source is not the one imported: {imported}")
        input_path = workdir / "input.jsonl"
        docs, text_bytes = write_input(data, args.docs, input_path)
        print(f"input: {docs} documents, {text_bytes / 1e6:.2f} MB of text ({workdir})")
        results = [
            measure(c, input_path, docs, text_bytes, args.repeat, workdir, env) for c in configs
        ]
        scale: list[Result] = []
        if scale_docs and scale_docs != docs:
            scale_input = workdir / "input-scale.jsonl"
            scale_count, scale_bytes = write_input(data, scale_docs, scale_input)
            print(f"scale check: {scale_count} documents, {scale_bytes / 1e6:.2f} MB of text")
            local = known["local-1"]
            first = next((r for r in results if r.config is local), None)
            if first is None:
                first = measure(local, input_path, docs, text_bytes, args.repeat, workdir, env)
            second = measure(
                local, scale_input, scale_count, scale_bytes, args.repeat, workdir, env
            )
            scale = sorted([first, second], key=lambda r: r.docs)
        consistency = consistency_problems(results)
        if args.live_source and source_fingerprint() != fingerprint:
            consistency.append(
                "the source of core/ or plugins/ changed while the benchmark ran; "
                "the configurations may have measured different code"
            )
        setup = (
            (
                "installed plugins loaded too"
                if args.with_installed_plugins
                else "built-in plugins only (`THRESHER_DISABLE_PLUGIN_AUTOLOAD=1`)"
            )
            + "; thresher source: "
            + (
                "working tree as installed"
                if args.live_source
                else f"frozen copy of core/ and plugins/ taken at start (fingerprint {fingerprint})"
            )
        )
        write_results(results, scale, command, data, args.repeat, consistency, setup)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(RESULTS.read_text())
    problems = [p for r in [*results, *scale] for p in r.problems] + consistency
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
