"""Run a measurement in a fresh interpreter, so the peak RSS it reports is its own."""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from typing import Any


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mib() -> float:
    """The largest peak resident memory of this process's ended (waited-for) children, MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


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
