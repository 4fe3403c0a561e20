"""Turn index results into the API's response models (the HTML pages show the same models)."""

from __future__ import annotations

import math
from urllib.parse import quote

from hub.index.base import FACET_FIELDS, FacetValue, Hit, SearchIndex, SearchResults
from hub.model import KIND_LABELS, MODE_LABELS, Listing
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


def hit_out(hit: Hit) -> HitOut:
    listing = Listing.model_validate(hit.listing)
    schedule = listing.schedule
    return HitOut(
        id=listing.id,
        title=listing.title,
        summary=summarise(listing.description_text),
        kind=listing.kind,
        kind_label=KIND_LABELS[listing.kind],
        partner=PartnerOut(name=listing.partner.name, url=listing.partner.url),
        url=listing.url,
        detail_url=detail_path(listing.id),
        api_url=api_path(listing.id),
        start=schedule.start if schedule else None,
        end=schedule.end if schedule else None,
        place=listing.place,
        regions=listing.regions,
        mode=listing.mode,
        mode_label=MODE_LABELS[listing.mode] if listing.mode else None,
        price=format_price(listing.price),
        free=is_free(listing.price),
        highlights=highlights_out(hit.highlights),
        score=hit.score,
    )


def facets_out(facets: dict[str, list[FacetValue]]) -> FacetsOut:
    return FacetsOut(
        **{
            field: [
                FacetValueOut(value=f.value, label=facet_label(field, f.value), count=f.count)
                for f in facets.get(field, [])
            ]
            for field in FACET_FIELDS
        }
    )


def response_out(params: SearchParams, results: SearchResults) -> SearchResponse:
    return SearchResponse(
        query=params,
        total=results.total,
        page=params.page,
        size=params.size,
        pages=math.ceil(results.total / params.size),
        hits=[hit_out(hit) for hit in results.hits],
        facets=facets_out(results.facets),
    )


def run_search(index: SearchIndex, params: SearchParams) -> SearchResponse:
    """Ask the index and shape its answer for the API and the pages."""
    return response_out(params, index.search(params.to_query()))
