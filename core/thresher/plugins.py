"""Building plugin managers and the component registry.

There is no global plugin manager: :func:`make_plugin_manager` returns a new
one each time, so two pipelines in one process never interfere and nothing
happens at import time.

Discovery order (pytest's): first-party plugins from :data:`BUILTIN_PLUGINS`,
then installed entry points of group ``thresher``, then plugins an embedding
application passes in. ``THRESHER_DISABLE_PLUGINS=a,b`` blocks plugins by
name *before* they are imported, so it also rescues a plugin that crashes on
import. ``THRESHER_DISABLE_PLUGIN_AUTOLOAD=1`` skips entry points altogether.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pluggy

from . import hookspecs
from .components import STAGE_BASES, Component
from .errors import ConfigError, ConflictError, PluginLoadError

ENTRY_POINT_GROUP = "thresher"
DISABLE_ENV = "THRESHER_DISABLE_PLUGINS"
NO_AUTOLOAD_ENV = "THRESHER_DISABLE_PLUGIN_AUTOLOAD"
TRACE_ENV = "THRESHER_TRACE_PLUGINS"

#: First-party plugins: short name (what users disable) -> module.
BUILTIN_PLUGINS: dict[str, str] = {
    "load-text": "thresher_plugins.load_text",
    "load-json": "thresher_plugins.load_json",
    "clean-unicode": "thresher_plugins.clean_unicode",
    "clean-whitespace": "thresher_plugins.clean_whitespace",
    "clean-repeats": "thresher_plugins.clean_repeats",
    "clean-errors": "thresher_plugins.clean_errors",
    "clean-boilerplate": "thresher_plugins.clean_boilerplate",
    "clean-learned": "thresher_plugins.clean_learned",
    "clean-shared-paragraphs": "thresher_plugins.clean_shared_paragraphs",
    "clean-news": "thresher_plugins.clean_news",
    "clean-c4": "thresher_plugins.clean_c4",
    "clean-gopher": "thresher_plugins.clean_gopher",
    "clean-fineweb": "thresher_plugins.clean_fineweb",
    "dedupe-exact": "thresher_plugins.dedupe_exact",
    "dedupe-near": "thresher_plugins.dedupe_near",
    "extract-language": "thresher_plugins.extract_language",
    "extract-metadata": "thresher_plugins.extract_metadata",
    "extract-relative-dates": "thresher_plugins.extract_relative_dates",
    "extract-quantities": "thresher_plugins.extract_quantities",
    "extract-quotes": "thresher_plugins.extract_quotes",
    "extract-entities": "thresher_plugins.extract_entities",
    "extract-spacy": "thresher_plugins.extract_spacy",
    "export-json": "thresher_plugins.export_json",
    "export-markdown": "thresher_plugins.export_markdown",
    "export-csv": "thresher_plugins.export_csv",
    "run-local": "thresher_plugins.run_local",
    "run-dask": "thresher_plugins.run_dask",
}

_REGISTRATION_HOOKS: dict[str, str] = {
    "load": "thresher_register_loaders",
    "clean": "thresher_register_cleaners",
    "dedupe": "thresher_register_dedupers",
    "extract": "thresher_register_extractors",
    "export": "thresher_register_exporters",
    "run": "thresher_register_executors",
}

BUILTIN_DISTRIBUTION = "thresher"


def disabled_from_env() -> set[str]:
    return {name.strip() for name in os.environ.get(DISABLE_ENV, "").split(",") if name.strip()}


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering which distribution each plugin came from."""

    def __init__(self) -> None:
        super().__init__("thresher")
        self.distributions: dict[str, str] = {}


def make_plugin_manager(
    *,
    builtins: bool = True,
    entrypoints: bool | None = None,
    plugins: Iterable[Any] = (),
    disable: Iterable[str] = (),
) -> PluginManager:
    """A fresh plugin manager with thresher's hooks and the chosen plugins.

    :param builtins: register the first-party plugins.
    :param entrypoints: load installed plugins (group ``thresher``); by
        default yes, unless ``THRESHER_DISABLE_PLUGIN_AUTOLOAD`` is set.
        Embedding applications that need reproducible output pass ``False``.
    :param plugins: extra plugins to register: objects (modules, instances),
        named by their ``name`` attribute or module name, or ``(name, plugin)`` pairs.
    :param disable: plugin names to block, on top of ``THRESHER_DISABLE_PLUGINS``.
    :raises PluginLoadError: a plugin failed to import or register; the
        message names it, its distribution, and how to disable it.
    """
    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    for name in disabled_from_env() | set(disable):
        pm.set_blocked(name)

    if builtins:
        for name, module_name in BUILTIN_PLUGINS.items():
            if pm.is_blocked(name):
                continue
            try:
                module = importlib.import_module(module_name)
                pm.register(module, name=name)
                pm.distributions[name] = BUILTIN_DISTRIBUTION
            except Exception as error:
                raise PluginLoadError(name, BUILTIN_DISTRIBUTION, error) from error

    if entrypoints is None:
        entrypoints = not os.environ.get(NO_AUTOLOAD_ENV)
    if entrypoints:
        _load_entry_points(pm)

    for entry in plugins:
        if isinstance(entry, tuple):
            given, plugin = entry
        else:
            plugin = entry
            given = getattr(plugin, "name", None) or getattr(plugin, "__name__", None)
        plugin_name = given if isinstance(given, str) else None
        if plugin_name is not None and pm.is_blocked(plugin_name):
            continue
        try:
            pm.register(plugin, name=plugin_name)
        except Exception as error:
            raise PluginLoadError(str(plugin_name), None, error) from error

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        culprit = pm.get_name(error.plugin) or "?"
        raise PluginLoadError(culprit, distribution_of(pm, error.plugin), error) from error

    if os.environ.get(TRACE_ENV):
        pm.trace.root.setwriter(lambda message: sys.stderr.write(message))
        pm.enable_tracing()
    return pm


