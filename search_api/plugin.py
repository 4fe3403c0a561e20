"""The search API's own routers as a built-in plugin, registered as factories.

Every hub process loads the built-in plugins (the CLI, each harvest worker, a rebuild); only
the search server builds the app. The routers are therefore registered as functions that
return them (``register_routers`` takes either), so a process that serves nothing never
imports FastAPI and the routes' models (≈ 20 MiB and 0.2 s a process).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hub.hookspecs import hookimpl

if TYPE_CHECKING:
    from fastapi import APIRouter


def changes_router() -> APIRouter:
    """``GET /api/v1/changes``, the federation change feed (search_api/routes_changes.py)."""
    from search_api.routes_changes import router

    return router


def ops_router() -> APIRouter:
    """The operators' status and metrics routes (search_api/routes_ops.py)."""
    from search_api.routes_ops import router

    return router


@hookimpl
def register_routers(register: Callable[[Any], None]) -> None:
    register(changes_router)
    register(ops_router)
