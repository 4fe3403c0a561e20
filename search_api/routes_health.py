"""``/health``: is the catalogue readable and the index answering?"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from search_api.context import AppContext, get_context
from search_api.schemas import HealthDegraded, HealthOk

log = logging.getLogger(__name__)
router = APIRouter(tags=["Betrieb / operations"])


@router.get(
    "/health",
    summary="Zustand / health",
    response_model=HealthOk,
    responses={503: {"model": HealthDegraded, "description": "Store or index not answering"}},
)
def health(context: Annotated[AppContext, Depends(get_context)]) -> HealthOk | JSONResponse:
    """Anzahl der Angebote in Katalog und Index / listing counts of store and index."""
    try:
        listings = context.listings.count_listings()
        indexed = context.index.count()
    except Exception as exc:  # a health check reports every failure instead of raising it
        log.exception("health check failed")
        degraded = HealthDegraded(detail=f"{type(exc).__name__}: {exc}")
        return JSONResponse(status_code=503, content=degraded.model_dump())
    return HealthOk(listings=listings, indexed=indexed)
