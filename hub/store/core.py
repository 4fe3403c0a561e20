"""The store's operations, written once for both backends (``SQLStore``).

Listings are upserted by stable id and compared by content hash; every harvest run is kept
with its counts; rejected records are kept in quarantine with their reason. The search index
is a projection that can always be rebuilt from here.

Safe synchronisation lives here too, because it must be atomic with the data it guards: a
full harvest marks a missing listing as gone only after it was missing on ``gone_after``
consecutive successful full harvests, and a circuit breaker refuses any full harvest that
would remove too much. Every deletion leaves a tombstone and an entry in the change log,
which feeds the index and the federation change feed (``Store.changes``).

A backend (``hub.store.sqlite``, ``hub.store.postgres``) supplies connections
(``_connect``, ``_transaction``), the same-source lock, which open runs count as alive, and
how change-log entries get their cursor; every statement here runs on both.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from hub.hints import QualityHint, hint_counts, hint_rows
from hub.model import Listing, RawRecord, Rejection, SourceCounts, StoredRow, utcnow
from hub.store.base import COUNTED, BatchResult, Change, QuarantineEntry, RunRecord, SyncResult
from hub.store.db import Db
from hub.store.sql import (
    CHUNK,
    HOST,
    UpsertResult,
    attach_alternates,
    catalogue_rows,
    delete_listings,
    quarantine_rows,
    upsert_rows,
)
from pipelines import raw_memo

if TYPE_CHECKING:
    from pipelines.duplicates_index import Regrouping

#: a run whose lease was not renewed for this long is taken as crashed (flows renew it
#: between batches; a batch of a slow source takes minutes, not ten)
LEASE_S = 600.0


class SQLStore:
    """The operations of ``Store`` over a backend's connections (see the module docstring)."""

    location: str = ""
    lease_s: float = LEASE_S

    def __init__(self) -> None:
        #: rows read into Python by catalogue-wide reads and regrouping: work that should
        #: follow the change, not the catalogue (for tests and benchmarks)
        self.rows_read = 0
        #: sources whose ``source_lock`` this store holds now: no other harvest of them runs
        self._locked: set[str] = set()

    # -- what a backend supplies ------------------------------------------------------------

    def _connect(self) -> AbstractContextManager[Db]:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[Db]:
        raise NotImplementedError

    def source_lock(self, source_id: str) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _run_alive(self, row: Any, now: datetime) -> bool:
        """Whether an open run (a ``runs`` row) still belongs to a live harvest."""
        lease = row["lease_until"]
        return bool(lease) and datetime.fromisoformat(lease) > now

    def _feed(self) -> AbstractContextManager[Db]:
        """A connection to read the change feed through (PostgreSQL publishes first)."""
        return self._connect()

    def close(self) -> None:
        """Release connections (nothing to do for a backend that opens one per call)."""

    # -- listings -------------------------------------------------------------------------

    def upsert_listings(
        self, listings: Iterable[Listing], seen_at: datetime | None = None
    ) -> UpsertResult:
        """Insert new listings, replace changed ones, touch unchanged ones; one transaction."""
        with self._transaction() as db:
            return upsert_rows(db, listings, seen_at or utcnow())

    def apply_batch(
        self,
        listings: Iterable[Listing],
        rejections: Iterable[Rejection],
        run_id: int | None,
        seen_at: datetime | None = None,
        *,
        raw_hashes: dict[str, str] | None = None,
        kept: Iterable[RawRecord] = (),
    ) -> BatchResult:
        """Store one harvested batch atomically: listings, quarantine, released rejects.

        ``raw_hashes`` (listing id → hash of its raw record, ``pipelines.raw_memo``) are
        filed with the listings; ``kept`` are records whose listing is stored already from
        the same raw record (``known_raw_hashes``): they are only marked as seen, and count
        as unchanged. A harvest killed mid-run therefore leaves whole batches or nothing of
        a batch; the next run redoes the rest idempotently (stable ids), with no duplicates.
        """
        listings = list(listings)
        kept = list(kept)
        now = seen_at or utcnow()
        with self._transaction() as db:
            stored = upsert_rows(db, listings, now)
            raw_memo.remember(db, raw_hashes or {}, (lst.id for lst in listings))
            seen = [r.listing_id for r in kept]
            for start in range(0, len(seen), CHUNK):  # one statement: the same time for all
                where, params = db.is_in("id", seen[start : start + CHUNK])
                db.execute(
                    f"UPDATE listings SET last_seen = ?, missing_count = 0 WHERE {where}",
                    [now.isoformat(), *params],
                )
            quarantined = quarantine_rows(db, rejections, run_id)
            # what passes now leaves quarantine (one statement per source, not per listing)
            released: dict[str, list[str]] = {}
            for lst in listings:
                released.setdefault(lst.source_id, []).append(lst.source_key)
            for r in kept:
                released.setdefault(r.source_id, []).append(r.key)
            for source_id, keys in released.items():
                for start in range(0, len(keys), CHUNK):
                    where, params = db.is_in("record_key", keys[start : start + CHUNK])
                    db.execute(
                        f"DELETE FROM quarantine WHERE source_id = ? AND {where}",
                        [source_id, *params],
                    )
        if kept:
            stored.unchanged.extend(r.listing_id for r in kept)
        return BatchResult(stored, quarantined)

    def known_raw_hashes(self, ids: list[str]) -> dict[str, str]:
        """Listing id → the hash of the raw record it was stored from, for stored listings."""
        with self._connect() as db:
            return raw_memo.known(db, ids)

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
            return attach_alternates(db, [_listing(row)])[0] if row else None

    def duplicate_links(self) -> dict[str, str]:
        """Alternate listing id → the id of the canonical listing it duplicates."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, duplicate_of FROM listings WHERE duplicate_of IS NOT NULL"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def set_duplicate_links(self, links: dict[str, str | None]) -> None:
        """Point listings at their canonical listing (``None``: canonical or on its own)."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE listings SET duplicate_of = ? WHERE id = ?",
                [(canonical, lid) for lid, canonical in links.items()],
            )

    def regroup_duplicates(self, changed: Iterable[str], gone: Iterable[str]) -> Regrouping:
        """Refile what a harvest changed in the duplicate index and regroup its neighbourhood.

        Reads only listings connected to the change (``pipelines.duplicates_index``) and
        stores the links that moved in the same transaction.
        """
        from pipelines.duplicates_index import regroup

        with self._transaction() as db:
            result = regroup(db, changed, gone)
        self.rows_read += result.rows_read
        return result

    def iter_catalogue(self, ids: Iterable[str] | None = None) -> Iterator[Listing]:
        """What the search index holds: canonical listings with their alternates folded in."""
        links = self.duplicate_links()
        canonical = (lst for lst in self.iter_listings(ids) if lst.id not in links)
        while chunk := list(islice(canonical, 500)):
            with self._connect() as db:
                chunk = attach_alternates(db, chunk)
            yield from chunk

    def iter_catalogue_rows(self, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """``iter_catalogue`` for a whole rebuild: listings in their JSON form, no pydantic.

        Each is the dict of ``Listing.model_dump(mode="json")`` with ``last_seen`` and the
        alternates folded in, read in id order ``batch`` rows at a time (memory stays flat),
        each decoded only when it is taken.
        """
        return (row.decoded() for row in self.iter_stored_rows(batch))

    def iter_stored_rows(self, batch: int = 1000) -> Iterator[StoredRow]:
        """``iter_catalogue_rows`` undecoded: the stored JSON of each, to hand on as it is."""
        last = ""
        while True:
            with self._connect() as db:
                rows = catalogue_rows(db, last, batch)
            if not rows:
                return
            yield from rows
            last = rows[-1].id

    def count_catalogue(self) -> int:
        """How many listings the search index should hold (alternates are folded in)."""
        with self._connect() as db:
            query = "SELECT COUNT(*) FROM listings WHERE duplicate_of IS NULL"
            return int(db.execute(query).fetchone()[0])

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
                with self._connect() as db:
                    where, params = db.is_in("id", chunk)
                    rows = db.execute(
                        f"SELECT data, last_seen FROM listings WHERE {where}", params
                    ).fetchall()
                self.rows_read += len(rows)
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
            self.rows_read += len(rows)
            yield from (_listing(r) for r in rows)
            last = rows[-1]["id"]

    # -- runs -----------------------------------------------------------------------------

    def start_run(self, source_id: str, mode: str = "full") -> int:
        """Open a run; a run of the same source left 'running' by a crash is closed as crashed.

        A caller holding the source's ``source_lock`` (as a harvest does) proves that no
        harvest of the source is alive anywhere, so every run found open is crashed. Without
        the lock a run is crashed when its lease ran out (nobody renewed it, see
        ``renew_lease``) or, on SQLite, when its process on this machine is gone; a run
        still alive is left alone: excluding a second harvest is ``source_lock``'s job.
        """
        started = utcnow()
        now = started.isoformat()
        lease = (started + timedelta(seconds=self.lease_s)).isoformat()
        locked = source_id in self._locked
        with self._transaction() as db:
            for row in db.execute(
                "SELECT id, pid, host, lease_until FROM runs "
                "WHERE source_id = ? AND status = 'running'",
                (source_id,),
            ).fetchall():
                if not locked and self._run_alive(row, started):
                    continue
                crashed = SourceCounts(
                    source_id=source_id,
                    status="crashed",
                    run_id=row["id"],
                    error=(
                        "Die Ernte endete nicht (Prozess beendet oder abgestürzt); "
                        "die nächste Ernte holt sie nach, nichts ging verloren"
                    ),
                    error_kind="crashed",
                )
                db.execute(
                    "UPDATE runs SET status = 'crashed', finished_at = ?, counts = ? WHERE id = ?",
                    (now, crashed.model_dump_json(), row["id"]),
                )
            cursor = db.execute(
                "INSERT INTO runs (source_id, started_at, status, mode, pid, host, lease_until) "
                "VALUES (?, ?, 'running', ?, ?, ?, ?) RETURNING id",
                (source_id, now, mode, os.getpid(), HOST, lease),
            )
            return int(cursor.fetchone()[0])

    def renew_lease(self, run_id: int) -> None:
        """Tell other workers this run is alive for another ``lease_s`` (between batches)."""
        lease = (utcnow() + timedelta(seconds=self.lease_s)).isoformat()
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET lease_until = ? WHERE id = ? AND status = 'running'",
                (lease, run_id),
            )

    def finish_run(self, run_id: int, counts: SourceCounts) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, counts = ?, mode = ? WHERE id = ?",
                (
                    utcnow().isoformat(),
                    counts.status,
                    counts.model_dump_json(),
                    counts.mode,
                    run_id,
                ),
            )

    def latest_runs(self) -> dict[str, RunRecord]:
        """The newest run of every source."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY source_id)"
            ).fetchall()
        return {r["source_id"]: _run(r) for r in rows}

    def runs(self, source_id: str, limit: int = 20) -> list[RunRecord]:
        """The newest ``limit`` runs of a source, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM runs WHERE source_id = ? ORDER BY id DESC LIMIT ?",
                (source_id, limit),
            ).fetchall()
        return [_run(r) for r in rows]

    def last_success(self) -> dict[str, RunRecord]:
        """The newest successful run of every source."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM runs WHERE id IN "
                "(SELECT MAX(id) FROM runs WHERE status = 'ok' GROUP BY source_id)"
            ).fetchall()
        return {r["source_id"]: _run(r) for r in rows}

    def run_totals(self) -> list[dict[str, Any]]:
        """Per source and status: number of runs, summed counts and durations (for metrics)."""
        with self._connect() as db:
            sums = ", ".join(
                f"SUM(COALESCE({db.json_number('counts', f)}, 0)) AS {f}" for f in COUNTED
            )
            rows = db.execute(
                f"SELECT source_id, status, COUNT(*) AS runs, {sums}, "
                f"SUM(COALESCE({db.json_number('counts', 'duration_s')}, 0)) AS duration_s "
                "FROM runs WHERE status != 'running' GROUP BY source_id, status"
            ).fetchall()
        totals = []
        for r in rows:
            total = dict(zip(r.keys(), r, strict=True))
            total.update({f: int(total[f] or 0) for f in ("runs", *COUNTED)})
            total["duration_s"] = float(total["duration_s"] or 0)
            totals.append(total)
        return totals

    def run_durations(self) -> dict[str, list[float]]:
        """Durations of every finished run, per source (for the duration histogram)."""
        with self._connect() as db:
            duration = db.json_number("counts", "duration_s")
            rows = db.execute(
                f"SELECT source_id, {duration} AS d FROM runs "
                f"WHERE status IN ('ok', 'failed') AND {duration} IS NOT NULL"
            ).fetchall()
        durations: dict[str, list[float]] = {}
        for r in rows:
            durations.setdefault(r["source_id"], []).append(float(r["d"]))
        return durations

    def counts_by_kind(self) -> dict[str, int]:
        with self._connect() as db:
            rows = db.execute("SELECT kind, COUNT(*) FROM listings GROUP BY kind").fetchall()
        return {r[0]: int(r[1]) for r in rows}

    # -- safe synchronisation -------------------------------------------------------------

    def sync_full(
        self,
        source_id: str,
        seen_ids: Iterable[str],
        *,
        gone_after: int = 2,
        max_shrink: float = 0.3,
        run_id: int | None = None,
    ) -> SyncResult:
        """After a *successful full* harvest: count misses, delete what is gone for good.

        ``seen_ids`` are the ids of every record the source listed this time (quarantined
        ones too: the source still lists them). A listing is deleted once it was missing on
        ``gone_after`` consecutive calls. The circuit breaker deletes nothing and marks the
        source as needing attention when the source listed nothing, or when this harvest
        would remove more than ``max_shrink`` of the source's listings; a harvest that
        passes the breaker clears that mark. Never call this after an incremental or
        failed harvest: only a complete listing of the source proves that something is gone.
        """
        seen = set(seen_ids)
        now = utcnow().isoformat()
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id, missing_count FROM listings WHERE source_id = ?", (source_id,)
            ).fetchall()
            stored = {r["id"]: int(r["missing_count"]) for r in rows}
            missing = sorted(set(stored) - seen)
            tripped = None
            if stored and not seen:
                tripped = (
                    f"die Quelle lieferte keinen Eintrag, der Katalog hält aber {len(stored)} "
                    "ihrer Angebote; nichts wurde gelöscht. Prüfen Sie die Seite des "
                    "Partners; ist die Leere echt, heben Sie max_shrink unter [source.sync] "
                    "für eine Ernte an"
                )
            elif stored and len(missing) / len(stored) > max_shrink:
                tripped = (
                    f"die Quelle führt {len(missing)} ihrer {len(stored)} Angebote nicht mehr "
                    f"(mehr als {max_shrink:.0%}); nichts wurde gelöscht. Prüfen Sie die "
                    "Seite des Partners; ist der Rückgang echt, heben Sie max_shrink unter "
                    "[source.sync] für eine Ernte an"
                )
            if tripped:
                db.execute(
                    "INSERT INTO source_attention (source_id, reason, since) VALUES (?, ?, ?) "
                    "ON CONFLICT (source_id) "
                    "DO UPDATE SET reason = excluded.reason",
                    (source_id, tripped, now),
                )
                return SyncResult(gone=[], pending=[], tripped=tripped)
            db.execute("DELETE FROM source_attention WHERE source_id = ?", (source_id,))
            for start in range(0, len(missing), CHUNK):  # one statement a chunk, not a row
                where, params = db.is_in("id", missing[start : start + CHUNK])
                db.execute(
                    f"UPDATE listings SET missing_count = missing_count + 1 WHERE {where}", params
                )
            due = [i for i in missing if stored[i] + 1 >= gone_after]
            gone = delete_listings(db, due, now, run_id)
        return SyncResult(gone=gone, pending=[i for i in missing if i not in set(gone)])

    def delete_listings(self, ids: Iterable[str], run_id: int | None = None) -> list[str]:
        """Delete listings now, leaving tombstones and change entries; returns ids deleted."""
        with self._transaction() as db:
            return delete_listings(db, list(ids), utcnow().isoformat(), run_id)

    def attention(self) -> dict[str, tuple[str, str]]:
        """Sources the circuit breaker stopped: source id → (reason, since)."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM source_attention").fetchall()
        return {r["source_id"]: (r["reason"], r["since"]) for r in rows}

    def tombstones(self, source_id: str | None = None) -> list[tuple[str, str, str]]:
        """(listing id, source id, gone at) of every deleted listing, oldest first."""
        query = "SELECT id, source_id, gone_at FROM tombstones"
        params: tuple[str, ...] = ()
        if source_id:
            query += " WHERE source_id = ?"
            params = (source_id,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY gone_at, id", params).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def changes(self, after: int = 0, limit: int = 500) -> list[Change]:
        """The change feed: upserts and tombstones with ``seq > after``, oldest first.

        Each ``Change`` has ``seq`` (a cursor that only grows), ``op`` (``"upsert"`` or
        ``"delete"``), ``listing_id``, ``source_id``, ``at`` (ISO time of the change) and
        ``listing`` (the listing as stored now, or its last version for a delete). The log
        keeps only the newest change of each listing (a compacted log): a reader that asks
        again with the last ``seq`` it processed, until a page comes back empty, ends up
        holding exactly the catalogue, whatever it missed in between. Serve it as e.g.
        ``{"changes": [...], "next": <last seq of the page, or ``after`` if empty>}``.
        """
        with self._feed() as db:
            rows = db.execute(
                "SELECT c.seq, c.op, c.listing_id, c.source_id, c.at, "
                "COALESCE(l.data, t.data) AS data, l.last_seen FROM changes c "
                "LEFT JOIN listings l ON c.op = 'upsert' AND l.id = c.listing_id "
                "LEFT JOIN tombstones t ON c.op = 'delete' AND t.id = c.listing_id "
                "WHERE c.seq > ? AND COALESCE(l.data, t.data) IS NOT NULL "
                "ORDER BY c.seq LIMIT ?",
                (after, limit),
            ).fetchall()
        changes: list[Change] = []
        for r in rows:
            listing = Listing.model_validate_json(r["data"])
            if r["last_seen"]:
                seen = datetime.fromisoformat(r["last_seen"])
                listing = listing.model_copy(update={"last_seen": seen})
            changes.append(
                Change(r["seq"], r["op"], r["listing_id"], r["source_id"], r["at"], listing)
            )
        return changes

    def last_change(self) -> int:
        """The newest cursor of the change feed (0 when nothing changed yet)."""
        with self._feed() as db:
            return int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0])

    # -- quarantine -----------------------------------------------------------------------

    def quarantine(self, rejections: Iterable[Rejection], run_id: int | None) -> int:
        """Keep rejected records with their reason (newest reason wins for the same record)."""
        with self._transaction() as db:
            return quarantine_rows(db, rejections, run_id)

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

    def quarantine_counts(self) -> dict[str, int]:
        """Records now held in quarantine, per source (what ``quarantined()`` would list)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT source_id, COUNT(*) FROM quarantine GROUP BY source_id"
            ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

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

    def quality_hints(self, source_id: str | None = None) -> list[QualityHint]:
        """Listings carrying German flags (fields left empty and why), for partner/operator."""
        with self._connect() as db:
            return hint_rows(db, source_id)

    def quality_counts(self) -> dict[str, int]:
        """Source id → number of its listings with at least one quality hint."""
        with self._connect() as db:
            return hint_counts(db)

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
                "INSERT INTO source_state (source_id, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (source_id) "
                "DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                (source_id, json.dumps(state), utcnow().isoformat()),
            )


def _listing(row: Any) -> Listing:
    listing = Listing.model_validate_json(row["data"])
    return listing.model_copy(update={"last_seen": datetime.fromisoformat(row["last_seen"])})


def _run(row: Any) -> RunRecord:
    return RunRecord(
        id=row["id"],
        source_id=row["source_id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        counts=json.loads(row["counts"]),
        mode=row["mode"],
    )
