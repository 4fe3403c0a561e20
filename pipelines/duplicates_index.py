"""Duplicate regrouping whose cost follows the change, not the catalogue.

Every listing that starts on a known day has its offer facts stored once (title words and city
already folded) and is filed under each of its title words and its title's length, keyed by
start day, in an indexed SQLite table; looking a listing up under only its rarest words and
similar lengths finds every possible duplicate (``probe_words``: prefix filtering). After a
harvest only the listings it added, changed or deleted are looked at: the listings connected
to them by ``same_offer`` (before and after the change) are the only ones whose group can
move, and grouping that neighbourhood gives exactly what grouping the whole catalogue would
(see ``group_facts``). Nothing is decoded through pydantic here.

The first regrouping of a catalogue (or of one from before this table) files every listing
once; from then on each regrouping reads only the neighbourhood of the change. Until that first
regrouping the store files each listing as it writes it (``prefile``, in the writing
transaction): a first harvest in worker processes then files its listings in parallel, and the
first regrouping, which runs alone after them, files only what was not filed yet instead of
reading and decoding the whole catalogue again (100k listings: 10 s of it, 4 s left).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from hub.model import Listing
from hub.store.db import Db
from pipelines.duplicates import (
    Member,
    OfferFacts,
    group_facts,
    group_links,
    probe_words,
    same_offer,
    size_range,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS offer_facts (
    listing_id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL,
    day TEXT NOT NULL,
    city TEXT,
    online INTEGER NOT NULL,
    words TEXT NOT NULL,
    first_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS offer_keys (
    day TEXT NOT NULL,
    word TEXT NOT NULL,
    -- the title's number of words: only titles of a similar length can be alike enough
    size INTEGER NOT NULL,
    listing_id TEXT NOT NULL,
    PRIMARY KEY (day, word, size, listing_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS offer_index_state (
    built_at TEXT NOT NULL
);
"""
#: listings read per query while filing a whole catalogue
BUILD_BATCH = 2000
#: ids per ``IN (...)`` (well below SQLite's variable limit)
CHUNK = 500


@dataclass(frozen=True)
class Facts:
    """One listing's row of ``offer_facts``."""

    id: str
    source_id: str
    day: str
    city: str | None
    online: bool
    words: frozenset[str]
    first_seen: str

    @cached_property
    def offer(self) -> OfferFacts:
        return OfferFacts.stored(date.fromisoformat(self.day), self.city, self.online, self.words)

    @property
    def member(self) -> Member:
        return Member(self.id, self.source_id, datetime.fromisoformat(self.first_seen))


@dataclass
class Regrouping:
    """The links of every listing whose group may have moved, before and after."""

    #: ids of listings looked at (present in the catalogue)
    affected: set[str] = field(default_factory=set)
    #: alternate → canonical among ``affected``, as stored before
    old: dict[str, str] = field(default_factory=dict)
    #: alternate → canonical among ``affected``, as they are now
    new: dict[str, str] = field(default_factory=dict)
    #: rows read from the catalogue and the duplicate index (work done, for tests/benchmarks)
    rows_read: int = 0


def facts_of(listing_id: str, source_id: str, data: str, first_seen: str) -> Facts | None:
    """Offer facts from a stored listing's JSON; None when it has no start day (never grouped)."""
    raw = json.loads(data)
    place = raw.get("place") or {}
    start = (raw.get("schedule") or {}).get("start")
    online = raw.get("mode") == "online"
    return _facts(listing_id, source_id, raw.get("title") or "", start, place.get("city"),
                  online, first_seen)  # fmt: skip


def listing_facts(listing: Listing, first_seen: str) -> Facts | None:
    """``facts_of`` for a listing in hand (the same facts as from its stored JSON)."""
    start = listing.schedule.start if listing.schedule else None
    city = listing.place.city if listing.place else None
    return _facts(listing.id, listing.source_id, listing.title,
                  start.isoformat() if start else None, city, listing.mode == "online",
                  first_seen)  # fmt: skip


