"""Regrouping duplicates after a harvest follows the change, not the catalogue.

The store's duplicate index regroups only the listings connected to what changed; the result
must be exactly what grouping the whole catalogue gives, and an unchanged re-harvest must read
nothing for it. Real store, real flows, real partner server on loopback.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from servers import Route, ScriptedServer
from store_backends import BACKENDS

from flows import core
from flows.core import harvest_plain, regroup_duplicates
from hub.index.base import SearchQuery
from hub.index.tantivy import TantivyIndex
from hub.model import Listing, Partner, Place, Schedule, listing_id
from hub.runtime import Runtime
from hub.store import SQLiteStore
from pipelines.duplicates import duplicate_links

SOURCES_TOML = """
[[source]]
id = "{sid}"
type = "json"
kind = "course"
[source.partner]
name = "{sid}"
[source.options]
url = "{url}"
fields = {{ title = "titel", date = "termin", place = "ort", url = "link" }}
"""
WORDS = ["KI", "Mittelstand", "Datenschutz", "Förderung", "Cloud", "Export", "Recht", "Praxis"]
CITIES = ["Leipzig", "leipzig", "Dresden", "Chemnitz", None]
DAY = datetime(2027, 6, 1, 9, tzinfo=UTC)


def _random_listing(rng: random.Random, source: str, key: str) -> Listing:
    words = rng.sample(WORDS, rng.randint(1, 4))
    title = " ".join(words)
    if rng.random() < 0.3:
        title = f"Webinar: {title}"
    start = None if rng.random() < 0.1 else DAY + timedelta(days=rng.randint(0, 2))
    return Listing(
        id=listing_id(source, key),
        source_id=source,
        source_key=key,
        kind="course",
        partner=Partner(name=source),
        title=title,
        schedule=Schedule(start=start) if start else None,
        place=Place(city=rng.choice(CITIES)),
        mode="online" if rng.random() < 0.2 else None,
    ).with_hash()


def _runtime(make_runtime: Callable[..., Runtime]) -> Runtime:
    return make_runtime(SOURCES_TOML.format(sid="a", url="http://127.0.0.1:9/a.json"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_regrouping_the_change_gives_what_grouping_the_whole_catalogue_gives(
    backend: str,
    make_runtime: Callable[..., Runtime],
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if backend == "postgresql":  # the index's id lists are one array parameter there
        monkeypatch.setenv("REGIOHUB_STORE", request.getfixturevalue("pg_database"))
    rng = random.Random(17)
    runtime = _runtime(make_runtime)
    assert (type(runtime.store).__name__ == "PostgresStore") == (backend == "postgresql")
    store = runtime.store
    sources = ["portal", "anbieter", "kammer"]
    keys = [(s, str(k)) for s in sources for k in range(40)]
    first = store.upsert_listings([_random_listing(rng, s, k) for s, k in keys])
    regroup_duplicates(runtime, first.added)
    for round_ in range(12):
        # some listings change (title, day, place), some go, some arrive
        changes = [_random_listing(rng, *rng.choice(keys)) for _ in range(rng.randint(1, 12))]
        arriving = [(rng.choice(sources), f"n{round_}-{i}") for i in range(rng.randint(0, 4))]
        keys += arriving
        changes += [_random_listing(rng, s, k) for s, k in arriving]
        stored = store.upsert_listings({c.id: c for c in changes}.values())
        gone = store.delete_listings([listing_id(*k) for k in rng.sample(keys, rng.randint(0, 3))])
        regroup_duplicates(runtime, stored.added + stored.updated, gone)
        whole = duplicate_links(list(store.iter_listings()))
        assert whole, "the random catalogue has duplicates to group"
        assert store.duplicate_links() == whole, f"round {round_}"


@pytest.mark.parametrize("backend", BACKENDS)
def test_listings_written_before_the_first_regrouping_are_filed_as_they_are_stored(
    backend: str,
    make_runtime: Callable[..., Runtime],
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a first harvest in worker processes files its listings while storing them, so the
    # first regrouping (alone, after the workers) need not read the catalogue again
    if backend == "postgresql":
        monkeypatch.setenv("REGIOHUB_STORE", request.getfixturevalue("pg_database"))
    rng = random.Random(23)
    store = _runtime(make_runtime).store
    keys = [(s, str(k)) for s in ("portal", "anbieter", "kammer") for k in range(40)]
    store.upsert_listings([_random_listing(rng, s, k) for s, k in keys])
    # before any regrouping: some listings change (other words, day, city), some go
    changed = {c.id: c for c in (_random_listing(rng, *rng.choice(keys)) for _ in range(30))}
    store.upsert_listings(changed.values())
    gone = store.delete_listings([listing_id(*k) for k in rng.sample(keys, 10)])
    listings = list(store.iter_listings())
    undated = sum(1 for lst in listings if lst.schedule is None)
    built = store.regroup_duplicates([], [])
    whole = duplicate_links(listings)
    assert whole and store.duplicate_links() == whole == built.new
    # read: the dated listings' filed facts, and the undated listings (never filed); not
    # every listing again as well, as a first regrouping of an unfiled catalogue does
    assert undated > 0 and built.rows_read == (len(listings) - undated) + undated
    # and the filing is exact: regrouping each listing's neighbourhood anew changes nothing
    again = store.regroup_duplicates([lst.id for lst in listings], gone)
    assert again.new == {k: v for k, v in whole.items() if k in again.affected}


def _catalogue(n: int) -> list[Listing]:
    """``n`` listings of three sources over a month; every offer's title its own."""
    listings = []
    for i in range(n):
        source = ("portal", "anbieter", "kammer")[i % 3]
        listings.append(
            Listing(
                id=listing_id(source, str(i)),
                source_id=source,
                source_key=str(i),
                kind="course",
                partner=Partner(name=source),
                title=f"Thema{i // 3} im Betrieb{i // 3}",  # each offer listed by all three
                schedule=Schedule(start=DAY + timedelta(days=i // 3 % 30)),
            ).with_hash()
        )
    return listings


def test_one_change_reads_as_much_in_a_large_catalogue_as_in_a_small_one(tmp_path: Path) -> None:
    read = []
    for n in (300, 3000):
        store = SQLiteStore(tmp_path / f"{n}.sqlite3")
        catalogue = _catalogue(n)
        store.upsert_listings(catalogue)
        built = store.regroup_duplicates([c.id for c in catalogue], [])
        assert len(built.new) == 2 * n // 3, "two alternates per offer"
        # offer 3's listing from "anbieter" turns out to be offer 2 (same title, same day)
        update = {"title": "Thema2 im Betrieb2", "schedule": catalogue[6].schedule}
        changed = catalogue[10].model_copy(update=update).with_hash()
        store.upsert_listings([changed])
        regrouped = store.regroup_duplicates([changed.id], [])
        offer2 = {c.id for c in catalogue[6:9]} | {changed.id}
        assert regrouped.affected >= offer2, "its new group is regrouped"
        assert regrouped.affected >= {c.id for c in catalogue[9:12]}, "and its old one"
        whole = duplicate_links(list(store.iter_listings()))
        assert regrouped.new == {k: v for k, v in whole.items() if k in regrouped.affected}
        read.append(regrouped.rows_read)
        assert store.regroup_duplicates([], []).rows_read == 0
    assert read[0] == read[1] and read[0] < 50, read


def _feed(items: list[dict[str, Any]], base: str) -> Route:
    body = [{**item, "link": f"{base}/kurse/{item['id']}"} for item in items]
    return Route(json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def test_an_unchanged_reharvest_reads_nothing_for_regrouping(
    make_runtime: Callable[..., Runtime],
) -> None:
    items = [
        {"id": f"k-{i}", "titel": f"Thema{i} für Betriebe", "termin": "03.06.2027", "ort": "Halle"}
        for i in range(300)
    ]
    with ScriptedServer() as server:
        server.routes["/a.json"] = _feed(items, server.url)
        server.routes["/b.json"] = _feed(items[:50], server.url)  # a portal re-publishing
        toml = SOURCES_TOML.format(sid="a", url=f"{server.url}/a.json")
        toml += SOURCES_TOML.format(sid="b", url=f"{server.url}/b.json")
        runtime = make_runtime(toml)
        harvest_plain(runtime, runtime.sources.sources)
        assert len(runtime.store.duplicate_links()) == 50
        store = runtime.store
        store.rows_read = 0
        rows = harvest_plain(runtime, runtime.sources.sources)
        assert [r.unchanged for r in rows] == [300, 50]
        assert store.rows_read == 0, "nothing changed, so nothing is read to regroup or index"
        assert len(store.duplicate_links()) == 50


def test_a_harvest_that_changes_most_of_the_catalogue_rebuilds_the_index_in_one_go(
    make_runtime: Callable[..., Runtime], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core, "REBUILD_AT", 20)
    items = [
        {"id": f"k-{i}", "titel": f"Thema{i} für Betriebe", "termin": "03.06.2027", "ort": "Halle"}
        for i in range(60)
    ]
    with ScriptedServer() as server:
        server.routes["/a.json"] = _feed(items, server.url)
        server.routes["/b.json"] = _feed(items[:10], server.url)
        toml = SOURCES_TOML.format(sid="a", url=f"{server.url}/a.json")
        toml += SOURCES_TOML.format(sid="b", url=f"{server.url}/b.json")
        runtime = make_runtime(toml)

        def generation() -> str:
            index = runtime.index
            assert isinstance(index, TantivyIndex)
            return index.version().split(":")[0]

        before = generation()
        harvest_plain(runtime, runtime.sources.sources)
        assert generation() != before, "a new generation was built"
        assert runtime.index.count() == runtime.store.count_catalogue() == 60
        (hit,) = runtime.index.search(SearchQuery(text="Thema3")).hits
        assert [a["source_id"] for a in hit.listing["alternates"]] == ["b"]
        server.routes["/a.json"] = _feed([{**items[0], "titel": "Neu"}, *items[1:]], server.url)
        built = generation()
        harvest_plain(runtime, runtime.sources.sources)  # a small change: upserted in place
        assert generation() == built
        assert runtime.index.search(SearchQuery(text="Neu")).total == 1
