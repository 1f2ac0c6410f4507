"""Plugin discovery, blocking, load errors and component conflicts."""

from __future__ import annotations

import importlib.metadata
import sys
import types

import attrs
import pytest

import thresher
from thresher import Cleaner, ConflictError, Pipeline, PluginLoadError, hookimpl
from thresher.plugins import BUILTIN_PLUGINS, Registry, make_plugin_manager, plugin_listing


class FakeDistribution(importlib.metadata.Distribution):
    """An installed distribution that exists only in memory (pluggy's testing trick)."""

    def __init__(self, name: str, entry_points: str) -> None:
        self._name, self._entry_points = name, entry_points

    def read_text(self, filename: str) -> str | None:
        if filename == "METADATA":
            return f"Metadata-Version: 2.1\nName: {self._name}\nVersion: 9.9\n"
        if filename == "entry_points.txt":
            return self._entry_points
        return None

    def locate_file(self, path):  # pragma: no cover - unused
        return path


def fake_entry_points(
    monkeypatch: pytest.MonkeyPatch, module_name: str, ep_name: str, dist: str
) -> None:
    distribution = FakeDistribution(dist, f"[thresher]\n{ep_name} = {module_name}\n")
    monkeypatch.setattr(importlib.metadata, "distributions", lambda **_: [distribution])


def make_module(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


@attrs.define
class Shout(Cleaner):
    """Upper-cases text."""

    name = "shout"

    def clean(self, document) -> None:
        document.text = document.text.upper()


def test_builtins_register_under_short_names() -> None:
    pm = make_plugin_manager(entrypoints=False)
    assert sorted(name for name, _ in pm.list_name_plugin()) == sorted(BUILTIN_PLUGINS)
    registry = Registry.collect(pm)
    assert "exact" in registry.names("dedupe") and "local" in registry.names("run")


def test_every_builtin_module_is_a_plugin() -> None:
    pm = make_plugin_manager(entrypoints=False)
    for name in BUILTIN_PLUGINS:
        assert pm.get_hookcallers(pm.get_plugin(name)), f"{name} implements no hook"


def test_entry_point_plugin_is_loaded_and_attributed(monkeypatch: pytest.MonkeyPatch) -> None:
    module = make_module("thresher_shout", thresher_register_cleaners=hookimpl(lambda: [Shout]))
    monkeypatch.setitem(sys.modules, "thresher_shout", module)
    fake_entry_points(monkeypatch, "thresher_shout", "shout", "thresher-shout")
    pipeline = Pipeline()
    assert pipeline.registry.get("clean", "shout").plugin == "shout"
    rows = {row["name"]: row for row in plugin_listing(pipeline.plugin_manager, pipeline.registry)}
    assert rows["shout"]["distribution"] == "thresher-shout"
    assert rows["shout"]["components"] == {"clean": ["shout"]}
    assert rows["load-text"]["builtin"] is True


def test_broken_plugin_error_names_plugin_distribution_and_the_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_entry_points(monkeypatch, "thresher_missing_module_xyz", "broken", "thresher-broken")
    with pytest.raises(PluginLoadError) as caught:
        make_plugin_manager()
    message = str(caught.value)
    assert "'broken'" in message and "thresher-broken" in message
    assert "THRESHER_DISABLE_PLUGINS=broken" in message
    assert "\n" not in message


def test_disabling_a_broken_plugin_blocks_it_before_import(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, "thresher_missing_module_xyz", "broken", "thresher-broken")
    monkeypatch.setenv("THRESHER_DISABLE_PLUGINS", "broken, load-json")
    pm = make_plugin_manager()
    assert pm.get_plugin("broken") is None
    assert pm.get_plugin("load-json") is None
    assert "thresher_missing_module_xyz" not in sys.modules


def test_autoload_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, "thresher_missing_module_xyz", "broken", "thresher-broken")
    monkeypatch.setenv("THRESHER_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert make_plugin_manager().get_plugin("broken") is None


def test_duplicate_component_names_name_both_plugins() -> None:
    first = make_module("first_plugin", thresher_register_cleaners=hookimpl(lambda: [Shout]))
    second = make_module("second_plugin", thresher_register_cleaners=hookimpl(lambda: [Shout]))
    with pytest.raises(ConflictError) as caught:
        Pipeline(plugins=[first, second], entrypoints=False)
    assert "'first_plugin'" in str(caught.value) and "'second_plugin'" in str(caught.value)


def test_misspelled_hook_is_reported_with_the_plugin() -> None:
    typo = make_module("typo_plugin", thresher_register_claners=hookimpl(lambda: [Shout]))
    with pytest.raises(PluginLoadError, match="typo_plugin"):
        make_plugin_manager(entrypoints=False, plugins=[typo])


def test_registration_hook_returning_a_non_component_is_rejected() -> None:
    bad = make_module("bad_plugin", thresher_register_cleaners=hookimpl(lambda: [object]))
    with pytest.raises(thresher.ConfigError, match="bad_plugin"):
        Pipeline(plugins=[bad], entrypoints=False)


def test_two_pipelines_do_not_share_plugins() -> None:
    plugin = make_module("shout_plugin", thresher_register_cleaners=hookimpl(lambda: [Shout]))
    with_plugin = Pipeline(plugins=[plugin], entrypoints=False)
    without = Pipeline(entrypoints=False)
    assert "shout" in with_plugin.registry.names("clean")
    assert "shout" not in without.registry.names("clean")
