"""A fix for Prefect 3.8.8 (the pinned version), applied where flows/harvest.py imports Prefect.

Prefect's flow-run heartbeat (``prefect.flow_engine._send_heartbeats``) runs a thread that
sleeps in 1-second steps between its checks, and every flow run joins that thread when it
ends: up to a second per flow run spent waiting after the work is done (half a second on
average; a third of the Prefect cost of an all-304 re-harvest of 100 sources, issue 17).
The replacement sends the same heartbeat events at the same interval, from the same kind of
thread with the caller's context, but waits on its stop event, so a flow run ends as soon as
its work does. Only for the pinned version: any other keeps its own code, and
tests/test_prefect_fixes.py fails so that the fix is looked at again.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import prefect
from prefect import flow_engine

FIXED_VERSION = "3.8.8"
THREAD_NAME = "regiohub-flow-heartbeat"


@contextmanager
def send_heartbeats(engine: Any, join_on_exit: bool = True) -> Iterator[None]:
    """Heartbeat events for ``engine``'s flow run while the block runs (see the module)."""
    seconds = engine.heartbeat_seconds
    if seconds is None:
        yield
        return
    seconds = max(seconds, flow_engine.MINIMUM_HEARTBEAT_INTERVAL)
    resource, related = engine._build_heartbeat_event_template()
    stop = threading.Event()

    def beat() -> None:
        while True:
            run = engine.flow_run
            if run and run.state and run.state.is_final():
                return
            try:
                engine._emit_flow_run_heartbeat(resource, related)
            except Exception:
                engine.logger.debug("Failed to emit heartbeat", exc_info=True)
            if stop.wait(seconds):  # set at the end of the flow run: back at once
                return

    # the caller's context: the thread must see the same Prefect settings (API URL)
    thread = threading.Thread(
        target=contextvars.copy_context().run, args=(beat,), name=THREAD_NAME, daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        if join_on_exit:
            thread.join(timeout=2)


def apply() -> bool:
    """Put the fix in place where Prefect is the version it was written for; True if so."""
    if prefect.__version__ != FIXED_VERSION:
        return False
    flow_engine._send_heartbeats = send_heartbeats
    return True
