"""Stages: functions from a document stream to a document stream.

Each stage is a processor in the sense of click's ``imagepipe`` example:
``stage(documents, context) -> documents``. The CLI chain and the Python API
build the same stage objects, so both run one code path.

Every stage passes on each document it receives exactly once. Documents
that are no longer kept (dropped, duplicate, failed) go through untouched,
so the end of the pipeline can account for every input. A component that
raises on a document marks that document failed (stage, component, error)
and the run goes on, unless the run is strict.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs
import orjson

from .components import Cleaner, Deduper, Extractor, Loader
from .errors import StageError
from .inputs import Input
from .model import Document, Fate
from .report import StageStats

if TYPE_CHECKING:
    from .run import RunContext

#: Documents per task sent to an executor: large enough to amortise the
#: cost of shipping work to another process, small enough to stream.
BATCH_SIZE = 32


class Stage:
    """Base of all stages. ``label`` names the stage in the report."""

    label: str = ""

    def __call__(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        raise NotImplementedError


# -- load -------------------------------------------------------------------


@attrs.define
class LoadStage(Stage):
    """Passes upstream documents through, then loads ``inputs``.

    Like imagepipe's ``generator``, so ``load`` may appear more than once in
    a chain. The loader for each input is the one forced by the user, else
    the first that accepts it.
    """

    inputs: Sequence[Input]
    loaders: Sequence[Loader]
    forced: bool = False
    label: str = "load"

    def __call__(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        yield from documents
        stats = context.report.stage(self.label)
        context.notify_inputs(len(self.inputs))
        for number, source in enumerate(self.inputs, 1):
            context.notify_input(number, source.name)
            for document in self._load_one(source, context):
                document.id = context.unique_id(document.id)
                context.report.loaded += 1
                stats.documents_out += document.kept
                if document.removals:  # a loader's own changes (a leading date token)
                    stats.count_removals(document.removals)
                if document.failure is not None and context.strict:
                    cause = ValueError(document.failure.error)
                    raise StageError("load", document.failure.component, document.id, cause)
                if not document.kept:
                    if document.fate is Fate.DROPPED:
                        stats.dropped[document.reason or "unspecified"] += 1
                    else:
                        stats.failed += 1
                    context.report.note_problem(document)
                yield document

    def _pick(self, source: Input) -> Loader | None:
        if self.forced:
            return self.loaders[0]
        for loader in self.loaders:
            try:
                if loader.accepts(source):
                    return loader
            except Exception:  # a loader that cannot even look is a loader that declines
                continue
        return None

    def _load_one(self, source: Input, context: RunContext) -> Iterator[Document]:
        loader = self._pick(source)
        if loader is None:
            yield _input_failure(source, "load", "-", "no loader accepts this input")
            return
        produced = 0
        try:
            for document in loader.load(source):
                produced += 1
                yield document
        except Exception as error:
            if context.strict:
                raise StageError("load", loader.name, source.name, error) from error
            yield _input_failure(
                source,
                "load",
                loader.name,
                f"loader crashed after {produced} document(s): {type(error).__name__}: {error}",
                position=produced or None,
            )


def _input_failure(
    source: Input, stage: str, component: str, error: str, position: int | None = None
) -> Document:
    from .model import Source

    document = Document(
        id=source.id_base if position is None else f"{source.id_base}:{position}",
        text="",
        source=Source(source.name, "unknown", position),
    )
    document.fail(stage, component, error)
    return document


# -- per-document stages (clean, extract) -----------------------------------


@attrs.define
class StepResult:
    """What a batch of per-document work reports back to the driver.

    ``drops`` pairs the index of each document a component dropped with that
    component's name: a document records why it was dropped, not by whom.
    """

    documents: list[Document]
    seconds: dict[str, float]
    errors: list[tuple[int, str, BaseException]]
    drops: list[tuple[int, str]] = attrs.field(factory=list)


@attrs.define
class DocumentStep:
    """Per-document work for one stage: picklable, so it may run in a worker."""

    stage: str
    components: Sequence[Cleaner | Extractor]
    strict: bool = False

    def __call__(self, batch: list[Document]) -> StepResult:
        seconds: dict[str, float] = {}
        errors: list[tuple[int, str, BaseException]] = []
        drops: list[tuple[int, str]] = []
        for index, document in enumerate(batch):
            for component in self.components:
                if not document.kept:
                    break
                start = time.perf_counter()
                try:
                    if component.applies_to(document):
                        self._apply(component, document)
                        if document.fate is Fate.DROPPED:
                            drops.append((index, component.name))
                except Exception as error:
                    if self.strict:
                        raise StageError(self.stage, component.name, document.id, error) from error
                    document.fail(self.stage, component.name, error)
                    errors.append((index, component.name, error))
                seconds[component.name] = seconds.get(component.name, 0.0) + (
                    time.perf_counter() - start
                )
        return StepResult(batch, seconds, errors, drops)

    @staticmethod
    def _apply(component: Cleaner | Extractor, document: Document) -> None:
        if isinstance(component, Cleaner):
            component.clean(document)
        else:
            merge_fields(component, document, component.extract(document))


def merge_fields(extractor: Extractor, document: Document, fields: Mapping[str, Any]) -> None:
    """Merge what an extractor returned: ``meta.X`` fills empty meta, the rest goes to fields."""
    for key, value in (fields or {}).items():
        if key not in extractor.provides:
            raise ValueError(
                f"extractor {extractor.name!r} returned {key!r}, which it does not declare "
                f"in 'provides' {tuple(extractor.provides)!r}"
            )
        if key.startswith("meta."):
            if value not in (None, "", []):
                document.meta[key[len("meta.") :]] = value
        else:
            document.fields[key] = value


@attrs.define
class DocumentStage(Stage):
    """Runs per-document components through the run's executor, in order.

    With ``count_flow`` it counts documents in and out of the stage; a
    stage made of several steps (``CleanStage``) counts those itself.
    ``on_drop`` hears of each document a component dropped, with the
    component's name; in a ``dry_run`` drops are counted as would-be drops.
    """

    stage: str
    step: DocumentStep
    label: str = ""
    count_flow: bool = True
    on_drop: Callable[[Document, str], None] | None = None
    dry_run: bool = False

    def __call__(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        stats = context.report.stage(self.label or self.stage)
        step = attrs.evolve(self.step, strict=context.strict)
        before: dict[int, list[Fate]] = {}

        def batches() -> Iterator[list[Document]]:
            for number, batch in enumerate(_batched(documents, BATCH_SIZE)):
                before[number] = [d.fate for d in batch]
                yield batch

        for number, result in enumerate(context.executor.map(step, batches())):
            fates = before.pop(number)
            for component, seconds in result.seconds.items():
                context.component_seconds[f"{stats.name}/{component}"] += seconds
            for _, component, _error in result.errors:
                stats.errors[component] += 1
            if self.on_drop is not None:
                for index, component in result.drops:
                    self.on_drop(result.documents[index], component)
            for fate, document in zip(fates, result.documents, strict=True):
                if self.count_flow:
                    count_flow(stats, fate, document)
                else:
                    count_transition(stats, fate, document, dry_run=self.dry_run)
                yield document


def _batched(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def count_flow(stats: StageStats, fate_before: Fate, document: Document) -> None:
    """Count one document leaving a stage: in, out, and what the stage did to it."""
    if fate_before is not Fate.KEPT:
        return
    stats.documents_in += 1
    stats.documents_out += document.kept
    count_transition(stats, fate_before, document)


def count_transition(
    stats: StageStats, fate_before: Fate, document: Document, *, dry_run: bool = False
) -> None:
    if fate_before is not Fate.KEPT or document.kept:
        return
    if document.fate is Fate.DROPPED:
        dropped = stats.would_drop if dry_run else stats.dropped
        dropped[document.reason or "unspecified"] += 1
    elif document.fate is Fate.DUPLICATE:
        stats.duplicates += 1
    else:
        stats.failed += 1


@attrs.define
class CleanStage(Stage):
    """Cleaners in order. Runs of plain cleaners go through the executor; a
    cleaner that needs ``fit`` gets a first pass over a spooled copy.

    In a ``dry_run`` the cleaners run and record their removals as usual,
    then each document leaves the stage with the text and meta it came in
    with, and a document a cleaner dropped is kept and counted as a
    would-be drop: the audit trail says what cleaning would do, the output
    shows what it did not do.
    """

    cleaners: Sequence[Cleaner]
    label: str = "clean"
    dry_run: bool = False

    def __call__(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        stats = context.report.stage(self.label)
        if self.dry_run:
            stats.dry_run = True
        removals_before: dict[str, int] = {}
        dropped_by: dict[str, str] = {}
        originals = _Originals(context.tmpdir) if self.dry_run else None

        def entering(stream: Iterator[Document]) -> Iterator[Document]:
            for document in stream:
                if document.kept:
                    stats.documents_in += 1
                    removals_before[document.id] = len(document.removals)
                    if originals is not None:
                        originals.push(document)
                yield document

        def dropped(document: Document, component: str) -> None:
            dropped_by[document.id] = component

        on_drop = dropped if self.dry_run else None
        stream: Iterator[Document] = entering(documents)
        for group in _groups(self.cleaners):
            if group[0].needs_fit():
                stream = _fitted(group[0], stream, context, self.label, on_drop, self.dry_run)
            else:
                step = DocumentStage(
                    "clean", DocumentStep("clean", group), self.label, False, on_drop, self.dry_run
                )
                stream = step(stream, context)
        try:
            for document in stream:
                first = removals_before.pop(document.id, None)
                if first is not None:
                    component = dropped_by.pop(document.id, None)
                    if originals is not None:
                        _restore(document, originals.pop(document.id), component, stats)
                    stats.documents_out += document.kept
                    stats.count_removals(document.removals[first:])
                yield document
        finally:
            if originals is not None:
                originals.close()


def _restore(
    document: Document,
    original: tuple[str, dict[str, Any]],
    component: str | None,
    stats: StageStats,
) -> None:
    """Undo a dry run's changes to a document; its audit trail stays."""
    document.text, document.meta = original
    if document.fate is Fate.DROPPED:
        stats.note_would_drop(document, component, document.reason or "unspecified")
        document.fate, document.reason = Fate.KEPT, None


