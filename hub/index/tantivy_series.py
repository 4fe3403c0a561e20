"""Tantivy's side of ``hub.index.series``: fold a page's occurrences, list a series' dates."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import tantivy
from tantivy import Query

from hub.index.base import Hit
from hub.index.series import fold
from hub.index.tantivy_query import combine
from hub.index.tantivy_results import stored_listing
from hub.index.tantivy_schema import SCHEMA

#: dates listed for one series at most
MAX_DATES = 100


def has_series(searcher: tantivy.Searcher) -> bool:
    """Whether any listing of the index belongs to a series (one term look-up)."""
    flag = Query.term_query(SCHEMA, "flags", "series")
    return int(getattr(searcher.search(flag, limit=1), "count", 0) or 0) > 0


def _series(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> str | None:
    value = searcher.doc(address).get_first("series")
    return str(value) if value else None


def fold_page(
    searcher: tantivy.Searcher,
    raw: list[tuple[Any, tantivy.DocAddress]],
    total: int,
    offset: int,
    limit: int,
) -> tuple[int, list[tuple[Any, tantivy.DocAddress]]]:
    """The page ``offset:offset+limit`` of ``raw`` (ranked from 0) with series folded.

    The total drops by the occurrences folded within the window read (exact for every
    series that lies within it, which a page of results nearly always does).
    """
    kept, folded = fold(raw, lambda hit: _series(searcher, hit[1]))
    hidden = sum(len(v) for v in folded.values())
    return total - hidden, kept[offset : offset + limit]


def series_dates(searcher: tantivy.Searcher, hits: list[Hit], general: list[Query]) -> list[Hit]:
    """Each hit of a series gets the start of every occurrence (under the date filters)."""
    out: list[Hit] = []
    for hit in hits:
        series = _series_of(searcher, hit)
        if series is None:
            out.append(hit)
            continue
        scope = combine(Query.term_query(SCHEMA, "series", series), general)
        result = searcher.search(
            scope, limit=MAX_DATES, order_by_field="start", order=tantivy.Order.Asc
        )
        starts = []
        for _, address in result.hits:
            start = (stored_listing(searcher, address).get("schedule") or {}).get("start")
            if start:
                starts.append(str(start))
        out.append(replace(hit, series_dates=tuple(sorted(starts))) if len(starts) > 1 else hit)
    return out


def _series_of(searcher: tantivy.Searcher, hit: Hit) -> str | None:
    from hub.index.series import series_key

    return series_key(str(hit.listing.get("source_id")), str(hit.listing.get("source_key")))
