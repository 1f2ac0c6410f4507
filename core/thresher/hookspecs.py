# mypy: disable-error-code="empty-body"
# (hook specifications are signatures and docstrings; pluggy never runs their bodies)
"""The hooks thresher calls: the whole contract between the core and plugins.

Every hook is prefixed ``thresher_``. A plugin is a module (or object) with
functions decorated by ``thresher.hookimpl``; it implements only the hooks it
needs and, per pluggy's opt-in rule, takes only the arguments it uses. Hooks
only ever *gain* arguments, so plugins written today keep working.

Registration hooks return component *classes* (see :mod:`thresher.components`);
users select them by name, and the pipeline builds them with their options.
A component name provided by two plugins is an error naming both.

Call order: first-party plugins are registered before installed ones, and
pluggy calls the last registered first, so installed plugins are asked
first (a third-party loader can claim ``.txt`` files before the built-in).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from .components import Cleaner, Deduper, Executor, Exporter, Extractor, Loader
    from .report import RunReport
    from .run import RunContext

hookspec = pluggy.HookspecMarker("thresher")


@hookspec
def thresher_register_loaders() -> Iterable[type[Loader]]:
    """Register loaders: components that turn an input into documents.

    Called once when a pipeline is built. Each loader's ``accepts(input)``
    says whether it can read an input; the first loader (in plugin call
    order) that accepts an input loads it, unless the user forces one with
    ``load --loader NAME``.

    :returns: loader classes (subclasses of :class:`thresher.Loader`).

    .. versionadded:: 0.1
    """


@hookspec
def thresher_register_cleaners() -> Iterable[type[Cleaner]]:
    """Register cleaners: components that edit documents in place.

    Called once when a pipeline is built. A cleaner says which documents it
    applies to (source-specific cleaners check ``document.source`` or
    ``document.meta``), records every removal with a reason code, and may
    ``fit`` on a first pass over the corpus.

    :returns: cleaner classes (subclasses of :class:`thresher.Cleaner`).

    .. versionadded:: 0.1
    """


@hookspec
def thresher_register_dedupers() -> Iterable[type[Deduper]]:
    """Register dedupers: stream processors that mark duplicates.

    Called once when a pipeline is built. A deduper sees every document in
    order, marks duplicates with the id of their survivor, and yields each
    document exactly once.

    :returns: deduper classes (subclasses of :class:`thresher.Deduper`).

    .. versionadded:: 0.1
    """


@hookspec
def thresher_register_extractors() -> Iterable[type[Extractor]]:
    """Register extractors: components that return structured fields.

    Called once when a pipeline is built. The fields an extractor returns are
    merged into the document (``meta.*`` keys into ``document.meta``, others
    into ``document.fields``); its ``provides`` declares them.

    :returns: extractor classes (subclasses of :class:`thresher.Extractor`).

    .. versionadded:: 0.1
    """


@hookspec
def thresher_register_exporters() -> Iterable[type[Exporter]]:
    """Register exporters: one output format each (``export -f NAME``).

    Called once when a pipeline is built.

    :returns: exporter classes (subclasses of :class:`thresher.Exporter`).

    .. versionadded:: 0.1
    """


@hookspec
def thresher_register_executors() -> Iterable[type[Executor]]:
    """Register executors: ways to run the per-document steps (``--executor NAME``).

    Called once when a pipeline is built.

    :returns: executor classes (subclasses of :class:`thresher.Executor`).

    .. versionadded:: 0.1
    """


@hookspec
def thresher_register_commands(cli: click.Group) -> None:
    """Add commands to the ``thresher`` command line.

    Called once when the CLI is built, after the built-in commands. ``cli``
    is a chained group: a command that returns a processor (use
    :func:`thresher.cli.stage`) runs as a stage between others, as in
    ``thresher load in/ clean my-stage export -o out/``. Groups cannot be
    added to a chained group; add commands.

    :param cli: the top-level click group.

    .. versionadded:: 0.1
    """


@hookspec
def thresher_run_start(context: RunContext) -> None:
    """Called once when a run starts, before the first document is read.

    :param context: the run: its pipeline configuration, temporary folder
        and (still empty) report.

    .. versionadded:: 0.1
    """


@hookspec
def thresher_run_finish(context: RunContext, report: RunReport) -> None:
    """Called once when a run ends, after outputs are committed, also after a failure.

    :param context: the run.
    :param report: the final report (counts per stage and reason, errors,
        timings); ``report.status`` says whether the run completed.

    .. versionadded:: 0.1
    """
