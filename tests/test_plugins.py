"""The plugin manager: built-ins and entry-point plugins load alike; broken ones are skipped."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from hub import hookspecs
from hub.hookspecs import hookimpl
from hub.plugins import BUILTIN_PLUGINS, build_registry


def write_plugin_dist(root: Path, name: str, module_source: str) -> None:
    """An installed distribution with a ``regiohub`` entry point on sys.path, as pip leaves it."""
    (root / f"{name}.py").write_text(module_source, encoding="utf-8")
    info = root / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[regiohub]\n{name} = {name}\n")


GOOD_PLUGIN = """
from connectors.base import Connector
from hub.hookspecs import hookimpl

class EchoConnector(Connector):
    name = "echo"
    def fetch(self):
        yield self.record(key="1", url=None, title="Echo")

@hookimpl
def register_connectors(register):
    register(EchoConnector)
"""


@pytest.fixture
def plugin_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_builtins_register_through_the_hooks() -> None:
    registry = build_registry(entry_points=False)
    assert {"feed", "html"} <= set(registry.connectors)
    assert "tantivy" in registry.index_backends
    assert registry.steps, "the built-in pipeline steps register through register_steps"
    assert {p.name for p in registry.plugins} == set(BUILTIN_PLUGINS)
    assert registry.failures == []


def test_an_entry_point_plugin_adds_a_connector(plugin_path: Path) -> None:
    write_plugin_dist(plugin_path, "rh_echo_plugin", GOOD_PLUGIN)
    registry = build_registry()
    assert registry.connectors["echo"].__name__ == "EchoConnector"
    info = next(p for p in registry.plugins if p.name == "rh_echo_plugin")
    assert not info.builtin and info.provides == ["connector:echo"]


def test_a_plugin_that_fails_to_import_is_reported_and_skipped(plugin_path: Path) -> None:
    write_plugin_dist(plugin_path, "rh_broken_plugin", "raise RuntimeError('kaputt beim Import')\n")
    registry = build_registry()
    (failure,) = [f for f in registry.failures if f.name == "rh_broken_plugin"]
    assert failure.stage == "import" and "kaputt beim Import" in failure.error
    assert "feed" in registry.connectors  # the hub still works


def test_a_plugin_whose_hook_raises_fails_alone() -> None:
    class Broken:
        @hookimpl
        def register_connectors(self, register):
            raise ValueError("no connectors today")

    registry = build_registry(entry_points=False, extra=[Broken()])
    assert any(
        f.stage == "register_connectors" and "no connectors today" in f.error
        for f in registry.failures
    )
    assert {"feed", "html"} <= set(registry.connectors)


def test_a_plugin_implementing_an_unknown_hook_is_refused() -> None:
    class Wrong:
        @hookimpl
        def register_nonsense(self, register):
            return None

    registry = build_registry(entry_points=False, extra=[Wrong()])
    assert any(f.stage == "register" for f in registry.failures)


def test_every_hook_spec_is_documented_here_and_in_the_plugin_docs() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text(encoding="utf-8")
    specs = [
        n for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("register_")
    ]
    assert len(specs) == 5
    for name in specs:
        assert getattr(hookspecs, name).__doc__, name
        assert f"`{name}`" in docs, f"{name} missing from docs/plugins.md"


def test_cli_plugins_lists_loaded_and_failed_plugins(plugin_path: Path) -> None:
    write_plugin_dist(plugin_path, "rh_broken_plugin", "import nonexistent_module_xyz\n")
    env = {"PYTHONPATH": str(plugin_path), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "hub.cli", "plugins"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "connectors.feed" in result.stdout and "connector:feed" in result.stdout
    assert "rh_broken_plugin" in result.stdout and "nonexistent_module_xyz" in result.stdout


def test_loading_the_plugins_leaves_the_api_and_page_parsers_unimported() -> None:
    # every hub process loads the built-in plugins (CLI, each harvest worker, a rebuild);
    # FastAPI, extruct (with rdflib) and the Elasticsearch client would cost each ≈ 75 MiB
    code = (
        "import sys\n"
        "from hub.plugins import build_registry\n"
        "r = build_registry()\n"
        "print(sorted(m for m in ('fastapi', 'extruct', 'rdflib', 'elasticsearch') "
        "if m in sys.modules))\n"
        "paths = {route.path for factory in r.routers for route in factory().routes}\n"
        "print('/api/v1/changes' in paths, '/metrics' in paths)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True True"]
