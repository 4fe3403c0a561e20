"""The embedded Tantivy backend, on a real index in a temporary directory."""

from __future__ import annotations

import os
import random
import select
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy
from index_catalogue import BY_ID, CATALOGUE, RUHR

from hub.errors import ConfigError, IndexError_
from hub.index import SearchQuery, open_index
from hub.index.analysis import distance_km
from hub.index.base import ALL_FACET_FIELDS, SearchIndex
from hub.index.tantivy import TantivyIndex
from hub.index.tantivy_geo import MAX_LEVEL, MIN_LEVEL, cell_terms, covering
from hub.index.tantivy_schema import SCHEMA
from hub.model import Listing


def ids(index: SearchIndex, text: str = "", **filters: tuple[str, ...]) -> list[str]:
    """Hits matching in full (a relaxed search's partial hits left out)."""
    hits = index.search(SearchQuery(text=text, size=50, **filters)).hits
    return [hit.id for hit in hits if not hit.partial]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> TantivyIndex:
    """Read-only tests share one index of the whole catalogue."""
    index = TantivyIndex(tmp_path_factory.mktemp("catalogue") / "index")
    assert index.upsert(CATALOGUE) == len(CATALOGUE)
    return index


@pytest.fixture
def index(tmp_path: Path) -> TantivyIndex:
    index = TantivyIndex(tmp_path / "index", writer_retry_delays=(0.01, 0.02))
    index.upsert(CATALOGUE)
    return index


# -- German analysis ------------------------------------------------------------------------


def test_exact_word_finds_title(catalogue: TantivyIndex) -> None:
    assert "demo-01" in ids(catalogue, "Datenschutz")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # plural query, singular and plural titles; Kurs ↔ Schulung are synonyms
        ("Schulungen", {"demo-02", "demo-11", "demo-06", "demo-07"}),
        ("Schulung", {"demo-02", "demo-11", "demo-06", "demo-07"}),
        ("Förderprogramme", {"demo-03", "demo-12"}),  # title singular, body "Förderprogrammen"
        (
            "Kurs",
            {"demo-06", "demo-07", "demo-02", "demo-11"},
        ),  # Snowball splits Kurs/Kurse; both directions bridged
        ("Kurse", {"demo-06", "demo-07", "demo-02", "demo-11"}),
        # umlaut spelled out; Förderung ↔ Zuschuss, Fördermittel are synonyms
        ("Foerderung", {"demo-07", "demo-08", "demo-03", "demo-12"}),
        ("fuehrungskraefte", {"demo-05"}),
    ],
)
def test_german_stemming_and_umlauts_find_word_forms(
    catalogue: TantivyIndex, query: str, expected: set[str]
) -> None:
    assert expected <= set(ids(catalogue, query))  # kind words also find their kind


def test_two_words_must_both_match(catalogue: TantivyIndex) -> None:
    assert ids(catalogue, "Datenschutz Verein") == ["demo-01"]
    assert ids(catalogue, "Datenschutz im Verein") == ["demo-01"]  # "im" is a stop word


def test_three_words_may_miss_one(catalogue: TantivyIndex) -> None:
    assert ids(catalogue, "Datenschutz Verein Quatschwort") == ["demo-01"]


# -- filters and facets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "course"), ("partner", RUHR), ("region", "DE-NW"), ("mode", "online")],
)
def test_each_filter_narrows_results_exactly(
    catalogue: TantivyIndex, field: str, value: str
) -> None:
    def has(item: Listing) -> bool:
        values = {
            "kind": [item.kind],
            "partner": [item.partner.name],
            "region": item.regions,
            "mode": [item.mode],
        }[field]
        return value in values

    expected = {item.id for item in CATALOGUE if has(item)}
    assert set(ids(catalogue, **{field: (value,)})) == expected


