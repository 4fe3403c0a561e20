"""The app factory: JSON API, HTML pages, health and static files over one index and store."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

import hub
from hub.config import Settings
from hub.errors import IndexError_
from hub.index.base import SearchIndex
from search_api import routes_api, routes_health, routes_web
from search_api.context import AppContext, ListingLookup
from search_api.templating import make_templates

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """\
**regiohub** bündelt Weiterbildung, Förderung, Beratung und Veranstaltungen vieler regionaler
Partner in einem durchsuchbaren Katalog.

**regiohub** federates the offers of regional centres — courses, funding, advice and events —
into one searchable German catalogue. Search with `/api/v1/search`, fetch one listing with
`/api/v1/listings/{listing_id}`; `/health` reports the catalogue and index counts.
"""

INDEX_UNAVAILABLE = "Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut."


def create_app(
    index: SearchIndex,
    listings: ListingLookup,
    *,
    settings: Settings | None = None,
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """Build the search app; ``routers`` (e.g. from plugins) are mounted after the built-ins."""
    app = FastAPI(
        title="regiohub",
        version=hub.__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
    )
    app.state.context = AppContext(
        index=index, listings=listings, settings=settings or Settings.from_env()
    )
    app.state.templates = make_templates()
    # Built-ins first: the first matching route wins, so a plugin cannot shadow a core page.
    app.include_router(routes_api.router)
    app.include_router(routes_health.router)
    app.include_router(routes_web.router)
    for router in routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(IndexError_, _index_unavailable)
    return app


async def _index_unavailable(request: Request, exc: Exception) -> Response:
    log.error("search index unavailable: %s", exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse(status_code=503, content={"detail": f"Search index unavailable: {exc}"})
    page = {"title": "Suche nicht verfügbar", "message": INDEX_UNAVAILABLE}
    return routes_web.render(request, "error.html", page, status=503)
