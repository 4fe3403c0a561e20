"""The JSON API under ``/api/v1``: search and single listings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from hub.model import Listing
from search_api.context import AppContext, get_context
from search_api.presenters import run_search
from search_api.schemas import ErrorOut, SearchParams, SearchResponse

router = APIRouter(prefix="/api/v1")

EXAMPLE_LISTING: dict[str, Any] = {
    "id": "zz-sachsen-3f2a9c0d1e4b5a6c",
    "source_id": "zz-sachsen",
    "source_key": "https://zukunftszentrum-sachsen.example/kurse/datenschutz",
    "kind": "course",
    "partner": {
        "name": "Zukunftszentrum Sachsen",
        "url": "https://zukunftszentrum-sachsen.example",
    },
    "title": "Datenschutz im Betrieb",
    "description_text": "Grundlagen der DSGVO für kleine und mittlere Unternehmen.",
    "description_html": "<p>Grundlagen der DSGVO für kleine und mittlere Unternehmen.</p>",
    "url": "https://zukunftszentrum-sachsen.example/kurse/datenschutz",
    "topics": ["datenschutz"],
    "audiences": ["KMU"],
    "regions": ["DE-SN"],
    "place": {"city": "Leipzig", "postcode": "04109", "street": "Markt 1"},
    "mode": "hybrid",
    "schedule": {"start": "2027-06-02T17:00:00+02:00", "end": "2027-06-02T19:00:00+02:00"},
    "price": {"amount": 150.0, "currency": "EUR", "free": False},
}


@router.get(
    "/search",
    tags=["Suche / search"],
    summary="Angebote suchen / search offers",
    response_model=SearchResponse,
    responses={503: {"model": ErrorOut, "description": "Suchindex nicht erreichbar"}},
)
def search(
    params: Annotated[SearchParams, Query()],
    context: Annotated[AppContext, Depends(get_context)],
) -> SearchResponse:
    """Volltextsuche mit Filtern, Facetten und Hervorhebungen.

    Free-text search with filters (repeatable: `?kind=course&kind=event`; OR within a filter,
    AND across filters), facet counts with German labels and highlighted snippets
    (HTML with `<mark>`, everything else escaped).
    """
    return run_search(context.index, params)


@router.get(
    "/listings/{listing_id}",
    tags=["Angebote / listings"],
    summary="Ein Angebot / one listing",
    response_model=Listing,
    responses={
        200: {"content": {"application/json": {"example": EXAMPLE_LISTING}}},
        404: {"model": ErrorOut, "description": "Unbekannte Kennung / unknown id"},
    },
)
def get_listing(
    listing_id: Annotated[str, Path(max_length=200, examples=["zz-sachsen-3f2a9c0d1e4b5a6c"])],
    context: Annotated[AppContext, Depends(get_context)],
) -> Listing:
    """Das vollständige Angebot aus dem Katalog / the full listing from the catalogue."""
    listing = context.listings.get_listing(listing_id)
    if listing is None:
        raise HTTPException(
            status_code=404,
            detail=f"No listing with id '{listing_id}'. Search with /api/v1/search to find ids.",
        )
    return listing
