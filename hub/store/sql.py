"""Statement-level helpers of the store, each run inside a transaction the caller holds.

Kept apart from ``hub.store.core`` so that both stay short; nothing here opens a connection
except ``connect``/``transaction`` (the SQLite file, also used by the needs tables). Every
helper takes a ``Db`` and runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from hub.model import AlternateSource, Listing, Rejection, StoredRow, utcnow
from hub.store.db import Db
from pipelines import raw_memo

#: this machine, to tell a crashed run (its process is gone) from one still running
HOST = socket.gethostname()


@dataclass(frozen=True)
class UpsertResult:
    added: list[str]
    updated: list[str]
    unchanged: list[str]


LISTING_COLUMNS = ("id", "source_id", "kind", "content_hash", "data", "first_seen", "last_seen")
CHANGE_COLUMNS = ("listing_id", "source_id", "op", "at")

#: ids per ``IN (...)`` and per batch of statements (well below SQLite's variable limit)
CHUNK = 500


def upsert_rows(db: Db, listings: Iterable[Listing], seen: datetime) -> UpsertResult:
    """Insert new listings, replace changed ones, touch unchanged ones; log what changed.

    Read and written in chunks (one look-up, then one batch per kind of write), so on
    PostgreSQL a batch costs a few round trips instead of three per listing.
    """
    result = UpsertResult([], [], [])
    chunk: dict[str, Listing] = {}
    for listing in listings:
        if listing.id in chunk or len(chunk) >= CHUNK:  # a repeated id sees the first one
            _upsert_chunk(db, list(chunk.values()), seen, result)
            chunk = {}
        chunk[listing.id] = listing
    if chunk:
        _upsert_chunk(db, list(chunk.values()), seen, result)
    return result


def _upsert_chunk(db: Db, listings: list[Listing], seen: datetime, result: UpsertResult) -> None:
    now = seen.isoformat()
    where, params = db.is_in("id", [lst.id for lst in listings])
    stored = {
        r[0]: (r[1], r[2])
        for r in db.execute(
            f"SELECT id, content_hash, first_seen FROM listings WHERE {where}", params
        ).fetchall()
    }
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    touches: list[str] = []
    logged: list[tuple[str, str]] = []
    written: list[tuple[Listing, str]] = []  # with their first_seen, for the duplicate index
    for listing in listings:
        row = stored.get(listing.id)
        if row is None:
            data = listing.model_copy(update={"first_seen": seen, "last_seen": seen})
            inserts.append(
                (listing.id, listing.source_id, listing.kind, listing.content_hash,
                 data.model_dump_json(), now, now)
            )  # fmt: skip
            result.added.append(listing.id)
            written.append((listing, now))
        elif row[0] != listing.content_hash:
            first_seen = datetime.fromisoformat(row[1])
            data = listing.model_copy(update={"first_seen": first_seen, "last_seen": seen})
            updates.append(
                (listing.kind, listing.content_hash, data.model_dump_json(), now, listing.id)
            )
            result.updated.append(listing.id)
            written.append((listing, row[1]))
        else:
            touches.append(listing.id)
            result.unchanged.append(listing.id)
            continue
        logged.append((listing.id, listing.source_id))
    db.copy_rows("listings", LISTING_COLUMNS, inserts)
    if inserts:  # a listing that comes back after its deletion is alive again
        where, params = db.is_in("id", [r[0] for r in inserts])
        db.execute(f"DELETE FROM tombstones WHERE {where}", params)
    _update_rows(db, updates)
    if touches:  # one statement: they all get the same time
        where, params = db.is_in("id", touches)
        db.execute(
            f"UPDATE listings SET last_seen = ?, missing_count = 0 WHERE {where}", [now, *params]
        )
    log_changes(db, logged, "upsert", now)
    # imported here: the duplicate index imports this package's Db
    from pipelines.duplicates_index import prefile

    prefile(db, written)


def _update_rows(db: Db, updates: list[tuple[Any, ...]]) -> None:
    """Replace changed listings: (kind, content hash, data, last seen, id) each."""
    if not updates:
        return
    if db.pg:  # one statement for the batch, not one a listing
        table, params = db.unnest(("text",) * 5, updates)
        db.execute(
            "UPDATE listings SET kind = u.kind, content_hash = u.content_hash, data = u.data, "
            f"last_seen = u.last_seen, missing_count = 0 FROM {table} "
            "AS u(kind, content_hash, data, last_seen, id) WHERE listings.id = u.id",
            params,
        )
        return
    db.executemany(
        "UPDATE listings SET kind = ?, content_hash = ?, data = ?, last_seen = ?, "
        "missing_count = 0 WHERE id = ?",
        updates,
    )


def quarantine_rows(db: Db, rejections: Iterable[Rejection], run_id: int | None) -> int:
    """Keep rejected records with their reason (newest reason wins for the same record)."""
    now = utcnow().isoformat()
    rows = [
        (r.source_id, r.key, run_id, r.reason, r.step,
         json.dumps(r.record, ensure_ascii=False), now, now)
        for r in rejections
    ]  # fmt: skip
    db.insert_many(
        "INSERT INTO quarantine (source_id, record_key, run_id, reason, step, record, "
        "first_seen, last_seen) VALUES",
        list({(r[0], r[1]): r for r in rows}.values()),  # one statement may not hit a key twice
        "ON CONFLICT (source_id, record_key) DO UPDATE SET "
        "run_id = COALESCE(excluded.run_id, quarantine.run_id), "
        "reason = excluded.reason, step = excluded.step, record = excluded.record, "
        "last_seen = excluded.last_seen",
        types=("text", "text", "bigint", "text", "text", "text", "text", "text"),
    )
    return len(rows)


def delete_listings(db: Db, ids: Iterable[str], now: str, run_id: int | None) -> list[str]:
    """Delete listings, each leaving a tombstone (with its last data) and a change entry;
    their raw hashes (``pipelines.raw_memo``) go with them."""
    deleted: list[str] = []
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        where, params = db.is_in("id", chunk)
        rows = db.execute(
            f"SELECT id, source_id, kind, data FROM listings WHERE {where}", params
        ).fetchall()
        found = {r[0]: r for r in rows}
        rows = [found[i] for i in chunk if i in found]
        if not rows:
            continue
        db.insert_many(
            "INSERT INTO tombstones (id, source_id, kind, gone_at, run_id, data) VALUES",
            [(r[0], r[1], r[2], now, run_id, r[3]) for r in rows],
            "ON CONFLICT (id) DO UPDATE SET "
            "source_id = excluded.source_id, kind = excluded.kind, gone_at = excluded.gone_at, "
            "run_id = excluded.run_id, data = excluded.data",
            types=("text", "text", "text", "text", "bigint", "text"),
        )
        where, params = db.is_in("id", [r[0] for r in rows])
        db.execute(f"DELETE FROM listings WHERE {where}", params)
        raw_memo.forget(db, [r[0] for r in rows])  # its raw record describes nothing now
        log_changes(db, [(r[0], r[1]) for r in rows], "delete", now)
        deleted.extend(r[0] for r in rows)
    return deleted


def log_change(db: Db, listing_id: str, source_id: str, op: str, now: str) -> None:
    """Record the newest change of a listing; its cursor moves forward so readers see it."""
    log_changes(db, [(listing_id, source_id)], op, now)


def log_changes(db: Db, listings: list[tuple[str, str]], op: str, now: str) -> None:
    """``log_change`` for many (listing id, source id), in their order.

    The log keeps one entry a listing: the old one goes, the new one gets the next cursor
    (on PostgreSQL its cursor is assigned when it is published, see ``hub.store.postgres``).
    """
    for start in range(0, len(listings), CHUNK):
        chunk = listings[start : start + CHUNK]
        if db.pg:
            _log_pg(db, chunk, op, now)
            continue
        ids = [i for i, _ in chunk]
        where, params = db.is_in("listing_id", ids)
        db.execute(f"DELETE FROM changes WHERE {where}", params)
        db.copy_rows("changes", CHANGE_COLUMNS, [(i, s, op, now) for i, s in chunk])


def _log_pg(db: Db, chunk: list[tuple[str, str]], op: str, now: str) -> None:
    """PostgreSQL's ``log_changes``: one upsert on ``listing_id``. An entry already there is
    unpublished again (``seq`` NULL) and takes a new ``id``, so it is published after what
    is older, as a new row would be. The conflict is found through the unique index itself:
    a ``DELETE … = ANY(…)`` first was planned once on the near-empty table of a first harvest
    as a sequential scan and kept that plan while the table grew (33–160 ms a batch)."""
    rows = list({i: (i, s) for i, s in chunk}.values())  # one statement may not hit a key twice
    table, params = db.unnest(("text", "text"), rows)
    db.execute(
        f"INSERT INTO changes (listing_id, source_id, op, at) SELECT u.i, u.s, ?, ? FROM {table} "
        "AS u(i, s) ON CONFLICT (listing_id) DO UPDATE SET id = DEFAULT, seq = NULL, "
        "source_id = excluded.source_id, op = excluded.op, at = excluded.at",
        [op, now, *params],
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


def attach_alternates(db: Db, listings: list[Listing]) -> list[Listing]:
    """Fold the alternate sources of each canonical listing into it (for index and detail)."""
    if not listings:
        return listings
    where, params = db.is_in("duplicate_of", [lst.id for lst in listings])
    rows = db.execute(
        f"SELECT duplicate_of, data FROM listings WHERE {where} ORDER BY id", params
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


def catalogue_rows(db: Db, after: str, batch: int) -> list[StoredRow]:
    """The next ``batch`` canonical listings after id ``after``, undecoded (see
    ``Store.iter_stored_rows``): fetched at once, each decoded only when it is taken, so a
    rebuild never holds a thousand decoded listings (the garbage collector would keep walking
    them)."""
    # ``+`` keeps SQLite on the primary key: through the duplicate_of index (NULL for most
    # rows) every batch scanned and sorted the whole table
    if db.pg:
        found = db.execute(
            "SELECT id, data, last_seen FROM listings WHERE id > ? AND duplicate_of IS NULL "
            "ORDER BY id LIMIT ?",
            (after, batch),
        ).fetchall()
        rows = [(r[0], r[1], r[2]) for r in found]
    else:
        cursor = db.raw.cursor()
        cursor.row_factory = None  # plain tuples: cheaper than a row by name for a million rows
        # the JSON as a BLOB: orjson reads the bytes as they are, with no str made first
        rows = cursor.execute(
            "SELECT id, CAST(data AS BLOB), last_seen FROM listings "
            "WHERE id > ? AND +duplicate_of IS NULL ORDER BY id LIMIT ?",
            (after, batch),
        ).fetchall()
    alternates = alternate_rows(db, [r[0] for r in rows])
    return [StoredRow(i, data, _json_time(seen), alternates.get(i, [])) for i, data, seen in rows]


def _json_time(value: str) -> str:
    """A stored ISO time as pydantic writes it in JSON (UTC as ``Z``)."""
    return value[:-6] + "Z" if value.endswith("+00:00") else value


def alternate_rows(db: Db, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """``attach_alternates`` in JSON form, for a rebuild: canonical id → alternates (by id)."""
    if not ids:
        return {}
    where, params = db.is_in("duplicate_of", ids)
    found: dict[str, list[dict[str, Any]]] = {}
    for canonical, data in db.execute(
        f"SELECT duplicate_of, data FROM listings WHERE {where} ORDER BY id", params
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