#: Characters of original text a dry run keeps in memory before spilling to disk.
DRY_RUN_MEMORY_CHARS = 32 * 1024 * 1024


class _Originals:
    """The text and meta of the documents inside a dry-run clean stage, first in, first out.

    The stage gives documents back in the order it got them, so a queue is
    enough. Past ``limit`` characters it spills to a file: when a cleaner
    needs a first pass, the whole corpus is inside the stage at once.
    """

    def __init__(self, directory: Path, limit: int | None = None) -> None:
        self._directory = directory
        self._limit = DRY_RUN_MEMORY_CHARS if limit is None else limit
        self._memory: deque[tuple[str, str, dict[str, Any]]] = deque()
        self._chars = 0
        self._file: IO[bytes] | None = None
        self._pending = 0  # records in the file not read back yet
        self._read_at = 0

    def push(self, document: Document) -> None:
        if self._file is None and self._chars + len(document.text) <= self._limit:
            self._memory.append((document.id, document.text, dict(document.meta)))
            self._chars += len(document.text)
            return
        if self._file is None:
            # Owned by the queue and closed by close(), not by one block.
            self._file = tempfile.TemporaryFile(dir=self._directory)  # noqa: SIM115
            self._read_at = 0
        self._file.seek(0, os.SEEK_END)
        self._file.write(orjson.dumps([document.id, document.text, document.meta]) + b"\n")
        self._pending += 1

    def pop(self, identifier: str) -> tuple[str, dict[str, Any]]:
        if self._memory:
            found, text, meta = self._memory.popleft()
            self._chars -= len(text)
        else:
            assert self._file is not None, "dry run: a document left the stage twice"
            self._file.seek(self._read_at)
            found, text, meta = orjson.loads(self._file.readline())
            self._read_at = self._file.tell()
            self._pending -= 1
            if not self._pending:
                self.close()
        if found != identifier:  # pragma: no cover - the stages keep documents in order
            raise RuntimeError(f"dry run: expected document {found!r}, got {identifier!r}")
        return text, meta

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _groups(cleaners: Sequence[Cleaner]) -> list[list[Cleaner]]:
    groups: list[list[Cleaner]] = []
    for cleaner in cleaners:
        if cleaner.needs_fit() or not groups or groups[-1][0].needs_fit():
            groups.append([cleaner])
        else:
            groups[-1].append(cleaner)
    return groups


