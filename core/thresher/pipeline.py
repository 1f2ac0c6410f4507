"""The embedding API: a :class:`Pipeline` owns its plugins and its configuration.

::

    from thresher import Pipeline

    pipeline = Pipeline.from_toml("pipeline.toml")
    report = pipeline.run(["corpus/"], output="out/", formats=["jsonl", "markdown"])

    for document in Pipeline().process(["raw text one", "raw text two"]):
        print(document.fate, document.text)

Each pipeline has its own plugin manager, so two pipelines in one process
never interfere. The CLI builds its stages through the same methods.
"""

from __future__ import annotations

from collections.abc import Collection, Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pluggy

from .components import (
    Cleaner,
    Component,
    Deduper,
    Executor,
    Exporter,
    Extractor,
    Loader,
)
from .config import PROCESSING_STAGES, ExportConfig, LoadConfig, PipelineConfig, StageConfig
from .errors import ConfigError, ConflictError
from .explain import Explanation, Step, explain
from .inputs import resolve_inputs
from .model import Document, Fate, Source
from .plugins import BUILTIN_PLUGINS, Registered, Registry, make_plugin_manager, parse_names
from .report import RunReport
from .run import OutputTarget, Progress, Run, execute
from .stages import CleanStage, ExtractStage, LoadStage, Stage, StreamStage


