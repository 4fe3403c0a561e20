"""The JSON API under ``/api/v1``: search, single listings, suggestions and facet counts.

Responses are serialised once (search answers by ``search_api.search_json``, the rest by
pydantic-core's ``model_dump_json``) and carry an ETag, so a client that already has the
answer gets a 304 without a body. ``response_model`` documents each shape in the OpenAPI
schema; the routes return ready ``Response`` bytes, which FastAPI passes on unvalidated.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from hub.model import Listing
from search_api.answers import answer
from search_api.caching import cached
from search_api.context import AppContext, get_context
from search_api.presenters import facets_out
from search_api.problems import PROBLEM_RESPONSES, problem
from search_api.schemas import InvalidParamOut, ProblemOut, SearchParams, SearchResponse
from search_api.schemas_catalogue import FacetsResponse, SuggestOut
from search_api.search_json import search_json

router = APIRouter(prefix="/api/v1", responses=PROBLEM_RESPONSES)
JSON = "application/json"
MAX_SUGGEST = 20

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
)
async def search(
    request: Request,
    params: Annotated[SearchParams, Query()],
    context: Annotated[AppContext, Depends(get_context)],
) -> Response:
    """Volltextsuche mit Filtern, Facetten, Sortierung und Hervorhebungen.

    Free-text search with filters (repeatable: `?kind=course&kind=event`; OR within a filter,
    AND across filters), date range, "near" a place within a radius, facet counts with German
    labels (each counted under the *other* filters) and highlighted snippets (HTML with
    `<mark>`, everything else escaped). Page with `page`, or deep-page with `cursor`
    (`next_cursor` of the previous answer). The same search is available as Atom, iCalendar
    and CSV under `/api/v1/search.atom`, `.ics` and `.csv`.
    """

    def compute() -> bytes:
        return search_json(params, context.index.search(params.to_query()))

    key = "search?" + params.model_dump_json()
    try:
        body = await answer(context.answers, context.index, key, compute)
    except ValueError as exc:
        if params.cursor is None:
            raise
        reason = f"kein Cursor dieser Suche ({exc}); beginnen Sie die Suche ohne cursor neu"
        errors = [InvalidParamOut(parameter="cursor", reason=reason)]
        return problem(request, 422, f"Parameter 'cursor': {reason}.", errors)
    return cached(request, body, JSON, context.clock.last_modified())


@router.get(
    "/facets",
    tags=["Suche / search"],
    summary="Nur Facetten / facet counts only",
    response_model=FacetsResponse,
)
async def facets(
    request: Request,
    params: Annotated[SearchParams, Query()],
    context: Annotated[AppContext, Depends(get_context)],
) -> Response:
    """Wie `search`, aber nur die Anzahl je Filterwert / counts per filter value, no hits."""

    def compute() -> bytes:
        query = replace(params.to_query(), page=1, size=1, search_after=None)
        results = context.index.search(query)
        counts = FacetsResponse(total=results.total, facets=facets_out(results.facets))
        return counts.model_dump_json().encode()

    key = "facets?" + params.model_copy(update={"page": 1, "cursor": None}).model_dump_json()
    body = await answer(context.answers, context.index, key, compute)
    return cached(request, body, JSON, context.clock.last_modified())


@router.get(
    "/suggest",
    tags=["Suche / search"],
    summary="Vorschläge beim Tippen / search-as-you-type",
    response_model=SuggestOut,
)
def suggest(
    request: Request,
    context: Annotated[AppContext, Depends(get_context)],
    q: Annotated[
        str,
        Query(min_length=1, max_length=100, description="Anfang / prefix", examples=["Daten"]),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_SUGGEST, description="höchstens / at most")] = 8,
) -> Response:
    """Titel, die mit dem Getippten beginnen / titles starting with the prefix."""
    answer = SuggestOut(prefix=q, suggestions=context.index.suggest(q.strip(), limit)[:limit])
    return cached(request, answer.model_dump_json(), JSON, context.clock.last_modified())


@router.get(
    "/listings/{listing_id}",
    tags=["Angebote / listings"],
    summary="Ein Angebot / one listing",
    response_model=Listing,
    responses={
        200: {"content": {"application/json": {"example": EXAMPLE_LISTING}}},
        404: {"model": ProblemOut, "description": "Unbekannte Kennung / unknown id"},
    },
)
def get_listing(
    request: Request,
    listing_id: Annotated[str, Path(max_length=200, examples=["zz-sachsen-3f2a9c0d1e4b5a6c"])],
    context: Annotated[AppContext, Depends(get_context)],
) -> Response:
    """Das vollständige Angebot aus dem Katalog / the full listing from the catalogue."""
    listing = context.listings.get_listing(listing_id)
    if listing is None:
        raise HTTPException(
            status_code=404,
            detail=f"Kein Angebot mit der id '{listing_id}'. Ids finden Sie über /api/v1/search.",
        )
    return cached(request, listing.model_dump_json(), JSON, listing.last_seen)
