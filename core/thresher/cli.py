"""The ``thresher`` command line: a click group in chain mode.

Each stage command returns a *processor* (click's ``imagepipe`` pattern);
the group's result callback runs them in order. Every stage is parsed and
built before any document is read, so a typo in a stage, component or
option name fails at once (exit code 2).

The CLI is built by :func:`make_cli` from a :class:`~thresher.Pipeline`;
nothing happens at import time, so tests build CLIs from any pipeline.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import click
import orjson

from .cluster_report import clusters_of, clusters_path
from .config import PROCESSING_STAGES, PipelineConfig, StageConfig, parse_value
from .errors import ConfigError, ThresherError
from .model import Document
from .pipeline import Explained, Pipeline
from .plugins import parse_names, plugin_listing
from .report import RunReport
from .run import OutputTarget
from .stages import Stage, StreamStage

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EXIT_CODES_HELP = """\b
Exit codes:
  0    the run completed; every input document is accounted for in the
       report (some may have failed: see report.json, 'problems')
  1    the run was aborted: a plugin failed to load, the output could not
       be written, or a document failed under --strict
  2    usage error: unknown command, stage, component, format or option
       (nothing was read)
  130  interrupted (Ctrl-C); outputs were rolled back"""


@attrs.define
class ChainStage:
    """What a stage command returns: a built stage, run by the result callback."""

    stage: Stage | None = None
    exporters: list[Any] = attrs.field(factory=list)
    output: str | None = None
    action: Callable[[], None] | None = None
    command: str = ""


def stage(function: Callable[..., Iterator[Document]]) -> Callable[..., ChainStage]:
    """Turn ``f(documents, **options) -> documents`` into a chainable CLI stage.

    For plugins adding commands through ``thresher_register_commands``::

        @cli.command("shout")
        @click.option("--times", default=1)
        @thresher.cli.stage
        def shout(documents, times):
            for document in documents:
                if document.kept:
                    document.text = document.text.upper() * times
                yield document

    The stage sees every document, must yield each exactly once, and should
    leave documents that are not ``kept`` untouched; a crash marks the
    remaining documents failed instead of losing them. A function that takes
    a ``context`` parameter gets the :class:`~thresher.RunContext` (its
    ``spool()``, ``tmpdir``); one that takes ``stage_name`` gets the
    command's name, for its removal records.
    """
    parameters = inspect.signature(function).parameters

    @functools.wraps(function)
    def command(**options: Any) -> ChainStage:
        name = click.get_current_context().info_name or function.__name__
        if "stage_name" in parameters:
            options["stage_name"] = name

        def process(documents: Iterator[Document], context: Any) -> Iterator[Document]:
            if "context" in parameters:
                return function(documents, context=context, **options)
            return function(documents, **options)

        return ChainStage(StreamStage(process, name, stage=name, label=name), command=name)

    return command


def parse_settings(values: Sequence[str], depth: int) -> dict[str, Any]:
    """``["a.b=1", "a.c=x"]`` -> ``{"a": {"b": 1, "c": "x"}}`` (``depth`` dotted names).

    Values are read as TOML values when they parse (numbers, booleans,
    ``[lists]``, quoted strings) and as plain strings otherwise.
    """
    result: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        parts = key.strip().split(".")
        if not sep or len(parts) != depth or not all(parts):
            shape = ".".join(["STAGE", "COMPONENT", "OPTION"][-depth:])
            raise click.BadParameter(f"{item!r} is not {shape}=VALUE", param_hint="'--set'")
        value = parse_value(raw)
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return result


def _names(values: Sequence[str]) -> list[str] | None:
    names = parse_names(list(values))
    return names or None


def _usage(error: ConfigError) -> click.UsageError:
    return click.UsageError(str(error))


set_option = click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="COMPONENT.OPTION=VALUE",
    help="Set a component option (repeatable), e.g. -s whitespace.unwrap=never.",
)


formats_option = click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMATS",
    help="Formats, comma-separated (default jsonl).",
)
config_option = click.option(
    "-c",
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="A pipeline TOML file.",
)


dry_run_option = click.option(
    "--dry-run",
    is_flag=True,
    default=False,
    help="Report what cleaning would remove or drop (report.json, the summary, "
    "each document's 'removed'), but pass documents on unchanged.",
)


def _processing_command(
    cli: click.Group,
    name: str,
    help_text: str,
    *,
    dry_run: bool = False,
    shortcuts: Sequence[click.Option] = (),
) -> None:
    """A stage command. ``shortcuts`` are options that set the component
    option of the same name on every selected component that has one."""

    def command(
        state: CliState,
        /,
        only: Sequence[str],
        add: Sequence[str],
        skip: Sequence[str],
        settings: Sequence[str],
        dry_run: bool = False,
        **shortcut_values: Any,
    ) -> ChainStage:
        config = StageConfig(
            components=_names(only),
            add=parse_names(list(add)),
            skip=parse_names(list(skip)),
            options=parse_settings(settings, 2),
            dry_run=dry_run,
        )
        try:
            _apply_shortcuts(state.pipeline, name, config, shortcut_values)
            built = state.pipeline.stage(name, config)
        except ConfigError as error:
            raise _usage(error) from error
        setattr(state.pipeline.config, name, config)
        return ChainStage(built, command=name)

    decorated = click.pass_obj(command)
    for shortcut in shortcuts:
        decorated.__click_params__ = [*getattr(decorated, "__click_params__", []), shortcut]  # type: ignore[attr-defined]
    if dry_run:
        decorated = dry_run_option(decorated)
    decorated = set_option(decorated)
    decorated = click.option(
        "--skip", multiple=True, metavar="NAMES", help="Leave these components out."
    )(decorated)
    decorated = click.option(
        "--add", multiple=True, metavar="NAMES", help="Also run these (opt-in ones)."
    )(decorated)
    decorated = click.option(
        "--only", multiple=True, metavar="NAMES", help="Run only these components, in this order."
    )(decorated)
    cli.command(name, help=help_text)(decorated)


def _apply_shortcuts(
    pipeline: Pipeline, stage: str, config: StageConfig, values: Mapping[str, Any]
) -> None:
    for option, value in values.items():
        if value is None:
            continue
        having = [
            registered.name
            for registered in pipeline.selected(stage, config)
            if option in registered.component.option_defaults()
        ]
        if not having:
            raise ConfigError(f"--{option}: no selected {stage} component has that option")
        for component in having:
            config.options.setdefault(component, {}).setdefault(option, value)


@attrs.define
class CliState:
    """What the group's options set, for every stage command of the invocation.

    The run settings are kept here as well as in ``pipeline.config.run``
    because ``run --config FILE`` replaces the configuration: the group's
    ``--workers``/``--executor``/``--strict`` must apply to the new one too.
    """

    pipeline: Pipeline
    quiet: bool = False
    workers: int | None = None
    executor: str | None = None
    strict: bool = False

    def apply_run_settings(
        self, workers: int | None, executor: str | None, strict: bool, quiet: bool
    ) -> None:
        self.workers = workers if workers is not None else self.workers
        self.executor = executor or self.executor
        self.strict = strict or self.strict
        self.quiet = quiet or self.quiet
        run = self.pipeline.config.run
        if self.workers is not None:
            run.workers = self.workers
        if self.executor:
            run.executor = self.executor
        run.strict = run.strict or self.strict


def run_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Options that shape how a run executes, accepted by the group and by ``run``."""
    function = click.option(
        "--workers",
        "-w",
        type=click.IntRange(min=0),
        default=None,
        help="Worker processes for per-document stages (0 = one per CPU).",
    )(function)
    function = click.option(
        "--executor", "-e", default=None, metavar="NAME", help="Executor: local, dask, ..."
    )(function)
    function = click.option(
        "--strict", is_flag=True, default=False, help="Abort on the first document that fails."
    )(function)
    function = click.option(
        "--quiet", "-q", is_flag=True, default=False, help="No progress bar and no summary."
    )(function)
    return function


