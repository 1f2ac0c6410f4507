"""Project rules that would otherwise rot: documented hooks, public-API-only plugins."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import thresher
from thresher import hookspecs
from thresher.plugins import BUILTIN_PLUGINS

ROOT = Path(__file__).resolve().parent.parent
HOOK_DOCS = ROOT / "docs" / "hooks.md"


def hook_specs() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for name, function in vars(hookspecs).items()
        if name.startswith("thresher_") and callable(function)
    }


def test_every_hook_is_documented_with_its_signature() -> None:
    documented = HOOK_DOCS.read_text(encoding="utf-8")
    headings = set(re.findall(r"^### `(thresher_\w+)\(", documented, flags=re.MULTILINE))
    specs = hook_specs()
    assert headings == set(specs), (
        f"undocumented: {set(specs) - headings}; stale: {headings - set(specs)}"
    )
    for name, signature in specs.items():
        parameters = ", ".join(signature.parameters)
        assert f"### `{name}({parameters})`" in documented, (
            f"{name}: signature differs from hookspecs.py"
        )


def test_every_hook_has_a_docstring_and_full_annotations() -> None:
    for name, signature in hook_specs().items():
        function = getattr(hookspecs, name)
        assert function.__doc__ and "versionadded" in function.__doc__, name
        assert signature.return_annotation is not inspect.Signature.empty, name
        for parameter in signature.parameters.values():
            assert parameter.annotation is not inspect.Parameter.empty, f"{name}({parameter.name})"


def test_first_party_plugins_import_only_the_public_api() -> None:
    # As a third-party plugin package would: thresher's public API, and the
    # package's own helper modules, but never another plugin module.
    public = set(thresher.__all__)
    plugin_modules = set(BUILTIN_PLUGINS.values())
    for path in sorted((ROOT / "plugins" / "thresher_plugins").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("thresher_plugins."):
                    assert node.module not in plugin_modules, (
                        f"{path.name} imports the plugin {node.module}"
                    )
                elif node.module.startswith("thresher"):
                    assert node.module in ("thresher", "thresher.cli"), (
                        f"{path.name} imports {node.module}"
                    )
                    if node.module == "thresher":
                        for alias in node.names:
                            assert alias.name in public, (
                                f"{path.name} imports non-public thresher.{alias.name}"
                            )
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("thresher."), (
                        f"{path.name} imports {alias.name}"
                    )


def test_the_core_never_imports_first_party_plugins() -> None:
    for path in (ROOT / "core" / "thresher").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import thresher_plugins" not in source and "from thresher_plugins" not in source, (
            path.name
        )


def test_every_builtin_plugin_has_a_test_module() -> None:
    tested = {p.stem for p in (ROOT / "tests" / "plugins").glob("test_*.py")}
    for module_name in BUILTIN_PLUGINS.values():
        stem = module_name.rsplit(".", 1)[1]
        assert f"test_{stem}" in tested, f"no tests/plugins/test_{stem}.py"
