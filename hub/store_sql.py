"""Statement-level helpers of the store, each run inside a transaction the caller holds.

Kept apart from ``hub.store`` so that both stay short; nothing here opens a connection.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from hub.model import AlternateSource, Listing, Rejection, utcnow

SYNC_SCHEMA = """
CREATE TABLE IF NOT EXISTS tombstones (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    gone_at TEXT NOT NULL,
    run_id INTEGER,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id TEXT NOT NULL UNIQUE,
    source_id TEXT NOT NULL,
    op TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS source_attention (
    source_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    since TEXT NOT NULL
);
"""

#: columns added after the first release: (table, column, declaration)
MIGRATIONS: tuple[tuple[str, str, str], ...] = (
    ("listings", "missing_count", "INTEGER NOT NULL DEFAULT 0"),
    ("runs", "mode", "TEXT NOT NULL DEFAULT 'full'"),
    ("runs", "pid", "INTEGER"),
    ("runs", "host", "TEXT"),
    #: the canonical listing this one duplicates (same offer from another source), or NULL
    ("listings", "duplicate_of", "TEXT"),
)

#: indexes on migrated columns (created after the columns exist)
MIGRATED_INDEXES = (
    # detail pages and the index build look alternates up by their canonical listing; without
    # it every lookup scanned the whole table (10 ms per listing page on 5,000 listings)
    "CREATE INDEX IF NOT EXISTS listings_duplicate_of ON listings(duplicate_of)",
)


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


def up_to_date(db: sqlite3.Connection, schema: str) -> bool:
    """Whether a catalogue already has every table, index, column and its change log.

    Read-only, so opening a current catalogue never waits for the write lock (a long harvest
    transaction would otherwise hold up every process that merely opens the store).
    """
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    wanted = set(re.findall(r"CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)", schema + SYNC_SCHEMA))
    wanted.update(re.findall(r"IF NOT EXISTS (\w+)", " ".join(MIGRATED_INDEXES)))
    if not wanted <= names:
        return False
    for table, column, _ in MIGRATIONS:
        if column not in {r[1] for r in db.execute(f"PRAGMA table_info({table})")}:
            return False
    backfill = "SELECT NOT EXISTS (SELECT 1 FROM changes) AND EXISTS (SELECT 1 FROM listings)"
    return not db.execute(backfill).fetchone()[0]


def migrate(db: sqlite3.Connection) -> None:
    """Add the columns and indexes of later releases to an older catalogue (idempotent)."""
    for table, column, declaration in MIGRATIONS:
        names = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
        if column not in names:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
    for statement in MIGRATED_INDEXES:
        db.execute(statement)


#: this machine, to tell a crashed run (its process is gone) from one still running
HOST = socket.gethostname()


@dataclass(frozen=True)
class UpsertResult:
    added: list[str]
    updated: list[str]
    unchanged: list[str]


def upsert_rows(
    db: sqlite3.Connection, listings: Iterable[Listing], seen: datetime
) -> UpsertResult:
    """Insert new listings, replace changed ones, touch unchanged ones; log what changed."""
    now = seen.isoformat()
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for listing in listings:
        row = db.execute(
            "SELECT content_hash, first_seen FROM listings WHERE id = ?", (listing.id,)
        ).fetchone()
        if row is None:
            stored = listing.model_copy(update={"first_seen": seen, "last_seen": seen})
            db.execute(
                "INSERT INTO listings (id, source_id, kind, content_hash, data, first_seen, "
                "last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    listing.id,
                    listing.source_id,
                    listing.kind,
                    listing.content_hash,
                    stored.model_dump_json(),
                    now,
                    now,
                ),
            )
            # a listing that comes back after its deletion is alive again
            db.execute("DELETE FROM tombstones WHERE id = ?", (listing.id,))
            added.append(listing.id)
        elif row["content_hash"] != listing.content_hash:
            first_seen = datetime.fromisoformat(row["first_seen"])
            stored = listing.model_copy(update={"first_seen": first_seen, "last_seen": seen})
            db.execute(
                "UPDATE listings SET kind = ?, content_hash = ?, data = ?, last_seen = ?, "
                "missing_count = 0 WHERE id = ?",
                (listing.kind, listing.content_hash, stored.model_dump_json(), now, listing.id),
            )
            updated.append(listing.id)
        else:
            db.execute(
                "UPDATE listings SET last_seen = ?, missing_count = 0 WHERE id = ?",
                (now, listing.id),
            )
            unchanged.append(listing.id)
        if row is None or row["content_hash"] != listing.content_hash:
            log_change(db, listing.id, listing.source_id, "upsert", now)
    return UpsertResult(added, updated, unchanged)


def quarantine_rows(
    db: sqlite3.Connection, rejections: Iterable[Rejection], run_id: int | None
) -> int:
    """Keep rejected records with their reason (newest reason wins for the same record)."""
    now = utcnow().isoformat()
    count = 0
    for r in rejections:
        db.execute(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source_id, record_key) DO UPDATE SET "
            "run_id = COALESCE(excluded.run_id, quarantine.run_id), "
            "reason = excluded.reason, step = excluded.step, record = excluded.record, "
            "last_seen = excluded.last_seen",
            (
                r.source_id,
                r.key,
                run_id,
                r.reason,
                r.step,
                json.dumps(r.record, ensure_ascii=False),
                now,
                now,
            ),
        )
        count += 1
    return count


def delete_listings(
    db: sqlite3.Connection, ids: Iterable[str], now: str, run_id: int | None
) -> list[str]:
    """Delete listings, each leaving a tombstone (with its last data) and a change entry."""
    deleted: list[str] = []
    for listing_id in ids:
        row = db.execute(
            "SELECT source_id, kind, data FROM listings WHERE id = ?", (listing_id,)
        ).fetchone()
        if row is None:
            continue
        db.execute(
            "INSERT OR REPLACE INTO tombstones VALUES (?, ?, ?, ?, ?, ?)",
            (listing_id, row["source_id"], row["kind"], now, run_id, row["data"]),
        )
        db.execute("DELETE FROM listings WHERE id = ?", (listing_id,))
        log_change(db, listing_id, row["source_id"], "delete", now)
        deleted.append(listing_id)
    return deleted


def log_change(db: sqlite3.Connection, listing_id: str, source_id: str, op: str, now: str) -> None:
    """Record the newest change of a listing; its cursor moves forward so readers see it."""
    db.execute("DELETE FROM changes WHERE listing_id = ?", (listing_id,))
    db.execute(
        "INSERT INTO changes (listing_id, source_id, op, at) VALUES (?, ?, ?, ?)",
        (listing_id, source_id, op, now),
    )


def alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    return True


def attach_alternates(db: sqlite3.Connection, listings: list[Listing]) -> list[Listing]:
    """Fold the alternate sources of each canonical listing into it (for index and detail)."""
    if not listings:
        return listings
    marks = ",".join("?" * len(listings))
    rows = db.execute(
        f"SELECT duplicate_of, data FROM listings WHERE duplicate_of IN ({marks}) ORDER BY id",
        [lst.id for lst in listings],
    ).fetchall()
    found: dict[str, list[AlternateSource]] = {}
    for row in rows:
        alt = Listing.model_validate_json(row["data"])
        found.setdefault(row["duplicate_of"], []).append(
            AlternateSource(
                listing_id=alt.id, source_id=alt.source_id, partner=alt.partner, url=alt.url
            )
        )
    return [
        lst.model_copy(update={"alternates": found[lst.id]}) if lst.id in found else lst
        for lst in listings
    ]


def catalogue_rows(db: sqlite3.Connection, after: str, batch: int) -> list[dict[str, Any]]:
    """The next ``batch`` canonical listings after id ``after``, as JSON dicts (see
    ``Store.iter_catalogue_rows``)."""
    # ``+`` keeps SQLite on the primary key: through the duplicate_of index (NULL for most
    # rows) every batch scanned and sorted the whole table
    rows = db.execute(
        "SELECT id, data, last_seen FROM listings WHERE id > ? AND +duplicate_of IS NULL "
        "ORDER BY id LIMIT ?",
        (after, batch),
    ).fetchall()
    alternates = alternate_rows(db, [r[0] for r in rows])
    listings = []
    for listing_id, data, last_seen in rows:
        listing = orjson.loads(data)
        listing["last_seen"] = _json_time(last_seen)
        listing["alternates"] = alternates.get(listing_id, [])
        listings.append(listing)
    return listings


def _json_time(value: str) -> str:
    """A stored ISO time as pydantic writes it in JSON (UTC as ``Z``)."""
    return value[:-6] + "Z" if value.endswith("+00:00") else value


def alternate_rows(db: sqlite3.Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """``attach_alternates`` in JSON form, for a rebuild: canonical id → alternates (by id)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found: dict[str, list[dict[str, Any]]] = {}
    for canonical, data in db.execute(
        f"SELECT duplicate_of, data FROM listings WHERE duplicate_of IN ({marks}) ORDER BY id",
        ids,
    ):
        alt = orjson.loads(data)
        found.setdefault(canonical, []).append(
            {
                "listing_id": alt["id"],
                "source_id": alt["source_id"],
                "partner": alt["partner"],
                "url": alt.get("url"),
            }
        )
    return found
