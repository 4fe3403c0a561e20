"""``/api/v1/partners`` and ``/api/v1/sources``: who feeds the catalogue, and how fresh it is.

Both read the sources file named by the settings and the store's run history, read-only.
Public status says when a source was last harvested successfully and how many listings it has;
error messages of failed runs stay on the operator side (they can name internal hosts).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from hub.config import SourceConfig, load_sources
from hub.errors import ConfigError
from hub.model import KIND_LABELS
from search_api.caching import cached
from search_api.context import AppContext, get_context
from search_api.links import partner_search_url
from search_api.problems import PROBLEM_RESPONSES
from search_api.schemas_catalogue import (
    PartnerCentreOut,
    PartnerSourceOut,
    PartnersOut,
    SourcesOut,
    SourceStatusOut,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["Katalog / catalogue"], responses=PROBLEM_RESPONSES)
JSON = "application/json"
RUN_HISTORY = 50


def configured_sources(context: AppContext) -> list[SourceConfig]:
    """The sources file's entries; none if there is no file; 503 if it cannot be read."""
    path = context.settings.sources_file
    if not path.exists():
        return []
    try:
        return load_sources(path).sources
    except ConfigError as exc:
        log.error("sources file unreadable: %s", exc)
        raise HTTPException(
            503, "Die Quellenkonfiguration des Hubs ist nicht lesbar; bitte dem Betrieb melden."
        ) from None


def _counts(context: AppContext) -> dict[str, int]:
    counts = getattr(context.listings, "counts_by_source", None)
    return dict(counts()) if counts else {}


def partner_centres(context: AppContext) -> list[PartnerCentreOut]:
    """Regional centres with their sources, in the order the sources file names them."""
    counts = _counts(context)
    centres: dict[str, PartnerCentreOut] = {}
    for source in configured_sources(context):
        name = source.partner.name
        centre = centres.get(name)
        if centre is None:
            centre = centres[name] = PartnerCentreOut(
                name=name,
                url=source.partner.url,
                listings=0,
                search_url=partner_search_url(name),
                sources=[],
            )
        listings = counts.get(source.id, 0)
        centre.listings += listings
        centre.sources.append(
            PartnerSourceOut(
                id=source.id,
                kind=source.kind,
                kind_label=KIND_LABELS[source.kind],
                enabled=source.enabled,
                listings=listings,
            )
        )
    return list(centres.values())


def _last_success(context: AppContext, source_id: str, latest: Any) -> str | None:
    if latest is not None and latest.status == "ok":
        return str(latest.finished_at) if latest.finished_at else None
    runs = getattr(context.listings, "runs", None)
    if runs is None:
        return None
    ok = next((r for r in runs(source_id, RUN_HISTORY) if r.status == "ok"), None)
    return ok.finished_at if ok else None


def source_status(context: AppContext) -> list[SourceStatusOut]:
    counts = _counts(context)
    latest_runs = getattr(context.listings, "latest_runs", None)
    latest: dict[str, Any] = dict(latest_runs()) if latest_runs else {}
    configured = configured_sources(context)
    known = {s.id for s in configured}
    # sources still holding listings after leaving the sources file are shown too
    extra = sorted((set(counts) | set(latest)) - known)
    rows: list[SourceStatusOut] = []
    entries: list[tuple[str, SourceConfig | None]] = [(s.id, s) for s in configured]
    entries += [(sid, None) for sid in extra]
    for sid, source in entries:
        run = latest.get(sid)
        rows.append(
            SourceStatusOut(
                id=sid,
                partner=source.partner.name if source else None,
                kind=source.kind if source else None,
                enabled=source.enabled if source else False,
                listings=counts.get(sid, 0),
                last_run_at=(run.finished_at or run.started_at) if run else None,
                last_run_status=run.status if run else None,
                last_success_at=_last_success(context, sid, run),
            )
        )
    return rows


@router.get(
    "/partners",
    summary="Partnerzentren und ihre Quellen / partner centres and their sources",
    response_model=PartnersOut,
)
def partners(request: Request, context: Annotated[AppContext, Depends(get_context)]) -> Response:
    """Die regionalen Zentren, die den Katalog speisen / the centres feeding the catalogue."""
    body = PartnersOut(partners=partner_centres(context)).model_dump_json()
    return cached(request, body, JSON, context.clock.last_modified())


@router.get(
    "/sources",
    summary="Stand jeder Quelle / public status per source",
    response_model=SourcesOut,
)
def sources(request: Request, context: Annotated[AppContext, Depends(get_context)]) -> Response:
    """Letzter erfolgreicher Abruf und Anzahl der Angebote / last good harvest, listing count."""
    body = SourcesOut(sources=source_status(context)).model_dump_json()
    return cached(request, body, JSON, context.clock.last_modified())