def _fitted(
    cleaner: Cleaner,
    documents: Iterator[Document],
    context: RunContext,
    label: str,
    on_drop: Callable[[Document, str], None] | None = None,
    dry_run: bool = False,
) -> Iterator[Document]:
    with context.spool() as spool:
        for document in documents:
            spool.append(document)
        try:
            cleaner.fit(d for d in spool if d.kept and cleaner.applies_to(d))
        except Exception as error:
            if context.strict:
                raise StageError("clean", cleaner.name, "<fit>", error) from error
            stats = context.report.stage(label)
            stats.errors[cleaner.name] += 1
            message = f"fit failed: {type(error).__name__}: {error}"
            for document in spool:
                fate = document.fate
                if document.kept:
                    document.fail("clean", cleaner.name, message)
                count_transition(stats, fate, document)
                yield document
            return
        step = DocumentStage(
            "clean", DocumentStep("clean", [cleaner]), label, False, on_drop, dry_run
        )
        yield from step(iter(spool), context)


@attrs.define
class ExtractStage(Stage):
    extractors: Sequence[Extractor]
    label: str = "extract"

    def __call__(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        return DocumentStage("extract", DocumentStep("extract", self.extractors), self.label)(
            documents, context
        )


# -- stream stages (dedupe, plugin CLI stages) ------------------------------

StreamProcessor = Callable[[Iterator[Document], "RunContext"], Iterator[Document]]


@attrs.define
class StreamStage(Stage):
    """Runs a stream processor (a deduper, a plugin's CLI stage), guarding the accounting.

    The guard remembers which documents were fed but not yet given back. If
    the processor crashes, those documents and the rest of the stream come
    out failed, naming the component; if it swallows a document, the
    document comes out failed too. Nothing is silently lost.
    """

    process: StreamProcessor
    component: str
    stage: str = "dedupe"
    label: str = "dedupe"
    #: Whether this processor's documents in (out) are the stage's: false
    #: for all but the first (last) of several processors sharing a stage.
    counts_in: bool = True
    counts_out: bool = True

    @classmethod
    def for_deduper(cls, deduper: Deduper, label: str = "dedupe") -> StreamStage:
        return cls(deduper.process, deduper.name, "dedupe", label)

    def __call__(self, documents: Iterator[Document], context: RunContext) -> Iterator[Document]:
        stats = context.report.stage(self.label)
        name, stage = self.component, self.stage
        pending: dict[str, tuple[Document, Fate]] = {}

        def feed() -> Iterator[Document]:
            for document in documents:
                pending[document.id] = (_stub(document), document.fate)
                yield document

        try:
            for document in self.process(feed(), context):
                entry = pending.pop(document.id, None)
                if entry is None:
                    raise RuntimeError(
                        f"yielded document {document.id!r} it was not given, or twice"
                    )
                self._count(stats, entry[1], document)
                yield document
        except Exception as error:
            if context.strict:
                raise StageError(stage, name, "<stream>", error) from error
            stats.errors[name] += 1
            message = f"{type(error).__name__}: {error}"
            for stub, fate in pending.values():
                yield self._failed(stub, fate, stats, message)
            pending.clear()
            for document in documents:
                yield self._failed(document, document.fate, stats, f"not processed: {message}")
            return
        for stub, fate in pending.values():
            yield self._failed(stub, fate, stats, "document swallowed by the component")

    def _count(self, stats: StageStats, fate_before: Fate, document: Document) -> None:
        if fate_before is Fate.KEPT:
            stats.documents_in += self.counts_in
            stats.documents_out += self.counts_out and document.kept
        count_transition(stats, fate_before, document)

    def _failed(self, document: Document, fate: Fate, stats: StageStats, message: str) -> Document:
        if document.kept:
            document.fail(self.stage, self.component, message)
        self._count(stats, fate, document)
        return document


def _stub(document: Document) -> Document:
    return Document(id=document.id, text="", source=document.source, meta=document.meta)
