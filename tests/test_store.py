"""What only the SQLite store does: the pid check on this machine, upgrades of old files.

The behaviour both backends share is in test_store_contract.py."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from hub.model import Listing, Partner, SourceCounts, listing_id
from hub.store import SQLiteStore

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
