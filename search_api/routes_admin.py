"""Admin endpoints: start a harvest, read the quarantine. Bearer token from the settings.

Without ``REGIOHUB_ADMIN_TOKEN`` the admin API is off. A request without the right token gets
the same bare 401 whether admin is off, the token is missing or wrong: nothing is revealed.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hub.config import SOURCE_ID
from hub.errors import ConfigError
from search_api.context import AppContext, get_context
from search_api.harvesting import HarvestBusyError
from search_api.problems import PROBLEM_RESPONSES, problem
from search_api.schemas import InvalidParamOut, ProblemOut
from search_api.schemas_catalogue import (
    HarvestRequest,
    HarvestStatusOut,
    QuarantineEntryOut,
    QuarantineOut,
)

UNAUTHORISED = "Anmeldung nötig: senden Sie das Admin-Token als Authorization: Bearer …"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="regiohub-admin"'}


#: documents the scheme in OpenAPI (the "Authorize" button of /docs); checking is ours below
BEARER = HTTPBearer(auto_error=False, description="REGIOHUB_ADMIN_TOKEN")


def require_admin(
    context: Annotated[AppContext, Depends(get_context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    """Let the request through only with ``Authorization: Bearer <admin token>``."""
    expected = context.settings.admin_token
    given = credentials.credentials.strip() if credentials else ""
    if (
        not expected
        or credentials is None
        or credentials.scheme.lower() != "bearer"
        or not hmac.compare_digest(given.encode(), expected.encode())
    ):
        raise HTTPException(401, UNAUTHORISED, headers=CHALLENGE)


router = APIRouter(
    prefix="/api/v1/admin",
    tags=["Verwaltung / admin"],
    dependencies=[Depends(require_admin)],
    responses={
        **PROBLEM_RESPONSES,
        401: {"model": ProblemOut, "description": "Token fehlt oder falsch / no valid token"},
    },
)
#: a request body that is not JSON at all: FastAPI refuses it before any check of ours
BAD_BODY: dict[int | str, dict[str, Any]] = {
    400: {"model": ProblemOut, "description": "Anfrage nicht lesbar / body is not JSON"}
}


def _status(context: AppContext, started: list[str] | None = None) -> HarvestStatusOut:
    runner = context.harvests
    if runner is None:
        return HarvestStatusOut(
            running=False, error="in dieser App lassen sich keine Abrufe starten"
        )
    return HarvestStatusOut(
        running=runner.running, started=started or [], last=runner.last, error=runner.error
    )


@router.post(
    "/harvest",
    summary="Abruf starten / start a harvest",
    status_code=202,
    response_model=HarvestStatusOut,
    responses={
        **BAD_BODY,
        409: {"model": ProblemOut, "description": "Ein Abruf läuft schon / busy"},
    },
)
def start_harvest(
    request: Request,
    context: Annotated[AppContext, Depends(get_context)],
    order: Annotated[HarvestRequest | None, Body()] = None,
) -> Response:
    """Startet einen Abruf im Hintergrund; Stand unter GET /api/v1/admin/harvest."""
    runner = context.harvests
    if runner is None:
        return problem(request, 503, "Diese Instanz kann keine Ernten starten (kein Ernte-Dienst).")
    wanted = order.sources if order else []
    try:
        selected = runner.select(wanted)
    except ConfigError as exc:
        errors = [InvalidParamOut(parameter="sources", location="body", reason=str(exc))]
        return problem(request, 422, f"Parameter 'sources': {exc}", errors)
    try:
        runner.start(selected)
    except HarvestBusyError:
        return problem(
            request, 409, "Es läuft schon eine Ernte; versuchen Sie es erneut, wenn sie fertig ist."
        )
    body = _status(context, [s.id for s in selected]).model_dump_json()
    return Response(body, status_code=202, media_type="application/json")


@router.get(
    "/harvest", summary="Stand des Abrufs / harvest status", response_model=HarvestStatusOut
)
def harvest_status(context: Annotated[AppContext, Depends(get_context)]) -> Response:
    return Response(_status(context).model_dump_json(), media_type="application/json")


@router.get("/quarantine", summary="Zurückgewiesene Datensätze / quarantine")
def quarantine(
    context: Annotated[AppContext, Depends(get_context)],
    source: Annotated[
        str | None,
        Query(
            max_length=63,
            pattern=SOURCE_ID.pattern,
            description="nur diese Quelle / only this source",
        ),
    ] = None,
) -> QuarantineOut:
    """Datensätze, die die Pipeline abgelehnt hat, mit Grund / rejected records and why."""
    read = getattr(context.listings, "quarantined", None)
    entries = list(read(source)) if read else []
    return QuarantineOut(
        total=len(entries),
        entries=[QuarantineEntryOut.model_validate(e, from_attributes=True) for e in entries],
    )
