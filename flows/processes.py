"""Sources of one harvest in worker processes, so parsing and normalising use every core.

Threads share one interpreter lock: a harvest of many sources in threads reads feeds in
parallel but parses and normalises them on one core. With ``processes`` > 1 each source is
harvested in one of that many spawned worker processes (spawn, not fork: the parent runs
threads, and a fork holding one of their locks deadlocks), each with a Runtime of its own
built from the parent's settings and its own store connection; the source locks (``flock``)
and the store's transactions hold across processes already. The parent gets every source's
counts and changed ids back and indexes once, as before.

Progress events of the workers reach the parent's listeners (the CLI's progress bars, the
Prefect record) through one socket per worker, read by a thread of its own: a worker killed
halfway through an event (SIGKILL, the OOM killer) ends its own connection and nothing else,
where a pipe shared by all workers would keep its write lock or a torn message for ever and
stall every other worker's events and the parent's end. A worker ignores Ctrl+C: the
parent gets the signal, kills its workers and closes the runs they left open (their locks
go with them), and a worker ends when its parent ends, however it ends
(``PR_SET_PDEATHSIG``). A worker that dies fails the sources it had not finished, with the
cause; the others keep their results.

``WorkerPool`` is the pool itself, for callers that wait on one source at a time: the
Prefect flow ``harvest_all`` (flows/harvest.py) keeps one task per source, each task thread
waiting on the worker that harvests its source.

``REGIOHUB_HARVEST_PROCESSES`` (``regiohub harvest --prozesse N``) sets the number; 1
harvests in this process. 0, the default, is automatic: one worker a core for a harvest of
``AUTO_MIN_SOURCES`` or more sources with much to read — a first harvest (nothing of them
stored yet), a full one, or sources holding ``AUTO_MIN_LISTINGS`` listings or more — and
this process otherwise: a worker's start (imports and the pipeline's tables: 1–3 s of CPU)
costs more than it saves on a re-harvest of a small catalogue, where fetching dominates.
(100 feeds × 1,000 items on 2 cores, benchmarks/harvest_scale.py: 2.5× the bare fetch +
parse loop's wall time with two workers, 4.1× in one process; 10k listings: 2.9× and 3.9×.)
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from multiprocessing.connection import Client, Connection, Listener
from typing import Any

from flows.core import SourceHarvest, _failed, harvest_source_records
from flows.progress import ProgressEvent, emit, listening
from flows.unchanged import Primed
from hub.children import die_with_parent
from hub.config import Settings, SourceConfig
from hub.model import SourceCounts
from hub.plugins import get_registry
from hub.runtime import Runtime

log = logging.getLogger(__name__)
#: from this many sources on, the default harvest runs in worker processes
AUTO_MIN_SOURCES = 8
#: from this many stored listings of the harvested sources on, a re-harvest uses workers too
AUTO_MIN_LISTINGS = 20_000

_worker_runtime: Runtime | None = None
_worker_listening: list[AbstractContextManager[None]] = []


def process_count(runtime: Runtime, sources: list[SourceConfig], *, full: bool = False) -> int:
    """How many worker processes harvest ``sources`` (1: in this process)."""
    if len(sources) < 2 or runtime.registry is not get_registry():
        # a runtime with connectors or steps registered by hand cannot be rebuilt in a worker
        return 1
    wanted = runtime.settings.harvest_processes
    if wanted == 0:
        cores = len(os.sched_getaffinity(0))
        if len(sources) < AUTO_MIN_SOURCES or cores < 2:
            return 1
        if not full:
            by_source = runtime.store.counts_by_source()
            stored = sum(by_source.get(s.id, 0) for s in sources)
            if 0 < stored < AUTO_MIN_LISTINGS:
                return 1
        wanted = cores
    return max(1, min(wanted, len(sources)))


def harvest_sources(
    runtime: Runtime, sources: list[SourceConfig], *, full: bool = False, threads: int = 1
) -> list[SourceHarvest]:
    """Harvest each source (no index): in worker processes where ``process_count`` says so,
    else in this process, ``threads`` sources at a time. Results in the order of ``sources``."""
    processes = process_count(runtime, sources, full=full)
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
    with WorkerPool(runtime, processes) as pool:
        futures = [pool.submit(s, full) for s in sources]
        harvests = [pool.result(f, s) for f, s in zip(futures, sources, strict=True)]
    return harvests


class WorkerPool:
    """``processes`` spawned workers that harvest sources for this process (a context
    manager): ``harvest`` blocks the calling thread until its source is done, so a Prefect
    task per source (flows/harvest.py) waits on its worker as ``harvest_in_processes`` does.
    Leaving the block with an exception (Ctrl+C, a failed store) kills the workers."""

    def __init__(self, runtime: Runtime, processes: int) -> None:
        self._runtime = runtime
        self._relay = _Relay()
        try:
            self._pool = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(runtime.settings, self._relay.address, self._relay.authkey, os.getpid()),
            )
        except BaseException:
            self._relay.close()
            raise

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        finished = kind is None
        try:
            if not finished:  # cancelled (Ctrl+C, SIGTERM) or the store failed: stop the others
                _kill_workers(self._pool)
            self._pool.shutdown(wait=finished, cancel_futures=True)
        finally:
            # every worker has ended (or was killed): each connection is read to its end
            self._relay.close()

    def submit(
        self, source: SourceConfig, full: bool = False, primed: Primed | None = None
    ) -> Future[SourceHarvest]:
        try:
            return self._pool.submit(_harvest_in_worker, source, full, primed)
        except BrokenProcessPool as exc:  # a worker died earlier: this source fails too
            future: Future[SourceHarvest] = Future()
            future.set_exception(exc)
            return future

    def result(self, future: Future[SourceHarvest], source: SourceConfig) -> SourceHarvest:
        """The source's harvest; a failure with the cause if its worker died."""
        try:
            return future.result()
        except BrokenProcessPool:  # killed, out of memory, a crash: every worker is ended
            self._relay.drain()  # so the run it started is known here
            return _lost(self._runtime, source, self._relay.opened)

    def harvest(
        self, source: SourceConfig, full: bool = False, primed: Primed | None = None
    ) -> SourceHarvest:
        return self.result(self.submit(source, full, primed), source)


