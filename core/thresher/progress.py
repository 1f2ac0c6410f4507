"""What the CLI shows on stderr: a progress bar, the summary table, explanations."""

from __future__ import annotations

import time

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

from .model import Document, Fate
from .report import RunReport
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


def print_summary(report: RunReport, output: str | None, console: Console | None = None) -> None:
    """The end-of-run table: per stage in, out, dropped by reason, errors, time."""
    console = console or Console(stderr=True)
    table = Table(title="thresher run", title_justify="left")
    for column in ("stage", "in", "out", "dropped", "duplicates", "failed", "seconds"):
        table.add_column(column, justify="left" if column in ("stage", "dropped") else "right")
    for name, stats in report.stages.items():
        dropped = ", ".join(f"{reason} {count}" for reason, count in sorted(stats.dropped.items()))
        table.add_row(
            name,
            str(stats.documents_in) if name != "load" else "",
            str(stats.documents_out),
            dropped or "",
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
    for problem in report.problems[:10]:
        why = problem.get("error") or problem.get("reason")
        console.print(f"  [yellow]![/] {escape(problem['source'])}: {escape(str(why))}")
    if len(report.problems) > 10:
        console.print(f"  ... and {len(report.problems) - 10} more in report.json")


def explain_document(document: Document, console: Console | None = None) -> None:
    """Each removal with its component and reason, then the cleaned text."""
    console = console or Console()
    fate = document.fate.value
    if document.fate is Fate.DROPPED:
        fate += f" ({document.reason})"
    elif document.failure is not None:
        fate += f" ({document.failure})"
    console.rule(f"[bold]{escape(document.id)}[/] · {escape(str(document.source))} · {fate}")
    for key, value in sorted(document.meta.items()):
        console.print(f"[dim]meta.{escape(key)}[/] = {escape(str(value))}")
    if not document.removals:
        console.print("[dim]nothing removed[/]")
    for removal in document.removals:
        text = removal.text if len(removal.text) <= 300 else removal.text[:300] + "…"
        line = f"[red]- {escape(removal.component)}/{escape(removal.reason)}[/]: {escape(text)}"
        if removal.replacement is not None:
            line += f"\n  [green]+ {escape(removal.replacement[:300])}[/]"
        console.print(line)
    console.print("[bold]kept text:[/]")
    console.print(escape(document.text) if document.text else "[dim](empty)[/]")
