"""Progress events from harvests, for whoever listens (the CLI's progress bars)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProgressEvent:
    source_id: str
    #: "started", "batch" (``count`` more records processed), "finished", "failed"
    stage: str
    count: int = 0
    message: str = ""
    #: the store's run, on "started": a cancelled harvest closes the runs it left open
    run_id: int | None = None
    #: the process that harvests the source (a worker's, see flows/processes.py)
    pid: int = field(default_factory=os.getpid)


Listener = Callable[[ProgressEvent], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def emit(event: ProgressEvent) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(event)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)