def _facts(
    listing_id: str,
    source_id: str,
    title: str,
    start: str | None,
    city: str | None,
    online: bool,
    first_seen: str,
) -> Facts | None:
    if not start:
        return None
    offer = OfferFacts(title, None, city, online)
    return Facts(
        listing_id,
        source_id,
        start[:10],  # an ISO datetime: its own calendar day, as ``OfferFacts.of`` takes it
        offer.folded_city,
        offer.online,
        offer.words,
        first_seen,
    )


def prefile(db: Db, written: list[tuple[Listing, str]]) -> None:
    """File listings as the store writes them (listing, its ``first_seen``), in the writer's
    transaction, while the catalogue has never been regrouped; afterwards a no-op: a
    regrouping then files the change itself, because it needs the old facts to find the
    neighbourhood a listing leaves."""
    if not written or db.execute("SELECT 1 FROM offer_index_state").fetchone() is not None:
        return
    old = _stored_facts(db, [lst.id for lst, _ in written], Regrouping())
    _unfile(db, list(old.values()))  # a listing written twice before the first regrouping
    _file(db, [f for lst, seen in written if (f := listing_facts(lst, seen)) is not None])


def regroup(db: Db, changed: Iterable[str], gone: Iterable[str]) -> Regrouping:
    """Refile changed and gone listings, regroup their neighbourhood and store the links
    that moved (all in the caller's transaction, so two regroupings never interleave)."""
    _ensure_schema(db)
    result = Regrouping()
    if db.execute("SELECT 1 FROM offer_index_state").fetchone() is None:
        return _build(db, result)
    changed, gone = sorted(set(changed)), sorted(set(gone))
    seeds = set(changed) | set(gone)
    if not seeds:
        return result
    cache: dict[str, Facts] = {}
    # before: the neighbourhood of the old versions of what changed or went
    old_seeds = _stored_facts(db, seeds, result)
    before = _component(db, old_seeds, cache, result)
    for chunk in _chunks(sorted(seeds)):
        _unfile(db, [old_seeds[i] for i in chunk if i in old_seeds])
    # after: the new versions filed, then the neighbourhood of everything touched
    fresh = [f for f in _read_listings(db, changed, result) if f is not None]
    _file(db, fresh)
    cache = {i: f for i, f in cache.items() if i not in seeds}
    cache.update((f.id, f) for f in fresh)
    start = {i: cache[i] for i in before - seeds if i in cache}
    start.update((f.id, f) for f in fresh)
    after = _component(db, start, cache, result)
    members = sorted((cache[i] for i in after), key=lambda f: (f.day, f.id))
    result.affected = after | _present(db, changed, result)
    result.new = _links(members)
    result.old = _stored_links(db, result.affected, result)
    _store_moved(db, result)
    return result


def _store_moved(db: Db, result: Regrouping) -> None:
    """Point the listings whose group moved at their canonical record, in this transaction."""
    old, new = result.old, result.new
    moved = [(new.get(i), i) for i in old.keys() | new.keys() if old.get(i) != new.get(i)]
    db.executemany("UPDATE listings SET duplicate_of = ? WHERE id = ?", moved)


def _ensure_schema(db: Db) -> None:
    db.script(SCHEMA)


def _build(db: Db, result: Regrouping) -> Regrouping:
    """File every listing of the catalogue not filed yet (``prefile``) and group it whole
    (first use)."""
    # filed before the first regrouping, deleted since
    gone = db.execute(
        "SELECT listing_id, source_id, day, city, online, words, first_seen FROM offer_facts o "
        "WHERE NOT EXISTS (SELECT 1 FROM listings l WHERE l.id = o.listing_id)"
    ).fetchall()
    _unfile(db, [_row(r) for r in gone])
    last = ""
    while True:
        # listings without a start day are never filed: read here, and found to have no facts
        rows = db.execute(
            "SELECT id, source_id, data, first_seen FROM listings l WHERE id > ? AND NOT EXISTS "
            "(SELECT 1 FROM offer_facts o WHERE o.listing_id = l.id) ORDER BY id LIMIT ?",
            (last, BUILD_BATCH),
        ).fetchall()
        if not rows:
            break
        result.rows_read += len(rows)
        _file(db, [f for r in rows if (f := facts_of(r[0], r[1], r[2], r[3])) is not None])
        last = rows[-1][0]
    db.execute(
        "INSERT INTO offer_index_state (built_at) VALUES (?)", (datetime.now(UTC).isoformat(),)
    )
    filed: set[str] = set()
    # one day in memory at a time, not the catalogue's facts (100k listings: 200 MiB)
    result.new = _links(_noting_ids(_all_facts(db, result), filed))
    result.old = {
        r[0]: r[1]
        for r in db.execute("SELECT id, duplicate_of FROM listings WHERE duplicate_of IS NOT NULL")
    }
    result.affected = filed | set(result.old)
    _store_moved(db, result)
    return result


