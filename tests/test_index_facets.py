"""Disjunctive facet counts on Tantivy: every counting strategy gives the exact counts."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from index_catalogue import CATALOGUE

from hub.index.analysis import price_facet, region_paths
from hub.index.base import ALL_FACET_FIELDS, SearchQuery
from hub.index.tantivy import TantivyIndex
from hub.index.tantivy_facets import (
    _facets_nested,
    _facets_one_pass,
    _facets_per_group,
    count_facets,
    nestable,
)
from hub.index.tantivy_filters import date_filters, facet_filter_values, facet_filters
from hub.model import Listing

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> TantivyIndex:
    index = TantivyIndex(tmp_path_factory.mktemp("facets") / "index")
    index.upsert(CATALOGUE)
    return index


def _values(listing: Listing, field: str) -> list[str]:
    data = listing.model_dump(mode="json")
    return {
        "kind": [listing.kind],
        "topic": list(listing.topics),
        "audience": list(listing.audiences),
        "partner": [listing.partner.name],
        "region": list(dict.fromkeys(listing.regions)),
        "mode": [listing.mode] if listing.mode else [],
        "free": [free] if (free := price_facet(data)) else [],
    }[field]


def _matches(listing: Listing, field: str, query: SearchQuery) -> bool:
    """Whether ``listing`` passes the filter of facet ``field`` in ``query``."""
    if field == "region":
        return not query.region or bool(set(query.region) & set(region_paths(listing.regions)))
    if field == "free":
        return not query.free_only or _values(listing, "free") == ["free"]
    chosen = getattr(query, field)
    return not chosen or bool(set(chosen) & set(_values(listing, field)))


def expected_counts(query: SearchQuery) -> dict[str, dict[str, int]]:
    """Each group counted in Python over the listings passing every *other* filter."""
    fields = [f for f in ALL_FACET_FIELDS if f != "deadline"]
    out = {}
    for field in fields:
        passing = [
            x
            for x in CATALOGUE
            if all(_matches(x, other, query) for other in fields if other != field)
        ]
        out[field] = dict(Counter(v for x in passing for v in _values(x, field)))
    return out


def counted(results: dict[str, list]) -> dict[str, dict[str, int]]:  # type: ignore[type-arg]
    return {f: {v.value: v.count for v in values} for f, values in results.items()}


QUERIES = [
    SearchQuery(),
    SearchQuery(kind=("course",)),
    SearchQuery(kind=("course", "event"), region=("DE-NW",)),
    SearchQuery(kind=("course", "event", "funding"), mode=("online", "hybrid")),
    SearchQuery(region=("DE-SN", "DE-NW")),  # demo-07 is in both: counted once
    SearchQuery(region=("DE-SN", "DE-NW"), kind=("event",), free_only=True),
    SearchQuery(partner=("Zukunfts-HUB Ruhr", "Zukunftszentrum Sachsen"), region=("DE",)),
]


@pytest.mark.parametrize("query", QUERIES)
def test_facets_are_the_exact_disjunctive_counts(
    catalogue: TantivyIndex, query: SearchQuery
) -> None:
    query = SearchQuery(**{**query.__dict__, "upcoming_only": False, "now": NOW})
    facets = counted(catalogue.search(query).facets)
    del facets["deadline"]
    assert facets == expected_counts(query)


@pytest.mark.parametrize("query", QUERIES)
def test_every_counting_strategy_gives_the_same_facets(
    catalogue: TantivyIndex, query: SearchQuery
) -> None:
    query = SearchQuery(**{**query.__dict__, "now": NOW})
    searcher = catalogue._current().index.searcher()
    general = date_filters(query)
    values = facet_filter_values(query)
    assert values is not None
    strings = {
        name: " OR ".join(f'{field}:"{v}"' for v in chosen)
        for name, (field, chosen) in values.items()
    }
    per_group = _facets_per_group(searcher, None, facet_filters(query), general, 100, query)
    one_pass = _facets_one_pass(searcher, None, strings, general, 100, query)
    assert one_pass == per_group
    if nestable(values):
        assert _facets_nested(searcher, None, values, general, 100, query) == per_group
    assert count_facets(searcher, None, facet_filters(query), general, 100, query) == per_group


def test_several_values_of_a_multi_valued_field_are_not_summed() -> None:
    """A listing in two chosen Länder lies in two paths: those counts must not be added."""
    assert nestable(facet_filter_values(SearchQuery(kind=("course", "event"))) or {})
    assert nestable(facet_filter_values(SearchQuery(region=("DE-SN",), topic=("ki",))) or {})
    assert not nestable(facet_filter_values(SearchQuery(region=("DE-SN", "DE-NW"))) or {})
