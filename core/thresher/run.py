"""Executing stages: the run context, output routing and the run report.

A run pulls documents through the stages lazily. At the end of the chain
every document is *settled*: kept documents go to the exporters, every other
one to ``rejected.jsonl`` with its fate and reason, and the report counts
both, so ``loaded == exported + duplicates + dropped + failed`` holds.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs
import orjson

from .clusters import CLUSTERS_FILE, Cluster
from .components import Executor, Exporter, ExportSink
from .config import PipelineConfig
from .errors import ConfigError, StageError, ThresherError
from .model import Document
from .output import AtomicFile, remove_stale_partials, write_atomically
from .report import RunReport
from .spool import DocumentSpool

if TYPE_CHECKING:
    import pluggy

    from .stages import Stage

REPORT_FILE = "report.json"
REJECTED_FILE = "rejected.jsonl"


class Progress:
    """Receives progress events; the CLI shows them, the default ignores them."""

    def inputs(self, total: int) -> None: ...

    def input(self, number: int, name: str) -> None: ...

    def settled(self, report: RunReport) -> None: ...

    def close(self) -> None: ...


@attrs.define(eq=False)
class RunContext:
    """What components and stages may use during a run.

    :ivar config: the pipeline being run.
    :ivar report: the report being filled.
    :ivar executor: runs per-document steps (local processes, a cluster).
    :ivar tmpdir: a private temporary folder, removed when the run ends.
    :ivar strict: a failing document aborts the run instead of being recorded.
    """

    config: PipelineConfig
    report: RunReport
    executor: Executor
    tmpdir: Path
    plugin_manager: pluggy.PluginManager
    strict: bool = False
    progress: Progress = attrs.field(factory=Progress)
    component_seconds: Counter[str] = attrs.field(factory=Counter)
    _ids: set[str] = attrs.field(factory=set)
    cluster_file: AtomicFile | None = None

    def record_cluster(self, cluster: Cluster) -> None:
        """Add a duplicate cluster to ``OUT/clusters.jsonl`` (dedupers call this once each).

        Without an output folder the record is not kept: clusters are a
        run's explanation, and the documents already carry their fates.
        """
        self.report.clusters += 1
        if self.cluster_file is not None:
            self.cluster_file.write(
                orjson.dumps(cluster.to_dict(), option=orjson.OPT_APPEND_NEWLINE)
            )

    def spool(self) -> DocumentSpool:
        """A disk-backed, re-readable buffer for corpus-level components."""
        return DocumentSpool(self.tmpdir)

    def unique_id(self, candidate: str) -> str:
        """``candidate``, or ``candidate#2``... if another document has it already."""
        identifier, counter = candidate, 1
        while identifier in self._ids:
            counter += 1
            identifier = f"{candidate}#{counter}"
        self._ids.add(identifier)
        return identifier

    def notify_inputs(self, total: int) -> None:
        self.progress.inputs(total)

    def notify_input(self, number: int, name: str) -> None:
        self.progress.input(number, name)


@attrs.define
class OutputTarget:
    """Where exports go: a folder, or standard output (``-o -``)."""

    directory: Path | None = None
    stream: BinaryIO | None = None

    @classmethod
    def parse(cls, value: str | Path | None) -> OutputTarget | None:
        if value is None:
            return None
        if str(value) == "-":
            return cls(stream=sys.stdout.buffer)
        return cls(directory=Path(value))


class _Timed:
    """Measures the time spent inside one stage's ``__next__`` (its own plus upstream)."""

    def __init__(self, iterator: Iterator[Document]) -> None:
        self.iterator, self.seconds = iterator, 0.0

    def __iter__(self) -> _Timed:
        return self

    def __next__(self) -> Document:
        start = time.perf_counter()
        try:
            return next(self.iterator)
        finally:
            self.seconds += time.perf_counter() - start


