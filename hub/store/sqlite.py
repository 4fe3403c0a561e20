"""The embedded backend: the catalogue in one SQLite file (WAL; one writer at a time).

One connection per call, so threads and processes share the file safely. The change feed is
gap-free by construction: SQLite has one writer, so a cursor assigned on insert commits in
order. Two harvests of one source are excluded by an ``flock`` on a file beside the
catalogue, which the kernel releases when the holding process dies, however it dies.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from hub.errors import SourceBusyError
from hub.store import migrations
from hub.store.core import SQLStore
from hub.store.db import Db
from hub.store.sql import HOST, alive


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the catalogue file: autocommit (transactions are explicit), rows by name."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.row_factory = sqlite3.Row
    # in WAL mode a commit is then not synced on its own but with the next checkpoint: a
    # power cut may lose the last transactions (a harvest redoes them), never corrupts
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        yield db
    finally:
        db.close()


@contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction (taken at once, so writers queue instead of deadlocking)."""
    with connect(path) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _wal(raw: sqlite3.Connection) -> None:
    """Put the file in WAL mode (persistent: a no-op read once it is).

    Switching a new file needs its exclusive lock, and SQLite answers a switch that meets
    another opener's lock with "database is locked" at once instead of waiting its busy
    timeout; parallel first openers of one new file therefore retry for a while.
    """
    deadline = time.monotonic() + 30
    while True:
        try:
            if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                raw.execute("PRAGMA journal_mode=WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrate_file(path: Path) -> list[str]:
    """Create or upgrade the catalogue file; what was done (empty: it was current).

    Parallel harvest tasks (threads, processes) open one file at the same moment: the
    check, the migrations and the backfill run as one write transaction, so a second opener
    waits and then finds everything done, instead of racing a migration or backfilling a
    change a running harvest has just logged.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as raw:
        _wal(raw)
        db = Db(raw, "sqlite")
        # read-only first: opening a current catalogue never waits for the write lock (a long
        # harvest transaction would otherwise hold up every process that merely opens it)
        if migrations.up_to_date(db):
            return []
        raw.execute("BEGIN IMMEDIATE")
        try:
            applied = migrations.migrate(db)
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        raw.execute("COMMIT")
    return applied


class SQLiteStore(SQLStore):
    """SQLite catalogue; safe to use from several threads and processes (one connection a call)."""

    def __init__(self, path: Path | str, *, lease_s: float | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.location = str(self.path)
        if lease_s is not None:
            self.lease_s = lease_s
        #: what opening did to the schema (``regiohub store migrate`` prints it)
        self.migrated = migrate_file(self.path)
        # One idle connection held for the store's life keeps the write-ahead log open: each
        # call's own connection then commits without a checkpoint on close (with
        # ``synchronous=NORMAL``, see ``connect``: 0.2 ms a commit instead of 10–30 ms)
        self._keeper: sqlite3.Connection | None = sqlite3.connect(
            self.path, timeout=30, check_same_thread=False
        )
        # a read opens the log's index for good (a new, empty file has none until written)
        self._keeper.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()

    def close(self) -> None:
        """Let go of the idle connection that keeps the write-ahead log open."""
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.close()

    def __repr__(self) -> str:
        return f"SQLiteStore('{self.path}')"

    @property
    def url(self) -> str:
        return f"sqlite://{self.path}"

    @contextmanager
    def _connect(self) -> Iterator[Db]:
        with connect(self.path) as raw:
            yield Db(raw, "sqlite")

    @contextmanager
    def _transaction(self) -> Iterator[Db]:
        with transaction(self.path) as raw:
            yield Db(raw, "sqlite")

    def _run_alive(self, row: Any, now: datetime) -> bool:
        # on this machine the process tells for sure; elsewhere only the lease can
        if row["host"] == HOST and row["pid"]:
            return alive(row["pid"])
        return super()._run_alive(row, now)

    @contextmanager
    def source_lock(self, source_id: str) -> Iterator[None]:
        """One harvest of ``source_id`` at a time, across threads and processes.

        An ``flock`` on ``<catalogue>.locks/<source>``: each open file holds its own lock, so
        a second harvest in the same process is refused too; a crash releases it.
        """
        folder = self.path.with_name(self.path.name + ".locks")
        folder.mkdir(exist_ok=True)
        name = hashlib.sha256(source_id.encode()).hexdigest()[:32]
        fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SourceBusyError(source_id) from None
            self._locked.add(source_id)
            try:
                yield
            finally:
                self._locked.discard(source_id)
        finally:
            os.close(fd)  # releases the lock
