"""A pipeline as data: which stages, which components, which options.

The same :class:`PipelineConfig` is read from a TOML file
(``thresher run --config pipeline.toml``), built by the chained CLI, built
from Python, and printed back as TOML (``thresher run ... --print-config``)::

    [run]
    executor = "local"
    workers = 2

    [load]
    inputs = ["corpus/"]

    [load.json]            # options of the loader named "json"
    text_field = "body"

    [clean]
    components = ["unicode", "whitespace"]   # omit for the defaults
    add = []                                 # opt-in components after the defaults
    skip = []
    dry_run = false                          # report what would go, change nothing

    [clean.whitespace]     # options of the cleaner named "whitespace"
    unwrap = "auto"

    [export]
    formats = ["jsonl", "markdown"]
    output = "out"

A stage table that is absent takes its defaults; ``enabled = false`` leaves
a stage out.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

PROCESSING_STAGES: tuple[str, ...] = ("clean", "dedupe", "extract")


@attrs.define
class StageConfig:
    """One processing stage: the components it runs and their options.

    :ivar components: component names in the order they run; ``None`` means
        the stage's defaults.
    :ivar add: names added after the selection (opt-in components on top of the defaults).
    :ivar skip: names removed from the selection.
    :ivar options: per-component options, ``{component: {option: value}}``.
    :ivar dry_run: (clean only) run the cleaners and record what they would
        remove or drop, but pass documents on unchanged.
    """

    components: list[str] | None = None
    add: list[str] = attrs.field(factory=list)
    skip: list[str] = attrs.field(factory=list)
    options: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    enabled: bool = True
    dry_run: bool = False


@attrs.define
class LoadConfig:
    inputs: list[str] = attrs.field(factory=list)
    loader: str | None = None
    options: dict[str, dict[str, Any]] = attrs.field(factory=dict)


@attrs.define
class ExportConfig:
    formats: list[str] = attrs.field(factory=lambda: ["jsonl"])
    output: str | None = None
    options: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    enabled: bool = True


@attrs.define
class RunSettings:
    executor: str = "local"
    workers: int = 1
    strict: bool = False
    options: dict[str, dict[str, Any]] = attrs.field(factory=dict)


@attrs.define
class PipelineConfig:
    """The whole pipeline. Every stage is present; a stage may be disabled."""

    load: LoadConfig = attrs.field(factory=LoadConfig)
    clean: StageConfig = attrs.field(factory=StageConfig)
    dedupe: StageConfig = attrs.field(factory=StageConfig)
    extract: StageConfig = attrs.field(factory=StageConfig)
    export: ExportConfig = attrs.field(factory=ExportConfig)
    run: RunSettings = attrs.field(factory=RunSettings)

    def stage(self, name: str) -> StageConfig:
        if name not in PROCESSING_STAGES:
            raise KeyError(name)
        config: StageConfig = getattr(self, name)
        return config

    # -- TOML -------------------------------------------------------------
    @classmethod
    def from_toml(cls, source: str | Path) -> PipelineConfig:
        """Read a pipeline from a TOML file path, or from TOML text."""
        if isinstance(source, Path) or ("\n" not in source and source.endswith(".toml")):
            path = Path(source)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise ConfigError(
                    f"cannot read pipeline file {str(path)!r}: {error.strerror}"
                ) from error
            where = str(path)
        else:
            text, where = str(source), "<string>"
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{where}: invalid TOML: {error}") from error
        return cls.from_dict(data, where=where)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "<config>") -> PipelineConfig:
        unknown = set(data) - {"load", "run", "export", *PROCESSING_STAGES}
        if unknown:
            raise ConfigError(f"{where}: unknown table(s) {', '.join(sorted(unknown))}")
        config = cls()
        load = dict(data.get("load", {}))
        config.load = LoadConfig(
            inputs=_string_list(load.pop("inputs", []), f"{where}: load.inputs"),
            loader=load.pop("loader", None),
            options=_component_tables(load, f"{where}: [load]"),
        )
        for stage in PROCESSING_STAGES:
            table = dict(data.get(stage, {}))
            components = table.pop("components", None)
            dry_run = table.pop("dry_run", False)
            if dry_run and stage != "clean":
                raise ConfigError(f"{where}: [{stage}] has no dry_run; only [clean] does")
            if not isinstance(dry_run, bool):
                raise ConfigError(f"{where}: {stage}.dry_run must be true or false")
            setattr(
                config,
                stage,
                StageConfig(
                    components=None
                    if components is None
                    else _string_list(components, f"{where}: {stage}.components"),
                    add=_string_list(table.pop("add", []), f"{where}: {stage}.add"),
                    skip=_string_list(table.pop("skip", []), f"{where}: {stage}.skip"),
                    enabled=bool(table.pop("enabled", True)),
                    dry_run=dry_run,
                    options=_component_tables(table, f"{where}: [{stage}]"),
                ),
            )
        export = dict(data.get("export", {}))
        config.export = ExportConfig(
            formats=_string_list(export.pop("formats", ["jsonl"]), f"{where}: export.formats"),
            output=export.pop("output", None),
            enabled=bool(export.pop("enabled", True)),
            options=_component_tables(export, f"{where}: [export]"),
        )
        run = dict(data.get("run", {}))
        config.run = RunSettings(
            executor=str(run.pop("executor", "local")),
            workers=int(run.pop("workers", 1)),
            strict=bool(run.pop("strict", False)),
            options=_component_tables(run, f"{where}: [run]"),
        )
        return config

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "run": {
                "executor": self.run.executor,
                "workers": self.run.workers,
                "strict": self.run.strict,
                **_clean_options(self.run.options),
            }
        }
        load: dict[str, Any] = {"inputs": list(self.load.inputs)}
        if self.load.loader:
            load["loader"] = self.load.loader
        data["load"] = {**load, **_clean_options(self.load.options)}
        for stage in PROCESSING_STAGES:
            config = self.stage(stage)
            table: dict[str, Any] = {"enabled": config.enabled}
            if config.dry_run:
                table["dry_run"] = True
            if config.components is not None:
                table["components"] = list(config.components)
            if config.add:
                table["add"] = list(config.add)
            if config.skip:
                table["skip"] = list(config.skip)
            data[stage] = {**table, **_clean_options(config.options)}
        export: dict[str, Any] = {
            "enabled": self.export.enabled,
            "formats": list(self.export.formats),
        }
        if self.export.output is not None:
            export["output"] = self.export.output
        data["export"] = {**export, **_clean_options(self.export.options)}
        return data

    def to_toml(self) -> str:
        import tomli_w

        return str(tomli_w.dumps(self.to_dict()))


def parse_value(raw: str) -> Any:
    """A command-line value read as TOML (``2``, ``true``, ``[1, 2]``, ``"x"``), else as text."""
    try:
        return tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        return raw


def _string_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise ConfigError(f"{where} must be a list of strings")


def _component_tables(table: Mapping[str, Any], where: str) -> dict[str, dict[str, Any]]:
    options: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        if not isinstance(value, Mapping):
            raise ConfigError(
                f"{where}: unknown setting {key!r} (component options go in a sub-table, "
                f"such as [stage.{key}])"
            )
        options[key] = dict(value)
    return options


def _clean_options(options: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    # TOML has no null: options left at None are simply not written.
    return {
        name: {k: v for k, v in values.items() if v is not None}
        for name, values in sorted(options.items())
    }
