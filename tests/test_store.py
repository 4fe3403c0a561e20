"""The catalogue store: upserts by stable id and content hash, runs, quarantine, state."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hub.model import Listing, Partner, Rejection, SourceCounts, listing_id
from hub.store import SQLiteStore, Store

SOURCE_IDS = [listing_id("src", str(i)) for i in range(10)]


def make_listing(key: str, title: str = "Datenschutz kompakt") -> Listing:
    return Listing(
        id=listing_id("src", key),
        source_id="src",
        source_key=key,
        kind="course",
        partner=Partner(name="Testzentrum"),
        title=title,
    ).with_hash()


def test_listing_ids_are_stable_and_differ_per_source_and_key() -> None:
    assert listing_id("a", "k1") == listing_id("a", "k1")
    assert listing_id("a", "k1") != listing_id("b", "k1")
    assert listing_id("a", "k1") != listing_id("a", "k2")
    assert listing_id("a", "k1").startswith("a-")


def test_upsert_reports_added_then_unchanged_then_updated(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    first = store.upsert_listings([make_listing("1"), make_listing("2")])
    assert (len(first.added), len(first.updated), len(first.unchanged)) == (2, 0, 0)
    again = store.upsert_listings([make_listing("1"), make_listing("2")])
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, 2)
    changed = store.upsert_listings([make_listing("1", "Datenschutz für Vereine")])
    assert changed.updated == [listing_id("src", "1")]
    assert store.count_listings() == 2
    stored = store.get_listing(listing_id("src", "1"))
    assert stored is not None and stored.title == "Datenschutz für Vereine"


def test_first_seen_is_kept_when_a_listing_changes(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    store.upsert_listings([make_listing("1")])
    before = store.get_listing(listing_id("src", "1"))
    store.upsert_listings([make_listing("1", "Neu")])
    after = store.get_listing(listing_id("src", "1"))
    assert before and after and after.first_seen == before.first_seen
    assert after.last_seen and before.last_seen and after.last_seen >= before.last_seen


def test_quarantine_keeps_the_record_and_reason_and_releases_it_when_fixed(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    rejection = Rejection(
        source_id="src",
        key="k9",
        reason="missing title",
        step="title",
        record={"fields": {"title": ""}},
    )
    store.quarantine([rejection], run_id=None)
    store.quarantine([rejection], run_id=None)  # seen again: still one entry
    (entry,) = store.quarantined("src")
    assert entry.reason == "missing title" and entry.record == {"fields": {"title": ""}}
    assert store.release_from_quarantine("src", ["k9"]) == 1
    assert store.quarantined() == []


def test_a_run_left_running_by_a_crash_is_closed_as_crashed(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    crashed = store.start_run("src")  # never finished, as after kill -9 …
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    with sqlite3.connect(store.path) as db:  # … of a process that is gone now
        db.execute("UPDATE runs SET pid = ? WHERE id = ?", (int(dead.stdout), crashed))
    alive_elsewhere = store.start_run("other")  # still running in this (live) process
    current = store.start_run("src")
    store.start_run("other")
    assert store.runs("other")[1].id == alive_elsewhere
    assert store.runs("other")[1].status == "running"
    store.finish_run(current, SourceCounts(source_id="src", status="ok", added=1))
    runs = {r.id: r for r in store.runs("src")}
    assert runs[crashed].status == "crashed"
    assert runs[current].status == "ok" and runs[current].counts["added"] == 1


def test_iter_listings_reads_everything_in_batches(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    store.upsert_listings([make_listing(str(i)) for i in range(25)])
    assert len(list(store.iter_listings(batch=7))) == 25
    some = [listing_id("src", "3"), listing_id("src", "17")]
    assert sorted(x.id for x in store.iter_listings(some, batch=1)) == sorted(some)


def test_connector_state_round_trips(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    assert store.get_state("src") == {}
    store.save_state("src", {"etag": '"abc"'})
    assert store.get_state("src") == {"etag": '"abc"'}


def full_harvest(store: Store, keys: list[str], **policy: float) -> tuple[list[str], str | None]:
    """What a successful full harvest that listed ``keys`` does: upsert them, then sync."""
    store.upsert_listings([make_listing(k) for k in keys])
    result = store.sync_full("src", [listing_id("src", k) for k in keys], **policy)  # type: ignore[arg-type]
    return result.gone, result.tripped


def test_a_listing_is_gone_only_after_two_consecutive_full_harvests_miss_it(
    tmp_path: Path,
) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    keys = [str(i) for i in range(10)]
    full_harvest(store, keys)
    assert full_harvest(store, keys[:9]) == ([], None)  # first miss: kept
    assert store.count_listings() == 10
    assert full_harvest(store, keys) == ([], None)  # back again: the count starts over
    assert full_harvest(store, keys[:9]) == ([], None)
    gone, _ = full_harvest(store, keys[:9])  # second consecutive miss: gone
    assert gone == [listing_id("src", "9")]
    assert store.count_listings() == 9 and store.get_listing(gone[0]) is None
    assert [t[0] for t in store.tombstones("src")] == gone


def test_gone_after_is_configurable(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    keys = [str(i) for i in range(10)]
    full_harvest(store, keys)
    assert full_harvest(store, keys[:9], gone_after=3)[0] == []
    assert full_harvest(store, keys[:9], gone_after=3)[0] == []
    assert full_harvest(store, keys[:9], gone_after=3)[0] == [listing_id("src", "9")]


@pytest.mark.parametrize("listed", [0, 5], ids=["empty feed", "half the items"])
def test_the_circuit_breaker_deletes_nothing_and_asks_for_attention(
    tmp_path: Path, listed: int
) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    keys = [str(i) for i in range(10)]
    full_harvest(store, keys)
    for _ in range(3):
        gone, tripped = full_harvest(store, keys[:listed])
        assert gone == [] and tripped and "nothing was deleted" in tripped
    assert store.count_listings() == 10
    assert "src" in store.attention()
    full_harvest(store, keys)  # a healthy full harvest clears the mark
    assert store.attention() == {}


def test_the_shrink_limit_is_configurable(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    keys = [str(i) for i in range(10)]
    full_harvest(store, keys)
    assert full_harvest(store, keys[:5], max_shrink=0.6)[1] is None
    assert sorted(full_harvest(store, keys[:5], max_shrink=0.6)[0]) == sorted(SOURCE_IDS[5:])


def test_the_change_feed_is_ordered_resumable_and_carries_tombstones(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    store.upsert_listings([make_listing("1"), make_listing("2"), make_listing("3")])
    first = store.changes(after=0, limit=2)
    assert [c.op for c in first] == ["upsert", "upsert"]
    assert first[0].seq < first[1].seq
    rest = store.changes(after=first[-1].seq)
    assert [c.listing_id for c in first + rest] == [listing_id("src", k) for k in "123"]
    cursor = rest[-1].seq
    assert store.changes(after=cursor) == []
    store.upsert_listings([make_listing("1")])  # unchanged: no change entry
    assert store.changes(after=cursor) == []
    store.upsert_listings([make_listing("1", "Neu")])
    store.delete_listings([listing_id("src", "2")])
    later = store.changes(after=cursor)
    assert [(c.op, c.listing_id) for c in later] == [
        ("upsert", listing_id("src", "1")),
        ("delete", listing_id("src", "2")),
    ]
    assert later[0].listing.title == "Neu" and later[1].listing.title == "Datenschutz kompakt"
    assert store.last_change() == later[-1].seq
    # a reader starting from zero sees each listing once, in its latest state
    replay = store.changes(after=0)
    assert len(replay) == 3 and len({c.listing_id for c in replay}) == 3
    # a listing that comes back is alive again and leaves its tombstone behind
    store.upsert_listings([make_listing("2")])
    assert store.tombstones() == [] and store.changes(after=later[-1].seq)[0].op == "upsert"


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    bad = Rejection(source_id="src", key="k", reason="r", step="s", record={"x": object()})
    with pytest.raises(TypeError):  # the quarantine write fails after the upserts
        store.apply_batch([make_listing("1"), make_listing("2")], [bad], run_id=None)
    assert store.count_listings() == 0 and store.changes() == []
    result = store.apply_batch([make_listing("1")], [], run_id=None)
    assert result.stored.added == [listing_id("src", "1")]


def test_a_catalogue_from_before_the_change_log_enters_the_feed_once(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    SQLiteStore(path).upsert_listings([make_listing("1"), make_listing("2")])
    with sqlite3.connect(path) as db:  # as an older regiohub left it: no change log
        db.execute("DROP TABLE changes")
    store = SQLiteStore(path)
    assert [c.op for c in store.changes()] == ["upsert", "upsert"]
    assert len(SQLiteStore(path).changes()) == 2  # opening again adds nothing


def test_alternates_are_looked_up_through_an_index_also_in_an_older_catalogue(
    tmp_path: Path,
) -> None:
    path = tmp_path / "catalogue.sqlite3"
    with sqlite3.connect(path) as db:  # a catalogue from before duplicates were grouped
        db.execute(
            "CREATE TABLE listings (id TEXT PRIMARY KEY, source_id TEXT NOT NULL, kind TEXT "
            "NOT NULL, content_hash TEXT NOT NULL, data TEXT NOT NULL, first_seen TEXT NOT "
            "NULL, last_seen TEXT NOT NULL)"
        )
    SQLiteStore(path)
    with sqlite3.connect(path) as db:
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT duplicate_of, data FROM listings "
            "WHERE duplicate_of IN (?, ?) ORDER BY id",
            ("a", "b"),
        ).fetchall()
    # every detail page asks this; a table scan cost 10 ms per page on 5,000 listings
    assert any("listings_duplicate_of" in str(row) for row in plan), plan