class Pipeline:
    """A configured pipeline with its own plugin manager.

    :param config: what to run; defaults to every stage with its defaults.
    :param plugin_manager: use this manager instead of building one.
    :param builtins: register the first-party plugins.
    :param entrypoints: load installed plugins (default: yes, unless
        ``THRESHER_DISABLE_PLUGIN_AUTOLOAD`` is set). Pass ``False`` for
        output that does not depend on what else is installed.
    :param plugins: extra plugin objects from the embedding application.
    :param disable: plugin names to block.
    """

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        plugin_manager: pluggy.PluginManager | None = None,
        builtins: bool = True,
        entrypoints: bool | None = None,
        plugins: Iterable[Any] = (),
        disable: Iterable[str] = (),
    ) -> None:
        self.plugin_manager = plugin_manager or make_plugin_manager(
            builtins=builtins, entrypoints=entrypoints, plugins=plugins, disable=disable
        )
        self.registry = Registry.collect(self.plugin_manager)
        self.config = config or PipelineConfig()

    @classmethod
    def from_toml(cls, source: str | Path, **kwargs: Any) -> Pipeline:
        """A pipeline from a TOML file (or TOML text); keyword arguments as for the constructor."""
        return cls(PipelineConfig.from_toml(source), **kwargs)

    # -- configuration ----------------------------------------------------
    def resolved_config(self) -> PipelineConfig:
        """The configuration with every component list and option spelled out."""
        config = attrs.evolve(self.config)
        load_options = {
            r.name: {**r.component.option_defaults(), **self.config.load.options.get(r.name, {})}
            for r in self.registry.ordered("load")
        }
        config.load = attrs.evolve(self.config.load, options=_nonempty(load_options))
        for stage in PROCESSING_STAGES:
            stage_config = self.config.stage(stage)
            components = [c.name for c in self._components(stage, stage_config)]
            options = {
                name: {
                    **self.registry.get(stage, name).component.option_defaults(),
                    **stage_config.options.get(name, {}),
                }
                for name in components
            }
            setattr(
                config,
                stage,
                attrs.evolve(
                    stage_config, components=components, add=[], skip=[], options=_nonempty(options)
                ),
            )
        export_options = {
            name: {
                **self.registry.get("export", name).component.option_defaults(),
                **self.config.export.options.get(name, {}),
            }
            for name in self.config.export.formats
        }
        config.export = attrs.evolve(self.config.export, options=_nonempty(export_options))
        return config

    def to_toml(self) -> str:
        """This pipeline as a TOML file that ``thresher run --config`` reads back."""
        return self.resolved_config().to_toml()

    # -- building stages ----------------------------------------------------
    def load_stage(
        self,
        inputs: Sequence[str],
        *,
        loader: str | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> LoadStage:
        """A stage that loads ``inputs`` (files, folders, globs, ``-``).

        Inputs are resolved now, so a missing one is a ConfigError before any
        document is read, and folders are walked once.
        """
        options = options or {}
        if loader is not None:
            chosen = [self.registry.get("load", loader)]
        else:
            _check_option_targets("load", options, self.registry.names("load"))
            chosen = self._loader_order()
        built = [self._build(r, options.get(r.name, {})) for r in chosen]
        loaders = [b for b in built if isinstance(b, Loader)]
        return LoadStage(resolve_inputs(inputs), loaders, forced=loader is not None)

    def stage(
        self, name: str, config: StageConfig | None = None, *, label: str | None = None
    ) -> Stage:
        """A processing stage (``clean``, ``dedupe`` or ``extract``) from its configuration."""
        if name not in PROCESSING_STAGES:
            raise ConfigError(f"unknown stage {name!r}; stages: {', '.join(PROCESSING_STAGES)}")
        config = config if config is not None else self.config.stage(name)
        if config.dry_run and name != "clean":
            raise ConfigError(f"only the clean stage has a dry run, not {name!r}")
        registered = self._components(name, config)
        _check_option_targets(name, config.options, [r.name for r in registered])
        built = [self._build(r, config.options.get(r.name, {})) for r in registered]
        if name == "clean":
            return CleanStage(
                [c for c in built if isinstance(c, Cleaner)],
                label=label or "clean",
                dry_run=config.dry_run,
            )
        if name == "extract":
            extractors = [c for c in built if isinstance(c, Extractor)]
            _check_provides(extractors)
            return ExtractStage(extractors, label=label or "extract")
        dedupers = [c for c in built if isinstance(c, Deduper)]
        parts = [StreamStage.for_deduper(d, label=label or "dedupe") for d in dedupers]
        for number, part in enumerate(parts):
            part.counts_in, part.counts_out = number == 0, number == len(parts) - 1
        return _Sequence(parts, label or "dedupe")

    def stages(self) -> list[Stage]:
        """The processing stages this pipeline's configuration enables, in order."""
        return [self.stage(name) for name in PROCESSING_STAGES if self.config.stage(name).enabled]

    def exporters(
        self, formats: Sequence[str], options: Mapping[str, Mapping[str, Any]] | None = None
    ) -> list[Exporter]:
        options = options or {}
        names = parse_names(list(formats))
        _check_option_targets("export", options, names)
        built = [self._build(self.registry.get("export", n), options.get(n, {})) for n in names]
        return [e for e in built if isinstance(e, Exporter)]

    def executor(self, name: str | None = None, workers: int | None = None) -> Executor:
        settings = self.config.run
        name = name or settings.executor
        options = dict(settings.options.get(name, {}))
        registered = self.registry.get("run", name)
        if "workers" in registered.component.option_defaults():
            options.setdefault("workers", workers if workers is not None else settings.workers)
        built = self._build(registered, options)
        assert isinstance(built, Executor)
        return built

    # -- running ------------------------------------------------------------
    def run(
        self,
        inputs: Sequence[str] | None = None,
        output: str | Path | None = None,
        formats: Sequence[str] | None = None,
        *,
        progress: Progress | None = None,
    ) -> RunReport:
        """Load, clean, dedupe, extract and export; write ``report.json``; return the report.

        Arguments override the configuration's ``[load] inputs``,
        ``[export] output`` and ``[export] formats``.
        """
        load: LoadConfig = self.config.load
        export: ExportConfig = self.config.export
        inputs = list(inputs) if inputs is not None else load.inputs
        if not inputs:
            raise ConfigError("nothing to load: give inputs (files, folders, globs or '-')")
        output = output if output is not None else export.output
        stages: list[Stage] = [self.load_stage(inputs, loader=load.loader, options=load.options)]
        stages += self.stages()
        exporters = (
            self.exporters(formats or export.formats, export.options) if export.enabled else []
        )
        return self.execute(
            stages, exporters=exporters, output=OutputTarget.parse(output), progress=progress
        )

    def execute(
        self,
        stages: Sequence[Stage],
        *,
        exporters: Sequence[Exporter] = (),
        output: OutputTarget | None = None,
        progress: Progress | None = None,
        executor: Executor | None = None,
    ) -> RunReport:
        """Run already built stages (what the chained CLI does)."""
        return execute(
            stages,
            config=self.config,
            plugin_manager=self.plugin_manager,
            executor=executor or self.executor(),
            exporters=exporters,
            output=OutputTarget.parse(output) if isinstance(output, (str, Path)) else output,
            progress=progress,
        )

    def process(
        self, documents: Iterable[Document | str], *, stages: Sequence[str] | None = None
    ) -> Processed:
        """Clean, dedupe and extract documents in memory, lazily.

        Yields every document with its fate (check ``document.kept``); strings
        become documents with ids ``doc-1``, ``doc-2``... The returned object
        has a ``report`` once it has been consumed.
        """
        chosen = (
            stages
            if stages is not None
            else [s for s in PROCESSING_STAGES if self.config.stage(s).enabled]
        )
        built = [self.stage(name) for name in chosen]
        return Processed(self, [DocumentsStage(documents), *built])

    def load(self, *inputs: str, loader: str | None = None) -> Processed:
        """Just load ``inputs``: every document, with load problems marked failed or dropped."""
        return Processed(
            self, [self.load_stage(list(inputs), loader=loader, options=self.config.load.options)]
        )

    def explain(self, inputs: Sequence[str], *, ids: Collection[str] = ()) -> Explained:
        """Load and clean ``inputs`` and explain each document (``thresher explain``).

        Yields an :class:`~thresher.explain.Explanation` per document (only
        those in ``ids``, when given): its text as loaded, block by block, with
        what each cleaner removed and why. A dry run in the configuration is
        ignored: the point is to see what cleaning does.
        """
        load = self.load_stage(
            list(inputs), loader=self.config.load.loader, options=self.config.load.options
        )
        return Explained(self, load, ids)

    def selected(self, stage: str, config: StageConfig | None = None) -> list[Registered]:
        """The components ``config`` (default: the pipeline's) selects for ``stage``, in order."""
        return self._components(stage, config or self.config.stage(stage))

    # -- helpers ------------------------------------------------------------
    def _components(self, stage: str, config: StageConfig) -> list[Registered]:
        if not config.enabled:
            return []
        chosen = config.components if config.components is not None else None
        names = parse_names(chosen) if chosen is not None else self.registry.defaults(stage)
        names += [name for name in parse_names(config.add) if name not in names]
        skip = set(parse_names(config.skip))
        for name in skip:
            self.registry.get(stage, name)  # an unknown name is an error, not a no-op
        return [self.registry.get(stage, n) for n in names if n not in skip]

    def _loader_order(self) -> list[Registered]:
        # Installed and embedding plugins are asked before first-party loaders
        # (so they can claim .txt or .json); ``order`` ranks loaders within each group.
        builtin = set(BUILTIN_PLUGINS)
        return sorted(
            self.registry.stages["load"].values(),
            key=lambda r: (r.plugin in builtin, r.component.order, r.name),
        )

    @staticmethod
    def _build(registered: Registered, options: Mapping[str, Any]) -> Component:
        component = registered.component
        known = component.option_defaults()
        unknown = set(options) - set(known)
        if unknown:
            raise ConfigError(
                f"{component.stage} component {component.name!r} has no option "
                f"{', '.join(sorted(map(repr, unknown)))}; "
                f"options: {', '.join(sorted(known)) or 'none'}"
            )
        try:
            return component(**options)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{component.stage} component {component.name!r}: {error}") from error


@attrs.define
class _Sequence(Stage):
    parts: Sequence[Stage]
    label: str = "dedupe"

    def __call__(self, documents: Iterator[Document], context: Any) -> Iterator[Document]:
        for part in self.parts:
            documents = part(documents, context)
        return documents


@attrs.define
class DocumentsStage(Stage):
    """Yields documents (or strings, made documents) from memory: the load stage of ``process``."""

    documents: Iterable[Document | str]
    label: str = "load"

    def __call__(self, documents: Iterator[Document], context: Any) -> Iterator[Document]:
        yield from documents
        for number, item in enumerate(self.documents, 1):
            document = (
                item
                if isinstance(item, Document)
                else Document(
                    id=f"doc-{number}", text=item, source=Source("<memory>", "memory", number)
                )
            )
            document.id = context.unique_id(document.id)
            context.report.loaded += 1
            context.report.stage(self.label).documents_out += document.kept
            yield document


class Explained(Iterator[Explanation]):
    """What :meth:`Pipeline.explain` returns: an explanation per document, lazily.

    The cleaners run one stage each, and each document's text is noted when
    it leaves the loader and after every cleaner, so each removal is matched
    against the text its own cleaner left behind. The notes are kept only
    while a document is in the pipeline; normal runs keep nothing of the kind.
    """

    def __init__(self, pipeline: Pipeline, load: Stage, ids: Collection[str] = ()) -> None:
        self._trails: dict[str, _Trail] = {}
        wanted = set(ids)
        stages: list[Stage] = [load, _Note(self._trails, wanted, None, load.label)]
        if pipeline.config.clean.enabled:
            clean = pipeline.stage("clean", attrs.evolve(pipeline.config.clean, dry_run=False))
            assert isinstance(clean, CleanStage)
            for cleaner in clean.cleaners:
                label = f"{clean.label}.{cleaner.name}"
                stages.append(CleanStage([cleaner], label=label))
                stages.append(_Note(self._trails, wanted, cleaner.name, label))
        self._processed = Processed(pipeline, stages)
        self.report: RunReport = self._processed.report

    def __next__(self) -> Explanation:
        while True:
            document = next(self._processed)
            trail = self._trails.pop(document.id, None)
            if trail is not None:
                return explain(
                    document,
                    trail.text,
                    loaded_meta=trail.meta,
                    loaded_removals=trail.removals,
                    steps=trail.steps,
                )

    def close(self) -> None:
        """Stop early (see :meth:`Processed.close`)."""
        self._processed.close()


@attrs.define
class _Trail:
    """A document as its loader left it, and after each cleaner."""

    text: str
    meta: dict[str, Any]
    removals: int
    kept: bool  # as the last note saw it
    steps: list[Step] = attrs.field(factory=list)


@attrs.define
class _Note(Stage):
    """Notes what each document looks like at this point of an explained run."""

    trails: dict[str, _Trail]
    wanted: set[str]
    component: str | None  # the cleaner that just ran; None right after loading
    label: str

    def __call__(self, documents: Iterator[Document], context: Any) -> Iterator[Document]:
        for document in documents:
            if self.component is None:
                if not self.wanted or document.id in self.wanted:
                    self.trails[document.id] = _Trail(
                        document.text, dict(document.meta), len(document.removals), document.kept
                    )
            elif document.id in self.trails:
                trail = self.trails[document.id]
                dropped = trail.kept and document.fate is Fate.DROPPED
                trail.kept = document.kept
                trail.steps.append(
                    Step(self.component, document.text, len(document.removals), dropped)
                )
            yield document


class Processed(Iterator[Document]):
    """Documents coming out of a pipeline, lazily, every fate included.

    ``report`` is filled as documents settle and final once the iterator
    is exhausted.
    """

    def __init__(self, pipeline: Pipeline, stages: Sequence[Stage]) -> None:
        self._run = Run(
            stages,
            config=pipeline.config,
            plugin_manager=pipeline.plugin_manager,
            executor=pipeline.executor(),
        )
        self.report: RunReport = self._run.report
        self._documents: Generator[Document, None, None] = self._run.documents()

    def __next__(self) -> Document:
        return next(self._documents)

    def close(self) -> None:
        """Stop early: release the executor and the temporary folder now (status ``stopped``)."""
        self._documents.close()

    def kept(self) -> list[Document]:
        """Consume the stream; return the documents that survived."""
        return [document for document in self if document.kept]


def _nonempty(options: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: values for name, values in options.items() if values}


def _check_option_targets(stage: str, options: Mapping[str, Any], names: Iterable[str]) -> None:
    unknown = set(options) - set(names)
    if unknown:
        raise ConfigError(
            f"options given for {stage} component(s) {', '.join(sorted(map(repr, unknown)))}, "
            f"which this pipeline does not run; it runs: {', '.join(names) or 'none'}"
        )


def _check_provides(extractors: Sequence[Extractor]) -> None:
    owners: dict[str, str] = {}
    for extractor in extractors:
        for key in extractor.provides:
            if key in owners:
                raise ConflictError(
                    f"extractors {owners[key]!r} and {extractor.name!r} both provide {key!r}; "
                    f"choose one with extract --only or --skip"
                )
            owners[key] = extractor.name
