"""Helpers for testing thresher plugins, shipped so plugin authors can use them.

Opt in from a ``conftest.py`` with ``pytest_plugins = ["thresher.testing"]``
to get the ``thresher_pipeline`` and ``thresher_cli`` fixtures. Nothing here
is activated automatically: installing thresher never changes another
project's test suite.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click
import orjson
import pytest
from click.testing import CliRunner, Result

from .cli import make_cli
from .config import PipelineConfig, StageConfig
from .model import Document
from .pipeline import DocumentsStage, Pipeline
from .report import RunReport
from .run import RunContext
from .stages import Stage


def make_test_pipeline(*plugins: Any, builtins: bool = True, **kwargs: Any) -> Pipeline:
    """A pipeline with the given plugins and never the installed ones (reproducible tests)."""
    return Pipeline(plugins=plugins, builtins=builtins, entrypoints=False, **kwargs)


def make_run_context(pipeline: Pipeline | None = None, tmpdir: Path | None = None) -> RunContext:
    """A run context outside a run, for unit-testing exporters and stream components."""
    pipeline = pipeline or make_test_pipeline()
    directory = tmpdir or Path(tempfile.mkdtemp(prefix="thresher-test-"))
    return RunContext(
        config=pipeline.config,
        report=RunReport(),
        executor=pipeline.executor(),
        tmpdir=directory,
        plugin_manager=pipeline.plugin_manager,
    )


def run_stage(
    stage: str,
    documents: Iterable[Document | str],
    components: Sequence[str],
    options: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    workers: int = 1,
) -> list[Document]:
    """Run one stage with only ``components`` (options per component) over ``documents``.

    For components that see the whole stream (dedupers, fitted cleaners),
    where :func:`run_component`'s one document is not enough.
    """
    config = PipelineConfig()
    chosen = {name: dict(values) for name, values in (options or {}).items()}
    setattr(config, stage, StageConfig(components=list(components), options=chosen))
    config.run.workers = workers
    return list(make_test_pipeline(config=config).process(documents, stages=[stage]))


_component_pipelines: dict[tuple[str, str, str], Pipeline] = {}


def run_component(stage: str, name: str, document: Document | str, **options: Any) -> Document:
    """Run one component (``run_component("clean", "whitespace", text)``) on one document.

    Pipelines are cached per component and options, so property tests that
    call this hundreds of times stay fast.
    """
    key = (stage, name, repr(sorted(options.items())))
    pipeline = _component_pipelines.get(key)
    if pipeline is None:
        config = PipelineConfig()
        setattr(config, stage, StageConfig(components=[name], options={name: options}))
        pipeline = _component_pipelines[key] = make_test_pipeline(config=config)
    (result,) = pipeline.process([document], stages=[stage])
    return result


def feed(documents: Iterable[Document | str]) -> Stage:
    """A first stage that yields ``documents``, for ``pipeline.execute([feed(...), ...])``."""
    return DocumentsStage(documents)


def run_cli(pipeline: Pipeline, args: Sequence[str], input: str | bytes | None = None) -> Result:
    """Invoke the ``thresher`` CLI built from ``pipeline`` in-process."""
    return CliRunner().invoke(make_cli(pipeline), list(args), input=input, catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file a run wrote (``documents.jsonl``, ``rejected.jsonl``)."""
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


@pytest.fixture
def thresher_pipeline() -> Pipeline:
    """A fresh pipeline with the first-party plugins only."""
    return make_test_pipeline()


@pytest.fixture
def thresher_cli(thresher_pipeline: Pipeline) -> click.Group:
    """The CLI of ``thresher_pipeline``; invoke it with click's ``CliRunner``."""
    return make_cli(thresher_pipeline)
