"""Turn index results into the API's response models (the HTML pages show the same models)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from hub.index.base import ALL_FACET_FIELDS, FacetValue, Hit, SearchIndex, SearchResults
from hub.index.snippets import prose
from hub.model import KIND_LABELS, MODE_LABELS, SCHEDULE_LABELS, Price
from search_api.formatting import format_price, is_free
from search_api.labels import facet_label
from search_api.schemas import (
    FacetsOut,
    FacetValueOut,
    HighlightsOut,
    HitOut,
    PartnerOut,
    SearchParams,
    SearchResponse,
)
from search_api.search_notes import dates_label, did_you_mean_out, relaxed_out, understood_out

SUMMARY_LENGTH = 240
#: highlight field names a backend may use → the name in the API
HIGHLIGHT_FIELDS = {
    "title": "title",
    "body": "body",
    "description_text": "body",
    "description": "body",
}


def detail_path(listing_id: str) -> str:
    return f"/angebote/{quote(listing_id, safe='')}"


def api_path(listing_id: str) -> str:
    return f"/api/v1/listings/{quote(listing_id, safe='')}"


def summarise(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The start of a plain text, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return f"{cut} …"


def highlights_out(highlights: dict[str, str]) -> HighlightsOut:
    found: dict[str, str] = {}
    for field, snippet in highlights.items():
        name = HIGHLIGHT_FIELDS.get(field)
        if name and snippet and name not in found:
            found[name] = snippet
    return HighlightsOut(**found)


def deadline_of(listing: Mapping[str, Any]) -> Any:
    """The date that matters for acting on it: the funding deadline, else booking deadline.

    An ISO 8601 string from the JSON copy (or None); ``HitOut`` parses it.
    """
    funding = listing.get("funding") or {}
    schedule = listing.get("schedule") or {}
    return funding.get("deadline") or schedule.get("registration_deadline")


def hit_out(hit: Hit) -> HitOut:
    """One hit for the API, read straight from the index's JSON copy of the listing.

    The copy is ``Listing.model_dump(mode="json")``; validating the whole listing again per
    hit cost more than the rest of the answer, so only the fields shown are read (and
    ``HitOut`` still validates each of them).
    """
    listing = hit.listing
    schedule = listing.get("schedule") or {}
    raw_price = listing.get("price")
    price = Price.model_validate(raw_price) if raw_price else None
    partner = listing["partner"]
    kind = listing["kind"]
    mode = listing.get("mode")
    return HitOut(
        id=listing["id"],
        title=listing["title"],
        summary=summarise(
            prose(listing.get("description_text")) or listing.get("description_text") or ""
        ),
        kind=kind,
        kind_label=KIND_LABELS[kind],
        partner=PartnerOut(name=partner["name"], url=partner.get("url")),
        url=listing.get("url"),
        detail_url=detail_path(listing["id"]),
        api_url=api_path(listing["id"]),
        start=schedule.get("start"),
        end=schedule.get("end"),
        schedule_kind=schedule.get("kind"),
        schedule_label=SCHEDULE_LABELS.get(schedule.get("kind") or ""),
        place=listing.get("place"),
        regions=listing.get("regions") or [],
        mode=mode,
        mode_label=MODE_LABELS[mode] if mode else None,
        price=format_price(price),
        free=is_free(price),
        topics=listing.get("topics") or [],
        audiences=listing.get("audiences") or [],
        deadline=deadline_of(listing),
        distance_km=None if hit.distance_km is None else round(hit.distance_km, 1),
        highlights=highlights_out(hit.highlights),
        score=hit.score,
        partial=hit.partial,
        dates=[datetime.fromisoformat(d) for d in hit.series_dates],
        dates_label=dates_label([datetime.fromisoformat(d) for d in hit.series_dates]),
    )


def facets_out(facets: dict[str, list[FacetValue]]) -> FacetsOut:
    return FacetsOut(
        **{
            field: [
                FacetValueOut(value=f.value, label=facet_label(field, f.value), count=f.count)
                for f in facets.get(field, [])
            ]
            for field in ALL_FACET_FIELDS
            if field in FacetsOut.model_fields
        }
    )


def response_out(params: SearchParams, results: SearchResults) -> SearchResponse:
    understood = understood_out(results, params.q)
    return SearchResponse(
        relaxed=relaxed_out(results, understood),
        did_you_mean=did_you_mean_out(results, params.q),
        understood=understood,
        query=params,
        total=results.total,
        page=params.page,
        size=params.size,
        pages=math.ceil(results.total / params.size),
        next_cursor=getattr(results, "next_cursor", None),
        hits=[hit_out(hit) for hit in results.hits],
        facets=facets_out(results.facets),
    )


def run_search(index: SearchIndex, params: SearchParams) -> SearchResponse:
    """Ask the index and shape its answer for the API and the pages."""
    return response_out(params, index.search(params.to_query()))
