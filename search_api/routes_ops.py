"""Operations: ``/metrics`` for Prometheus and the operator page behind the admin token.

Harvests run in other processes (Prefect workers, the CLI), so harvest metrics are read from
the store's run records at scrape time rather than counted in this process; the API's own
request latency is measured here (``instrument(app)``, called by ``regiohub serve``).

Registered as a built-in plugin (search_api/plugin.py) through ``register_routers``, like any
outside router.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.security import HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flows.health import health_of
from hub.config import SourceConfig, load_sources
from hub.errors import ConfigError
from hub.store import COUNTED, Store, open_store
from hub.timefmt import berlin
from search_api.context import AppContext, get_context
from search_api.ops_views import (
    CHART_RUNS,
    SESSION_COOKIE,
    SESSION_SECONDS,
    new_session,
    quality_hints,
    run_chart,
    valid_session,
)
from search_api.schemas import ProblemOut

DURATION_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def _store(context: AppContext) -> Store:
    listings: Any = context.listings
    return listings if isinstance(listings, Store) else open_store(context.settings.store)


def _sources(context: AppContext) -> list[SourceConfig]:
    try:
        return load_sources(context.settings.sources_file).sources
    except ConfigError:  # the page still shows the runs the store knows about
        return []


#: documents the admin token in OpenAPI (the same scheme as the admin API); checked below
BEARER = HTTPBearer(auto_error=False, description="REGIOHUB_ADMIN_TOKEN")
#: the answer without the right token, as OpenAPI documents it
UNAUTHORISED: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Token fehlt oder falsch / no valid token"}
}


def is_admin(request: Request, context: AppContext) -> bool:
    """``Authorization: Bearer <REGIOHUB_ADMIN_TOKEN>`` or the session cookie of /betrieb;
    without a configured token everything stays closed."""
    expected = context.settings.admin_token
    if not expected:
        return False
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        return True
    return valid_session(expected, request.cookies.get(SESSION_COOKIE))


def require_admin(
    request: Request,
    context: Annotated[AppContext, Depends(get_context)],
    _scheme: Annotated[object, Depends(BEARER)] = None,
) -> None:
    """Only the admin token (bearer header or the /betrieb session cookie) passes."""
    if not is_admin(request, context):
        raise HTTPException(
            401,
            "Anmeldung nötig: senden Sie das Admin-Token als Authorization: Bearer …",
            headers={"WWW-Authenticate": "Bearer"},
        )


class StoreCollector:
    """Harvest and catalogue metrics read from the store at each scrape."""

    def __init__(self, store: Store, sources: Callable[[], list[SourceConfig]]) -> None:
        self.store = store
        self.sources = sources

    def collect(self) -> Iterator[Metric]:
        runs = CounterMetricFamily(
            "regiohub_harvest_runs",
            "Finished harvest runs per source and status.",
            labels=["source", "status"],
        )
        records = CounterMetricFamily(
            "regiohub_harvest_records",
            "Records per source and outcome, summed over all runs.",
            labels=["source", "outcome"],
        )
        per_source: dict[str, dict[str, float]] = {}
        for row in self.store.run_totals():
            runs.add_metric([row["source_id"], row["status"]], row["runs"])
            sums = per_source.setdefault(row["source_id"], dict.fromkeys(COUNTED, 0.0))
            for outcome in COUNTED:
                sums[outcome] += row[outcome] or 0
        for source, sums in sorted(per_source.items()):
            for outcome, value in sums.items():
                records.add_metric([source, outcome], value)
        yield runs
        yield records
        durations = HistogramMetricFamily(
            "regiohub_harvest_duration_seconds",
            "Duration of finished harvest runs per source.",
            labels=["source"],
        )
        for source, values in sorted(self.store.run_durations().items()):
            buckets = [(str(b), sum(1 for v in values if v <= b)) for b in DURATION_BUCKETS]
            buckets.append(("+Inf", len(values)))
            durations.add_metric([source], buckets, sum(values))
        yield durations
        listings = GaugeMetricFamily(
            "regiohub_listings", "Listings in the catalogue per kind.", labels=["kind"]
        )
        for kind, count in sorted(self.store.counts_by_kind().items()):
            listings.add_metric([kind], count)
        yield listings
        health = GaugeMetricFamily(
            "regiohub_source_health",
            "1 for the current health of each source (ok, degraded, failing, needs_attention).",
            labels=["source", "health"],
        )
        success = GaugeMetricFamily(
            "regiohub_harvest_last_success_timestamp_seconds",
            "When the newest successful harvest of each source finished.",
            labels=["source"],
        )
        held = GaugeMetricFamily(
            "regiohub_quarantined_records",
            "Records of each source held in quarantine now.",
            labels=["source"],
        )
        for h in health_of(self.store, self.sources()):
            health.add_metric([h.source_id, h.health], 1)
            held.add_metric([h.source_id], h.quarantined)
            if h.last_success:
                success.add_metric(
                    [h.source_id], datetime.fromisoformat(h.last_success).timestamp()
                )
        yield health
        yield success
        yield held


def _registry(request: Request, context: AppContext) -> CollectorRegistry:
    state = request.app.state
    registry: CollectorRegistry | None = getattr(state, "metrics_registry", None)
    if registry is None:
        registry = state.metrics_registry = CollectorRegistry()
    if not getattr(state, "metrics_store", False):
        registry.register(StoreCollector(_store(context), lambda: _sources(context)))
        state.metrics_store = True
    return registry


def instrument(app: FastAPI) -> FastAPI:
    """Measure the latency of every request of ``app`` (call before the app serves)."""
    registry = CollectorRegistry()
    app.state.metrics_registry = registry
    latency = Histogram(
        "regiohub_http_request_duration_seconds",
        "Latency of API and page requests.",
        ["method", "route", "status"],
        buckets=LATENCY_BUCKETS,
        registry=registry,
    )
    app.add_middleware(_Latency, histogram=latency)
    return app


class _Latency:
    """Pure ASGI middleware observing each HTTP request's latency by route template.

    Not ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs every response
    through an extra task and memory stream, which costs more than the measurement.
    """

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app = app
        self.histogram = histogram

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless the app starts a response

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            # the route's template, not the raw path: one series per endpoint, not per listing
            path = getattr(scope.get("route"), "path", "unmatched")
            self.histogram.labels(scope["method"], path, str(status)).observe(
                time.perf_counter() - started
            )


router = APIRouter(tags=["Betrieb / operations"])


@router.get(
    "/metrics",
    summary="Prometheus-Metriken / metrics",
    response_class=PlainTextResponse,
    responses={
        200: {
            "description": "Prometheus text exposition format",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
def metrics(request: Request, context: Annotated[AppContext, Depends(get_context)]) -> Response:
    """Harvest counters and durations per source, listings per kind, request latency."""
    return Response(generate_latest(_registry(request, context)), media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/api/v1/ops/sources",
    summary="Zustand der Quellen / source health",
    dependencies=[Depends(require_admin)],
    responses=UNAUTHORISED,
)
def sources_health(context: Annotated[AppContext, Depends(get_context)]) -> list[dict[str, Any]]:
    """Per source: health, last run, last success, counts, latest error (admin token)."""
    return [h.as_dict() for h in health_of(_store(context), _sources(context))]


@router.get(
    "/betrieb",
    summary="Betriebsseite / operator page",
    response_class=HTMLResponse,
    responses={
        401: {
            "description": "Anmeldung nötig: Anmeldeformular / sign-in form (no valid token)",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    },
)
def operator_page(
    request: Request, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    """The operator page (admin token or session cookie); without: the sign-in form (401)."""
    if not is_admin(request, context):
        return _render(request, {"signed_in": False}, 401)
    store = _store(context)
    rows = [
        {
            "health": h,
            "last_run": berlin(h.last_run),
            "last_success": berlin(h.last_success),
            "chart": run_chart(h.source_id, store.runs(h.source_id, limit=CHART_RUNS)),
            "hints": quality_hints(store, h.source_id),
        }
        for h in health_of(store, _sources(context))
    ]
    now = berlin(datetime.now(UTC).isoformat())
    return _render(request, {"signed_in": True, "rows": rows, "now": now}, 200)


@router.post("/betrieb/anmelden", include_in_schema=False)
async def sign_in(
    request: Request, context: Annotated[AppContext, Depends(get_context)]
) -> Response:
    """The sign-in form: the right token gives an HttpOnly, SameSite=Strict session cookie."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    given = (form.get("token") or [""])[0].strip()
    expected = context.settings.admin_token
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return _render(request, {"signed_in": False, "refused": True}, 401)
    response = RedirectResponse("/betrieb", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        new_session(expected),
        max_age=SESSION_SECONDS,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/betrieb/abmelden", include_in_schema=False)
def sign_out() -> Response:
    response = RedirectResponse("/betrieb", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


def _render(request: Request, values: dict[str, Any], status: int) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        "betrieb.html",
        {"refused": False, **values},
        status_code=status,
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )
    return response
