"""``OPTIONS`` answered with the methods a path really has (RFC 9110 §9.3.7).

Starlette answers an ``OPTIONS`` request with a 405 whose ``Allow`` names only the first route
matching the path, so a path served by two routes (``GET`` and ``POST /api/v1/admin/harvest``)
looked as if it had one method. CORS preflights (with ``Access-Control-Request-Method``) are
left to the CORS middleware, which runs outside this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send


class AllowOptions:
    """Pure ASGI middleware: ``OPTIONS`` on a known path → 204 with the full ``Allow``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS" or _is_preflight(scope):
            await self.app(scope, receive, send)
            return
        methods = allowed_methods(scope)
        if not methods:
            await self.app(scope, receive, send)  # an unknown path: the usual 404
            return
        allow = ", ".join(sorted(methods | {"OPTIONS"})).encode()
        await send({"type": "http.response.start", "status": 204, "headers": [(b"allow", allow)]})
        await send({"type": "http.response.body", "body": b""})


def _is_preflight(scope: Scope) -> bool:
    return any(name == b"access-control-request-method" for name, _ in scope["headers"])


def _leaves(routes: Iterable[Any]) -> Iterator[Any]:
    """Routes one by one; FastAPI ≥ 0.150 keeps an included router as one nested entry."""
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if nested is None:
            yield route
        else:
            yield from _leaves(nested() if callable(nested) else nested)


def allowed_methods(scope: Scope) -> set[str]:
    """Every method some route of the app serves at this path (HEAD with GET)."""
    app = scope.get("app")
    router = getattr(app, "router", None)
    found: set[str] = set()
    for route in _leaves(getattr(router, "routes", [])):
        match, _ = route.matches({**scope, "method": "GET"})
        if match is Match.NONE:
            continue
        methods = getattr(route, "methods", None)
        found |= set(methods) if methods else {"GET", "HEAD"}  # a mount (static files)
    return found