class FinalCommand(click.Command):
    """A command that ends the chain, so options may follow its arguments.

    Chain mode parses sub-commands without interspersed arguments (the rest
    of the line may belong to the next stage). A command that is always
    last, like ``run INPUT... -o OUT``, can safely take them back.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        extra["allow_interspersed_args"] = True
        return super().make_context(info_name, args, parent, **extra)


class ThresherGroup(click.Group):
    """Maps thresher's errors onto exit codes, also under click's test runner."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as error:
            # Chain mode stops reading a stage's options at its argument, so an
            # option after INPUT reaches the group: say where it belongs.
            owners = [
                name
                for name, command in self.commands.items()
                if any(error.option_name in p.opts for p in command.params)
            ]
            if error.ctx is not None and error.ctx.command is self and owners:
                raise click.UsageError(
                    f"{error.format_message()} It is an option of {', '.join(owners)}: in a "
                    "chain, put a stage's options before its INPUT argument "
                    "(load --loader json dump.jsonl ...).",
                    error.ctx,
                ) from error
            raise
        except ConfigError as error:
            raise _usage(error) from error
        except ThresherError as error:
            raise AbortedRun(str(error)) from error


class AbortedRun(click.ClickException):
    exit_code = EXIT_ERROR


def make_cli(pipeline: Pipeline) -> click.Group:
    """The ``thresher`` command group, with the pipeline's plugins' commands."""

    @click.group(
        cls=ThresherGroup,
        chain=True,
        invoke_without_command=False,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
        epilog=EXIT_CODES_HELP,
    )
    @click.version_option(package_name="thresher", prog_name="thresher")
    @run_options
    @click.pass_context
    def cli(
        ctx: click.Context, workers: int | None, executor: str | None, strict: bool, quiet: bool
    ) -> None:
        """Turn messy scraped text into clean, deduplicated, structured documents.

        \b
        Run every stage with its defaults:
          thresher run corpus/ -o out/ -f jsonl,markdown
        Or chain the stages you want, each with its own options:
          thresher load corpus/ clean --skip unicode dedupe extract export -f csv -o out/
        """
        state = CliState(pipeline)
        state.apply_run_settings(workers, executor, strict, quiet)
        ctx.obj = state

    @cli.command(
        "load", epilog="INPUT is a file, a folder (read recursively), a glob, or - for stdin."
    )
    @click.argument("input", required=False, metavar="INPUT")
    @click.option(
        "-i", "--input", "more", multiple=True, metavar="INPUT", help="Another input (repeatable)."
    )
    @click.option("--loader", default=None, metavar="NAME", help="Use this loader for every input.")
    @set_option
    @click.pass_obj
    def load(
        state: CliState,
        input: str | None,
        more: Sequence[str],
        loader: str | None,
        settings: Sequence[str],
    ) -> ChainStage:
        """Read documents from files, folders, globs or stdin."""
        inputs = ([input] if input else []) + list(more)
        if not inputs:
            raise click.UsageError("load needs an INPUT (a file, folder, glob, or -)")
        options = parse_settings(settings, 2)
        try:
            built = state.pipeline.load_stage(inputs, loader=loader, options=options)
        except ConfigError as error:
            raise _usage(error) from error
        config = state.pipeline.config.load
        config.inputs += inputs
        config.loader = loader
        config.options.update(options)
        return ChainStage(built, command="load")

    _processing_command(
        cli,
        "clean",
        "Remove boilerplate and repair text; every removal is recorded.",
        dry_run=True,
    )
    _processing_command(
        cli,
        "dedupe",
        "Mark duplicates; survivors list the ids they absorbed.",
        shortcuts=[
            click.Option(
                ["--threshold"],
                type=click.FloatRange(0.0, 1.0, min_open=True),
                help="Similarity at which near copies are duplicates (near.threshold).",
            ),
            click.Option(
                ["--index"],
                metavar="PATH",
                help="Also dedupe against earlier runs kept in this SQLite file, and add "
                "this run's survivors to it (near.index).",
            ),
        ],
    )
    _processing_command(cli, "extract", "Add structured fields: title, date, entities, quotes...")

    @cli.command("export", cls=FinalCommand)
    @formats_option
    @click.option(
        "-o",
        "--output",
        required=True,
        metavar="FOLDER",
        help="Output folder, or - for stdout (jsonl only).",
    )
    @set_option
    @click.pass_obj
    def export(
        state: CliState, formats: Sequence[str], output: str, settings: Sequence[str]
    ) -> ChainStage:
        """Write kept documents, rejected.jsonl and report.json."""
        names = parse_names(list(formats)) or ["jsonl"]
        options = parse_settings(settings, 2)
        try:
            exporters = state.pipeline.exporters(names, options)
        except ConfigError as error:
            raise _usage(error) from error
        state.pipeline.config.export = attrs.evolve(
            state.pipeline.config.export, formats=names, output=output, options=options
        )
        return ChainStage(exporters=exporters, output=output, command="export")

    @cli.command(
        "run",
        cls=FinalCommand,
        epilog="INPUT is a file, a folder (read recursively), a glob, or - for stdin.",
    )
    @click.argument("inputs", nargs=-1, metavar="INPUT...")
    @click.option(
        "-o", "--output", default=None, metavar="FOLDER", help="Output folder, or - for stdout."
    )
    @formats_option
    @config_option
    @click.option("--print-config", is_flag=True, help="Print the pipeline as TOML and exit.")
    @dry_run_option
    @click.option(
        "-s",
        "--set",
        "settings",
        multiple=True,
        metavar="STAGE.COMPONENT.OPTION=VALUE",
        help="Set a component option (repeatable).",
    )
    @run_options
    @click.pass_obj
    def run(
        state: CliState,
        inputs: Sequence[str],
        output: str | None,
        formats: Sequence[str],
        config_file: str | None,
        print_config: bool,
        dry_run: bool,
        settings: Sequence[str],
        workers: int | None,
        executor: str | None,
        strict: bool,
        quiet: bool,
    ) -> ChainStage:
        """Run all five stages with their defaults (or a --config file)."""
        pipeline = state.pipeline
        try:
            if config_file:
                pipeline.config = PipelineConfig.from_toml(Path(config_file))
            _apply_component_settings(pipeline.config, parse_settings(settings, 3))
        except ConfigError as error:
            raise _usage(error) from error
        state.apply_run_settings(workers, executor, strict, quiet)
        config = pipeline.config
        if dry_run:
            config.clean.dry_run = True
        if inputs:
            config.load.inputs = list(inputs)
        if output is not None:
            config.export.output = output
        if formats:
            config.export.formats = parse_names(list(formats))
        if print_config:
            try:
                toml = pipeline.to_toml()
            except ConfigError as error:
                raise _usage(error) from error
            return ChainStage(action=lambda: click.echo(toml, nl=False), command="run")
        if not config.load.inputs:
            raise click.UsageError("run needs INPUT... (or [load] inputs in --config)")
        if config.export.enabled and not config.export.output:
            raise click.UsageError("run needs -o FOLDER (or [export] output in --config)")
        try:
            stages: list[Stage] = [
                pipeline.load_stage(
                    config.load.inputs, loader=config.load.loader, options=config.load.options
                )
            ]
            stages += pipeline.stages()
            exporters = (
                pipeline.exporters(config.export.formats, config.export.options)
                if config.export.enabled
                else []
            )
            pipeline.executor()
        except ConfigError as error:
            raise _usage(error) from error
        return ChainStage(
            action=lambda: _execute(state, stages, exporters, config.export.output), command="run"
        )

    @cli.command("plugins", cls=FinalCommand)
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_obj
    def plugins(state: CliState, as_json: bool) -> ChainStage:
        """List plugins, their distributions and the components they add per stage."""
        rows = plugin_listing(state.pipeline.plugin_manager, state.pipeline.registry)
        return ChainStage(action=lambda: _print_plugins(rows, as_json), command="plugins")

    @cli.command(
        "explain",
        cls=FinalCommand,
        epilog="\b\nMarks: '-' removed, '>' moved into meta, '~' partly removed or "
        "rewritten\n([-removed-] {+replacement+}), ' ' kept; each marked line ends with\n"
        "'← component/reason'.",
    )
    @click.argument("file", metavar="FILE")
    @click.option("--id", "ids", multiple=True, help="Only the document(s) with this id.")
    @config_option
    @click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="One JSON object per document: its record, and 'blocks' with what each lost.",
    )
    @click.option("--no-color", is_flag=True, help="Plain text, marks only (also NO_COLOR=1).")
    @click.pass_obj
    def explain(
        state: CliState,
        file: str,
        ids: Sequence[str],
        config_file: str | None,
        as_json: bool,
        no_color: bool,
    ) -> ChainStage:
        """Show FILE's documents as loaded, line by line: what each cleaner removed, and why.

        Kept lines are printed plain; removed ones are marked with the
        component and reason code that removed them, parts cut from a line
        are shown in place, text moved into meta says so, and a dropped
        document says which cleaner dropped it and why.

        Given a run's output folder (or its clusters.jsonl), show the
        duplicate clusters instead: for a duplicate (--id), each cluster on
        its way to the survivor, how similar it is and why the survivor won.
        """
        pipeline = state.pipeline
        clusters = clusters_path(file)
        if clusters is not None:
            return ChainStage(
                action=lambda: _print_clusters(clusters, ids, as_json, no_color),
                command="explain",
            )
        try:
            if config_file:
                pipeline.config = PipelineConfig.from_toml(Path(config_file))
            explained = pipeline.explain([file], ids=ids)
        except ConfigError as error:
            raise _usage(error) from error
        return ChainStage(
            action=lambda: _print_explanations(explained, set(ids), as_json, no_color),
            command="explain",
        )

    @cli.result_callback()
    @click.pass_obj
    def run_chain(state: CliState, /, results: list[ChainStage], **_: Any) -> None:
        actions = [r for r in results if r.action is not None]
        if actions:
            if len(results) > 1:
                names = ", ".join(r.command for r in results)
                raise click.UsageError(f"'{actions[0].command}' runs on its own; got: {names}")
            actions[0].action()  # type: ignore[misc]
            return
        if results and results[0].command != "load":
            raise click.UsageError("a chain starts with 'load INPUT'")
        exports = [r for r in results if r.command == "export"]
        if len(exports) > 1:
            raise click.UsageError("export may appear only once, at the end of the chain")
        if exports and results[-1] is not exports[0]:
            raise click.UsageError("export must be the last stage of the chain")
        stages = [r.stage for r in results if r.stage is not None]
        if exports:
            _execute(state, stages, exports[0].exporters, exports[0].output)
        else:  # no export stage: JSON Lines on stdout, like a Unix filter
            try:
                exporters = state.pipeline.exporters(["jsonl"])
            except ConfigError as error:
                raise _usage(error) from error
            _execute(state, stages, exporters, "-")

    pipeline.plugin_manager.hook.thresher_register_commands(cli=cli)
    return cli


