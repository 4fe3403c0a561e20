"""A series folded into one hit, unfolded again where every date counts (detail page, iCal)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hub.index.base import Hit, SearchIndex, SearchQuery
from hub.index.series import series_key

#: occurrences shown or exported for one series at most
MAX_OCCURRENCES = 100


def series_listings(index: SearchIndex, key: str) -> list[dict[str, Any]]:
    """Every occurrence of the series ``key``, past ones too, soonest first."""
    query = SearchQuery(series=key, upcoming_only=False, sort="date", size=MAX_OCCURRENCES)
    return [hit.listing for hit in index.search(query).hits]


def occurrences_of(index: SearchIndex, hits: Iterable[Hit]) -> list[dict[str, Any]]:
    """The hits' listings, each hit of a series replaced by all of its occurrences."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for hit in hits:
        key = series_key(str(hit.listing.get("source_id")), str(hit.listing.get("source_key")))
        if key is None or not hit.series_dates:
            out.append(hit.listing)
            continue
        for listing in series_listings(index, key):
            if listing["id"] not in seen:
                seen.add(listing["id"])
                out.append(listing)
    return out
