"""`regiohub up`: a Prefect server with its scheduler, the served deployments and the search
API in one process tree — schedules fire by themselves, a source added to sources.toml is
scheduled without a restart, and stopping leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port
from faults import feed
from servers import Route, ScriptedServer

from flows.server import descendants

EVERY_15_SECONDS = """
[[source]]
id = "viertelminute"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
[source.schedule]
interval_minutes = 0.25
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _env(home: Path, sources: str) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    (home / "sources.toml").write_text(sources, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIOHUB_", "PREFECT_"))}
    env.update(REGIOHUB_HOME=str(home), REGIOHUB_SOURCES=str(home / "sources.toml"))
    return env


def _flow_runs(api: str) -> list[dict]:
    request = urllib.request.Request(
        f"{api}/flow_runs/filter",
        data=json.dumps(
            {"flow_runs": {"state": {"type": {"not_any_": ["SCHEDULED"]}}}, "limit": 50}
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return list(json.load(answer))
    except OSError:
        return []


@pytest.mark.slow
def test_up_fires_schedules_serves_search_and_stops_without_orphans(tmp_path: Path) -> None:
    home = tmp_path / "region"
    port, prefect_port = free_port(), free_port()
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(feed(3))
        partner.routes["/neu.xml"] = Route(feed(2, start=20))
        env = _env(home, EVERY_15_SECONDS.format(url=partner.url))
        args = ["up", "--port", str(port), "--prefect-port", str(prefect_port)]
        up = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        tree: set[int] = set()
        api = f"http://127.0.0.1:{prefect_port}/api"
        try:
            deadline = time.monotonic() + 240
            done: list[dict] = []
            while (len(partner.hits) < 2 or not done) and time.monotonic() < deadline:
                assert up.poll() is None, up.stdout.read() if up.stdout else ""
                tree.update(descendants(up.pid))
                time.sleep(1)
                done = [r for r in _flow_runs(api) if r["state_type"] == "COMPLETED"]
            assert len(partner.hits) >= 2, "the schedule did not fire twice"
            # the runs are Prefect's own scheduled runs, named after the source
            states = [(r["name"], r["state_type"]) for r in _flow_runs(api)]
            assert done and all(r["auto_scheduled"] for r in done), states
            assert all(r["name"].startswith("viertelminute ") for r in done)
            tree.update(descendants(up.pid))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health") as answer:
                assert answer.status == 200
            # a source added to sources.toml is scheduled without a restart
            added = EVERY_15_SECONDS.replace("viertelminute", "neu").replace("feed.xml", "neu.xml")
            with (home / "sources.toml").open("a", encoding="utf-8") as sources:
                sources.write(added.format(url=partner.url))
            deadline = time.monotonic() + 180
            while not [h for h in partner.hits if h[0] == "/neu.xml"]:
                assert time.monotonic() < deadline, "the added source was never harvested"
                assert up.poll() is None
                tree.update(descendants(up.pid))
                time.sleep(1)
        finally:
            tree.update(descendants(up.pid))
            up.send_signal(signal.SIGTERM)
            stopped = time.monotonic()
            output = up.communicate(timeout=30)[0]
        assert time.monotonic() - stopped < 20
    assert up.returncode == 0, output
    assert "Prefect-Oberfläche: http://127.0.0.1:" in output
    assert len(tree) >= 3, tree  # server, runner, search API
    time.sleep(1)
    assert [pid for pid in tree if _alive(pid)] == []
    assert not (home / "prefect" / "server.json").exists()
    assert (home / "prefect" / "prefect.db").exists()


@pytest.mark.slow
def test_up_refuses_a_busy_port_before_any_work(tmp_path: Path) -> None:
    import socket

    from test_cli import assert_one_clear_error

    home = tmp_path / "region"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = _env(home, EVERY_15_SECONDS.format(url="http://127.0.0.1:9"))
        done = subprocess.run(
            [sys.executable, "-m", "hub.cli", "up", "--port", str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert_one_clear_error(done, f"Port {port}", "--port")
    assert not (home / "prefect").exists()
