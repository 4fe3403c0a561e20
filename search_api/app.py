"""The app factory: JSON API, feeds, HTML pages, health and static files over one index/store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

import hub
from hub.config import Settings
from hub.index.base import SearchIndex
from search_api import (
    docs,
    problems,
    routes_admin,
    routes_api,
    routes_catalogue,
    routes_feeds,
    routes_health,
    routes_web,
)
from search_api.answers import AnswerCache
from search_api.caching import CatalogueClock
from search_api.context import AppContext, ListingLookup
from search_api.harvesting import HarvestRunner
from search_api.options import AllowOptions
from search_api.templating import make_templates

if TYPE_CHECKING:
    from hub.runtime import Runtime

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """\
**regiohub** bündelt Weiterbildung, Förderung, Beratung und Veranstaltungen vieler regionaler
Partner in einem durchsuchbaren Katalog.

**regiohub** federates the offers of regional centres — courses, funding, advice and events —
into one searchable German catalogue. Search with `/api/v1/search` (also as Atom, iCalendar and
CSV), fetch one listing with `/api/v1/listings/{listing_id}`; `/api/v1/partners` and
`/api/v1/sources` say who feeds the catalogue and how fresh it is; `/health` reports counts.

Errors are RFC 9457 problem details (`application/problem+json`); a bad parameter gets a 422
whose `errors` name the parameter and the reason. Reads carry `ETag` and `Last-Modified`.
Admin endpoints need `Authorization: Bearer <REGIOHUB_ADMIN_TOKEN>`.
"""


def _router(router: APIRouter | Callable[[], APIRouter]) -> APIRouter | None:
    """A plugin's router, or what its function returns; None (logged) if that fails: a
    broken plugin must not keep the search from starting."""
    if isinstance(router, APIRouter):
        return router
    try:
        built = router()
    except Exception:
        log.exception("the router function %r of a plugin failed; its routes are missing", router)
        return None
    if not isinstance(built, APIRouter):
        log.error("the router function %r of a plugin returned no APIRouter; skipped", router)
        return None
    return built


def create_app(
    index: SearchIndex,
    listings: ListingLookup,
    *,
    settings: Settings | None = None,
    routers: Sequence[APIRouter | Callable[[], APIRouter]] = (),
    runtime: Runtime | None = None,
) -> FastAPI:
    """Build the search app; ``routers`` (e.g. from plugins: an ``APIRouter``, or a function
    without arguments that returns one) are mounted after the built-ins.

    ``runtime`` (optional) is used for admin-triggered harvests; without it one is made from
    ``settings`` that shares this app's index and store.
    """
    settings = settings or (runtime.settings if runtime else Settings.from_env())
    app = FastAPI(
        title="regiohub",
        version=hub.__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        openapi_tags=[
            {"name": name}
            for name in (
                "Suche / search",
                "Angebote / listings",
                "Abonnieren / subscribe",
                "Katalog / catalogue",
                "Verwaltung / admin",
                "Betrieb / operations",
            )
        ],
    )
    app.state.context = AppContext(
        index=index,
        listings=listings,
        settings=settings,
        clock=CatalogueClock(listings),
        harvests=HarvestRunner(settings, index, listings, runtime),
        answers=AnswerCache(settings.answer_cache) if settings.answer_cache else None,
    )
    app.state.templates = make_templates()
    # imported here: hub.needs uses search_api's search parameters, so a top-level import
    # would be circular for anyone importing hub.needs first (the notification flow)
    from search_api import routes_needs

    # Built-ins first: the first matching route wins, so a plugin cannot shadow a core page.
    for built_in in (
        routes_feeds.router,  # before /search so that /search.atom is never read as /search
        routes_api.router,
        routes_catalogue.router,
        routes_admin.router,
        routes_health.router,
        routes_web.router,
        routes_needs.router,  # saved needs and the Bedarfsradar (hub/needs)
    ):
        app.include_router(built_in)
    for router in routers:
        if (mounted := _router(router)) is not None:
            app.include_router(mounted)
    docs.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    problems.install(app)
    app.add_middleware(AllowOptions)  # inside CORS: preflights stay CORS's to answer
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["If-None-Match", "If-Modified-Since"],
            expose_headers=["ETag", "Last-Modified"],
            max_age=600,
        )
    _document_problems(app)
    return app


def _document_problems(app: FastAPI) -> None:
    """OpenAPI names ``application/problem+json`` as the media type of every error answer."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problems.problem_media_types(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