def _apply_component_settings(config: PipelineConfig, settings: dict[str, Any]) -> None:
    for stage_name, components in settings.items():
        if stage_name in PROCESSING_STAGES:
            target = config.stage(stage_name).options
        elif stage_name in ("load", "export", "run"):
            target = getattr(config, stage_name).options
        else:
            raise ConfigError(f"--set: unknown stage {stage_name!r}")
        for component, options in components.items():
            target.setdefault(component, {}).update(options)


def _execute(
    state: CliState, stages: Sequence[Stage | None], exporters: Sequence[Any], output: str | None
) -> None:
    from .progress import RichProgress, print_summary

    pipeline = state.pipeline
    progress = None if state.quiet else RichProgress.for_stderr()
    try:
        report = pipeline.execute(
            [s for s in stages if s is not None],
            exporters=exporters,
            output=OutputTarget.parse(output),
            progress=progress,
        )
    except ConfigError as error:
        raise _usage(error) from error
    if not state.quiet:
        print_summary(report, output)
    _check_balanced(report)


def _check_balanced(report: RunReport) -> None:
    if not report.balanced:  # pragma: no cover - the stages guarantee it
        raise ThresherError(
            f"accounting error: {report.loaded} documents loaded, "
            f"but {report.accounted} accounted for"
        )


