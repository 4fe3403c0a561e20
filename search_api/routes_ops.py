"""Operations: ``/metrics`` for Prometheus and the operator page behind the admin token.

Harvests run in other processes (Prefect workers, the CLI), so harvest metrics are read from
the store's run records at scrape time rather than counted in this process; the API's own
request latency is measured here (``instrument(app)``, called by ``regiohub serve``).

Registered as a built-in plugin through ``register_routers``, like any outside router.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.security import HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flows.health import HEALTH_LABELS, SourceHealth, health_of
from hub.config import SourceConfig, load_sources
from hub.errors import ConfigError
from hub.hookspecs import hookimpl
from hub.store import COUNTED, Store
from search_api.context import AppContext, get_context
from search_api.schemas import ProblemOut

DURATION_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def _store(context: AppContext) -> Store:
    listings: Any = context.listings
    return listings if isinstance(listings, Store) else Store(context.settings.db_path)


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


def require_admin(
    request: Request,
    context: Annotated[AppContext, Depends(get_context)],
    _scheme: Annotated[object, Depends(BEARER)] = None,
) -> None:
    """Only ``Authorization: Bearer <REGIOHUB_ADMIN_TOKEN>`` passes; without a token: closed."""
    expected = context.settings.admin_token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if (
        not expected
        or scheme.lower() != "bearer"
        or not hmac.compare_digest(given.strip().encode(), expected.encode())
    ):
        raise HTTPException(401, "Authentication required.", headers={"WWW-Authenticate": "Bearer"})


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
        for h in health_of(self.store, self.sources()):
            health.add_metric([h.source_id, h.health], 1)
            if h.last_success:
                success.add_metric(
                    [h.source_id], datetime.fromisoformat(h.last_success).timestamp()
                )
        yield health
        yield success


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
    dependencies=[Depends(require_admin)],
    responses={
        401: {
            "description": "Token fehlt oder falsch: deutsche Fehlerseite / no valid token",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    },
)
def operator_page(context: Annotated[AppContext, Depends(get_context)]) -> HTMLResponse:
    """The operator page: the same as ``regiohub status``, in German (admin token)."""
    return HTMLResponse(_page(health_of(_store(context), _sources(context))))


def _page(rows: list[SourceHealth]) -> str:
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "Quelle", "Partner", "Zustand", "Angebote", "Letzter Lauf", "Letzter Erfolg",
            "Neu", "Geändert", "Entfernt", "Quarantäne", "Letzter Fehler",
        )
    )  # fmt: skip
    body = []
    for h in rows:
        cells = [
            h.source_id,
            h.partner,
            HEALTH_LABELS[h.health],
            str(h.listings),
            (h.last_run or "—")[:19].replace("T", " "),
            (h.last_success or "—")[:19].replace("T", " "),
            *(str(h.counts.get(k, "—")) for k in ("added", "updated", "gone", "quarantined")),
            h.attention or h.latest_error or "",
        ]
        tds = "".join(f"<td>{escape(c)}</td>" for c in cells)
        body.append(f'<tr class="zustand-{h.health}">{tds}</tr>')
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        "<title>Betrieb – regiohub</title>"
        '<link rel="stylesheet" href="/static/style.css"></head><body><main>'
        "<h1>Betrieb: Zustand der Quellen</h1>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        '<p><a href="/metrics">Metriken (Prometheus)</a></p></main></body></html>'
    )


@hookimpl
def register_routers(register: Callable[[Any], None]) -> None:
    register(router)
