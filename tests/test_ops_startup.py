"""`regiohub harvest` through Prefect: works on a REGIOHUB_HOME that does not exist yet, uses
a running server, and neither its end nor SIGTERM, Ctrl+C or `kill -9` leaves a Prefect server
behind; a harvest ended by a signal closes its run as failed, with the reason."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import marked_prefect_servers
from faults import feed
from servers import Route, ScriptedServer

from flows.server import LocalPrefectServer, descendants
from hub.config import Settings
from hub.store import SQLiteStore

SOURCE = """
[[source]]
id = "erstlauf"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
"""


def _env(home: Path, sources: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIOHUB_", "PREFECT_"))}
    env.update(REGIOHUB_HOME=str(home), REGIOHUB_SOURCES=str(sources), COLUMNS="200")
    return env


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _wait_for_harvest_and_server(harvest: subprocess.Popen, partner: ScriptedServer) -> list[int]:
    """The pids of the harvest's own Prefect server, once the harvest is fetching."""
    servers: list[int] = []
    deadline = time.monotonic() + 240
    while not (partner.hits and servers) and time.monotonic() < deadline:
        servers = servers or [p for p in descendants(harvest.pid) if "server start" in _cmdline(p)]
        assert harvest.poll() is None, "the harvest ended early"
        time.sleep(0.2)
    return servers


@pytest.mark.slow
def test_a_harvest_through_prefect_works_on_a_home_that_does_not_exist_yet(
    tmp_path: Path,
) -> None:
    home = tmp_path / "noch" / "nicht" / "da"
    sources = tmp_path / "sources.toml"
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(feed(4))
        sources.write_text(SOURCE.format(url=partner.url), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "hub.cli", "harvest", "--json"],
            env=_env(home, sources),
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (
        SQLiteStore(Settings.from_env({"REGIOHUB_HOME": str(home)}).db_path).count_listings() == 4
    )
    assert (home / "prefect" / "prefect.db").exists()
    assert marked_prefect_servers(f"PREFECT_HOME={home / 'prefect'}") == []


@pytest.mark.slow
def test_a_harvest_uses_the_running_server_and_names_its_run_after_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import urllib.request

    home = tmp_path / "home"
    monkeypatch.setenv("PREFECT_HOME", str(home / "prefect"))  # where the harvest looks
    sources = tmp_path / "sources.toml"
    with ScriptedServer() as partner, LocalPrefectServer(home, services=False) as server:
        partner.routes["/feed.xml"] = Route(feed(2))
        sources.write_text(SOURCE.format(url=partner.url), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "hub.cli", "harvest", "erstlauf", "--json"],
            env=_env(home, sources),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]

        def read(what: str) -> list[dict]:
            request = urllib.request.Request(
                f"{server.api_url}/{what}/filter",
                data=b"{}",
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request) as answer:
                return list(json.load(answer))

        runs, tasks, artifacts = read("flow_runs"), read("task_runs"), read("artifacts")
    assert [r["state_type"] for r in runs] == ["COMPLETED"]
    assert runs[0]["name"].startswith("erstlauf 20") and runs[0]["parameters"]["source_id"]
    assert sorted((t["name"], t["state_type"]) for t in tasks) == [
        ("harvest erstlauf", "COMPLETED"),
        ("index changes", "COMPLETED"),
    ]
    assert {t["flow_run_id"] for t in tasks} == {runs[0]["id"]}
    (report,) = [a for a in artifacts if a["key"] == "harvest-report"]
    assert report["flow_run_id"] == runs[0]["id"] and "erstlauf" in report["data"]


@pytest.mark.slow
def test_kill_9_of_a_harvest_leaves_no_prefect_server_behind(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sources = tmp_path / "sources.toml"
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(feed(2), delay_s=120)
        sources.write_text(SOURCE.format(url=partner.url), encoding="utf-8")
        harvest = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "harvest"],
            env=_env(home, sources),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers = _wait_for_harvest_and_server(harvest, partner)
        assert partner.hits and servers, "the harvest did not get going"
        harvest.send_signal(signal.SIGKILL)
        harvest.wait(10)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in servers) and time.monotonic() < deadline:
            time.sleep(0.2)
    assert [p for p in servers if _alive(p)] == []


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_closes_the_open_run_as_failed_and_leaves_no_prefect_server(
    tmp_path: Path, signum: int, code: int
) -> None:
    home = tmp_path / "home"
    sources = tmp_path / "sources.toml"
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(feed(2), delay_s=120)
        sources.write_text(SOURCE.format(url=partner.url), encoding="utf-8")
        harvest = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "harvest"],
            env=_env(home, sources),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        servers = _wait_for_harvest_and_server(harvest, partner)
        assert partner.hits and servers, "the harvest did not get going"
        harvest.send_signal(signum)
        sent = time.monotonic()
        harvest.wait(30)
        took = time.monotonic() - sent
        stderr = harvest.stderr.read() if harvest.stderr else ""
    assert (harvest.returncode, took < 10) == (code, True), (took, stderr[-1500:])
    assert "Ernte abgebrochen" in stderr
    deadline = time.monotonic() + 15  # the server got SIGTERM as the harvest ended
    while any(_alive(p) for p in servers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p for p in servers if _alive(p)] == []
    assert marked_prefect_servers(f"PREFECT_HOME={home / 'prefect'}") == []
    store = SQLiteStore(Settings.from_env({"REGIOHUB_HOME": str(home)}).db_path)
    run = store.latest_runs()["erstlauf"]
    assert (run.status, run.counts["error_kind"]) == ("failed", "cancelled")
    assert "Ernte abgebrochen" in run.counts["error"] and run.finished_at