def test_filters_combine_with_and_and_values_with_or(catalogue: TantivyIndex) -> None:
    courses_in_nw = {i.id for i in CATALOGUE if i.kind == "course" and "DE-NW" in i.regions}
    assert set(ids(catalogue, kind=("course",), region=("DE-NW",))) == courses_in_nw
    events_or_advice = {i.id for i in CATALOGUE if i.kind in ("event", "advice")}
    assert set(ids(catalogue, kind=("event", "advice"))) == events_or_advice
    assert set(ids(catalogue, "Datenschutz", kind=("event",))) == {"demo-09"}


def test_facets_count_every_value_without_filters(catalogue: TantivyIndex) -> None:
    facets = catalogue.search(SearchQuery()).facets
    assert list(facets) == list(ALL_FACET_FIELDS)
    as_dict = {field: {v.value: v.count for v in values} for field, values in facets.items()}
    assert as_dict["kind"] == Counter(i.kind for i in CATALOGUE)
    assert as_dict["partner"] == Counter(i.partner.name for i in CATALOGUE)
    assert as_dict["region"] == Counter(r for i in CATALOGUE for r in i.regions)
    assert as_dict["mode"] == Counter(i.mode for i in CATALOGUE if i.mode)
    counts = [v.count for v in facets["kind"]]
    assert counts == sorted(counts, reverse=True)


def test_facets_are_disjunctive_under_filters(catalogue: TantivyIndex) -> None:
    results = catalogue.search(SearchQuery(kind=("course",), region=("DE-NW",)))
    facets = {field: {v.value: v.count for v in values} for field, values in results.facets.items()}
    nw = [i for i in CATALOGUE if "DE-NW" in i.regions]
    courses = [i for i in CATALOGUE if i.kind == "course"]
    both = [i for i in nw if i.kind == "course"]
    # a facet's own filter is left out, so users see the alternatives …
    assert facets["kind"] == Counter(i.kind for i in nw)
    assert facets["region"] == Counter(r for i in courses for r in i.regions)
    # … while the other facets count what the result list shows
    assert facets["partner"] == Counter(i.partner.name for i in both)
    assert facets["mode"] == Counter(i.mode for i in both if i.mode)
    assert results.total == len(both)


def test_facets_follow_the_text_query(catalogue: TantivyIndex) -> None:
    facets = catalogue.search(SearchQuery(text="Datenschutz")).facets
    assert {v.value: v.count for v in facets["kind"]} == {"course": 1, "event": 1, "advice": 1}


# -- hits: highlights, paging, order ------------------------------------------------------


def test_highlights_wrap_matches_in_mark(catalogue: TantivyIndex) -> None:
    hit = catalogue.search(SearchQuery(text="Datenschutz")).hits[0]
    assert hit.id == "demo-01"
    assert hit.highlights["title"] == "<mark>Datenschutz</mark> im Verein"
    assert hit.listing == BY_ID["demo-01"].model_dump(mode="json")
    body = catalogue.search(SearchQuery(text="Arbeitsrecht")).hits[0].highlights["body"]
    assert "<mark>Arbeitsrecht</mark>" in body


