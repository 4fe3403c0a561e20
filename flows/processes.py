"""Sources of one harvest in worker processes, so parsing and normalising use every core.

Threads share one interpreter lock: a harvest of many sources in threads reads feeds in
parallel but parses and normalises them on one core. With ``processes`` > 1 each source is
harvested in one of that many spawned worker processes (spawn, not fork: the parent runs
threads, and a fork holding one of their locks deadlocks), each with a Runtime of its own
built from the parent's settings and its own store connection; the source locks (``flock``)
and the store's transactions hold across processes already. The parent gets every source's
counts and changed ids back and indexes once, as before.

Progress events of the workers reach the parent's listeners (the CLI's progress bars, the
Prefect record) through a pipe. A worker ignores Ctrl+C: the parent gets the signal, kills
its workers and closes the runs they left open (their locks go with them), and a worker
ends when its parent ends, however it ends (``PR_SET_PDEATHSIG``). A worker that dies fails
the sources it had not finished, with the cause; the others keep their results.

``REGIOHUB_HARVEST_PROCESSES`` (``regiohub harvest --prozesse N``) sets the number; 1, the
default, harvests in this process as before. 0 is automatic: a harvest of
``AUTO_MIN_SOURCES`` or more sources uses one worker per core, smaller ones stay in this
process, where a worker's start (imports and the pipeline's tables: 1–3 s of CPU) costs
more than it saves.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from multiprocessing.queues import SimpleQueue
from typing import Any

from flows.core import SourceHarvest, _failed, harvest_source_records
from flows.progress import ProgressEvent, emit, listening
from hub.config import Settings, SourceConfig
from hub.model import SourceCounts
from hub.plugins import get_registry
from hub.runtime import Runtime

log = logging.getLogger(__name__)
#: from this many sources on, the default harvest runs in worker processes
AUTO_MIN_SOURCES = 8

_worker_runtime: Runtime | None = None
_worker_listening: list[AbstractContextManager[None]] = []


def process_count(runtime: Runtime, sources: list[SourceConfig]) -> int:
    """How many worker processes harvest ``sources`` (1: in this process)."""
    if len(sources) < 2 or runtime.registry is not get_registry():
        # a runtime with connectors or steps registered by hand cannot be rebuilt in a worker
        return 1
    wanted = runtime.settings.harvest_processes
    if wanted == 0:
        if len(sources) < AUTO_MIN_SOURCES:
            return 1
        wanted = len(os.sched_getaffinity(0))
    return max(1, min(wanted, len(sources)))


def harvest_sources(
    runtime: Runtime, sources: list[SourceConfig], *, full: bool = False, threads: int = 1
) -> list[SourceHarvest]:
    """Harvest each source (no index): in worker processes where ``process_count`` says so,
    else in this process, ``threads`` sources at a time. Results in the order of ``sources``."""
    processes = process_count(runtime, sources)
    if processes > 1:
        return harvest_in_processes(runtime, sources, processes, full=full)
    if threads <= 1:
        return [harvest_source_records(runtime, s, full=full) for s in sources]
    pool = ThreadPoolExecutor(threads, thread_name_prefix="harvest")
    try:
        futures = [pool.submit(harvest_source_records, runtime, s, full=full) for s in sources]
        return [f.result() for f in futures]
    finally:  # a cancelled harvest must not wait here for a connector that hangs
        pool.shutdown(wait=False, cancel_futures=True)


def harvest_in_processes(
    runtime: Runtime, sources: list[SourceConfig], processes: int, *, full: bool = False
) -> list[SourceHarvest]:
    """Harvest ``sources`` in ``processes`` spawned workers, one source at a time each."""
    context = multiprocessing.get_context("spawn")
    events: SimpleQueue[ProgressEvent | None] = context.SimpleQueue()
    opened: dict[str, int] = {}  # source id → its run, started by a worker, not finished
    relay = threading.Thread(
        target=_relay, args=(events, opened), name="harvest-events", daemon=True
    )
    relay.start()
    pool = ProcessPoolExecutor(
        processes,
        mp_context=context,
        initializer=_start_worker,
        initargs=(runtime.settings, events, os.getpid()),
    )
    finished = False
    try:
        futures = [pool.submit(_harvest_in_worker, s, full) for s in sources]
        harvests = [_outcome(runtime, f, s, opened) for f, s in zip(futures, sources, strict=True)]
        finished = True
    finally:
        if not finished:  # cancelled (Ctrl+C, SIGTERM) or the store failed: stop the others
            _kill_workers(pool)
        pool.shutdown(wait=finished, cancel_futures=True)
    # every worker wrote its last event before its result: after this one, all are told
    events.put(None)
    relay.join()
    return harvests


def _outcome(
    runtime: Runtime,
    future: Future[SourceHarvest],
    source: SourceConfig,
    opened: dict[str, int],
) -> SourceHarvest:
    try:
        return future.result()
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory, a crash)
        counts = SourceCounts(source_id=source.id)
        _failed(counts, f"internal error: the harvest worker process ended ({exc})", "internal")
        # a run the dead worker left open is closed now, not by the next harvest as crashed
        if (run_id := opened.pop(source.id, None)) is not None:
            counts.run_id = run_id
            runtime.store.finish_run(run_id, counts)
        emit(ProgressEvent(source.id, "failed", message=counts.error or ""))
        return SourceHarvest(counts)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    # the executor has no public way to end running work; its workers hold nothing that
    # dying loses: each batch is one transaction, a flock goes with its process
    workers: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for worker in list(workers.values()):
        with contextlib.suppress(OSError, ValueError):  # already gone
            worker.kill()


def _relay(events: SimpleQueue[ProgressEvent | None], opened: dict[str, int]) -> None:
    """In the parent: hand the workers' progress events to this process's listeners."""
    while (event := events.get()) is not None:
        if event.stage == "started" and event.run_id is not None:
            opened[event.source_id] = event.run_id
        elif event.stage in ("finished", "failed"):
            opened.pop(event.source_id, None)
        try:
            emit(event)
        except Exception:  # a listener's bug must not stop the others' events
            log.exception("a progress listener failed on %s", event)


def _start_worker(
    settings: Settings, events: SimpleQueue[ProgressEvent | None], parent: int
) -> None:
    """In a worker, once: its Runtime, its events to the parent, its end with the parent."""
    from flows.server import _die_with_parent

    global _worker_runtime
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C for all
    _die_with_parent(parent)
    _worker_runtime = Runtime(settings)
    # put writes to the pipe before returning (a Queue would hand it to a feeder thread),
    # so a source's last event is in the pipe before its result
    forward: Callable[[ProgressEvent], None] = events.put
    _worker_listening.append(listening(forward))  # kept: its exit would remove the listener
    _worker_listening[0].__enter__()  # for the worker's lifetime


def _harvest_in_worker(source: SourceConfig, full: bool) -> SourceHarvest:
    assert _worker_runtime is not None, "worker started without its runtime"
    result = harvest_source_records(_worker_runtime, source, full=full)
    result.seen = set()  # the parent does not need it: spare it the pickling
    return result