def _load_entry_points(pm: PluginManager) -> None:
    entry_points = sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
    )
    for ep in entry_points:
        if pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
            continue
        distribution = ep.dist.name if ep.dist is not None else None
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except Exception as error:
            raise PluginLoadError(ep.name, distribution, error) from error
        if distribution:
            pm.distributions[ep.name] = distribution


def distribution_of(pm: pluggy.PluginManager, plugin: Any) -> str | None:
    """The distribution a plugin came from (``thresher`` for first-party ones)."""
    name = pm.get_name(plugin)
    if isinstance(pm, PluginManager) and name is not None:
        return pm.distributions.get(name)
    return None


@attrs.frozen
class Registered:
    """A component class and the plugin that registered it."""

    component: type[Component]
    plugin: str

    @property
    def name(self) -> str:
        return self.component.name


@attrs.frozen
class Registry:
    """All components per stage, by name, with the plugin that provides each."""

    stages: dict[str, dict[str, Registered]]

    @classmethod
    def collect(cls, pm: pluggy.PluginManager) -> Registry:
        """Ask every plugin for its components; a duplicate name is a ConflictError."""
        stages: dict[str, dict[str, Registered]] = {stage: {} for stage in _REGISTRATION_HOOKS}
        for stage, hook_name in _REGISTRATION_HOOKS.items():
            hook = getattr(pm.hook, hook_name)
            base = STAGE_BASES[stage]
            # Ask each implementation on its own so every component is attributed
            # to its plugin (hook call order: installed plugins first).
            for impl in reversed(hook.get_hookimpls()):
                try:
                    provided = impl.function() or ()
                    components = list(provided)
                except Exception as error:
                    raise PluginLoadError(
                        impl.plugin_name, distribution_of(pm, impl.plugin), error
                    ) from error
                for component in components:
                    _check_component(component, base, impl.plugin_name, hook_name)
                    existing = stages[stage].get(component.name)
                    if existing is not None:
                        raise ConflictError(
                            f"{stage} component {component.name!r} is provided by both plugin "
                            f"{existing.plugin!r} and plugin {impl.plugin_name!r}; "
                            f"disable one with THRESHER_DISABLE_PLUGINS"
                        )
                    stages[stage][component.name] = Registered(component, impl.plugin_name)
        return cls(stages)

    def names(self, stage: str) -> list[str]:
        return sorted(self.stages[stage])

    def get(self, stage: str, name: str) -> Registered:
        try:
            return self.stages[stage][name]
        except KeyError:
            available = ", ".join(self.names(stage)) or "none"
            noun = "format" if stage == "export" else f"{stage} component"
            if stage == "run":
                noun = "executor"
            raise ConfigError(f"no {noun} named {name!r}; available: {available}") from None

    def defaults(self, stage: str) -> list[str]:
        chosen = [r.component for r in self.stages[stage].values() if r.component.default]
        return [c.name for c in sorted(chosen, key=lambda c: (c.order, c.name))]

    def ordered(self, stage: str) -> list[Registered]:
        """Components in the order loaders are asked: plugin call order, then order."""
        return sorted(self.stages[stage].values(), key=lambda r: (r.component.order, r.name))


def _check_component(component: Any, base: type[Component], plugin: str, hook: str) -> None:
    if not (isinstance(component, type) and issubclass(component, base)):
        raise ConfigError(
            f"plugin {plugin!r} returned {component!r} from {hook}; "
            f"expected a subclass of thresher.{base.__name__}"
        )
    if not component.name:
        raise ConfigError(f"plugin {plugin!r}: {component.__name__} has no 'name'")


def plugin_listing(pm: pluggy.PluginManager, registry: Registry) -> list[dict[str, Any]]:
    """Every registered plugin, its distribution and version, and its components per stage."""
    rows: list[dict[str, Any]] = []
    by_plugin: dict[str, dict[str, list[str]]] = {}
    for stage, components in registry.stages.items():
        for registered in components.values():
            by_plugin.setdefault(registered.plugin, {}).setdefault(stage, []).append(
                registered.name
            )
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None:  # blocked (THRESHER_DISABLE_PLUGINS): not loaded, not listed
            continue
        distribution = distribution_of(pm, plugin)
        version = _version(distribution)
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        rows.append(
            {
                "name": name,
                "distribution": distribution,
                "version": version,
                "builtin": name in BUILTIN_PLUGINS and distribution == BUILTIN_DISTRIBUTION,
                "components": {s: sorted(c) for s, c in sorted(by_plugin.get(name, {}).items())},
                "hooks": hooks,
            }
        )
    return rows


def _version(distribution: str | None) -> str | None:
    if distribution is None:
        return None
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def parse_names(values: Sequence[str] | str | None) -> list[str]:
    """``"a,b"`` or ``["a", "b,c"]`` -> ``["a", "b", "c"]``."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