def _links(members: Iterable[Facts]) -> dict[str, str]:
    """Links of facts sorted by (day, id): what grouping each whole day in id order gives.

    Each day is split into the sets connected by ``same_offer`` (found through the rarest
    title words, in memory) and each set grouped on its own: the same groups, without
    comparing every listing of a busy day with every group of it. Groups never span days,
    so only one day's facts are held at a time.
    """
    links: dict[str, str] = {}
    day: list[Facts] = []
    for f in _ended(members):
        if day and (f is None or f.day != day[0].day):
            groups: list[list[Facts]] = []
            for part in _connected(day):
                groups.extend(group_facts([(m, m.offer) for m in part]))
            links.update(group_links([[m.member for m in g] for g in groups]))
            day = []
        if f is not None:
            day.append(f)
    return links


def _noting_ids(facts: Iterable[Facts], ids: set[str]) -> Iterator[Facts]:
    for f in facts:
        ids.add(f.id)
        yield f


def _ended(members: Iterable[Facts]) -> Iterator[Facts | None]:
    yield from members
    yield None


def _connected(day: list[Facts]) -> list[list[Facts]]:
    """The members of one day (in id order) split into sets connected by ``same_offer``."""
    filed: dict[tuple[str, int], list[int]] = {}
    for i, f in enumerate(day):
        for w in f.words:
            filed.setdefault((w, len(f.words)), []).append(i)
    parent = list(range(len(day)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, f in enumerate(day):
        sizes = range(size_range(len(f.words))[0], size_range(len(f.words))[1] + 1)
        count = {w: sum(len(filed.get((w, n), ())) for n in sizes) for w in f.words}
        for w in probe_words(f.words, count.__getitem__):
            for n in sizes:
                for j in filed.get((w, n), ()):
                    if j > i and root(i) != root(j) and same_offer(f.offer, day[j].offer):
                        parent[root(j)] = root(i)
    parts: dict[int, list[Facts]] = {}
    for i, f in enumerate(day):
        parts.setdefault(root(i), []).append(f)
    return list(parts.values())


def _component(
    db: Db, start: dict[str, Facts], cache: dict[str, Facts], result: Regrouping
) -> set[str]:
    """Ids connected to ``start`` by ``same_offer`` (``start`` included), via blocking words."""
    seen = set(start)
    cache.update(start)
    todo = list(start.values())
    while todo:
        f = todo.pop()
        offer = f.offer
        for cand in _candidates(db, f, result):
            if cand.id in seen:
                continue
            cand = cache.setdefault(cand.id, cand)
            if same_offer(offer, cand.offer):
                seen.add(cand.id)
                todo.append(cand)
    return seen


def _candidates(db: Db, f: Facts, result: Regrouping) -> list[Facts]:
    """Listings of the same day that could be the same offer as ``f`` (still in the catalogue),
    found under its rarest title words."""
    if not f.words:
        return []
    low, high = size_range(len(f.words))
    where, params = db.is_in("word", list(f.words))
    counts = dict(
        db.execute(
            "SELECT word, COUNT(*) FROM offer_keys WHERE day = ? "
            f"AND {where} AND size BETWEEN ? AND ? GROUP BY word",
            (f.day, *params, low, high),
        ).fetchall()
    )
    words = probe_words(f.words, lambda w: counts.get(w, 0))
    where, params = db.is_in("k.word", words)
    rows = db.execute(
        "SELECT DISTINCT o.listing_id, o.source_id, o.day, o.city, o.online, o.words, "
        "o.first_seen FROM offer_keys k JOIN offer_facts o ON o.listing_id = k.listing_id "
        f"JOIN listings l ON l.id = k.listing_id WHERE k.day = ? AND {where} "
        "AND k.size BETWEEN ? AND ?",
        (f.day, *params, low, high),
    ).fetchall()
    result.rows_read += len(rows)
    return [_row(r) for r in rows if r[0] != f.id]


def _row(r: Any) -> Facts:
    return Facts(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        None if r[3] is None else str(r[3]),
        bool(r[4]),
        frozenset(str(r[5]).split()),
        str(r[6]),
    )


def _stored_facts(db: Db, ids: Iterable[str], result: Regrouping) -> dict[str, Facts]:
    found: dict[str, Facts] = {}
    for chunk in _chunks(sorted(ids)):
        where, params = db.is_in("listing_id", chunk)
        rows = db.execute(
            "SELECT listing_id, source_id, day, city, online, words, first_seen "
            f"FROM offer_facts WHERE {where}",
            params,
        ).fetchall()
        result.rows_read += len(rows)
        found.update((r[0], _row(r)) for r in rows)
    return found


def _all_facts(db: Db, result: Regrouping) -> Iterator[Facts]:
    for r in db.execute(
        "SELECT listing_id, source_id, day, city, online, words, first_seen FROM offer_facts "
        "ORDER BY day, listing_id"
    ):
        result.rows_read += 1
        yield _row(r)


def _read_listings(db: Db, ids: list[str], result: Regrouping) -> Iterator[Facts | None]:
    for chunk in _chunks(ids):
        where, params = db.is_in("id", chunk)
        rows = db.execute(
            f"SELECT id, source_id, data, first_seen FROM listings WHERE {where}", params
        ).fetchall()
        result.rows_read += len(rows)
        yield from (facts_of(r[0], r[1], r[2], r[3]) for r in rows)


def _present(db: Db, ids: list[str], result: Regrouping) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        where, params = db.is_in("id", chunk)
        rows = db.execute(f"SELECT id FROM listings WHERE {where}", params).fetchall()
        result.rows_read += len(rows)
        found.update(r[0] for r in rows)
    return found


def _stored_links(db: Db, ids: set[str], result: Regrouping) -> dict[str, str]:
    links: dict[str, str] = {}
    for chunk in _chunks(sorted(ids)):
        where, params = db.is_in("id", chunk)
        rows = db.execute(
            f"SELECT id, duplicate_of FROM listings WHERE {where} AND duplicate_of IS NOT NULL",
            params,
        ).fetchall()
        result.rows_read += len(rows)
        links.update((r[0], r[1]) for r in rows)
    return links


def _file(db: Db, facts: list[Facts]) -> None:
    db.executemany(
        "INSERT INTO offer_facts (listing_id, source_id, day, city, online, words, first_seen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (listing_id) DO UPDATE SET "
        "source_id = excluded.source_id, day = excluded.day, city = excluded.city, "
        "online = excluded.online, words = excluded.words, first_seen = excluded.first_seen",
        [
            (f.id, f.source_id, f.day, f.city, int(f.online), " ".join(sorted(f.words)),
             f.first_seen)
            for f in facts
        ],
    )  # fmt: skip
    db.executemany(
        "INSERT INTO offer_keys (day, word, size, listing_id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [(f.day, w, len(f.words), f.id) for f in facts for w in f.words],
    )


def _unfile(db: Db, facts: list[Facts]) -> None:
    db.executemany(
        "DELETE FROM offer_keys WHERE day = ? AND word = ? AND size = ? AND listing_id = ?",
        [(f.day, w, len(f.words), f.id) for f in facts for w in f.words],
    )
    db.executemany("DELETE FROM offer_facts WHERE listing_id = ?", [(f.id,) for f in facts])


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
