"""One contract for every search backend: the same tests on Tantivy and on Elasticsearch.

Tantivy runs on a temporary directory, Elasticsearch on a local noida-db server
(``es_server``); each test gets its own directory or index prefix. What only the Elasticsearch
backend has (URLs, credentials, the alias layout, errors) is in test_index_elasticsearch.py.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from es_server import NoidaElasticsearch, es_server, free_port  # noqa: F401  (a fixture)
from index_catalogue import (
    BACKENDS,
    BY_ID,
    CATALOGUE,
    RUHR,
    SACHSEN,
    day,
    es_url,
    ids,
    new_prefix,
)

from hub.index import SearchQuery
from hub.index.base import ALL_FACET_FIELDS, SearchIndex
from hub.index.elasticsearch import ElasticsearchIndex
from hub.index.tantivy import TantivyIndex
from hub.model import Listing, Schedule

# -- backends -----------------------------------------------------------------------------


class Backend:
    """Opens empty indexes of one backend; all of them are closed at teardown."""

    def __init__(self, name: str, request: pytest.FixtureRequest, root: Path) -> None:
        self.name = name
        self.root = root
        self.server: NoidaElasticsearch | None = (
            request.getfixturevalue("es_server") if name == "elasticsearch" else None
        )
        self.opened: list[SearchIndex] = []

    def new_location(self) -> str:
        """A fresh place for an index: a directory or an alias prefix."""
        if self.server is None:
            return str(self.root / uuid.uuid4().hex[:12])
        return new_prefix()

    def open(self, location: str | None = None) -> SearchIndex:
        """An index at ``location`` (a new, empty one if not given)."""
        location = location or self.new_location()
        index: SearchIndex
        if self.server is None:
            index = TantivyIndex(location, writer_retry_delays=(0.01, 0.02))
        else:
            index = ElasticsearchIndex.from_url(es_url(self.server, location))
        self.opened.append(index)
        return index

    def close(self) -> None:
        for index in self.opened:
            index.close()


def live_generation(index: SearchIndex) -> str | None:
    """The generation searches read now: Tantivy's ``CURRENT``, Elasticsearch's alias target."""
    if isinstance(index, TantivyIndex):
        return (index.path / "CURRENT").read_text().strip()
    assert isinstance(index, ElasticsearchIndex)
    return index.live_index()


def all_generations(index: SearchIndex) -> list[str]:
    if isinstance(index, TantivyIndex):
        return sorted(p.name for p in index.path.glob("gen-*"))
    assert isinstance(index, ElasticsearchIndex)
    return sorted(index.generations().values())


@pytest.fixture(scope="module", params=BACKENDS)
def catalogue(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    """Read-only tests share one index of the whole catalogue per backend."""
    backend = Backend(request.param, request, tmp_path_factory.mktemp("catalogue"))
    index = backend.open()
    assert index.upsert(CATALOGUE) == len(CATALOGUE)
    yield index
    backend.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    opened = Backend(request.param, request, tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def index(backend: Backend) -> SearchIndex:
    """A fresh index holding the catalogue, for tests that write."""
    opened = backend.open()
    opened.upsert(CATALOGUE)
    return opened


# -- writing ------------------------------------------------------------------------------


def test_upsert_counts_and_replaces_listings_by_id(index: SearchIndex) -> None:
    assert index.count() == len(CATALOGUE)
    changed = BY_ID["demo-01"].model_copy(update={"title": "Datenschutz im Sportverein"})
    assert index.upsert([changed]) == 1
    assert index.count() == len(CATALOGUE)
    assert ids(index, "Sportverein") == ["demo-01"]
    assert ids(index, "Datenschutz").count("demo-01") == 1
    twice = [changed.model_copy(update={"title": f"Version {n}"}) for n in (1, 2)]
    index.upsert(twice)
    assert index.count() == len(CATALOGUE)
    assert ids(index, "Version") == ["demo-01"]
    assert index.search(SearchQuery(text="Version")).hits[0].listing["title"] == "Version 2"
    assert index.upsert([]) == 0


def test_delete_removes_listings_and_ignores_unknown_ids(index: SearchIndex) -> None:
    assert index.delete(["demo-01", "demo-09", "demo-01", "no-such-id"]) == 3
    assert index.count() == len(CATALOGUE) - 2
    assert ids(index, "Datenschutz") == ["demo-04"]
    assert index.delete([]) == 0


def test_a_second_index_object_sees_writes_at_once(backend: Backend) -> None:
    location = backend.new_location()
    writer, reader = backend.open(location), backend.open(location)
    writer.upsert(CATALOGUE[:3])
    assert reader.count() == 3
    writer.upsert(CATALOGUE[3:])
    assert reader.count() == len(CATALOGUE)
    writer.delete(["demo-01"])
    assert "demo-01" not in ids(reader, "Datenschutz")


def test_close_releases_the_index_and_the_next_call_reopens_it(index: SearchIndex) -> None:
    index.close()
    assert index.count() == len(CATALOGUE)
    index.close()
    index.close()  # twice is fine
    assert ids(index, "Datenschutz Verein") == ["demo-01"]


def test_a_new_index_answers_with_nothing(backend: Backend) -> None:
    index = backend.open()
    results = index.search(SearchQuery(text="Datenschutz", kind=("course",)))
    assert (results.total, results.hits) == (0, [])
    assert results.facets == {field: [] for field in ALL_FACET_FIELDS}
    assert index.count() == 0
    assert index.suggest("Da") == []


# -- German text search -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # plural query, singular and plural titles; Kurs ↔ Schulung are synonyms
        ("Schulungen", {"demo-02", "demo-11", "demo-06", "demo-07"}),
        ("Schulung", {"demo-02", "demo-11", "demo-06", "demo-07"}),
        ("Förderprogramme", {"demo-03", "demo-12"}),  # title singular, body "Förderprogrammen"
        ("Kurs", {"demo-06", "demo-07", "demo-02", "demo-11"}),
        ("Kurse", {"demo-06", "demo-07", "demo-02", "demo-11"}),
        # umlaut spelled out; Förderung ↔ Zuschuss, Fördermittel are synonyms
        ("Foerderung", {"demo-07", "demo-08", "demo-03", "demo-12"}),
        ("fuehrungskraefte", {"demo-05"}),
    ],
)
def test_german_stemming_and_umlauts_find_word_forms(
    catalogue: SearchIndex, query: str, expected: set[str]
) -> None:
    found = ids(catalogue, query)
    # a kind word ("Kurse", "Förderprogramme") also finds the listings of its kind
    assert expected <= set(found)
    assert all(BY_ID[i].kind == BY_ID[found[0]].kind for i in set(found) - expected)


def test_a_kind_word_alone_finds_every_listing_of_that_kind_first(
    catalogue: SearchIndex,
) -> None:
    found = ids(catalogue, "Förderprogramme")
    funding = {i.id for i in CATALOGUE if i.kind == "funding"}
    assert set(found[: len(funding)]) == funding  # also those that do not say the word
    assert "demo-12" in found[len(funding) :]  # an event that names it, after them


def test_title_matches_rank_above_body_only_matches(catalogue: SearchIndex) -> None:
    found = ids(catalogue, "Datenschutz")
    assert set(found) == {"demo-01", "demo-09", "demo-04"}
    assert found[-1] == "demo-04"  # the only listing with Datenschutz in its body only


def test_words_must_all_match_up_to_two_and_all_but_one_from_three(
    catalogue: SearchIndex,
) -> None:
    assert ids(catalogue, "Datenschutz Verein") == ["demo-01"]
    assert ids(catalogue, "Datenschutz im Verein") == ["demo-01"]  # "im" is a stop word
    assert ids(catalogue, "Datenschutz Quatschwort") == []
    assert ids(catalogue, "Datenschutz Verein Quatschwort") == ["demo-01"]


def test_quoted_phrase_must_match_in_order(catalogue: SearchIndex) -> None:
    assert ids(catalogue, '"Förderung von Weiterbildung"') == ["demo-08"]
    assert ids(catalogue, '"Weiterbildung Förderung"') == []


@pytest.mark.parametrize(
    "hostile",
    ['"', "title:", "doc:*", "doc:geheimwort", "(((", "AND OR", "*", "[a TO z]", "\\", ""],
)
def test_hostile_queries_neither_raise_nor_reach_internal_fields(
    catalogue: SearchIndex, hostile: str
) -> None:
    results = catalogue.search(SearchQuery(text=hostile))
    assert results.total in (0, len(CATALOGUE))  # nothing to search for matches all
    assert ids(catalogue, "geheimwort") == []  # only in the stored listing (url, source key)
    assert ids(catalogue, "doc geheimwort") == []


# -- filters and facets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "course"), ("partner", RUHR), ("region", "DE-NW"), ("mode", "online")],
)
def test_each_filter_narrows_results_exactly(
    catalogue: SearchIndex, field: str, value: str
) -> None:
    def has(item: Listing) -> bool:
        if field == "region":
            return value in item.regions
        return value == {"kind": item.kind, "partner": item.partner.name, "mode": item.mode}[field]

    expected = {item.id for item in CATALOGUE if has(item)}
    assert set(ids(catalogue, **{field: (value,)})) == expected


def test_filters_combine_with_and_and_values_with_or(catalogue: SearchIndex) -> None:
    courses_in_nw = {i.id for i in CATALOGUE if i.kind == "course" and "DE-NW" in i.regions}
    assert set(ids(catalogue, kind=("course",), region=("DE-NW",))) == courses_in_nw
    events_or_advice = {i.id for i in CATALOGUE if i.kind in ("event", "advice")}
    assert set(ids(catalogue, kind=("event", "advice"))) == events_or_advice
    online_in_sn_by_sachsen = {
        i.id
        for i in CATALOGUE
        if i.mode == "online" and "DE-SN" in i.regions and i.partner.name == SACHSEN
    }
    assert (
        set(ids(catalogue, mode=("online",), region=("DE-SN",), partner=(SACHSEN,)))
        == online_in_sn_by_sachsen
    )
    assert set(ids(catalogue, "Datenschutz", kind=("event",))) == {"demo-09"}
    assert ids(catalogue, kind=("no-such-kind",)) == []


def facet_counts(index: SearchIndex, query: SearchQuery) -> dict[str, dict[str, int]]:
    facets = index.search(query).facets
    assert list(facets) == list(ALL_FACET_FIELDS)
    return {field: {v.value: v.count for v in values} for field, values in facets.items()}


def test_facets_count_every_value_without_filters(catalogue: SearchIndex) -> None:
    counts = facet_counts(catalogue, SearchQuery())
    assert counts["kind"] == Counter(i.kind for i in CATALOGUE)
    assert counts["partner"] == Counter(i.partner.name for i in CATALOGUE)
    assert counts["region"] == Counter(r for i in CATALOGUE for r in i.regions)
    assert counts["mode"] == Counter(i.mode for i in CATALOGUE if i.mode)
    values = catalogue.search(SearchQuery()).facets["kind"]
    assert [v.count for v in values] == sorted((v.count for v in values), reverse=True)


def test_facets_are_counted_under_the_other_filters(catalogue: SearchIndex) -> None:
    results = catalogue.search(SearchQuery(kind=("course",), region=("DE-NW",)))
    counts = facet_counts(catalogue, SearchQuery(kind=("course",), region=("DE-NW",)))
    nw = [i for i in CATALOGUE if "DE-NW" in i.regions]
    courses = [i for i in CATALOGUE if i.kind == "course"]
    both = [i for i in nw if i.kind == "course"]
    # a facet's own filter is left out, so users see the alternatives …
    assert counts["kind"] == Counter(i.kind for i in nw)
    assert counts["region"] == Counter(r for i in courses for r in i.regions)
    # … while the other facets count what the result list shows
    assert counts["partner"] == Counter(i.partner.name for i in both)
    assert counts["mode"] == Counter(i.mode for i in both if i.mode)
    assert results.total == len(both)


def test_facets_follow_the_text_query(catalogue: SearchIndex) -> None:
    counts = facet_counts(catalogue, SearchQuery(text="Datenschutz"))
    assert counts["kind"] == {"course": 1, "event": 1, "advice": 1}
    counts = facet_counts(catalogue, SearchQuery(text="Datenschutz", mode=("hybrid",)))
    assert counts["mode"] == {"online": 1, "hybrid": 2}
    assert counts["kind"] == {"event": 1, "advice": 1}


# -- hits: highlights, paging, order ------------------------------------------------------


def test_highlights_wrap_matches_in_mark(catalogue: SearchIndex) -> None:
    hit = catalogue.search(SearchQuery(text="Datenschutz")).hits[0]
    assert hit.id == "demo-01"
    assert hit.highlights["title"] == "<mark>Datenschutz</mark> im Verein"
    assert hit.listing == BY_ID["demo-01"].model_dump(mode="json")
    body = catalogue.search(SearchQuery(text="Arbeitsrecht")).hits[0].highlights["body"]
    assert "<mark>Arbeitsrecht</mark>" in body
    assert catalogue.search(SearchQuery()).hits[0].highlights == {}  # browsing marks nothing


def test_highlights_escape_html_in_the_text(catalogue: SearchIndex) -> None:
    hit = catalogue.search(SearchQuery(text="Erstberatung")).hits[0]
    body = hit.highlights["body"]
    assert "<mark>Erstberatung</mark>" in body
    assert "&lt;b&gt;kostenlose&lt;/b&gt;" in body
    assert "&amp; Begleitung" in body
    assert "<b>" not in body
    title = catalogue.search(SearchQuery(text="Excel")).hits[0].highlights["title"]
    assert title == "<mark>Excel</mark>-Kurs für Einsteiger &amp; Umsteiger"


def test_paging_returns_the_next_hits_with_the_same_total(catalogue: SearchIndex) -> None:
    pages = [catalogue.search(SearchQuery(page=p, size=5)) for p in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [5, 5, 2, 0]
    assert {p.total for p in pages} == {len(CATALOGUE)}
    assert [(p.page, p.size) for p in pages] == [(1, 5), (2, 5), (3, 5), (4, 5)]
    seen = [hit.id for p in pages for hit in p.hits]
    assert sorted(seen) == sorted(BY_ID)  # no listing twice, none missing
    first, second = (
        catalogue.search(SearchQuery(text="Förderung", page=p, size=1)) for p in (1, 2)
    )
    assert first.total == second.total == 4  # with the synonyms Zuschuss, Fördermittel
    assert first.hits[0].id != second.hits[0].id
    filtered = catalogue.search(SearchQuery(region=("DE-NW",), page=2, size=4))
    in_nw = [i for i in CATALOGUE if "DE-NW" in i.regions]
    assert filtered.total == len(in_nw)
    assert len(filtered.hits) == len(in_nw) - 4


def test_browsing_without_text_lists_soonest_start_first(catalogue: SearchIndex) -> None:
    found = ids(catalogue)
    dated = sorted((i for i in CATALOGUE if i.start), key=lambda i: i.start or day(1, 1))
    assert found[: len(dated)] == [i.id for i in dated]
    assert set(found[len(dated) :]) == {i.id for i in CATALOGUE if not i.start}


def test_far_pages_and_huge_sizes_return_no_hits_but_the_total(catalogue: SearchIndex) -> None:
    far = catalogue.search(SearchQuery(page=10**9, size=20))
    assert (far.total, far.hits, far.page) == (len(CATALOGUE), [], 10**9)
    huge = catalogue.search(SearchQuery(text="Datenschutz", size=10**9))
    assert len(huge.hits) == huge.total == 3
    assert catalogue.search(SearchQuery(size=0)).total == len(CATALOGUE)


# -- suggestions --------------------------------------------------------------------------


def test_suggest_completes_title_words_by_prefix(catalogue: SearchIndex) -> None:
    suggestions = catalogue.suggest("Förder")
    assert set(suggestions) == {
        "Förderprogramm Digitalisierung Sachsen",
        "Förderung von Weiterbildung in KMU",
        "Kurse zur Förderung der Medienkompetenz",
        "Online-Sprechstunde Fördermittel",
    }
    assert set(suggestions[:2]) == {
        "Förderprogramm Digitalisierung Sachsen",
        "Förderung von Weiterbildung in KMU",
    }  # titles that start with the prefix come first
    assert catalogue.suggest("foerder") == suggestions
    assert catalogue.suggest("Datenschutz ver") == ["Datenschutz im Verein"]
    assert catalogue.suggest("Datenschutz ") == [
        "Datenschutz im Verein",
        "Workshop Datenschutz-Folgenabschätzung",
    ]
    assert len(catalogue.suggest("d", limit=2)) == 2
    assert catalogue.suggest("Förder", limit=0) == []
    assert catalogue.suggest("") == catalogue.suggest("((") == []


# -- rebuilds -----------------------------------------------------------------------------


def test_rebuild_switches_generation_while_searches_continue(backend: Backend) -> None:
    location = backend.new_location()
    builder, server = backend.open(location), backend.open(location)
    builder.upsert(CATALOGUE)
    first = live_generation(server)
    assert server.count() == len(CATALOGUE)
    errors: list[BaseException] = []
    searches = 0
    stop = threading.Event()

    def keep_searching() -> None:
        nonlocal searches
        while not stop.is_set():
            try:
                results = server.search(SearchQuery(text="Datenschutz", region=("DE-SN",)))
                assert results.total in (2, 1)  # the old generation, or the new one
                searches += 1
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=keep_searching) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.05)  # searches are running before the rebuild starts
        renamed = [i.model_copy(update={"title": f"Neu: {i.title}"}) for i in CATALOGUE[:-1]]
        renamed = [i for i in renamed if i.id != "demo-09"]
        assert builder.rebuild(renamed) == len(CATALOGUE) - 2
        time.sleep(0.05)  # and keep running after the switch
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == [] and searches > 0
    second = live_generation(server)
    assert second != first
    assert server.count() == len(CATALOGUE) - 2
    assert "demo-09" not in ids(server, "Datenschutz")  # old documents are gone
    assert "demo-12" not in ids(server, "Sprechstunde")
    top = server.search(SearchQuery(text="Datenschutz")).hits[0]
    assert top.listing["title"].startswith("Neu:")

    assert builder.rebuild(CATALOGUE[:2]) == 2
    third = live_generation(server)
    assert second is not None and third is not None
    assert all_generations(server) == sorted([second, third])
    assert server.count() == 2  # the previous generation is kept, older ones are pruned
    server.upsert([BY_ID["demo-01"].model_copy(update={"title": "Nach dem Umbau"})])
    assert ids(builder, "Umbau") == ["demo-01"]  # upserts go to the current generation


def test_rebuild_counts_a_repeated_id_once(backend: Backend) -> None:
    index = backend.open()
    again = BY_ID["demo-01"].model_copy(update={"title": "Zweite Fassung"})
    assert index.rebuild([*CATALOGUE, again]) == len(CATALOGUE)
    assert index.count() == len(CATALOGUE)
    assert ids(index, "Fassung") == ["demo-01"]


def test_a_failed_rebuild_leaves_the_live_generation_untouched(index: SearchIndex) -> None:
    before = (live_generation(index), all_generations(index))

    def broken_store() -> Iterator[Listing]:
        yield CATALOGUE[0]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError, match="store went away"):
        index.rebuild(broken_store())
    assert (live_generation(index), all_generations(index)) == before
    assert index.count() == len(CATALOGUE)


def test_schedule_kinds_filter_and_never_count_as_past(index: SearchIndex) -> None:
    def undated(n: int, title: str, kind: str | None, start: datetime | None = None) -> Listing:
        schedule = Schedule(kind=kind, ongoing=kind == "ongoing", start=start)
        return Listing.model_validate(
            {
                **BY_ID["demo-01"].model_dump(),
                "id": f"demo-9{n}",
                "source_key": f"9{n}",
                "title": title,
                "schedule": schedule.model_dump(),
            }
        )

    index.upsert(
        [
            undated(1, "Sprechstunde Zeiterfassung", "on_request"),
            undated(2, "Lernpfad Zeiterfassung", "ongoing"),
            undated(3, "Abendkurs Zeiterfassung", None, start=datetime(2020, 1, 7, tzinfo=UTC)),
        ]
    )
    later = datetime(2030, 1, 1, tzinfo=UTC)
    assert sorted(ids(index, "Zeiterfassung", now=later)) == ["demo-91", "demo-92"]
    assert ids(index, "Zeiterfassung", schedule=("ongoing",), now=later) == ["demo-92"]
    assert ids(index, "", schedule=("on_request",)) == ["demo-91"]
    both = ids(index, "Zeiterfassung", schedule=("ongoing", "on_request"), upcoming_only=False)
    assert sorted(both) == ["demo-91", "demo-92"]