def _print_plugins(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="thresher plugins", show_lines=False)
    table.add_column("plugin")
    table.add_column("distribution")
    table.add_column("components")
    for row in rows:
        distribution = row["distribution"] or "(passed in)"
        if row["version"]:
            distribution += f" {row['version']}"
        components = "; ".join(
            f"{stage}: {', '.join(names)}" for stage, names in row["components"].items()
        )
        commands = [h for h in row["hooks"] if h == "thresher_register_commands"]
        if commands:
            components = (components + "; " if components else "") + "CLI commands"
        table.add_row(row["name"], distribution, components or "-")
    Console(width=max(100, Console().width)).print(table)


def _print_clusters(path: Path, ids: Sequence[str], as_json: bool, no_color: bool) -> None:
    from rich.console import Console

    from .progress import print_cluster

    try:
        clusters = clusters_of(path, ids)
    except ConfigError as error:
        raise click.UsageError(str(error)) from error
    console = Console(color_system=None) if no_color else Console()
    for cluster in clusters:
        if as_json:
            click.echo(orjson.dumps(cluster.to_dict()).decode())
        else:
            print_cluster(cluster, console)


def _print_explanations(explained: Explained, ids: set[str], as_json: bool, no_color: bool) -> None:
    from rich.console import Console

    from .progress import print_explanation

    console = Console(color_system=None) if no_color else Console()
    found: set[str] = set()
    for explanation in explained:
        found.add(explanation.document.id)
        if as_json:
            click.echo(orjson.dumps(explanation.to_dict(), default=str).decode())
        else:
            print_explanation(explanation, console)
    if ids - found:
        raise click.UsageError(f"no document with id {', '.join(sorted(ids - found))}")


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: build plugins, the pipeline and the CLI, then run it."""
    try:
        pipeline = Pipeline()
    except ThresherError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    cli = make_cli(pipeline)
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="thresher",
            standalone_mode=False,
        )
    except click.exceptions.Abort:
        click.echo("Interrupted; outputs rolled back.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("Interrupted; outputs rolled back.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except ThresherError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:  # `thresher ... | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