def test_paging_returns_the_next_hits_with_the_same_total(catalogue: TantivyIndex) -> None:
    pages = [catalogue.search(SearchQuery(page=p, size=5)) for p in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [5, 5, 2, 0]
    assert {p.total for p in pages} == {len(CATALOGUE)}
    seen = [hit.id for p in pages for hit in p.hits]
    assert sorted(seen) == sorted(BY_ID)  # no listing twice, none missing
    first, second = (
        catalogue.search(SearchQuery(text="Förderung", page=p, size=1)) for p in (1, 2)
    )
    assert first.total == second.total == 4  # with the synonyms Zuschuss, Fördermittel
    assert first.hits[0].id != second.hits[0].id


# -- writing ------------------------------------------------------------------------------


def test_upsert_of_the_same_id_replaces_the_listing(index: TantivyIndex) -> None:
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


def test_delete_removes_listings(index: TantivyIndex) -> None:
    assert index.delete(["demo-01", "demo-09", "demo-01"]) == 2
    assert index.count() == len(CATALOGUE) - 2
    assert ids(index, "Datenschutz") == ["demo-04"]
    assert index.delete([]) == 0


def test_a_second_index_object_sees_upserts_at_once(tmp_path: Path) -> None:
    writer, reader = TantivyIndex(tmp_path / "index"), TantivyIndex(tmp_path / "index")
    writer.upsert(CATALOGUE[:3])
    assert reader.count() == 3
    writer.upsert(CATALOGUE[3:])
    assert reader.count() == len(CATALOGUE)
    writer.delete(["demo-01"])
    assert "demo-01" not in ids(reader, "Datenschutz")


def test_writer_lock_held_elsewhere_raises_a_clear_error(index: TantivyIndex) -> None:
    generation = index.path / (index.path / "CURRENT").read_text().strip()
    other = tantivy.Index(SCHEMA, path=str(generation))
    held = other.writer(heap_size=15_000_000, num_threads=1)
    try:
        with pytest.raises(IndexError_, match="von einem anderen Schreiber gesperrt"):
            index.upsert(CATALOGUE[:1])
    finally:
        held.wait_merging_threads()
    assert index.upsert(CATALOGUE[:1]) == 1  # the lock is free again, and ours was released


def test_rebuild_switches_generation_while_searches_continue(tmp_path: Path) -> None:
    builder, server = TantivyIndex(tmp_path / "index"), TantivyIndex(tmp_path / "index")
    builder.upsert(CATALOGUE)
    assert server.count() == len(CATALOGUE)
    errors: list[BaseException] = []
    searches = 0
    stop = threading.Event()

    def keep_searching() -> None:
        nonlocal searches
        while not stop.is_set():
            try:
                results = server.search(SearchQuery(text="Datenschutz", region=("DE-SN",)))
                assert results.total in (2, 1)  # old generation, or the new one
                searches += 1
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=keep_searching) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        renamed = [i.model_copy(update={"title": f"Neu: {i.title}"}) for i in CATALOGUE[:-1]]
        renamed = [i for i in renamed if i.id != "demo-09"]
        assert builder.rebuild(renamed) == len(CATALOGUE) - 2
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == [] and searches > 0
    assert (tmp_path / "index" / "CURRENT").read_text().strip() == "gen-000002"
    assert server.count() == len(CATALOGUE) - 2
    assert (
        server.search(SearchQuery(text="Datenschutz")).hits[0].listing["title"].startswith("Neu:")
    )
    builder.rebuild(CATALOGUE)
    generations = sorted(p.name for p in (tmp_path / "index").glob("gen-*"))
    assert generations == ["gen-000002", "gen-000003"]  # the previous one is kept, older pruned
    assert server.count() == len(CATALOGUE)
    server.upsert([BY_ID["demo-01"].model_copy(update={"title": "Nach dem Umbau"})])
    assert ids(builder, "Umbau") == ["demo-01"]  # upserts go to the current generation


def test_open_index_finds_the_tantivy_backend_by_url(tmp_path: Path) -> None:
    index = open_index("tantivy://" + str(tmp_path / "via-url"))
    assert isinstance(index, TantivyIndex)
    assert isinstance(index, SearchIndex)
    index.upsert(CATALOGUE[:2])
    assert ids(index, "Datenschutz") == ["demo-01"]
    assert (tmp_path / "via-url" / "CURRENT").is_file()
    index.close()


def test_relative_urls_are_accepted_and_other_urls_rejected() -> None:
    assert TantivyIndex.from_url("tantivy://data/index").path == Path("data/index")
    assert TantivyIndex.from_url("tantivy:///var/index").path == Path("/var/index")
    with pytest.raises(ConfigError):
        TantivyIndex.from_url("tantivy://")


def test_a_new_index_answers_with_nothing(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path / "fresh")
    results = index.search(SearchQuery(text="Datenschutz", kind=("course",)))
    assert (results.total, results.hits) == (0, [])
    assert results.facets == {field: [] for field in ALL_FACET_FIELDS}
    assert index.count() == 0
    assert index.suggest("Da") == []


