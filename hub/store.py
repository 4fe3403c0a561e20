"""The catalogue store: the system of record (SQLite by default).

Listings are upserted by stable id and compared by content hash; every harvest run is kept
with its counts; rejected records are kept in quarantine with their reason. The search index
is a projection that can always be rebuilt from here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hub.model import Listing, Rejection, SourceCounts, utcnow

SCHEMA = """
CREATE TABLE IF NOT EXISTS listings (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    data TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS listings_source ON listings(source_id);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS runs_source ON runs(source_id, id);
CREATE TABLE IF NOT EXISTS quarantine (
    source_id TEXT NOT NULL,
    record_key TEXT NOT NULL,
    run_id INTEGER,
    reason TEXT NOT NULL,
    step TEXT NOT NULL,
    record TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (source_id, record_key)
);
CREATE TABLE IF NOT EXISTS source_state (
    source_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class UpsertResult:
    added: list[str]
    updated: list[str]
    unchanged: list[str]


@dataclass(frozen=True)
class QuarantineEntry:
    source_id: str
    record_key: str
    run_id: int | None
    reason: str
    step: str
    record: dict[str, Any]
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class RunRecord:
    id: int
    source_id: str
    started_at: str
    finished_at: str | None
    status: str
    counts: dict[str, Any]


class Store:
    """SQLite catalogue; safe to use from several threads and processes (one connection a call)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- listings -------------------------------------------------------------------------

    def upsert_listings(
        self, listings: Iterable[Listing], seen_at: datetime | None = None
    ) -> UpsertResult:
        """Insert new listings, replace changed ones, touch unchanged ones; one transaction."""
        seen = seen_at or utcnow()
        now = seen.isoformat()
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        with self._transaction() as db:
            for listing in listings:
                row = db.execute(
                    "SELECT content_hash, first_seen FROM listings WHERE id = ?", (listing.id,)
                ).fetchone()
                if row is None:
                    stored = listing.model_copy(update={"first_seen": seen, "last_seen": seen})
                    db.execute(
                        "INSERT INTO listings VALUES (?, ?, ?, ?, ?, ?, ?)",
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
                    added.append(listing.id)
                elif row["content_hash"] != listing.content_hash:
                    stored = listing.model_copy(
                        update={
                            "first_seen": datetime.fromisoformat(row["first_seen"]),
                            "last_seen": seen,
                        }
                    )
                    db.execute(
                        "UPDATE listings SET kind = ?, content_hash = ?, data = ?, last_seen = ? "
                        "WHERE id = ?",
                        (
                            listing.kind,
                            listing.content_hash,
                            stored.model_dump_json(),
                            now,
                            listing.id,
                        ),
                    )
                    updated.append(listing.id)
                else:
                    db.execute("UPDATE listings SET last_seen = ? WHERE id = ?", (now, listing.id))
                    unchanged.append(listing.id)
        return UpsertResult(added, updated, unchanged)

    def touch_source(self, source_id: str, seen_at: datetime | None = None) -> int:
        """Mark every listing of a source as seen (the source said: nothing changed)."""
        now = (seen_at or utcnow()).isoformat()
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE listings SET last_seen = ? WHERE source_id = ?", (now, source_id)
            )
            return cursor.rowcount

    def get_listing(self, listing_id: str) -> Listing | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT data, last_seen FROM listings WHERE id = ?", (listing_id,)
            ).fetchone()
        return _listing(row) if row else None

    def count_listings(self, source_id: str | None = None) -> int:
        with self._connect() as db:
            if source_id is None:
                return int(db.execute("SELECT COUNT(*) FROM listings").fetchone()[0])
            return int(
                db.execute(
                    "SELECT COUNT(*) FROM listings WHERE source_id = ?", (source_id,)
                ).fetchone()[0]
            )

    def counts_by_source(self) -> dict[str, int]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT source_id, COUNT(*) FROM listings GROUP BY source_id"
            ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def iter_listings(
        self, ids: Iterable[str] | None = None, batch: int = 500
    ) -> Iterator[Listing]:
        """All listings (or those with ``ids``), read in batches so memory stays flat."""
        if ids is not None:
            wanted = list(ids)
            for start in range(0, len(wanted), batch):
                chunk = wanted[start : start + batch]
                marks = ",".join("?" * len(chunk))
                with self._connect() as db:
                    rows = db.execute(
                        f"SELECT data, last_seen FROM listings WHERE id IN ({marks})", chunk
                    ).fetchall()
                yield from (_listing(r) for r in rows)
            return
        last = ""
        while True:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT id, data, last_seen FROM listings WHERE id > ? ORDER BY id LIMIT ?",
                    (last, batch),
                ).fetchall()
            if not rows:
                return
            yield from (_listing(r) for r in rows)
            last = rows[-1]["id"]

    # -- runs -----------------------------------------------------------------------------

    def start_run(self, source_id: str) -> int:
        """Open a run; a run of the same source left 'running' by a crash is closed as crashed."""
        now = utcnow().isoformat()
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET status = 'crashed', finished_at = ? "
                "WHERE source_id = ? AND status = 'running'",
                (now, source_id),
            )
            cursor = db.execute(
                "INSERT INTO runs (source_id, started_at, status) VALUES (?, ?, 'running')",
                (source_id, now),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, counts: SourceCounts) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
                (utcnow().isoformat(), counts.status, counts.model_dump_json(), run_id),
            )

    def latest_runs(self) -> dict[str, RunRecord]:
        """The newest run of every source."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY source_id)"
            ).fetchall()
        return {r["source_id"]: _run(r) for r in rows}

    def runs(self, source_id: str, limit: int = 20) -> list[RunRecord]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM runs WHERE source_id = ? ORDER BY id DESC LIMIT ?",
                (source_id, limit),
            ).fetchall()
        return [_run(r) for r in rows]

    # -- quarantine -----------------------------------------------------------------------

    def quarantine(self, rejections: Iterable[Rejection], run_id: int | None) -> int:
        """Keep rejected records with their reason (newest reason wins for the same record)."""
        now = utcnow().isoformat()
        count = 0
        with self._transaction() as db:
            for r in rejections:
                db.execute(
                    "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (source_id, record_key) DO UPDATE SET run_id = excluded.run_id, "
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

    def release_from_quarantine(self, source_id: str, keys: Iterable[str]) -> int:
        """Drop quarantine entries of records that now pass the pipeline."""
        keys = list(keys)
        if not keys:
            return 0
        with self._transaction() as db:
            cursor = db.executemany(
                "DELETE FROM quarantine WHERE source_id = ? AND record_key = ?",
                [(source_id, k) for k in keys],
            )
            return cursor.rowcount

    def quarantined(self, source_id: str | None = None) -> list[QuarantineEntry]:
        query = "SELECT * FROM quarantine"
        params: tuple[str, ...] = ()
        if source_id:
            query += " WHERE source_id = ?"
            params = (source_id,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY source_id, record_key", params).fetchall()
        return [
            QuarantineEntry(
                source_id=r["source_id"],
                record_key=r["record_key"],
                run_id=r["run_id"],
                reason=r["reason"],
                step=r["step"],
                record=json.loads(r["record"]),
                first_seen=r["first_seen"],
                last_seen=r["last_seen"],
            )
            for r in rows
        ]

    # -- connector state ------------------------------------------------------------------

    def get_state(self, source_id: str) -> dict[str, str]:
        with self._connect() as db:
            row = db.execute(
                "SELECT state FROM source_state WHERE source_id = ?", (source_id,)
            ).fetchone()
        return dict(json.loads(row["state"])) if row else {}

    def save_state(self, source_id: str, state: dict[str, str]) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO source_state VALUES (?, ?, ?) ON CONFLICT (source_id) "
                "DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                (source_id, json.dumps(state), utcnow().isoformat()),
            )


def _listing(row: sqlite3.Row) -> Listing:
    listing = Listing.model_validate_json(row["data"])
    return listing.model_copy(update={"last_seen": datetime.fromisoformat(row["last_seen"])})


def _run(row: sqlite3.Row) -> RunRecord:
    return RunRecord(
        id=row["id"],
        source_id=row["source_id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        counts=json.loads(row["counts"]),
    )
