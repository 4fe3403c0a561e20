"""Hook specifications: the contract between regiohub and its plugins.

Every hook takes one ``register`` callback and is called with keyword arguments. Built-in
connectors, steps and backends register through these same hooks. See docs/plugins.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

PROJECT = "regiohub"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_connectors(register: Callable[[type[Any]], None]) -> None:
    """Register connector classes: ``register(MyConnector)``; the class's ``name`` is its type."""


@hookspec
def register_steps(register: Callable[[Any], None]) -> None:
    """Register pipeline steps: ``register(step)``; ``step.order`` places it in the pipeline."""


@hookspec
def register_index_backends(register: Callable[[str, Callable[..., Any]], None]) -> None:
    """Register search backends: ``register("scheme", factory)``; factory(url) -> SearchIndex."""


@hookspec
def register_commands(register: Callable[[Any], None]) -> None:
    """Register CLI commands: ``register(typer_app_or_command)`` under ``regiohub``."""


@hookspec
def register_routers(register: Callable[[Any], None]) -> None:
    """Register FastAPI routers: ``register(router)``, mounted in the search API; ``router``
    may also be a function without arguments that returns the router, called when the app is
    built (so processes that serve nothing do not import the router's module)."""
