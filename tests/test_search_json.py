"""The search answer written straight to JSON is byte for byte the response models' JSON."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the generated catalogue lives in benchmarks/
    sys.path.insert(0, str(ROOT))

from benchmarks.api_load import distinct_queries  # noqa: E402
from benchmarks.relevance_data import iter_catalogue  # noqa: E402
from benchmarks.relevance_queries import QUERIES  # noqa: E402
from hub.index.tantivy import TantivyIndex  # noqa: E402
from hub.model import Listing, Schedule  # noqa: E402
from search_api.presenters import response_out  # noqa: E402
from search_api.schemas import SearchParams  # noqa: E402
from search_api.search_json import instant, search_json  # noqa: E402

EXTRA: list[dict[str, object]] = [
    {"q": "Datenschutz", "near": "Leipzig", "radius": 80, "sort": "distance"},
    {"q": "Förderung", "open_deadline": True, "sort": "date"},
    {"q": "Excel", "free": True, "page": 2, "size": 5},
    {"q": "", "kind": ["funding"], "upcoming": False},
    {"q": "Workshop", "mode": ["online"], "date_from": "2026-01-01", "date_to": "2027-12-31"},
    {"q": "Datenshutz Grundkurs"},  # a typo: did you mean
    {"q": "Kurs Excel Dresden Anfänger kostenlos online"},  # words read as filters, relaxed
    {"q": "Digitalstammtisch Chemnitz", "upcoming": False},  # one hit for the whole series
]


def weekly_series(first: Listing, weeks: int = 4) -> list[Listing]:
    """Occurrences of a recurring event, keyed ``UID@start`` as the iCalendar connector does."""
    start = datetime(2027, 3, 2, 18, tzinfo=UTC)
    occurrences = []
    for week in range(weeks):
        when = start + timedelta(weeks=week)
        occurrences.append(
            first.model_copy(
                update={
                    "id": f"{first.id}-w{week}",
                    "source_key": f"stammtisch@example.invalid@{when.isoformat()}",
                    "title": "Digitalstammtisch Chemnitz",
                    "schedule": Schedule(start=when, end=when + timedelta(hours=2)),
                }
            )
        )
    return occurrences


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> TantivyIndex:
    items = [generated.listing for generated in iter_catalogue(600)]
    items += weekly_series(next(x for x in items if x.kind == "event"))
    built = TantivyIndex(tmp_path_factory.mktemp("index"))
    built.ensure()
    built.rebuild(items)
    built.titles = [(x.title, x.kind, (x.regions or [""])[0]) for x in items]  # type: ignore[attr-defined]
    return built


def test_search_json_is_the_models_json_for_many_searches(index: TantivyIndex) -> None:
    drawn = distinct_queries(index.titles, 150)  # type: ignore[attr-defined]
    searches = [
        *({k: [v] if k in ("kind", "region") else v for k, v in q.items()} for q in drawn),
        *({"q": query.text} for query in QUERIES),
        *EXTRA,
    ]
    compared = with_hits = series = 0
    for search in searches:
        params = SearchParams.model_validate(search)
        results = index.search(params.to_query())
        assert (
            search_json(params, results) == response_out(params, results).model_dump_json().encode()
        ), search
        compared += 1
        with_hits += bool(results.hits)
        series += any(hit.series_dates for hit in results.hits)
    assert compared == len(searches) and with_hits > len(searches) // 2 and series


def test_instants_are_written_as_pydantic_writes_them() -> None:
    assert instant("2026-12-13T09:00:00+01:00") == "2026-12-13T09:00:00+01:00"
    assert instant("2026-12-13T09:00:00+00:00") == "2026-12-13T09:00:00Z"
    assert instant("2026-12-10") == "2026-12-10T00:00:00"
    assert instant("2026-12-13T09:00:00.5+01:00") == "2026-12-13T09:00:00.500000+01:00"
    assert instant(None) is None
