"""The fix for Prefect's flow-run heartbeat (flows/prefect_fixes.py): in place for the pinned
version, used by real flow runs, heartbeats still sent, and a run no longer waits for them."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path
from types import SimpleNamespace

import prefect
from prefect import flow, flow_engine

import flows.harvest  # noqa: F401  (applies the fix, as every harvest flow does)
from flows import prefect_fixes

ROOT = Path(__file__).parents[1]


def test_the_fix_is_for_the_prefect_the_project_pins_and_is_in_place() -> None:
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert f"prefect=={prefect_fixes.FIXED_VERSION}" in pins, "re-check the fix for the new pin"
    assert prefect.__version__ == prefect_fixes.FIXED_VERSION
    assert flow_engine._send_heartbeats is prefect_fixes.send_heartbeats


def test_a_real_flow_run_beats_from_the_fixed_thread_and_ends_it() -> None:
    seen: list[threading.Thread] = []

    @flow(persist_result=False)
    def looks() -> None:
        seen.extend(t for t in threading.enumerate() if t.name == prefect_fixes.THREAD_NAME)

    looks()
    assert len(seen) == 1, "the flow run's heartbeat is not the fixed one"
    assert not seen[0].is_alive(), "the heartbeat outlived its flow run"


class _Engine:
    """The three things the flow engine offers its heartbeat, as Prefect's engine does."""

    heartbeat_seconds = 30
    flow_run = SimpleNamespace(state=SimpleNamespace(is_final=lambda: False))
    logger = SimpleNamespace(debug=lambda *a, **k: None)

    def __init__(self) -> None:
        self.beats = threading.Semaphore(0)

    def _build_heartbeat_event_template(self) -> tuple[dict[str, str], list[object]]:
        return {"prefect.resource.id": "prefect.flow-run.x"}, []

    def _emit_flow_run_heartbeat(self, resource: object, related: object) -> None:
        self.beats.release()


def test_a_heartbeat_goes_out_at_once_and_the_thread_stops_when_the_run_ends() -> None:
    engine = _Engine()
    with prefect_fixes.send_heartbeats(engine, join_on_exit=False):
        assert engine.beats.acquire(timeout=10), "no heartbeat sent"
        (thread,) = [t for t in threading.enumerate() if t.name == prefect_fixes.THREAD_NAME]
    # not joined: it ends by itself, in the 30 s the engine's interval would have slept
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert not engine.beats.acquire(blocking=False), "one beat per interval, not more"
