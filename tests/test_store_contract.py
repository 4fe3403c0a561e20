"""One contract for every store backend: the same tests on SQLite and on PostgreSQL.

SQLite runs on a temporary file, PostgreSQL on a real server (``pg_server``: Debian's
package, initdb + pg_ctl on loopback), a fresh database per test. What only one backend
has (SQLite's old-catalogue upgrades, its pid check) is in test_store.py and
test_store_concurrency.py; the store command, its configuration and what only PostgreSQL
promises are in test_store_commands.py.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from store_backends import BACKENDS, Backend, _offer, full_harvest, make_listing, open_backend

from hub.errors import SourceBusyError
from hub.model import Rejection, SourceCounts, listing_id
from hub.store import Store, open_store
from hub.store.migrations import LATEST, version


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    yield from open_backend(request, tmp_path)


@pytest.fixture
def store(backend: Backend) -> Store:
    return backend.open()


# -- listings -------------------------------------------------------------------------------


def test_upsert_reports_added_then_unchanged_then_updated(store: Store) -> None:
    first = store.upsert_listings([make_listing("1"), make_listing("2")])
    assert (len(first.added), len(first.updated), len(first.unchanged)) == (2, 0, 0)
    again = store.upsert_listings([make_listing("1"), make_listing("2")])
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, 2)
    changed = store.upsert_listings([make_listing("1", "Datenschutz für Vereine")])
    assert changed.updated == [listing_id("src", "1")]
    assert store.count_listings() == 2 and store.counts_by_source() == {"src": 2}
    assert store.counts_by_kind() == {"course": 2}
    stored = store.get_listing(listing_id("src", "1"))
    assert stored is not None and stored.title == "Datenschutz für Vereine"


def test_a_listing_twice_in_one_batch_is_stored_once_in_its_last_version(store: Store) -> None:
    result = store.upsert_listings([make_listing("1"), make_listing("1", "Neu")])
    assert result.added == [listing_id("src", "1")] and result.updated == result.added
    stored = store.get_listing(listing_id("src", "1"))
    assert stored is not None and stored.title == "Neu" and store.count_listings() == 1


def test_first_seen_is_kept_when_a_listing_changes(store: Store) -> None:
    store.upsert_listings([make_listing("1")])
    before = store.get_listing(listing_id("src", "1"))
    store.upsert_listings([make_listing("1", "Neu")])
    after = store.get_listing(listing_id("src", "1"))
    assert before and after and after.first_seen == before.first_seen
    assert after.last_seen and before.last_seen and after.last_seen >= before.last_seen


def test_iter_listings_reads_everything_in_batches(store: Store) -> None:
    store.upsert_listings([make_listing(str(i)) for i in range(25)])
    assert len(list(store.iter_listings(batch=7))) == 25
    some = [listing_id("src", "3"), listing_id("src", "17")]
    assert sorted(x.id for x in store.iter_listings(some, batch=1)) == sorted(some)
    rows = list(store.iter_catalogue_rows(batch=10))
    assert len(rows) == 25 == store.count_catalogue()
    assert rows[0]["last_seen"].endswith("Z") and rows[0]["alternates"] == []


def test_touch_source_marks_every_listing_seen(store: Store) -> None:
    store.upsert_listings([make_listing(str(i)) for i in range(3)])
    later = datetime(2030, 1, 1, tzinfo=UTC)
    assert store.touch_source("src", later) == 3
    assert {x.last_seen for x in store.iter_listings()} == {later}


def test_a_batch_is_stored_whole_or_not_at_all(store: Store) -> None:
    bad = Rejection(source_id="src", key="k", reason="r", step="s", record={"x": object()})
    with pytest.raises(TypeError):  # the quarantine write fails after the upserts
        store.apply_batch([make_listing("1"), make_listing("2")], [bad], run_id=None)
    assert store.count_listings() == 0 and store.changes() == []
    result = store.apply_batch([make_listing("1")], [], run_id=None)
    assert result.stored.added == [listing_id("src", "1")]


# -- duplicates -----------------------------------------------------------------------------


def test_the_same_offer_from_two_sources_is_one_catalogue_entry(store: Store) -> None:
    a, b = _offer("a", "1"), _offer("b", "1")
    store.upsert_listings([a, b])
    store.regroup_duplicates([a.id, b.id], [])
    links = store.duplicate_links()
    assert len(links) == 1 and set(links.items()) <= {(a.id, b.id), (b.id, a.id)}
    assert store.count_catalogue() == 1
    (canonical,) = store.iter_catalogue()
    assert [alt.listing_id for alt in canonical.alternates] == list(links)
    store.set_duplicate_links(dict.fromkeys(links))
    assert store.duplicate_links() == {} and store.count_catalogue() == 2


# -- runs, quarantine, hints, state ---------------------------------------------------------


def test_runs_are_kept_with_their_counts(store: Store) -> None:
    good = store.start_run("src")
    store.finish_run(good, SourceCounts(source_id="src", status="ok", added=3, duration_s=1.5))
    bad = store.start_run("src", mode="incremental")
    store.finish_run(bad, SourceCounts(source_id="src", status="failed", mode="incremental"))
    assert [r.status for r in store.runs("src")] == ["failed", "ok"]
    assert store.latest_runs()["src"].id == bad and store.last_success()["src"].id == good
    assert store.runs("src")[0].mode == "incremental"
    totals = {t["status"]: t for t in store.run_totals()}
    assert totals["ok"]["runs"] == 1 and totals["ok"]["added"] == 3
    assert totals["ok"]["duration_s"] == 1.5
    assert sorted(store.run_durations()["src"]) == [0.0, 1.5]


def test_quarantine_keeps_the_record_and_reason_and_releases_it_when_fixed(store: Store) -> None:
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
    assert store.quarantine_counts() == {"src": 1}
    assert store.release_from_quarantine("src", ["k9"]) == 1
    assert store.quarantined() == []


def test_quality_hints_list_flagged_listings(store: Store) -> None:
    flagged = make_listing("1", "Kurs a").model_copy(update={"flags": ["Datum nicht lesbar"]})
    store.upsert_listings([flagged.with_hash(), make_listing("2", "Kurs b")])
    (hint,) = store.quality_hints()
    assert (hint.title, hint.flags, hint.source_key) == ("Kurs a", ["Datum nicht lesbar"], "1")
    assert store.quality_hints("other") == [] and store.quality_counts() == {"src": 1}


def test_connector_state_round_trips(store: Store) -> None:
    assert store.get_state("src") == {}
    store.save_state("src", {"etag": '"abc"'})
    store.save_state("src", {"etag": '"def"'})
    assert store.get_state("src") == {"etag": '"def"'}


# -- safe synchronisation -------------------------------------------------------------------


def test_a_listing_is_gone_only_after_two_consecutive_full_harvests_miss_it(store: Store) -> None:
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


def test_gone_after_is_configurable(store: Store) -> None:
    keys = [str(i) for i in range(10)]
    full_harvest(store, keys)
    assert full_harvest(store, keys[:9], gone_after=3)[0] == []
    assert full_harvest(store, keys[:9], gone_after=3)[0] == []
    assert full_harvest(store, keys[:9], gone_after=3)[0] == [listing_id("src", "9")]


@pytest.mark.parametrize("listed", [0, 5], ids=["empty feed", "half the items"])
def test_the_circuit_breaker_deletes_nothing_and_asks_for_attention(
    store: Store, listed: int
) -> None:
    keys = [str(i) for i in range(10)]
    full_harvest(store, keys)
    for _ in range(3):
        gone, tripped = full_harvest(store, keys[:listed])
        assert gone == [] and tripped and "nichts wurde gelöscht" in tripped
    assert store.count_listings() == 10
    assert "src" in store.attention()
    full_harvest(store, keys)  # a healthy full harvest clears the mark
    assert store.attention() == {}


def test_the_shrink_limit_is_configurable(store: Store) -> None:
    keys = [str(i) for i in range(10)]
    full_harvest(store, keys)
    assert full_harvest(store, keys[:5], max_shrink=0.6)[1] is None
    gone = full_harvest(store, keys[:5], max_shrink=0.6)[0]
    assert sorted(gone) == sorted(listing_id("src", k) for k in keys[5:])


# -- change feed ----------------------------------------------------------------------------


def test_a_deleted_listing_takes_its_raw_hash_along(store: Store, backend: Backend) -> None:
    kept, gone, dropped = (listing_id("src", k) for k in ("1", "2", "3"))
    hashes = {kept: "h1", gone: "h2", dropped: "h3"}
    store.apply_batch([make_listing(k) for k in "123"], [], None, raw_hashes=hashes)
    assert store.sync_full("src", [kept, dropped], gone_after=1, max_shrink=0.5).gone == [gone]
    assert store.delete_listings([dropped]) == [dropped]
    assert backend.sql("SELECT listing_id, raw_hash FROM raw_hashes") == [(kept, "h1")]
    # a catalogue from before migration 4 kept the raw hashes of deleted listings: dropped
    backend.sql("INSERT INTO raw_hashes (listing_id, raw_hash) VALUES ('src-alt', 'h0')")
    backend.sql("DELETE FROM schema_version WHERE version >= 4")
    assert any(m.startswith("4: ") for m in backend.open().migrated)  # type: ignore[attr-defined]
    assert backend.sql("SELECT listing_id FROM raw_hashes") == [(kept,)]


def test_the_change_feed_is_ordered_resumable_and_carries_tombstones(store: Store) -> None:
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


def _writer(url: str, source: str, rounds: int, seed: int) -> None:
    """A harvest worker: batches of new listings, and re-upserts of earlier ones."""
    store = open_store(url)
    rng = random.Random(seed)
    try:
        for round_ in range(rounds):
            batch = [make_listing(f"{round_}-{i}", source=source) for i in range(80)]
            if round_:
                old = rng.randrange(round_)
                batch += [make_listing(f"{old}-{i}", f"neu {round_}", source) for i in range(5)]
            store.apply_batch(batch, [], run_id=None)
        store.delete_listings([listing_id(source, "0-0")])
    finally:
        store.close()


def test_a_reader_following_the_feed_under_concurrent_writers_ends_with_the_catalogue(
    backend: Backend, store: Store
) -> None:
    writers = [
        multiprocessing.get_context("spawn").Process(
            target=_writer, args=(backend.url, f"q{n}", 25, n)
        )
        for n in range(2)
    ]
    for writer in writers:
        writer.start()
    held: dict[str, tuple[int, str, str]] = {}
    cursor = 0

    def follow() -> int:
        nonlocal cursor
        page = store.changes(after=cursor, limit=37)
        for change in page:
            assert change.seq > cursor, "the cursor only grows"
            held[change.listing_id] = (change.seq, change.op, change.listing.title)
            cursor = change.seq
        return len(page)

    while any(w.is_alive() for w in writers):
        follow()
    assert all(w.exitcode == 0 for w in writers)
    while follow():
        pass
    alive = {lst.id: lst.title for lst in store.iter_listings()}
    assert {i: t for i, (_, op, t) in held.items() if op == "upsert"} == alive
    assert {i for i, (_, op, _) in held.items() if op == "delete"} == {
        listing_id(f"q{n}", "0-0") for n in range(2)
    }
    assert len(alive) == 2 * (25 * 80 - 1)


# -- saved needs, in the same store ---------------------------------------------------------


def test_saved_needs_live_in_the_store_and_follow_its_change_feed(store: Store) -> None:
    from hub.needs.model import NeedSpec
    from hub.needs.store import NeedStore, RadarKeys

    needs = NeedStore(store, b"s" * 32)  # type: ignore[arg-type]
    keys = RadarKeys("Datenschutz", None, "DE-SN", "course", None, "2027-03")
    need_id, token = needs.sign_up("a@example.org", NeedSpec(q="Datenschutz"), keys)
    assert needs.confirm(token, since_seq=0) == need_id
    store.upsert_listings([make_listing("1"), make_listing("2")])
    seqs, newest = needs.changed_since(0)
    assert sorted(seqs) == sorted([listing_id("src", "1"), listing_id("src", "2")])
    assert newest == store.last_change()
    found = [(need_id, listing_id("src", "1"), 2.0), (need_id, listing_id("src", "1"), 2.0)]
    assert needs.record_matches(found, cursor=newest) == 1 and needs.cursor() == newest
    assert needs.counts() == {
        "confirmed": 1,
        "unconfirmed": 0,
        "messages_sent": 0,
        "matches_queued": 1,
    }
    ((due, matches),) = needs.due()
    assert due.id == need_id and matches == [(listing_id("src", "1"), 2.0)]
    assert NeedStore(store, b"s" * 32).radar_rows()[0]["topic"] == "Datenschutz"  # type: ignore[arg-type]


# -- one harvest per source, crash recovery -------------------------------------------------


def test_a_source_is_harvested_once_at_a_time_and_other_sources_go_on(backend: Backend) -> None:
    first, second = backend.open(), backend.open()  # as two workers would
    with first.source_lock("a"):
        with (
            pytest.raises(SourceBusyError, match="wird gerade schon geerntet"),
            second.source_lock("a"),
        ):
            pass
        with second.source_lock("b"):
            pass
    with second.source_lock("a"):  # released: the next harvest may run
        pass


HOLD_LOCK = """
import sys, time
from hub.store import open_store
with open_store(sys.argv[1]).source_lock("a"):
    print("held", flush=True)
    time.sleep(600)
