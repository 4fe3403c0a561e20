"""Saved needs in the catalogue's store: sign-up, confirmation, matches, messages.

The tables live beside the listings: in the SQLite file, or in the PostgreSQL database when
the catalogue is there (``NeedStore(store, …)``), so every API server sees the same needs.
One connection per call (like ``hub.store``), so the API and the notification flow can
share them. Nothing here logs an address.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hub.model import utcnow
from hub.needs import tokens
from hub.needs.model import DIGEST_HOURS, NeedSpec
from hub.needs.schema import NEEDS_SCHEMA
from hub.store.core import SQLStore
from hub.store.db import Db
from hub.store.sqlite import connect, transaction

#: unconfirmed sign-ups (and their confirmation links) last this long
CONFIRM_HOURS = 48
CURSOR = "match_cursor"


@dataclass(frozen=True)
class Need:
    id: str
    email: str
    spec: NeedSpec
    confirmed: bool
    since_seq: int
    last_sent_at: str | None
    confirmed_at: str | None = None


@dataclass(frozen=True)
class RadarKeys:
    """The anonymous keys a need is counted under in the Bedarfsradar."""

    topic: str | None
    district: str | None
    state: str | None
    kind: str | None
    mode: str | None
    month: str


class NeedStore:
    """The needs tables of a catalogue: a SQLite file (``Path``) or an open store's."""

    def __init__(self, where: Path | SQLStore, secret: bytes) -> None:
        self.store = where if isinstance(where, SQLStore) else None
        self.path: Path | None = getattr(where, "path", None) if self.store else Path(str(where))
        self.secret = secret
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.script(NEEDS_SCHEMA)

    def _connect(self) -> AbstractContextManager[Db]:
        if self.store is not None:
            return self.store._connect()
        return _sqlite(connect, self.path)

    def _transaction(self) -> AbstractContextManager[Db]:
        if self.store is not None:
            return self.store._transaction()
        return _sqlite(transaction, self.path)

    def _feed(self) -> AbstractContextManager[Db]:
        # on PostgreSQL, committed changes get their cursor before the log is read
        return self.store._feed() if self.store is not None else self._connect()

    # -- sign-up ----------------------------------------------------------------------------

    def allow(self, key: str, limit: int, window: timedelta, now: datetime | None = None) -> bool:
        """Count one attempt under ``key`` (an HMAC); False when ``limit`` was already reached."""
        now = now or utcnow()
        with self._transaction() as db:
            db.execute("DELETE FROM need_attempts WHERE at < ?", ((now - window).isoformat(),))
            used = db.execute(
                "SELECT COUNT(*) FROM need_attempts WHERE key = ?", (key,)
            ).fetchone()[0]
            if used >= limit:
                return False
            db.execute("INSERT INTO need_attempts VALUES (?, ?)", (key, now.isoformat()))
            return True

    def sign_up(
        self, email: str, spec: NeedSpec, keys: RadarKeys, now: datetime | None = None
    ) -> tuple[str, str]:
        """Keep an unconfirmed need; returns (need id, confirmation token)."""
        now = now or utcnow()
        need_id, token = tokens.new_id(), tokens.new_token()
        expires = now + timedelta(hours=CONFIRM_HOURS)
        with self._transaction() as db:
            _purge(db, now)
            db.execute(
                "INSERT INTO needs (id, email, spec, frequency, confirm_hash, expires_at, "
                "created_at, topic, district, state, kind, mode, month) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    need_id,
                    email.strip(),
                    spec.model_dump_json(),
                    spec.frequency,
                    tokens.digest(token),
                    expires.isoformat(),
                    now.isoformat(),
                    keys.topic,
                    keys.district,
                    keys.state,
                    keys.kind,
                    keys.mode,
                    keys.month,
                ),
            )
        return need_id, token

    def confirm(self, token: str, since_seq: int, now: datetime | None = None) -> str | None:
        """Confirm the need of a (not expired) confirmation token; returns its id or None.

        ``since_seq`` is the change-feed cursor at confirmation: the need is told about
        listings that change after it (what exists already it sees on the results page).
        """
        now = now or utcnow()
        with self._transaction() as db:
            _purge(db, now)
            row = db.execute(
                "SELECT id FROM needs WHERE confirm_hash = ? AND expires_at >= ?",
                (tokens.digest(token), now.isoformat()),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE needs SET confirm_hash = NULL, expires_at = NULL, confirmed_at = ?, "
                "since_seq = ? WHERE id = ?",
                (now.isoformat(), since_seq, row["id"]),
            )
            return str(row["id"])

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete unconfirmed sign-ups older than ``CONFIRM_HOURS``."""
        with self._transaction() as db:
            return _purge(db, now or utcnow())

    # -- one need ---------------------------------------------------------------------------

    def private_token(self, need_id: str) -> str:
        return tokens.private_token(self.secret, need_id)

    def by_token(self, token: str) -> Need | None:
        """The confirmed need a private link points at, or None."""
        need_id = tokens.need_of(self.secret, token)
        need = self.get(need_id) if need_id else None
        return need if need and need.confirmed else None

    def get(self, need_id: str) -> Need | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM needs WHERE id = ?", (need_id,)).fetchone()
        return _need(row) if row else None

    def update(self, need_id: str, spec: NeedSpec, keys: RadarKeys) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE needs SET spec = ?, frequency = ?, topic = ?, district = ?, state = ?, "
                "kind = ?, mode = ?, month = ? WHERE id = ?",
                (
                    spec.model_dump_json(),
                    spec.frequency,
                    keys.topic,
                    keys.district,
                    keys.state,
                    keys.kind,
                    keys.mode,
                    keys.month,
                    need_id,
                ),
            )

    def delete(self, need_id: str) -> bool:
        """Delete a need with everything recorded about it (unsubscribe = deletion)."""
        with self._transaction() as db:
            db.execute("DELETE FROM need_matches WHERE need_id = ?", (need_id,))
            db.execute("DELETE FROM need_messages WHERE need_id = ?", (need_id,))
            return db.execute("DELETE FROM needs WHERE id = ?", (need_id,)).rowcount > 0

    # -- matching ---------------------------------------------------------------------------

    def active(self) -> list[Need]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM needs WHERE confirmed_at IS NOT NULL ORDER BY id"
            ).fetchall()
        return [_need(r) for r in rows]

    def cursor(self) -> int:
        with self._connect() as db:
            row = db.execute("SELECT value FROM needs_state WHERE name = ?", (CURSOR,)).fetchone()
        return int(row["value"]) if row else 0

    def record_matches(
        self,
        found: Iterable[tuple[str, str, float]],
        cursor: int,
        now: datetime | None = None,
        series: dict[str, str] | None = None,
    ) -> int:
        """Queue (need, listing, score) matches and move the cursor, in one transaction.

        A listing once queued or sent to a need is never queued again (a changed listing),
        nor is another date of a series (``series``: listing id → series key) already
        queued or sent to it: each offer reaches a need once.
        """
        at = (now or utcnow()).isoformat()
        series = series or {}
        queued = 0
        with self._transaction() as db:
            for need_id, listing_id, score in found:
                key = series.get(listing_id)
                cur = db.execute(
                    "INSERT INTO need_matches (need_id, listing_id, state, score, "
                    "series, matched_at) SELECT ?, ?, 'queued', ?, ?, ? WHERE NOT EXISTS "
                    "(SELECT 1 FROM need_matches WHERE need_id = ? AND series = ? "
                    "AND listing_id != ?) ON CONFLICT DO NOTHING",
                    (need_id, listing_id, score, key, at, need_id, key, listing_id),
                )
                queued += cur.rowcount
            db.execute(
                "INSERT INTO needs_state VALUES (?, ?) ON CONFLICT (name) "
                "DO UPDATE SET value = excluded.value",
                (CURSOR, str(cursor)),
            )
        return queued

    def changed_since(self, after: int) -> tuple[dict[str, int], int]:
        """Listings upserted in the catalogue's change log after ``after``: id → seq, and the
        newest seq (read straight from the log; the listings themselves are read later)."""
        with self._feed() as db:
            rows = db.execute(
                "SELECT seq, listing_id, op FROM changes WHERE seq > ? ORDER BY seq", (after,)
            ).fetchall()
        seqs = {r["listing_id"]: int(r["seq"]) for r in rows if r["op"] == "upsert"}
        return seqs, int(rows[-1]["seq"]) if rows else after

    # -- sending ----------------------------------------------------------------------------

    def due(self, now: datetime | None = None) -> list[tuple[Need, list[tuple[str, float]]]]:
        """Needs with queued matches whose frequency says: send now; with (listing, score)."""
        now = now or utcnow()
        with self._connect() as db:
            rows = db.execute(
                "SELECT n.*, m.listing_id, m.score FROM needs n JOIN need_matches m "
                "ON m.need_id = n.id WHERE m.state = 'queued' AND n.confirmed_at IS NOT NULL "
                "ORDER BY n.id, m.score DESC, m.listing_id"
            ).fetchall()
        out: dict[str, tuple[Need, list[tuple[str, float]]]] = {}
        for r in rows:
            if r["id"] not in out:
                out[r["id"]] = (_need(r), [])
            out[r["id"]][1].append((r["listing_id"], float(r["score"])))
        return [
            (need, found)
            for need, found in out.values()
            if _is_due(need.spec.frequency, need.last_sent_at or need.confirmed_at, now)
        ]

    def drop_matches(self, need_id: str, listing_ids: Iterable[str]) -> None:
        """Forget queued matches whose listings left the catalogue before they were sent."""
        with self._transaction() as db:
            db.executemany(
                "DELETE FROM need_matches WHERE need_id = ? AND listing_id = ? "
                "AND state = 'queued'",
                [(need_id, lid) for lid in listing_ids],
            )

    def begin_message(self, need_id: str, message_id: str, listing_ids: list[str]) -> None:
        """Record the intent to send (just before the message is handed over for good)."""
        now = utcnow().isoformat()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO need_messages VALUES (?, ?, 'sending', ?, NULL)",
                (message_id, need_id, now),
            )
            db.executemany(
                "UPDATE need_matches SET state = 'sending', message_id = ? "
                "WHERE need_id = ? AND listing_id = ?",
                [(message_id, need_id, lid) for lid in listing_ids],
            )

    def finish_message(self, message_id: str, delivered: bool) -> None:
        """Sent: matches and need are marked; refused: the matches go back to the queue."""
        now = utcnow().isoformat()
        with self._transaction() as db:
            _finish(db, message_id, delivered, now)

    def reconcile(self) -> int:
        """Messages left 'sending' by a crash count as sent: the intent is recorded only once
        the message is complete at the SMTP server but for its final dot, so a crash after
        it most likely delivered; sending again would mean a duplicate e-mail."""
        now = utcnow().isoformat()
        with self._transaction() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT message_id FROM need_messages WHERE state = 'sending'"
                ).fetchall()
            ]
            for message_id in ids:
                _finish(db, message_id, True, now)
        return len(ids)

    # -- counts (operators, radar) --------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Numbers for operators; never an address."""
        with self._connect() as db:
            one = db.execute(
                "SELECT COUNT(confirmed_at), COUNT(*) - COUNT(confirmed_at) FROM needs"
            ).fetchone()
            sent = db.execute("SELECT COUNT(*) FROM need_messages WHERE state = 'sent'").fetchone()[
                0
            ]
            queued = db.execute(
                "SELECT COUNT(*) FROM need_matches WHERE state = 'queued'"
            ).fetchone()[0]
        return {
            "confirmed": int(one[0] or 0),
            "unconfirmed": int(one[1] or 0),
            "messages_sent": int(sent),
            "matches_queued": int(queued),
        }

    def radar_rows(self) -> list[dict[str, str | None]]:
        """The radar keys of every confirmed need (no id, no address)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT topic, district, state, kind, mode, month FROM needs "
                "WHERE confirmed_at IS NOT NULL"
            ).fetchall()
        return [dict(r) for r in rows]


def _purge(db: Db, now: datetime) -> int:
    return db.execute(
        "DELETE FROM needs WHERE confirmed_at IS NULL AND expires_at < ?", (now.isoformat(),)
    ).rowcount


def _finish(db: Db, message_id: str, delivered: bool, now: str) -> None:
    row = db.execute(
        "SELECT need_id FROM need_messages WHERE message_id = ?", (message_id,)
    ).fetchone()
    if row is None:
        return
    if delivered:
        db.execute(
            "UPDATE need_messages SET state = 'sent', sent_at = ? WHERE message_id = ?",
            (now, message_id),
        )
        db.execute("UPDATE need_matches SET state = 'sent' WHERE message_id = ?", (message_id,))
        db.execute("UPDATE needs SET last_sent_at = ? WHERE id = ?", (now, row["need_id"]))
    else:
        db.execute("DELETE FROM need_messages WHERE message_id = ?", (message_id,))
        db.execute(
            "UPDATE need_matches SET state = 'queued', message_id = NULL WHERE message_id = ?",
            (message_id,),
        )


def _is_due(frequency: str, since: str | None, now: datetime) -> bool:
    """Immediate needs always; digests one period after the last e-mail (or confirmation)."""
    hours = DIGEST_HOURS.get(frequency, 0.0)
    if since is None or hours == 0:
        return True
    return now - datetime.fromisoformat(since) >= timedelta(hours=hours)


def _need(row: Any) -> Need:
    return Need(
        id=row["id"],
        email=row["email"],
        spec=NeedSpec.model_validate(json.loads(row["spec"])),
        confirmed=row["confirmed_at"] is not None,
        since_seq=int(row["since_seq"]),
        last_sent_at=row["last_sent_at"],
        confirmed_at=row["confirmed_at"],
    )


@contextmanager
def _sqlite(opener: Any, path: Path | None) -> Iterator[Db]:
    assert path is not None
    with opener(path) as raw:
        yield Db(raw, "sqlite")
