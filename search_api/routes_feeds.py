"""A search as a subscription: Atom feed, iCalendar file and CSV, with the search's parameters.

``/api/v1/search.atom?q=Excel&region=DE-SN`` is the feed of that saved search; the HTML results
page links to all three for the search on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from hub.model import Listing
from search_api.caching import cached
from search_api.context import AppContext, get_context
from search_api.feeds import atom_feed, csv_table, icalendar_feed
from search_api.links import search_url
from search_api.problems import PROBLEM_RESPONSES
from search_api.public_url import public_base, public_url
from search_api.schemas import SearchParams
from search_api.series import occurrences_of

router = APIRouter(prefix="/api/v1", tags=["Abonnieren / subscribe"], responses=PROBLEM_RESPONSES)

ATOM = "application/atom+xml"
ICAL = "text/calendar"
CSV = "text/csv"


def _text_response(media_type: str, description: str) -> dict[int | str, dict[str, object]]:
    return {
        200: {
            "description": description,
            "content": {media_type: {"schema": {"type": "string"}}},
        }
    }


def _listings(
    context: AppContext, params: SearchParams, *, every_date: bool = False
) -> list[Listing]:
    """The page of hits; ``every_date``: a series (one hit) as all its occurrences."""
    results = context.index.search(params.to_query())
    if not every_date:
        return [Listing.model_validate(hit.listing) for hit in results.hits]
    return [Listing.model_validate(x) for x in occurrences_of(context.index, results.hits)]


def _title(params: SearchParams) -> str:
    return f"regiohub: {params.q}" if params.q.strip() else "regiohub: Angebote"


def _base(request: Request, context: AppContext) -> str:
    return public_base(request, context.settings)


def _serve(
    request: Request,
    context: AppContext,
    params: SearchParams,
    media_type: str,
    build: Callable[[list[Listing]], bytes],
    filename: str | None = None,
) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else None
    body = build(_listings(context, params, every_date=media_type == ICAL))
    return cached(
        request, body, f"{media_type}; charset=utf-8", context.clock.last_modified(), headers
    )


@router.get(
    "/search.atom",
    summary="Suche als Atom-Feed / search as Atom feed",
    response_class=Response,
    responses=_text_response(ATOM, "Atom 1.0, neueste Angebote zuerst / newest first"),
)
def search_atom(
    request: Request,
    params: Annotated[SearchParams, Query()],
    context: Annotated[AppContext, Depends(get_context)],
) -> Response:
    """Neue Angebote einer gespeicherten Suche / new offers of a saved search."""
    base = _base(request, context)

    def build(listings: list[Listing]) -> bytes:
        return atom_feed(
            listings,
            title=_title(params),
            self_url=public_url(request, context.settings),
            alternate_url=base + search_url(params),
            base_url=base,
        )

    return _serve(request, context, params, ATOM, build)


@router.get(
    "/search.ics",
    summary="Suche als Kalender / search as iCalendar",
    response_class=Response,
    responses=_text_response(ICAL, "iCalendar (RFC 5545) für Outlook/Thunderbird"),
)
def search_ics(
    request: Request,
    params: Annotated[SearchParams, Query()],
    context: Annotated[AppContext, Depends(get_context)],
) -> Response:
    """Termine der Treffer (Kurse, Veranstaltungen) / dated hits as calendar events."""
    base = _base(request, context)
    host = urlsplit(base).hostname or "regiohub"

    def build(listings: list[Listing]) -> bytes:
        return icalendar_feed(listings, title=_title(params), base_url=base, host=host)

    return _serve(request, context, params, ICAL, build, "regiohub.ics")


@router.get(
    "/search.csv",
    summary="Suche als Tabelle / search as CSV",
    response_class=Response,
    responses=_text_response(CSV, "Semikolon-getrennt, UTF-8 mit BOM / semicolon, UTF-8 BOM"),
)
def search_csv(
    request: Request,
    params: Annotated[SearchParams, Query()],
    context: Annotated[AppContext, Depends(get_context)],
) -> Response:
    """Die Treffer einer Seite als Tabelle / one page of hits as a spreadsheet."""
    base = _base(request, context)

    def build(listings: list[Listing]) -> bytes:
        return csv_table(listings, base_url=base)

    return _serve(request, context, params, CSV, build, "regiohub.csv")
