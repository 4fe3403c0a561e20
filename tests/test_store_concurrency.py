"""Opening the store is safe when parallel harvest tasks open one file at the same moment.

Real concurrent openers — threads and separate processes — on one SQLite file, each opening the
store afresh (as every Prefect task does) and writing right away, while others are still opening.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from flows.core import harvest_source_records
from hub.errors import StoreError
from hub.model import Listing, Partner, listing_id
from hub.runtime import Runtime
from hub.store import SQLiteStore

ROUNDS = 6
WORKERS = 6


def _listing(source: str, key: str) -> Listing:
    return Listing(
        id=listing_id(source, key),
        source_id=source,
        source_key=key,
        kind="course",
        partner=Partner(name="Testzentrum"),
        title=f"Datenschutz kompakt {key}",
    ).with_hash()


def _open_and_write(path: str, worker: int, start: threading.Barrier | None = None) -> None:
    """One harvest task: open the store (new connection, as a fresh Runtime does) and store."""
    if start is not None:
        start.wait()
    for round_ in range(ROUNDS):
        store = SQLiteStore(Path(path))
        store.upsert_listings([_listing(f"q{worker}", f"{round_}-{i}") for i in range(3)])


def _process_worker(path: str, worker: int, start: object) -> None:
    start.wait()  # type: ignore[attr-defined]  # a multiprocessing Barrier proxy
    _open_and_write(path, worker)


def _older_catalogue(path: Path) -> None:
    """A catalogue as an older regiohub left it: listings, but no change log, no links."""
    SQLiteStore(path).upsert_listings([_listing("alt", str(i)) for i in range(50)])
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE changes")
        db.execute("DROP INDEX listings_duplicate_of")
        db.execute("ALTER TABLE listings DROP COLUMN duplicate_of")


def _assert_migrated_once(path: Path) -> None:
    with sqlite3.connect(path) as db:
        listings = db.execute("SELECT COUNT(*) FROM listings").fetchone()[0]
        logged = db.execute("SELECT COUNT(DISTINCT listing_id), COUNT(*) FROM changes").fetchone()
        columns = [r[1] for r in db.execute("PRAGMA table_info(listings)")]
    assert listings == 50 + WORKERS * ROUNDS * 3
    assert tuple(logged) == (listings, listings), "every listing in the change log exactly once"
    assert columns.count("duplicate_of") == 1


def test_threads_opening_one_store_at_once_all_succeed(tmp_path: Path) -> None:
    for trial in range(5):  # the race needs the openers to overlap; give it several chances
        path = tmp_path / f"c{trial}.sqlite3"
        _older_catalogue(path)
        start = threading.Barrier(WORKERS)
        errors: list[BaseException] = []

        def run(
            worker: int,
            path: Path = path,
            start: threading.Barrier = start,
            errors: list[BaseException] = errors,
        ) -> None:
            try:
                _open_and_write(str(path), worker, start)
            except BaseException as exc:  # collected: an exception in a thread is otherwise lost
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(w,)) for w in range(WORKERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        _assert_migrated_once(path)


def test_processes_opening_an_older_catalogue_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    _older_catalogue(path)
    ctx = multiprocessing.get_context("spawn")  # separate interpreters, as Prefect workers are
    with ctx.Manager() as manager:
        start = manager.Barrier(WORKERS)
        procs = [
            ctx.Process(target=_process_worker, args=(str(path), w, start)) for w in range(WORKERS)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * WORKERS
    _assert_migrated_once(path)


def test_a_catalogue_that_cannot_be_opened_stops_the_harvest_with_one_german_sentence(
    make_runtime: Callable[..., Runtime],
) -> None:
    # every source shares the catalogue: one clear sentence instead of N failed sources
    runtime = make_runtime(
        '[[source]]\nid = "zz-feed"\ntype = "feed"\nkind = "event"\n'
        '[source.partner]\nname = "Zukunftszentrum"\n'
        '[source.options]\nurl = "http://127.0.0.1:9/feed.xml"\n'
    )
    runtime.settings.db_path.mkdir(parents=True)  # a directory where the file should be
    (source,) = runtime.sources.sources
    with pytest.raises(StoreError, match="Der Katalog"):
        harvest_source_records(runtime, source)


def test_opening_a_current_catalogue_does_not_wait_for_a_running_write(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    SQLiteStore(path).upsert_listings([_listing("src", "1")])
    harvest = sqlite3.connect(path, isolation_level=None)  # a long write transaction elsewhere
    harvest.execute("BEGIN IMMEDIATE")
    harvest.execute("UPDATE listings SET last_seen = last_seen")
    try:
        started = time.monotonic()
        store = SQLiteStore(path)  # e.g. the search API starting while a harvest regroups
        assert store.count_listings() == 1
        assert time.monotonic() - started < 10, "opening waited for the write lock"
    finally:
        harvest.execute("ROLLBACK")
        harvest.close()
