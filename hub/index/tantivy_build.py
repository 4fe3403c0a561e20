"""The documents of a whole rebuild, built in helper processes when there are many.

Building a listing's index document is Python work (its texts, facets, dates, geo cells:
≈ 60 µs a listing) and holds the interpreter lock, so a rebuild in one process indexes on one
core while Tantivy's own threads wait for documents. A rebuild of more than ``HELPERS_FROM``
stored rows (``Store.iter_stored_rows``) therefore hands the rest, ``CHUNK`` rows at a time,
to helper processes (``hub.index.rebuild_helper``, one a core; started as a program of
their own, so they import only what they need and share nothing with this process's
threads). Each helper decodes its rows and writes each document as the JSON
``IndexWriter.add_json`` takes (``row_json``: the same fields as ``row_document``); this
process only adds them, in the rows' order. Rows are handed over as their stored bytes, so
nothing is decoded twice.

The first ``HELPERS_FROM`` rows are built here, before any helper is started, so a smaller
rebuild (a test, a small region) never starts one. A helper ignores Ctrl+C (the
rebuild's process gets it and ends them) and ends with that process, however it ends.
``REGIOHUB_REBUILD_HELPERS`` sets the number (0: none; default: one a core, none on one).
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import tantivy

import hub
from hub.index.tantivy_schema import listing_document, row_document
from hub.model import Listing, StoredRow

log = logging.getLogger(__name__)
#: rows built in this process before helpers start (a helper's start costs ≈ 0.5 s of CPU)
HELPERS_FROM = 20_000
#: rows per hand-over to a helper
CHUNK = 500

Item = Listing | dict[str, Any] | StoredRow
#: what the writer gets: a Document to add, or a document's JSON for ``add_json``
Prepared = tuple[str, tantivy.Document | str]


def helper_count() -> int:
    """Helpers a large rebuild uses: ``REGIOHUB_REBUILD_HELPERS``, else one a core (none on
    a machine with one core, where they would only take turns with this process)."""
    wanted = os.environ.get("REGIOHUB_REBUILD_HELPERS", "").strip()
    if wanted.isdigit():
        return int(wanted)
    cores = len(os.sched_getaffinity(0))
    return cores if cores >= 2 else 0


def prepared(items: Iterable[Item], helpers: int | None = None) -> Iterator[Prepared]:
    """``(id, document)`` for each item, in order; stored rows after the first
    ``HELPERS_FROM`` are built by ``helpers`` helper processes (``helper_count()`` if None)."""
    helpers = helper_count() if helpers is None else helpers
    iterator = iter(items)
    head = islice(iterator, HELPERS_FROM) if helpers > 0 else iterator
    last: Item | None = None
    for last in head:
        yield document_of(last)
    if helpers <= 0 or last is None:
        return
    rest = _peek(iterator)
    if rest is None:  # exactly HELPERS_FROM items: nothing left for helpers
        return
    yield from _in_helpers(rest, helpers)


def document_of(item: Item) -> tuple[str, tantivy.Document]:
    if isinstance(item, Listing):
        return item.id, listing_document(item)
    if isinstance(item, StoredRow):
        return item.id, row_document(item.decoded())
    return item["id"], row_document(item)  # a stored row already decoded


def _peek(iterator: Iterator[Item]) -> Iterator[Item] | None:
    for first in iterator:
        return with_first(first, iterator)
    return None


def with_first(first: Item | None, rest: Iterator[Item]) -> Iterator[Item]:
    """``first`` (taken off ``rest`` to look at it; None: there was none), then the rest."""
    if first is None:
        return
    yield first
    yield from rest


def _in_helpers(items: Iterator[Item], count: int) -> Iterator[Prepared]:
    helpers = [_Helper() for _ in range(count)]
    pending: deque[tuple[list[Item], _Helper | None]] = deque()
    broken = finished = False
    try:
        for turn, chunk in enumerate(iter(lambda: list(islice(items, CHUNK)), [])):
            helper = None
            # listings or decoded rows are not worth a hand-over: built here in their turn
            if not broken and all(isinstance(r, StoredRow) for r in chunk):
                helper = helpers[turn % count]
                helper.send(chunk)  # type: ignore[arg-type]
            pending.append((chunk, helper))
            # a few chunks ahead per helper: they never wait, and memory stays bounded
            while len(pending) > 2 * count or (pending and broken):
                documents, broken = _taken(*pending.popleft(), broken)
                yield from documents
        while pending:
            documents, broken = _taken(*pending.popleft(), broken)
            yield from documents
        finished = True
    finally:
        for helper in helpers:  # a failed or cancelled rebuild does not wait for the rest
            helper.stop(kill=not finished or broken)


def _taken(chunk: list[Item], helper: _Helper | None, broken: bool) -> tuple[list[Prepared], bool]:
    """A chunk's documents, and whether the helpers are gone: a helper that died (killed,
    out of memory) leaves its chunks and the rest to this process, with a warning."""
    if helper is not None and not broken:
        try:
            return list(helper.receive()), False
        except (EOFError, OSError):
            log.warning("a rebuild helper ended early; the rebuild goes on in this process")
            broken = True
    return [document_of(item) for item in chunk], broken


class _Helper:
    """One helper process (``hub.index.rebuild_helper``): chunks go to it through its
    standard input, written by a thread of its own so the rebuild never blocks on a helper
    that is busy writing its results; documents come back through a pipe only it writes to,
    so its death, even in the middle of a message, is an end of file there and nothing else
    (a pipe shared by several helpers would be left with a torn message that blocks its
    reader for ever)."""

    def __init__(self) -> None:
        root = str(Path(hub.__file__).resolve().parent.parent)
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "hub.index.rebuild_helper", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._requests = Connection(os.dup(self._process.stdin.fileno()), readable=False)
        self._results = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdin.close()
        self._process.stdout.close()
        self._outbox: queue.SimpleQueue[list[StoredRow] | None] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_all, name="rebuild-send", daemon=True)
        self._sender.start()

    def _send_all(self) -> None:
        try:
            while (rows := self._outbox.get()) is not None:
                self._requests.send(rows)
            self._requests.send(None)
        except OSError:  # the helper is gone: receive() sees its end of file
            pass
        finally:
            self._requests.close()

    def send(self, rows: list[StoredRow]) -> None:
        self._outbox.put(rows)

    def receive(self) -> list[tuple[str, str]]:
        documents: list[tuple[str, str]] = self._results.recv()
        return documents

    def stop(self, *, kill: bool) -> None:
        if kill:
            self._process.kill()
        self._outbox.put(None)
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(10)
        self._sender.join(10)
        self._results.close()
