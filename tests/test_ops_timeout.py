"""Bounded work: a connector plugin whose ``fetch`` never returns fails with ``timeout`` after
its source's ``max_minutes``, the other sources are stored and indexed, and SIGTERM ends a
harvest within seconds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import feed
from servers import Route, ScriptedServer

from hub.config import Settings
from hub.store import SQLiteStore

HANGING_PLUGIN = '''
import threading
from typing import Any

from connectors.base import Connector
from hub.hookspecs import hookimpl


class Haengt(Connector):
    """Says it fetches, then waits for ever (a partner API that accepts and never answers)."""

    name = "haengt"

    def fetch(self):
        threading.Event().wait()
        yield from ()


@hookimpl
def register_connectors(register: Any) -> None:
    register(Haengt)
'''

SOURCES = """
[[source]]
id = "haengt"
type = "haengt"
kind = "event"
max_minutes = 0.05
[source.partner]
name = "Schweigsam e. V."

[[source]]
id = "gesund"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
"""


def _env(tmp_path: Path, sources: str) -> dict[str, str]:
    """A home with the hanging plugin installed (an entry point, as a partner's package)."""
    home, plugins = tmp_path / "home", tmp_path / "plugins"
    home.mkdir(parents=True, exist_ok=True)
    plugins.mkdir(exist_ok=True)
    (plugins / "rh_haengt.py").write_text(HANGING_PLUGIN, encoding="utf-8")
    info = plugins / "rh_haengt-0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rh_haengt\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[regiohub]\nrh_haengt = rh_haengt\n")
    (home / "sources.toml").write_text(sources, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIOHUB_", "PREFECT_"))}
    env.update(
        REGIOHUB_HOME=str(home),
        REGIOHUB_SOURCES=str(home / "sources.toml"),
        PYTHONPATH=str(plugins),
        COLUMNS="200",
    )
    return env


def _harvest(env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", "harvest", "--json", *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["--no-prefect", "prefect"])
def test_a_hanging_connector_times_out_and_the_others_are_indexed(
    tmp_path: Path, mode: str
) -> None:
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(feed(3))
        env = _env(tmp_path, SOURCES.format(url=partner.url))
        done = _harvest(env, *([mode] if mode.startswith("--") else []))
    assert done.returncode == 1, done.stderr[-2000:]
    rows = {r["source_id"]: r for r in json.loads(done.stdout)}
    assert rows["haengt"]["status"] == "failed" and rows["haengt"]["error_kind"] == "timeout"
    assert "max_minutes" in rows["haengt"]["error"]
    assert rows["gesund"]["status"] == "ok" and rows["gesund"]["added"] == 3
    search = subprocess.run(
        [sys.executable, "-m", "hub.cli", "search", "Werkstatt", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(search.stdout)["total"] == 3, search.stderr
    runs = SQLiteStore(Settings.from_env({"REGIOHUB_HOME": env["REGIOHUB_HOME"]}).db_path)
    assert runs.latest_runs()["haengt"].status == "failed"


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["--no-prefect", "prefect"])
def test_sigterm_ends_a_hanging_harvest_within_seconds(tmp_path: Path, mode: str) -> None:
    env = _env(
        tmp_path,
        SOURCES.replace("max_minutes = 0.05", "max_minutes = 60").split(
            '[[source]]\nid = "gesund"'
        )[0],
    )
    harvest = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "harvest", *([mode] if mode.startswith("--") else [])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    store_path = Settings.from_env({"REGIOHUB_HOME": env["REGIOHUB_HOME"]}).db_path
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:  # wait until the hanging source's run is open
        if store_path.exists() and "haengt" in SQLiteStore(store_path).latest_runs():
            break
        assert harvest.poll() is None, harvest.stderr.read() if harvest.stderr else ""
        time.sleep(0.5)
    time.sleep(1)
    harvest.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    harvest.wait(30)
    took = time.monotonic() - sent
    assert took < 10, took
    assert harvest.returncode != 0
    assert "abgebrochen" in (harvest.stderr.read() if harvest.stderr else "")


def test_the_admin_harvest_endpoint_recovers_after_a_hanging_source_timed_out(
    tmp_path: Path,
) -> None:
    import types

    import httpx
    from conftest import ApiServer

    from hub.plugins import build_registry
    from hub.runtime import Runtime
    from search_api.app import create_app

    plugin = types.ModuleType("rh_haengt_inproc")
    exec(HANGING_PLUGIN, plugin.__dict__)
    home = tmp_path / "home"
    home.mkdir()
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(feed(2))
        (home / "sources.toml").write_text(SOURCES.format(url=partner.url), encoding="utf-8")
        settings = Settings.from_env(
            {
                "REGIOHUB_HOME": str(home),
                "REGIOHUB_SOURCES": str(home / "sources.toml"),
                "REGIOHUB_ADMIN_TOKEN": "admin-789",
            }
        )
        runtime = Runtime(settings, registry=build_registry(extra=[plugin]))
        app = create_app(runtime.index, runtime.store, settings=settings, runtime=runtime)
        auth = {"Authorization": "Bearer admin-789"}
        with ApiServer(app) as api:
            url = f"{api.url}/api/v1/admin/harvest"
            assert httpx.post(url, headers=auth).status_code == 202
            assert httpx.post(url, headers=auth).status_code == 409  # busy while it runs
            deadline = time.monotonic() + 60
            while httpx.get(url, headers=auth).json()["running"]:
                assert time.monotonic() < deadline, "the harvest never ended"
                time.sleep(0.3)
            last = {r["source_id"]: r for r in httpx.get(url, headers=auth).json()["last"]}
            assert last["haengt"]["error_kind"] == "timeout"
            assert last["gesund"]["status"] == "ok"
            assert httpx.post(url, headers=auth).status_code == 202  # no permanent 409
