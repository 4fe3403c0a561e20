"""Elasticsearch's side of ``hub.index.series``: fold a page's occurrences, list their dates.

Every search request counts its matches that belong to a series (aggregation
``series_hits``); only when there are any is the page read again from the first hit on and
folded, so searches of catalogues without series cost nothing more. Cursor pages
(``search_after``) are not folded.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hub.index.base import Hit, SearchQuery
from hub.index.es_query import general_filters
from hub.index.series import fold, series_key

#: dates listed for one series at most (as on Tantivy)
MAX_DATES = 100


def in_series(answer: Any) -> bool:
    aggregations = (answer or {}).get("aggregations") or {}
    return int((aggregations.get("series_hits") or {}).get("doc_count", 0) or 0) > 0


def _key(hit: Hit) -> str | None:
    return series_key(str(hit.listing.get("source_id")), str(hit.listing.get("source_key")))


def fold_page(hits: list[Hit], total: int, offset: int, limit: int) -> tuple[int, list[Hit]]:
    """The page ``offset:offset+limit`` of ``hits`` (ranked from 0) with series folded."""
    kept, folded = fold(hits, _key)
    return total - sum(len(v) for v in folded.values()), kept[offset : offset + limit]


def series_request(hit: Hit, query: SearchQuery) -> dict[str, Any] | None:
    """The request for every occurrence of ``hit``'s series (under the date filters)."""
    key = _key(hit)
    if key is None:
        return None
    return {
        "query": {"bool": {"filter": [{"term": {"series": key}}, *general_filters(query)]}},
        "sort": [{"start": {"order": "asc", "missing": "_last"}}],
        "size": MAX_DATES,
        "source_includes": ["listing.schedule.start"],
    }


def with_dates(hit: Hit, answer: Any) -> Hit:
    starts = []
    for item in (answer or {}).get("hits", {}).get("hits", []):
        schedule = ((item.get("_source") or {}).get("listing") or {}).get("schedule") or {}
        if schedule.get("start"):
            starts.append(str(schedule["start"]))
    return replace(hit, series_dates=tuple(sorted(starts))) if len(starts) > 1 else hit