class _Relay:
    """In the parent: one connection per worker, each read by its own thread, every event
    handed to this process's listeners; ``opened`` keeps the runs workers started and did
    not finish (source id → run id)."""

    def __init__(self) -> None:
        self.authkey = os.urandom(32)
        self._listener = Listener(family="AF_UNIX", authkey=self.authkey)
        self.address: str = self._listener.address
        self.opened: dict[str, int] = {}
        self._closed = False
        self._emitting = threading.Lock()  # listeners are told one event at a time
        self._readers: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, name="harvest-events", daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while True:
            try:
                connection = self._listener.accept()
            except (OSError, EOFError, multiprocessing.AuthenticationError):
                if self._closed:
                    return
                time.sleep(0.01)  # one worker's failed hand-shake: the others still connect
                continue
            if self._closed:  # the wake-up from close()
                connection.close()
                return
            reader = threading.Thread(
                target=self._read, args=(connection,), name="harvest-events", daemon=True
            )
            self._readers.append(reader)
            reader.start()

    def _read(self, connection: Connection) -> None:
        with connection:
            while True:
                try:
                    event: ProgressEvent = connection.recv()
                except (EOFError, OSError):  # the worker ended, or died mid-event
                    return
                with self._emitting:
                    if event.stage == "started" and event.run_id is not None:
                        self.opened[event.source_id] = event.run_id
                    elif event.stage in ("finished", "failed"):
                        self.opened.pop(event.source_id, None)
                    try:
                        emit(event)
                    except Exception:  # a listener's bug must not stop the others' events
                        log.exception("a progress listener failed on %s", event)

    def drain(self, timeout_s: float = 10.0) -> None:
        """Wait for the connections of ended workers to be read to their end."""
        for reader in list(self._readers):
            reader.join(timeout_s)

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop taking connections and wait for the readers (their workers have ended)."""
        self._closed = True
        # closing the socket does not wake a thread blocked in accept(): a last connection does
        with contextlib.suppress(OSError, EOFError, multiprocessing.AuthenticationError):
            Client(self.address, family="AF_UNIX", authkey=self.authkey).close()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._accepting.join(timeout_s)
        for reader in list(self._readers):
            reader.join(timeout_s)


def _lost(runtime: Runtime, source: SourceConfig, opened: dict[str, int]) -> SourceHarvest:
    """The failure of a source whose worker died before it handed back its result."""
    counts = SourceCounts(source_id=source.id)
    _failed(
        counts,
        (
            "Interner Fehler: der Arbeitsprozess dieser Quelle endete vorzeitig (beendet oder "
            "ohne Speicher); die nächste Ernte holt sie erneut, das Log nennt die Ursache"
        ),
        "internal",
    )
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


def _start_worker(settings: Settings, address: str, authkey: bytes, parent: int) -> None:
    """In a worker, once: its Runtime, its events to the parent, its end with the parent."""
    global _worker_runtime
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C for all
    die_with_parent(parent)
    _worker_runtime = Runtime(settings)
    # this worker's own connection; send writes to the socket before returning, so a
    # source's last event is on its way before its result
    connection = Client(address, family="AF_UNIX", authkey=authkey)
    _worker_listening.append(listening(connection.send))  # kept: its exit would remove it
    _worker_listening[0].__enter__()  # for the worker's lifetime


def _harvest_in_worker(
    source: SourceConfig, full: bool, primed: Primed | None = None
) -> SourceHarvest:
    assert _worker_runtime is not None, "worker started without its runtime"
    result = harvest_source_records(_worker_runtime, source, full=full, primed=primed)
    result.seen = set()  # the parent does not need it: spare it the pickling
    return result
