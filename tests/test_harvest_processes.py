"""Sources harvested in worker processes (flows/processes.py): really elsewhere, progress still
told here, one dead worker fails its own sources only, Ctrl+C leaves no worker behind."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from faults import feed, feed_sources
from servers import Route, ScriptedServer

from flows import processes
from flows.core import harvest_plain
from flows.processes import AUTO_MIN_SOURCES, process_count
from flows.progress import ProgressEvent, listening
from flows.server import descendants
from hub.config import Settings
from hub.plugins import build_registry
from hub.runtime import Runtime
from hub.store import SQLiteStore


def _in_processes(runtime: Runtime, processes: int = 2) -> Runtime:
    return Runtime(dataclasses.replace(runtime.settings, harvest_processes=processes))


def test_by_default_only_a_harvest_with_much_to_read_uses_workers(
    make_runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [f"q{i}" for i in range(10)]
    cores = len(os.sched_getaffinity(0))
    workers = min(cores, len(ids)) if cores > 1 else 1
    with ScriptedServer() as partner:
        partner.routes["/q0.xml"] = Route(feed(3))
        runtime = make_runtime(feed_sources(partner.url, ids))
        sources = runtime.sources.sources
        assert runtime.settings.harvest_processes == 0  # automatic
        # a first harvest of many sources: nothing stored yet, so much to read
        assert process_count(runtime, sources) == workers
        assert process_count(runtime, sources[: AUTO_MIN_SOURCES - 1]) == 1
        harvest_plain(runtime, sources[:1])  # one source alone stays in this process
    assert runtime.store.count_listings() == 3
    # a re-harvest of a small catalogue is mostly fetching: a worker's start costs more
    assert process_count(runtime, sources) == 1
    assert process_count(runtime, sources, full=True) == workers
    monkeypatch.setattr(processes, "AUTO_MIN_LISTINGS", 3)
    assert process_count(runtime, sources) == workers  # a large catalogue: workers again
    one = Runtime(dataclasses.replace(runtime.settings, harvest_processes=1))
    assert process_count(one, sources, full=True) == 1
    # connectors registered by hand exist only here: such a runtime cannot go to workers
    own = Runtime(runtime.settings, registry=build_registry())
    assert process_count(own, sources) == 1


def test_sources_are_harvested_in_worker_processes_and_told_here(make_runtime) -> None:
    ids = ["nord", "sued", "west"]
    with ScriptedServer() as partner:
        for n, i in enumerate(ids):
            partner.routes[f"/{i}.xml"] = Route(feed(3 + n, start=20 * n))  # no duplicates
        runtime = _in_processes(make_runtime(feed_sources(partner.url, ids)))
        events: list[ProgressEvent] = []
        with listening(events.append):
            counts = harvest_plain(runtime, runtime.sources.sources)
    assert [(c.source_id, c.status, c.added) for c in counts] == [
        ("nord", "ok", 3),
        ("sued", "ok", 4),
        ("west", "ok", 5),
    ]
    started = [e for e in events if e.stage == "started"]
    assert sorted(e.source_id for e in started) == ids
    assert all(e.pid != os.getpid() for e in started), "harvested in the parent process"
    assert all(e.run_id is not None for e in started)  # the CLI closes these on Ctrl+C
    batches = {i: sum(e.count for e in events if e.stage == "batch" and e.source_id == i)
               for i in ids}  # fmt: skip
    assert batches == {"nord": 3, "sued": 4, "west": 5}
    assert sorted(e.source_id for e in events if e.stage == "finished") == ids
    # indexed once, here, from the changed ids the workers handed back
    assert runtime.index.count() == runtime.store.count_catalogue() == 12


def test_the_prefect_flow_hands_its_source_tasks_to_worker_processes(
    make_runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.harvest import harvest_all

    ids = ["nord", "sued", "west"]
    monkeypatch.setenv("REGIOHUB_HARVEST_PROCESSES", "2")
    with ScriptedServer() as partner:
        for n, i in enumerate(ids):
            partner.routes[f"/{i}.xml"] = Route(feed(3 + n, start=20 * n))
        runtime = make_runtime(feed_sources(partner.url, ids))
        events: list[ProgressEvent] = []
        with listening(events.append):
            rows = harvest_all()
    assert [(r["source_id"], r["status"], r["added"]) for r in rows] == [
        ("nord", "ok", 3),
        ("sued", "ok", 4),
        ("west", "ok", 5),
    ]
    started = [e for e in events if e.stage == "started"]
    assert sorted(e.source_id for e in started) == ids
    assert all(e.pid != os.getpid() for e in started), "harvested in the flow's own process"
    assert len({e.pid for e in started}) <= 2
    assert runtime.index.count() == runtime.store.count_catalogue() == 12
    assert not [e.pid for e in started if _alive(e.pid)], "a worker outlived its flow run"


def test_a_worker_that_dies_fails_its_source_and_the_others_keep_theirs(make_runtime) -> None:
    gate = threading.Event()
    with ScriptedServer() as partner:
        partner.routes["/fein.xml"] = Route(feed(2))
        partner.routes["/haengt.xml"] = Route(feed(2, start=20), gate=gate)
        runtime = _in_processes(make_runtime(feed_sources(partner.url, ["fein", "haengt"])))
        seen: dict[str, ProgressEvent] = {}

        def kill_when_ready(event: ProgressEvent) -> None:
            seen[f"{event.source_id}:{event.stage}"] = event
            stuck = seen.get("haengt:started")
            if stuck and "fein:finished" in seen and not gate.is_set():
                if stuck.pid != os.getpid():  # never this test's own process
                    os.kill(stuck.pid, signal.SIGKILL)  # e.g. the kernel's OOM killer
                gate.set()

        try:
            with listening(kill_when_ready):
                fine, stuck_counts = harvest_plain(runtime, runtime.sources.sources)
        finally:
            gate.set()
    assert (fine.status, fine.added) == ("ok", 2)
    assert (stuck_counts.status, stuck_counts.error_kind) == ("failed", "internal")
    assert "Arbeitsprozess dieser Quelle endete" in (stuck_counts.error or "")
    run = runtime.store.latest_runs()["haengt"]
    assert run.status == "failed" and run.finished_at, "the dead worker's run was left open"
    assert runtime.index.count() == 2


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_ctrl_c_ends_the_workers_and_closes_their_runs(tmp_path: Path) -> None:
    home, sources = tmp_path / "home", tmp_path / "sources.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIOHUB_", "PREFECT_"))}
    env.update(REGIOHUB_HOME=str(home), REGIOHUB_SOURCES=str(sources), COLUMNS="200")
    with ScriptedServer() as partner:
        partner.routes["/eins.xml"] = Route(feed(2), delay_s=120)
        partner.routes["/zwei.xml"] = Route(feed(2), delay_s=120)
        sources.write_text(feed_sources(partner.url, ["eins", "zwei"]), encoding="utf-8")
        harvest = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "harvest", "--no-prefect", "--prozesse", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while len(partner.hits) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = descendants(harvest.pid)
        assert len(partner.hits) == 2 and workers, "the workers did not get going"
        harvest.send_signal(signal.SIGINT)  # the parent only: it must end its workers itself
        sent = time.monotonic()
        harvest.wait(30)
        took = time.monotonic() - sent
        stderr = harvest.stderr.read() if harvest.stderr else ""
    assert (harvest.returncode, took < 10) == (130, True), (took, stderr[-1500:])
    # said so, and closed the runs itself: not the watchdog's silent exit after GRACE_S
    assert "Ernte abgebrochen (Strg+C)." in stderr, stderr[-1500:]
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p for p in workers if _alive(p)] == []
    store = SQLiteStore(Settings.from_env({"REGIOHUB_HOME": str(home)}).db_path)
    for source_id in ("eins", "zwei"):
        run = store.latest_runs()[source_id]
        outcome = (run.status, run.counts.get("error_kind"))
        assert outcome == ("failed", "cancelled"), (run, stderr[-2000:])