"""


def test_a_killed_worker_releases_its_source(backend: Backend, store: Store) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, backend.url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "held"
        with pytest.raises(SourceBusyError), store.source_lock("a"):
            pass
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(30)
    deadline = time.monotonic() + 10
    while True:  # the server notices the dead connection a moment later
        try:
            with store.source_lock("a"):
                break
        except SourceBusyError:
            assert time.monotonic() < deadline, "the lock of a killed worker was never released"
            time.sleep(0.05)


def test_a_run_whose_lease_ran_out_is_closed_as_crashed(backend: Backend) -> None:
    store = backend.open(lease_s=0.5)
    crashed = store.start_run("src")
    renewed = store.start_run("other")
    # both from a worker on another machine: only the lease tells whether it still runs
    backend.sql("UPDATE runs SET host = 'anderer-rechner', pid = 1")
    time.sleep(0.3)
    store.renew_lease(renewed)
    time.sleep(0.3)  # the first lease has run out, the renewed one has not
    current = store.start_run("src")
    store.start_run("other")
    runs = {r.id: r for r in store.runs("src")}
    assert runs[crashed].status == "crashed" and runs[crashed].counts["error_kind"] == "crashed"
    assert runs[current].status == "running"
    assert {r.id: r.status for r in store.runs("other")}[renewed] == "running"


def test_the_next_harvest_holding_the_lock_closes_an_open_run_at_once(backend: Backend) -> None:
    store = backend.open(lease_s=3600)
    left_open = store.start_run("src")
    # a worker on another machine died mid-run: its lease would keep it "running" an hour
    backend.sql("UPDATE runs SET host = 'anderer-rechner', pid = 1")
    unlocked = store.start_run("src")  # no lock held: only the lease can tell, it is alive
    assert {r.id: r.status for r in store.runs("src")}[left_open] == "running"
    with store.source_lock("src"):  # the lock proves no harvest of the source is alive
        current = store.start_run("src")
    runs = {r.id: r for r in store.runs("src")}
    assert runs[left_open].status == runs[unlocked].status == "crashed"
    assert runs[left_open].counts["error_kind"] == "crashed"
    assert runs[current].status == "running"
    with store.source_lock("other"):  # another source's lock proves nothing about "src"
        store.start_run("src")
    assert {r.id: r.status for r in store.runs("src")}[current] == "running"


def test_a_locked_source_is_not_harvested_but_reported_busy(
    backend: Backend, make_runtime: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.core import harvest_source_records

    monkeypatch.setenv("REGIOHUB_STORE", backend.url)
    runtime = make_runtime(
        '[[source]]\nid = "zz-feed"\ntype = "feed"\nkind = "event"\n'
        '[source.partner]\nname = "Zukunftszentrum"\n'
        '[source.options]\nurl = "http://127.0.0.1:9/feed.xml"\n'
    )
    (source,) = runtime.sources.sources
    with backend.open().source_lock("zz-feed"):
        result = harvest_source_records(runtime, source)
    assert result.counts.status == "busy" and "schon geerntet" in (result.counts.error or "")
    assert runtime.store.runs("zz-feed") == []  # nothing was started
    assert harvest_source_records(runtime, source).counts.status == "failed"  # ran (no server)
    runtime.store.close()


# -- schema ---------------------------------------------------------------------------------


def test_opening_creates_the_schema_once_and_again_does_nothing(backend: Backend) -> None:
    first = backend.open()
    assert len(first.migrated) == LATEST  # type: ignore[attr-defined]
    assert backend.open().migrated == []  # type: ignore[attr-defined]
    assert backend.sql("SELECT MAX(version) FROM schema_version") == [(LATEST,)]
    with first._connect() as db:  # type: ignore[attr-defined]
        assert version(db) == LATEST


def test_concurrent_openers_migrate_once(backend: Backend) -> None:
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            backend.open().upsert_listings([make_listing(str(threading.get_ident()))])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert backend.sql("SELECT COUNT(*) FROM schema_version") == [(LATEST,)]
