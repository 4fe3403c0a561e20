"""The search features of the contract, on every backend: German analysis, filters, facets,
geo radius and distance, sorting, cursor paging, and writes during a rebuild.

Runs on the feature catalogue (``index_catalogue.FEATURES``) at a fixed ``now``; the basic
contract (upsert, delete, highlights, suggestions, generation switch) is in
test_index_contract.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from es_server import es_server  # noqa: F401  (a fixture)
from index_catalogue import (
    BACKENDS,
    CHEMNITZ,
    DRESDEN,
    FEATURE_NOW,
    FEATURES,
    FEATURES_BY_ID,
    feature,
    feature_ids,
)
from test_index_contract import Backend

from hub.index import SearchQuery
from hub.index.analysis import distance_km
from hub.index.base import SearchIndex


@pytest.fixture(scope="module", params=BACKENDS)
def features(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    backend = Backend(request.param, request, tmp_path_factory.mktemp("features"))
    index = backend.open()
    index.upsert(FEATURES)
    yield index
    backend.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    opened = Backend(request.param, request, tmp_path)
    yield opened
    opened.close()


def search(index: SearchIndex, **fields: Any) -> Any:
    fields.setdefault("now", FEATURE_NOW)
    fields.setdefault("size", 50)
    return index.search(SearchQuery(**fields))


def facet(index: SearchIndex, name: str, **fields: Any) -> dict[str, int]:
    return {v.value: v.count for v in search(index, **fields).facets[name]}


# -- German analysis ------------------------------------------------------------------------


def test_compound_parts_find_the_compound_and_back(features: SearchIndex) -> None:
    assert "feat-01" in feature_ids(features, "Datenschutz")  # Datenschutzschulung
    assert feature_ids(features, "Schulung Pflegedienste") == ["feat-01"]
    assert feature_ids(features, "Datenschutzschulung") == ["feat-01"]
    assert "feat-10" in feature_ids(features, "Beratung Handwerksbetriebe")
    # the last part may be inflected (Handwerks|betriebe): "Handwerk" finds the plural compound
    assert "feat-10" in feature_ids(features, "Handwerk")


def test_umlauts_spelled_out_find_the_umlaut(features: SearchIndex) -> None:
    assert feature_ids(features, "Fuehrung hybriden", upcoming_only=False) == ["feat-02"]
    assert feature_ids(features, "Foerderung Innovationsprojekte") == ["feat-04"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Excel", {"feat-05", "feat-08"}),  # Excel ↔ Tabellenkalkulation
        ("Tabellenkalkulation", {"feat-05", "feat-08"}),
        ("KI", {"feat-06", "feat-07"}),  # KI ↔ Künstliche Intelligenz (a phrase)
        ("Künstliche Intelligenz", {"feat-06", "feat-07"}),
        ("Zuschuss", {"feat-03", "feat-04"}),  # Zuschuss ↔ Förderung
    ],
)
def test_synonyms_from_the_data_file_find_each_other(
    features: SearchIndex, query: str, expected: set[str]
) -> None:
    assert set(feature_ids(features, query)) == expected


def test_longer_words_tolerate_typos_short_ones_do_not(features: SearchIndex) -> None:
    assert "feat-03" in feature_ids(features, "Digitalsierung")
    assert feature_ids(features, "Tabelenkalkulation") == ["feat-05"]
    assert feature_ids(features, "Exel") == []  # four letters: exact only
    exact = search(features, text="Digitalisierung").hits
    typo = search(features, text="Digitalsierung").hits
    top = next(h for h in exact if h.id == "feat-03")
    assert next(h for h in typo if h.id == "feat-03").score < top.score


# -- filters --------------------------------------------------------------------------------


def test_topic_audience_and_free_filters(features: SearchIndex) -> None:
    assert set(feature_ids(features, topic=("ki",))) == {"feat-06", "feat-07"}
    assert set(feature_ids(features, topic=("ki", "datenschutz"))) == {
        "feat-01",
        "feat-06",
        "feat-07",
    }
    assert set(feature_ids(features, audience=("KMU",))) == {
        "feat-03",
        "feat-04",
        "feat-06",
        "feat-10",
    }
    assert set(feature_ids(features, free_only=True)) == {"feat-01", "feat-06", "feat-07"}
    assert feature_ids(features, free_only=True, audience=("KMU",)) == ["feat-06"]


def test_a_land_filter_includes_its_kreise_and_places(features: SearchIndex) -> None:
    sachsen = set(feature_ids(features, region=("DE-SN",)))
    assert {"feat-01", "feat-08", "feat-03", "feat-06", "feat-10"} <= sachsen
    assert not sachsen & {"feat-04", "feat-05", "feat-07", "feat-09"}
    assert feature_ids(features, region=("DE-SN-14612000",)) == ["feat-01"]
    assert feature_ids(features, region=("14612000",)) == ["feat-01"]  # a bare AGS
    assert len(feature_ids(features, region=("DE",))) == len(feature_ids(features))


def test_upcoming_only_is_the_default_for_courses_and_events(features: SearchIndex) -> None:
    default = set(feature_ids(features))
    assert "feat-02" not in default and "feat-12" not in default  # ended course and event
    assert {"feat-11", "feat-09", "feat-03", "feat-04"} <= default  # other kinds, undated
    everything = set(feature_ids(features, upcoming_only=False))
    assert everything == set(FEATURES_BY_ID)
    strict = set(feature_ids(features, upcoming_only=True))
    assert strict == default - {"feat-11"}  # a past good-practice date now counts too
    earlier = FEATURE_NOW.replace(month=1, day=1)
    assert "feat-02" in feature_ids(features, now=earlier)


def test_a_date_range_keeps_dated_listings_overlapping_it(features: SearchIndex) -> None:
    march = set(
        feature_ids(
            features, date_from=date(2099, 3, 1), date_to=date(2099, 3, 31), upcoming_only=False
        )
    )
    assert march == {"feat-01", "feat-07"}
    assert feature_ids(features, date_from=date(2099, 2, 2), date_to=date(2099, 2, 2),
                       upcoming_only=False) == ["feat-02"]  # the second day of two  # fmt: skip
    assert set(feature_ids(features, date_from=date(2099, 5, 1))) == {"feat-08"}


def test_open_deadline_keeps_funding_that_can_still_be_applied_for(
    features: SearchIndex,
) -> None:
    assert feature_ids(features, open_deadline=True) == ["feat-03"]
    assert facet(features, "deadline") == {"open": 1, "closed": 1}
    later = FEATURE_NOW.replace(month=8)
    assert feature_ids(features, open_deadline=True, now=later) == []


# -- facets ---------------------------------------------------------------------------------


def test_every_filter_has_a_facet_counted_under_the_other_filters(
    features: SearchIndex,
) -> None:
    assert facet(features, "topic") == {"digitalisierung": 2, "ki": 2, "datenschutz": 1}
    assert facet(features, "audience")["KMU"] == 4
    assert facet(features, "free") == {"free": 3, "paid": 2}
    # a chosen filter still shows its alternatives; other facets narrow
    assert facet(features, "free", free_only=True) == {"free": 3, "paid": 2}
    assert facet(features, "audience", free_only=True) == {"Beschäftigte": 1, "KMU": 1}
    assert facet(features, "topic", topic=("ki",)) == facet(features, "topic")
    assert facet(features, "region", region=("DE-SN",))["DE-NW"] == 2
    assert facet(features, "kind", region=("DE-SN",)) == {
        "advice": 2,
        "course": 1,
        "event": 1,
        "funding": 1,
        "good_practice": 1,
    }
    assert facet(features, "deadline", region=("DE-NW",)) == {"closed": 1}


# -- geo ------------------------------------------------------------------------------------


def test_near_with_a_radius_keeps_listings_within_it_exactly(features: SearchIndex) -> None:
    assert set(feature_ids(features, near=DRESDEN, radius_km=30)) == {"feat-01", "feat-10"}
    to_chemnitz = distance_km(DRESDEN, CHEMNITZ)
    # Chemnitz lies inside the bounding box of the smaller circle, but not inside the circle
    assert "feat-06" not in feature_ids(features, near=DRESDEN, radius_km=to_chemnitz - 1)
    assert "feat-06" in feature_ids(features, near=DRESDEN, radius_km=to_chemnitz + 1)
    results = search(features, near=DRESDEN, radius_km=30, text="Datenschutz")
    assert [h.id for h in results.hits] == ["feat-01"] and results.total == 1
    assert facet(features, "kind", near=DRESDEN, radius_km=30) == {"advice": 1, "course": 1}


def test_hits_show_their_distance_and_sort_by_it(features: SearchIndex) -> None:
    results = search(features, near=DRESDEN, sort="distance")
    order = [h.id for h in results.hits]
    assert order[:3] == ["feat-01", "feat-10", "feat-06"]
    distances = [h.distance_km for h in results.hits]
    known = [d for d in distances if d is not None]
    assert known == sorted(known) and len(known) == 6  # ended Leipzig events are hidden
    assert distances[-1] is None  # listings without a place come last
    assert results.hits[0].distance_km == pytest.approx(0.0, abs=0.01)
    assert results.hits[1].distance_km == pytest.approx(17.2, abs=0.1)
    assert all(h.distance_km is None for h in search(features).hits)  # no near, no distance


# -- sorting and paging ----------------------------------------------------------------------


def test_sort_by_date_puts_the_soonest_first_and_undated_last(features: SearchIndex) -> None:
    order = feature_ids(features, sort="date", upcoming_only=False)
    dated = ["feat-11", "feat-12", "feat-02", "feat-07", "feat-01", "feat-05", "feat-08"]
    assert order[: len(dated)] == dated
    assert feature_ids(features, "Pivot", sort="date", upcoming_only=False)[:2] == [
        "feat-11",
        "feat-12",
    ]


def test_relevance_prefers_upcoming_offers(features: SearchIndex) -> None:
    # two identical workshops: the one still to come ranks first
    assert feature_ids(features, "Excel Pivot", upcoming_only=False)[:2] == [
        "feat-08",
        "feat-12",
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"upcoming_only": False},
        {"text": "Pivot Auswertungen Excel", "upcoming_only": False},
        {"near": DRESDEN, "sort": "distance"},
        {"sort": "date"},
    ],
)
def test_search_after_cursors_walk_every_hit_once(
    features: SearchIndex, fields: dict[str, Any]
) -> None:
    everything = search(features, **fields)
    seen: list[str] = []
    cursor = None
    for _ in range(20):
        page = search(features, size=3, search_after=cursor, **fields)
        assert page.total == everything.total
        seen.extend(h.id for h in page.hits)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [h.id for h in everything.hits]
    second = search(features, size=3, page=2, **fields)
    first = search(features, size=3, **fields)
    via_cursor = search(features, size=3, search_after=first.next_cursor, **fields)
    assert [h.id for h in via_cursor.hits] == [h.id for h in second.hits]
    assert via_cursor.page == 2


# -- writes during a rebuild -----------------------------------------------------------------


def test_writes_during_a_rebuild_reach_the_new_generation(backend: Backend) -> None:
    location = backend.new_location()
    builder, harvester = backend.open(location), backend.open(location)
    builder.upsert(FEATURES)
    fresh = feature(40, "Neu eingetroffen: Lagerlogistik", "Während des Umbaus geerntet.")
    renamed = FEATURES_BY_ID["feat-10"].model_copy(update={"title": "Umbenannte Beratung"})

    def store() -> Iterator[Any]:
        for n, listing in enumerate(FEATURES):
            if n == 6:  # a harvest writes while the rebuild is half way through
                harvester.upsert([fresh, renamed])
                harvester.delete(["feat-01"])
            yield listing  # feat-10 still comes in its old version, read before the harvest

    assert builder.rebuild(store()) == len(FEATURES)
    assert feature_ids(harvester, "Lagerlogistik") == ["feat-40"]
    assert feature_ids(harvester, "Umbenannte") == ["feat-10"]
    assert "feat-01" not in feature_ids(harvester, "Datenschutz")
    assert harvester.count() == len(FEATURES)  # one added, one deleted
