"""Plugin commands for ``regiohub --help`` without importing every plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def commands_for_help() -> list[Any]:
    """Plugin commands for the top-level ``--help``, without importing every plugin.

    Loading all built-ins imports the search API, Elasticsearch and extruct (seconds); only
    the modules that implement ``register_commands`` (found by reading their source, not by
    importing them) and the entry-point plugins are loaded here. A plugin that fails is left
    out; ``regiohub plugins`` says why.
    """
    import importlib
    import importlib.metadata
    import importlib.util
    from collections.abc import Callable
    from functools import partial

    import pluggy

    from hub import hookspecs
    from hub.plugins import BUILTIN_PLUGINS, ENTRY_POINT_GROUP

    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    loaders: list[tuple[str, Callable[[], Any]]] = []
    for module in BUILTIN_PLUGINS:
        top, _, rest = module.partition(".")
        try:  # find_spec of "a.b" would import package "a"; of "a" it only looks
            spec = importlib.util.find_spec(top)
            where = list(spec.submodule_search_locations or []) if spec else []
            path = Path(where[0], *rest.split(".")).with_suffix(".py") if where else None
            text = path.read_text(encoding="utf-8") if path else ""
        except (ImportError, OSError):
            continue
        if "def register_commands" in text:
            loaders.append((module, partial(importlib.import_module, module)))
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        loaders.append((ep.name, ep.load))
    for name, load in loaders:
        try:
            manager.register(load(), name=name)
        except Exception:  # reported by `regiohub plugins`, not here
            continue
    found: list[Any] = []
    try:
        manager.hook.register_commands(register=found.append)
    except Exception:
        return []
    return found
