"""The scale-out backend: the catalogue on a PostgreSQL server every machine reaches.

Why plain SQL through a thin dialect layer (``hub.store.db``) and not SQLAlchemy Core: the
store's SQL is small and already portable (``ON CONFLICT``, ``RETURNING``, joins), so one
text per statement serves both backends, with ``?`` turned into ``%s`` once per text. What
PostgreSQL must do differently is not what Core abstracts: advisory locks, the commit-order
cursor of the change feed, and a harvest batch written as a few set statements (new
listings by ``COPY``, the rest one statement a table with array parameters, see
``Db.copy_rows`` and ``Db.insert_many``) instead of one statement a row: a statement per row
cost the server as much CPU as the worker, and two workers could not scale on two cores.

Concurrency, the point of this backend:

- Writers touch rows only (no table locks): two workers on different sources never wait
  for each other; each batch is one short transaction.
- The same source twice is excluded by an advisory lock held on a connection of its own for
  the whole harvest (``source_lock``); the server releases it when the holder's connection
  dies, so a crashed worker never blocks its source.
- A crashed worker's run is closed by the source's next harvest at once (holding the
  source's lock proves its old run dead), and for readers that hold no lock it counts as
  crashed once its lease runs out (``runs.lease_until``, renewed between batches), not by
  a process id that means nothing on another machine.
- The change feed's cursor is gap-free under concurrent writers: writers log changes with
  ``seq`` NULL; a reader first *publishes* what is committed, under an advisory lock,
  giving it the next numbers of a sequence. Published numbers therefore grow in the order
  they become visible, so a reader holding cursor N can never later meet a row below N
  (a sequence drawn at insert time could: transaction A draws 5, B draws 6 and commits, a
  reader moves past 6, then A commits 5). Rows a writer is deleting right now are skipped
  (``SKIP LOCKED``), so publishing never deadlocks with a harvest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from hub.errors import SourceBusyError, StoreError
from hub.store import migrations
from hub.store.core import SQLStore
from hub.store.db import Db, pg_row_factory

#: advisory lock keys (two int4: a namespace of ours, then what is locked)
LOCKS = 0x52480000  # "RH"
MIGRATING, PUBLISHING = 1, 2
SOURCES = LOCKS + 1


def source_key(source_id: str) -> int:
    """A source id as the second int4 of its advisory lock."""
    return int.from_bytes(hashlib.sha256(source_id.encode()).digest()[:4], "big", signed=True)


def publish_changes(db: Db) -> int:
    """Give committed, unpublished change entries their cursor, in one go; how many."""
    if db.execute("SELECT NOT EXISTS (SELECT 1 FROM changes WHERE seq IS NULL)").fetchone()[0]:
        return 0  # the usual case for a reader: nothing to do, no lock taken
    db.execute("SELECT pg_advisory_xact_lock(?, ?)", (LOCKS, PUBLISHING))
    cursor = db.execute(
        "UPDATE changes c SET seq = n.seq FROM (SELECT id, nextval('changes_seq') AS seq "
        "FROM (SELECT id FROM changes WHERE seq IS NULL ORDER BY id FOR UPDATE SKIP LOCKED) o"
        ") n WHERE c.id = n.id"
    )
    return cursor.rowcount


def _reachable(url: str, location: str) -> None:
    """Fail at once, in one German sentence, when the server cannot be reached (the pool
    would retry for half a minute and log each attempt)."""
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise StoreError(
            f"Der Katalog unter {location} ist nicht erreichbar ({reason}); prüfen Sie "
            "Server, Adresse, Datenbank und Zugangsdaten."
        ) from None


def _redacted(url: str) -> str:
    from hub.store import store_location

    return store_location(url)


class PostgresStore(SQLStore):
    """The catalogue in a PostgreSQL database (``postgresql://user@host:port/db``)."""

    def __init__(self, url: str, *, lease_s: float | None = None, pool_size: int = 8) -> None:
        super().__init__()
        self.url = url
        self.location = _redacted(url)
        if lease_s is not None:
            self.lease_s = lease_s
        _reachable(url, self.location)
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, int(pool_size)),
            kwargs={"autocommit": True, "row_factory": pg_row_factory},
            open=False,
            name="regiohub-store",
        )
        self.pool.open(wait=True, timeout=30)
        try:
            #: what opening did to the schema (``regiohub store migrate`` prints it)
            self.migrated = self._migrate()
        except BaseException:
            self.pool.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore('{self.location}')"

    def close(self) -> None:
        self.pool.close()

    def _migrate(self) -> list[str]:
        with self._connect() as db:
            if migrations.up_to_date(db):  # read-only: a current database opens at once
                return []
        with self._transaction() as db:
            # concurrent openers: one migrates, the others wait here and then find it done
            db.execute("SELECT pg_advisory_xact_lock(?, ?)", (LOCKS, MIGRATING))
            return migrations.migrate(db)

    @contextmanager
    def _connect(self) -> Iterator[Db]:
        with self.pool.connection() as raw:
            yield Db(raw, "postgresql")

    @contextmanager
    def _transaction(self) -> Iterator[Db]:
        with self.pool.connection() as raw, raw.transaction():
            yield Db(raw, "postgresql")

    @contextmanager
    def _feed(self) -> Iterator[Db]:
        with self._transaction() as db:
            publish_changes(db)
            yield db

    @contextmanager
    def source_lock(self, source_id: str) -> Iterator[None]:
        """One harvest of ``source_id`` at a time, on every machine using this database.

        A session advisory lock on a connection of its own (not the pool's: it is held for
        the whole harvest); the server drops it when that connection dies.
        """
        conn: psycopg.Connection[Any] = psycopg.connect(self.url, autocommit=True)
        try:
            key = (SOURCES, source_key(source_id))
            row = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()
            if not row or not row[0]:
                raise SourceBusyError(source_id)
            self._locked.add(source_id)
            try:
                yield
            finally:
                self._locked.discard(source_id)
        finally:
            conn.close()  # releases the lock with the session
