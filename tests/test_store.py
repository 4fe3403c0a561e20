"""The catalogue store: upserts by stable id and content hash, runs, quarantine, state."""

from __future__ import annotations

from pathlib import Path

from hub.model import Listing, Partner, Rejection, SourceCounts, listing_id
from hub.store import Store


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
    store = Store(tmp_path / "c.sqlite3")
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
    store = Store(tmp_path / "c.sqlite3")
    store.upsert_listings([make_listing("1")])
    before = store.get_listing(listing_id("src", "1"))
    store.upsert_listings([make_listing("1", "Neu")])
    after = store.get_listing(listing_id("src", "1"))
    assert before and after and after.first_seen == before.first_seen
    assert after.last_seen and before.last_seen and after.last_seen >= before.last_seen


def test_quarantine_keeps_the_record_and_reason_and_releases_it_when_fixed(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.sqlite3")
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
    store = Store(tmp_path / "c.sqlite3")
    crashed = store.start_run("src")  # never finished, as after kill -9
    current = store.start_run("src")
    store.finish_run(current, SourceCounts(source_id="src", status="ok", added=1))
    runs = {r.id: r for r in store.runs("src")}
    assert runs[crashed].status == "crashed"
    assert runs[current].status == "ok" and runs[current].counts["added"] == 1


def test_iter_listings_reads_everything_in_batches(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.sqlite3")
    store.upsert_listings([make_listing(str(i)) for i in range(25)])
    assert len(list(store.iter_listings(batch=7))) == 25
    some = [listing_id("src", "3"), listing_id("src", "17")]
    assert sorted(x.id for x in store.iter_listings(some, batch=1)) == sorted(some)


def test_connector_state_round_trips(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.sqlite3")
    assert store.get_state("src") == {}
    store.save_state("src", {"etag": '"abc"'})
    assert store.get_state("src") == {"etag": '"abc"'}