def test_a_failed_rebuild_leaves_the_live_generation_untouched(index: TantivyIndex) -> None:
    def broken_store() -> Iterator[Listing]:
        yield CATALOGUE[0]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError, match="store went away"):
        index.rebuild(broken_store())
    assert sorted(p.name for p in index.path.glob("gen-*")) == ["gen-000001"]
    assert (index.path / "CURRENT").read_text().strip() == "gen-000001"
    assert index.count() == len(CATALOGUE)


# -- the geo grid -------------------------------------------------------------------------


@pytest.mark.parametrize("radius_km", [0.3, 7.5, 61.0, 450.0])
def test_the_geo_covering_holds_every_point_within_the_radius_and_no_far_one_inside(
    radius_km: float,
) -> None:
    centre = (51.0504, 13.7373)
    inside, edge = covering(centre, radius_km)
    inside_set, edge_set = set(inside), set(edge)
    rnd = random.Random(7)
    spread = radius_km / 111.0 * 1.6
    for _ in range(3000):
        point = (
            centre[0] + rnd.uniform(-spread, spread),
            centre[1] + rnd.uniform(-spread, spread) * 1.6,
        )
        cells = set(cell_terms(*point))
        assert len(cells) == MAX_LEVEL - MIN_LEVEL + 1
        within = distance_km(centre, point) <= radius_km
        if cells & inside_set:
            assert within  # cells wholly inside need no check
        if within:
            assert cells & (inside_set | edge_set)  # nothing within the radius is missed


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(text="Datenschutz"),
        SearchQuery(text="Förderung", kind=("funding",), region=("DE-SN",)),
        SearchQuery(kind=("course", "event"), mode=("online",)),
        SearchQuery(open_deadline=True, size=3, page=2),
    ],
)
def test_facets_counted_beside_the_hits_equal_facets_counted_inline(
    catalogue: TantivyIndex, query: SearchQuery
) -> None:
    inline = TantivyIndex(catalogue.path)
    inline.facet_threads = 0  # the searching thread counts them itself
    threaded = TantivyIndex(catalogue.path)
    threaded.facet_threads_from = 0  # on the facet threads however small the index
    beside = threaded.search(query)
    alone = inline.search(query)
    assert beside.facets == alone.facets
    assert any(beside.facets.values())
    assert [h.id for h in beside.hits] == [h.id for h in alone.hits]
    assert beside.total == alone.total


def test_filters_on_many_values_match_like_filters_on_a_few(catalogue: TantivyIndex) -> None:
    # up to TERM_UNION_MAX values a filter is a union of term queries, beyond a term set
    from hub.index.tantivy_filters import TERM_UNION_MAX

    partners = sorted({listing.partner.name for listing in CATALOGUE})
    padding = [f"kein Partner {i}" for i in range(TERM_UNION_MAX)]
    few = catalogue.search(SearchQuery(partner=tuple(partners), size=100))
    many = catalogue.search(SearchQuery(partner=tuple(partners + padding), size=100))
    assert len(partners) + len(padding) > TERM_UNION_MAX >= len(partners)
    assert {h.id for h in few.hits} == {h.id for h in many.hits} != set()
    assert few.total == many.total


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")
def test_a_forked_child_counts_facets_with_its_own_threads(catalogue: TantivyIndex) -> None:
    query = SearchQuery(text="Datenschutz")
    threaded = TantivyIndex(catalogue.path)
    threaded.facet_threads_from = 0
    expected = threaded.search(query).facets  # the parent's facet threads exist now
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        fresh = TantivyIndex(catalogue.path)
        fresh.facet_threads_from = 0
        ok = fresh.search(query).facets == expected
        os.write(writer, b"1" if ok else b"0")
        os._exit(0)
    os.close(writer)
    ready, _, _ = select.select([reader], [], [], 30)
    answer = os.read(reader, 1) if ready else b""
    if not answer:  # without fresh threads the child waits for ever on its facets
        os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    assert answer == b"1"
