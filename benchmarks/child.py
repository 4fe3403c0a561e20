"""Run a measurement in a fresh interpreter, so the peak RSS it reports is its own."""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mib() -> float:
    """The largest peak resident memory of this process's ended (waited-for) children, MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # ended meanwhile
    return 0


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


class TreeRss:
    """The peak of this process's resident memory plus its children's at the same moment
    (sampled every ``every`` s, MiB): what a process pool really holds at once."""

    def __init__(self, every: float = 0.05) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every,), daemon=True)
        self._thread.start()

    def _sample(self, every: float) -> None:
        while not self._stop.wait(every):
            me = os.getpid()
            total = _rss_kib(me) + sum(_rss_kib(c) for c in _children(me))
            self.peak_kib = max(self.peak_kib, total)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak_kib / 1024, peak_rss_mib())


def _child(target: Callable[..., Any], answer: Any, *args: Any) -> None:
    answer.put(target(*args))


def in_child(target: Callable[..., Any], *args: Any) -> Any:
    """``target(*args)`` in a spawned interpreter; its return value (picklable)."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_child, args=(target, answer, *args))
    child.start()
    try:
        return answer.get(timeout=7200)
    finally:
        child.join(60)