class Run:
    """One execution of stages: set up, stream, settle every document, tear down.

    Iterate :meth:`documents` to drive the run (every settled document comes
    out, whatever its fate); :func:`execute` simply drains it. Setting up and
    tearing down (temporary folder, executor, lifecycle hooks, atomic
    commit or rollback of outputs, ``report.json``) happen inside that
    generator, so stopping early rolls outputs back.
    """

    def __init__(
        self,
        stages: Sequence[Stage],
        *,
        config: PipelineConfig,
        plugin_manager: pluggy.PluginManager,
        executor: Executor,
        exporters: Sequence[Exporter] = (),
        output: OutputTarget | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.stages, self.exporters, self.output = list(stages), list(exporters), output
        self.report = RunReport()
        self.context = RunContext(
            config=config,
            report=self.report,
            executor=executor,
            tmpdir=Path("."),
            plugin_manager=plugin_manager,
            strict=config.run.strict,
            progress=progress or Progress(),
        )

    def documents(self) -> Generator[Document, None, None]:
        context, report, output = self.context, self.report, self.output
        directory = output.directory if output is not None else None
        sinks: list[ExportSink] = []
        rejected: AtomicFile | None = None
        clusters: AtomicFile | None = None
        started = time.perf_counter()
        hook = context.plugin_manager.hook
        context.tmpdir = Path(tempfile.mkdtemp(prefix="thresher-"))
        try:
            if directory is not None:
                _prepare_directory(directory)
                rejected = AtomicFile(directory / REJECTED_FILE)
                if any(stage.label == "dedupe" for stage in self.stages):
                    clusters = context.cluster_file = AtomicFile(directory / CLUSTERS_FILE)
            sinks = _open_sinks(self.exporters, output, context)
            context.executor.start()
            hook.thresher_run_start(context=context)

            timers: list[_Timed] = []
            stream: Iterator[Document] = iter(())
            for stage in self.stages:
                report.stage(stage.label)  # listed in pipeline order, even if idle
                stream = _Timed(stage(stream, context))
                timers.append(stream)
            for document in stream:
                if document.kept and sinks:
                    self._export(document, sinks)
                if not document.kept and rejected is not None:
                    rejected.write(
                        orjson.dumps(_rejection(document), option=orjson.OPT_APPEND_NEWLINE)
                    )
                report.settle(document)
                context.progress.settled(report)
                yield document
            upstream = 0.0
            for stage, timer in zip(self.stages, timers, strict=True):
                report.stage(stage.label).seconds += timer.seconds - upstream
                upstream = timer.seconds
            for sink in sinks:
                report.outputs.extend(str(p) for p in sink.close())
            for partial in (rejected, clusters):
                if partial is not None:
                    report.outputs.append(str(partial.commit()))
            report.status = "completed"
        except BaseException as error:
            for sink in sinks:
                sink.abort()
            for partial in (rejected, clusters):
                if partial is not None:
                    partial.abort()
            if isinstance(error, GeneratorExit):
                report.status = "stopped"
            else:
                report.status = "interrupted" if isinstance(error, KeyboardInterrupt) else "failed"
                report.error = f"{type(error).__name__}: {error}"
            raise
        finally:
            context.executor.close()
            context.progress.close()
            shutil.rmtree(context.tmpdir, ignore_errors=True)
            report.seconds = time.perf_counter() - started
            _add_component_timings(report, context)
            if directory is not None and directory.is_dir():
                report.outputs.append(str(directory / REPORT_FILE))
                write_atomically(
                    directory / REPORT_FILE,
                    orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2),
                )
            hook.thresher_run_finish(context=context, report=report)

    def _export(self, document: Document, sinks: Sequence[ExportSink]) -> None:
        """Write one document to every sink; a failing sink fails the document, not the run."""
        for exporter, sink in zip(self.exporters, sinks, strict=True):
            try:
                sink.write(document)
            except Exception as error:
                if self.context.strict:
                    raise StageError("export", exporter.name, document.id, error) from error
                document.fail("export", exporter.name, error)
                stats = self.report.stage("export")
                stats.failed += 1
                stats.errors[exporter.name] += 1
                return


def execute(stages: Sequence[Stage], **kwargs: Any) -> RunReport:
    """Run ``stages`` to the end (see :class:`Run` for the arguments) and return the report.

    :raises ThresherError: the run was aborted (strict failure, output not
        writable); outputs are rolled back and ``report.json``, when there is
        an output folder, says why.
    """
    run = Run(stages, **kwargs)
    for _ in run.documents():
        pass
    return run.report


def _prepare_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ThresherError(
            f"cannot create output folder {str(directory)!r}: {error.strerror}"
        ) from error
    remove_stale_partials(directory)


def _open_sinks(
    exporters: Sequence[Exporter], output: OutputTarget | None, context: RunContext
) -> list[ExportSink]:
    if not exporters:
        return []
    if output is None:
        raise ConfigError("export needs an output: -o FOLDER (or -o - for standard output)")
    sinks: list[ExportSink] = []
    if output.stream is not None and len(exporters) > 1:
        names = ", ".join(e.name for e in exporters)
        raise ConfigError(
            f"only one format can go to standard output (got {names}); give -o a folder"
        )
    try:
        for exporter in exporters:
            if output.stream is not None:
                if not exporter.streams:
                    raise ConfigError(
                        f"format {exporter.name!r} cannot be written to standard output; "
                        "give -o a folder"
                    )
                sinks.append(exporter.open_stream(output.stream, context))
            else:
                assert output.directory is not None
                sinks.append(exporter.open(output.directory, context))
    except BaseException:
        for sink in sinks:
            sink.abort()
        raise
    return sinks


def _rejection(document: Document) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": document.id,
        "source": document.source.to_dict(),
        "fate": document.fate.value,
    }
    if document.duplicate_of is not None:
        record["duplicate_of"] = document.duplicate_of
    elif document.reason is not None:
        record["reason"] = document.reason
    if document.failure is not None:
        record["failure"] = document.failure.to_dict()
    return record


def _add_component_timings(report: RunReport, context: RunContext) -> None:
    for key, seconds in context.component_seconds.items():
        stage, _, component = key.partition("/")
        if stage in report.stages:
            report.stages[stage].component_seconds[component] = (
                report.stages[stage].component_seconds.get(component, 0.0) + seconds
            )
