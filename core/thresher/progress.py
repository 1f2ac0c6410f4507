"""What the CLI shows on stderr: a progress bar, the summary table, explanations."""

from __future__ import annotations

import time
from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import (
    Progress as RichBar,
)
from rich.table import Table
from rich.text import Text

from .cluster_report import describe_member
from .clusters import KEEPER_CRITERIA, Cluster
from .explain import Block, Cut, Explanation
from .model import Fate
from .report import RunReport, by_reason
from .run import Progress

#: Redraw at most this often: a progress bar must not cost throughput.
REFRESH_SECONDS = 0.2


class RichProgress(Progress):
    """Inputs done out of total, documents settled and exported; only on a terminal."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar = RichBar(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "inputs · {task.fields[documents]} documents · {task.fields[exported]} kept"
            ),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("thresher", total=None, documents=0, exported=0)
        self.last = 0.0
        self.bar.start()

    @classmethod
    def for_stderr(cls) -> Progress:
        console = Console(stderr=True)
        return cls(console) if console.is_terminal else Progress()

    def inputs(self, total: int) -> None:
        self.bar.update(self.task, total=total)

    def input(self, number: int, name: str) -> None:
        self.bar.update(self.task, completed=number - 1)

    def settled(self, report: RunReport) -> None:
        now = time.monotonic()
        if now - self.last >= REFRESH_SECONDS:
            self.last = now
            self.bar.update(self.task, documents=report.accounted, exported=report.exported)

    def close(self) -> None:
        self.bar.stop()


#: How many reason codes the end-of-run summary lists.
TOP_REASONS = 8


def print_summary(report: RunReport, output: str | None, console: Console | None = None) -> None:
    """The end-of-run table: per stage in, out, dropped by reason, errors, time; top removals."""
    console = console or Console(stderr=True)
    dry_run = report.dry_run
    title = "thresher run (dry run: cleaning changed nothing)" if dry_run else "thresher run"
    table = Table(title=title, title_justify="left")
    for column in ("stage", "in", "out", "dropped", "duplicates", "failed", "seconds"):
        table.add_column(column, justify="left" if column in ("stage", "dropped") else "right")
    for name, stats in report.stages.items():
        dropped = ", ".join(f"{reason} {count}" for reason, count in sorted(stats.dropped.items()))
        if stats.would_drop:
            would = ", ".join(f"{r} {n}" for r, n in sorted(stats.would_drop.items()))
            dropped = ", ".join(filter(None, [dropped, f"would drop: {would}"]))
        table.add_row(
            name,
            str(stats.documents_in) if name != "load" else "",
            str(stats.documents_out),
            escape(dropped),
            str(stats.duplicates or ""),
            str(stats.failed or ""),
            f"{stats.seconds:.2f}",
        )
    console.print(table)
    dropped_total = sum(report.dropped.values())
    console.print(
        f"{report.loaded} loaded: {report.exported} exported, {report.duplicates} duplicates, "
        f"{dropped_total} dropped, {report.failed} failed in {report.seconds:.2f}s"
        + (f" → {escape(output)}" if output and output != "-" else "")
    )
    _print_top_reasons(report, console)
    for problem in report.problems[:10]:
        why = problem.get("error") or problem.get("reason")
        console.print(f"  [yellow]![/] {escape(problem['source'])}: {escape(str(why))}")
    if len(report.problems) > 10:
        console.print(f"  ... and {len(report.problems) - 10} more in report.json")


def _print_top_reasons(report: RunReport, console: Console) -> None:
    # A dry run's removals were not made; the loader's (a date token) were.
    for dry_run, verb in ((False, "removed"), (True, "would remove")):
        counts: Counter[str] = Counter()
        chars: Counter[str] = Counter()
        for stats in report.stages.values():
            if stats.dry_run is dry_run:
                counts.update(by_reason(stats.removals))
                chars.update(by_reason(stats.removed_chars))
        if not counts:
            continue
        top = sorted(counts.items(), key=lambda item: (-chars[item[0]], -item[1], item[0]))
        shown = ", ".join(
            f"{escape(reason)} {count} ({chars[reason]:,} chars)"
            for reason, count in top[:TOP_REASONS]
        )
        more = f", and {len(top) - TOP_REASONS} more reasons" if len(top) > TOP_REASONS else ""
        console.print(f"{verb}: {shown}{more}")


# -- thresher explain ---------------------------------------------------------

#: Marks in front of each line of ``thresher explain``; they carry the meaning
#: without colour (a pipe, a file, --no-color).
MARKS = {"kept": " ", "rewritten": "~", "partial": "~", "removed": "-", "meta": ">"}

_STYLES = {
    "removed": "red strike",
    "meta": "cyan strike",
    "new": "green",
    "note": "dim",
}


def print_explanation(explanation: Explanation, console: Console | None = None) -> None:
    """The document as loaded, line by line: kept lines plain, removed ones marked with why.

    ``-`` marks a removed line, ``>`` a line moved into ``meta``, ``~`` a line
    partly removed or rewritten, with the removed parts in ``[-...-]`` and
    replacements in ``{+...+}``; each marked line ends with the
    ``component/reason`` of every change.
    """
    console = console or Console()
    document = explanation.document
    console.rule(Text.assemble((document.id, "bold"), " · ", _fate(explanation)))
    _print(console, Text.assemble(("source: ", "dim"), str(document.source)))
    for key, value in document.meta.items():
        line = Text.assemble(("meta.", "dim"), key, " = ", str(value))
        if key in explanation.meta_from_cleaning:
            line.append("  (set while cleaning)", style=_STYLES["note"])
        _print(console, line)
    if document.duplicates:
        _print(console, Text(f"absorbed duplicates: {', '.join(document.duplicates)}"))
    for cut in explanation.loading:
        _print(console, _whole_line(cut, note="while loading"))
    for block in explanation.blocks:
        _print(console, _block_line(block))
    for cut in explanation.not_located:
        _print(console, _whole_line(cut, note="not located in the text"))
    for component in explanation.unrecorded_changes:
        who = f"cleaner {component!r}" if component else "a cleaner"
        _print(
            console,
            Text(
                f"note: {who} changed the text without recording it; "
                "what follows it may be placed approximately",
                style="yellow",
            ),
        )
    _print(console, Text(_tally(explanation), style=_STYLES["note"]))


def print_cluster(cluster: Cluster, console: Console | None = None) -> None:
    """A duplicate cluster: its survivor, the policy that chose it, each member and why."""
    console = console or Console()
    console.rule(
        Text.assemble(
            ("cluster", "bold"), f" · {cluster.deduper} · survivor ", (cluster.survivor, "bold")
        )
    )
    facts = cluster.survivor_facts
    if facts:
        date = facts.get("date") or "no date"
        _print(
            console,
            Text(
                f"survivor: {facts.get('length', 0):,} characters, "
                f"{facts.get('metadata', 0)} metadata fields, {date}"
            ),
        )
    policy = ", then ".join(KEEPER_CRITERIA.get(c, c) for c in cluster.policy)
    _print(console, Text.assemble(("kept by: ", "dim"), policy))
    if cluster.settings:
        shown = ", ".join(f"{k} {v}" for k, v in cluster.settings.items())
        _print(console, Text.assemble(("settings: ", "dim"), shown))
    for member in cluster.members:
        _print(console, Text(f"  - {describe_member(cluster, member)}"))


def _print(console: Console, text: Text) -> None:
    # soft_wrap: long paragraphs stay one line when piped, and wrap on a terminal.
    console.print(text, soft_wrap=True)


def _fate(explanation: Explanation) -> Text:
    document = explanation.document
    if document.fate is Fate.DROPPED:
        by = f" by {explanation.dropped_by}" if explanation.dropped_by else ""
        return Text(f"dropped ({document.reason}{by})", style="bold red")
    if document.fate is Fate.DUPLICATE:
        return Text(f"duplicate of {document.duplicate_of}", style="bold yellow")
    if document.failure is not None:
        return Text(f"failed ({document.failure})", style="bold red")
    return Text(document.fate.value, style="bold green")


def _labels(cuts: list[Cut]) -> Text:
    labels: list[str] = []
    for cut in cuts:
        label = cut.label
        if cut.to_meta:
            label += f" → meta.{cut.meta_key}" if cut.meta_key else " → meta"
        if label not in labels:
            labels.append(label)
    return Text("  ← " + "; ".join(labels), style=_STYLES["note"])


def _whole_line(cut: Cut, note: str) -> Text:
    kind = "meta" if cut.to_meta else "removed"
    line = Text(f"{MARKS[kind]} ")
    line.append(cut.text, style=_STYLES[kind])
    if cut.replacement is not None:
        line.append("{+" + cut.replacement + "+}", style=_STYLES["new"])
    line.append_text(_labels([cut]))
    line.append(f" ({note})", style=_STYLES["note"])
    return line


def _block_line(block: Block) -> Text:
    status = block.status
    if status == "kept":
        return Text(f"{MARKS['kept']} {block.text}")
    if status == "removed" and all(cut.to_meta for cut in block.cuts if not cut.rewrite):
        status = "meta"
    line = Text(f"{MARKS[status]} ")
    whole = status in ("removed", "meta")
    for segment in block.segments:
        if segment.cut is None:
            line.append(segment.text)
            continue
        cut = block.cuts[segment.cut]
        style = _STYLES["meta" if cut.to_meta else "removed"]
        if whole:
            line.append(segment.text, style=style)
            continue
        if segment.text:
            line.append("[-" + segment.text + "-]", style=style)
        if cut.replacement is not None:
            line.append("{+" + cut.replacement + "+}", style=_STYLES["new"])
    line.append_text(_labels(block.cuts))
    return line


def _tally(explanation: Explanation) -> str:
    statuses = Counter(block.status for block in explanation.blocks)
    order = ("kept", "rewritten", "partial", "removed")
    parts = [f"{statuses[status]} {status}" for status in order if statuses[status]]
    reasons = Counter(r.reason for r in explanation.document.removals)
    summary = f"{len(explanation.blocks)} lines: {', '.join(parts)}" if parts else "no text"
    if reasons:
        summary += " · removals: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common())
    return summary
