"""The one plugin manager: loads built-ins and entry-point plugins the same way.

A plugin that fails to import or to register is recorded in ``Registry.failures`` and skipped;
it never stops the hub.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pluggy

from hub import hookspecs
from hub.errors import UnknownConnectorError

ENTRY_POINT_GROUP = "regiohub"

#: built-in plugins, loaded exactly like outside ones (module path, registered by hooks)
BUILTIN_PLUGINS: tuple[str, ...] = (
    "connectors.feed",
    "connectors.html",
    "connectors.ical",
    "connectors.jsonapi",
    "connectors.jsonld",
    "connectors.sitemap",
    "connectors.ba_weiterbildung",
    "connectors.hub_feed",
    "connectors.scaffold",
    "search_api.plugin",
    "pipelines.steps",
    "pipelines.commands",
    "hub.hints",
    "hub.needs.commands",
    "hub.index.tantivy",
    "hub.index.es_plugin",
)


@dataclass
class PluginInfo:
    name: str
    module: str
    builtin: bool
    provides: list[str] = field(default_factory=list)


@dataclass
class PluginFailure:
    name: str
    stage: str  # "import" or the hook name
    error: str


@dataclass
class Registry:
    """What the loaded plugins provide."""

    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    failures: list[PluginFailure] = field(default_factory=list)
    connectors: dict[str, type[Any]] = field(default_factory=dict)
    steps: list[Any] = field(default_factory=list)
    index_backends: dict[str, Callable[..., Any]] = field(default_factory=dict)
    commands: list[Any] = field(default_factory=list)
    routers: list[Any] = field(default_factory=list)

    def connector(self, type_name: str) -> type[Any]:
        try:
            return self.connectors[type_name]
        except KeyError:
            known = ", ".join(sorted(self.connectors)) or "keine"
            raise UnknownConnectorError(
                f"Unbekannter Connector-Typ '{type_name}' (installiert: {known}); korrigieren Sie "
                "'type' in sources.toml oder installieren Sie das Plugin, das ihn bereitstellt."
            ) from None


HOOKS: tuple[str, ...] = (
    "register_connectors",
    "register_steps",
    "register_index_backends",
    "register_commands",
    "register_routers",
)


def _sinks(registry: Registry) -> dict[str, tuple[str, Callable[..., None]]]:
    return {
        "register_connectors": (
            "connector",
            lambda cls: registry.connectors.__setitem__(cls.name, cls),
        ),
        "register_steps": ("step", registry.steps.append),
        "register_index_backends": (
            "index",
            lambda scheme, factory: registry.index_backends.__setitem__(scheme, factory),
        ),
        "register_commands": ("command", registry.commands.append),
        "register_routers": ("router", registry.routers.append),
    }


def _label(args: tuple[Any, ...]) -> str:
    first = args[0]
    if isinstance(first, str):
        return first
    return str(getattr(first, "name", None) or getattr(first, "__name__", type(first).__name__))


def _call_hooks(registry: Registry, infos: dict[str, PluginInfo]) -> None:
    """Call every registration hook, one implementation at a time.

    Calling implementations one by one (rather than ``pm.hook.X()`` once) lets one broken
    plugin fail alone: its error is recorded and the others still register.
    """
    for hook_name, (kind, sink) in _sinks(registry).items():
        caller = getattr(registry.manager.hook, hook_name)
        for impl in reversed(caller.get_hookimpls()):  # registration order
            info = infos.get(impl.plugin_name)

            def register(
                *args: Any,
                _sink: Callable[..., None] = sink,
                _info: PluginInfo | None = info,
                _kind: str = kind,
            ) -> None:
                _sink(*args)
                if _info is not None:
                    _info.provides.append(f"{_kind}:{_label(args)}")

            try:
                impl.function(register=register)
            except Exception as exc:  # a broken plugin must not stop the hub
                registry.failures.append(
                    PluginFailure(impl.plugin_name, hook_name, f"{type(exc).__name__}: {exc}")
                )


def _load(
    registry: Registry,
    infos: dict[str, PluginInfo],
    name: str,
    loader: Callable[[], Any],
    builtin: bool,
) -> None:
    try:
        plugin = loader()
    except Exception as exc:
        registry.failures.append(PluginFailure(name, "import", f"{type(exc).__name__}: {exc}"))
        return
    module = getattr(plugin, "__name__", type(plugin).__name__)
    try:
        registry.manager.register(plugin, name=name)
        # pluggy keeps implementations of unknown hooks pending instead of refusing them;
        # a misspelt hook would silently do nothing, so refuse the plugin now.
        registry.manager.check_pending()
    except Exception as exc:  # an implementation of an unknown hook, or wrong arguments
        if registry.manager.is_registered(plugin):
            registry.manager.unregister(plugin)
        registry.failures.append(PluginFailure(name, "register", f"{type(exc).__name__}: {exc}"))
        return
    info = PluginInfo(name=name, module=module, builtin=builtin)
    infos[name] = info
    registry.plugins.append(info)


def build_registry(*, entry_points: bool = True, extra: list[object] | None = None) -> Registry:
    """Load built-ins, then entry-point plugins of group ``regiohub``, then ``extra`` objects."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    registry = Registry(manager=manager)
    infos: dict[str, PluginInfo] = {}
    for module in BUILTIN_PLUGINS:
        _load(registry, infos, module, partial(importlib.import_module, module), builtin=True)
    if entry_points:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            _load(registry, infos, ep.name, ep.load, builtin=False)
    for obj in extra or []:
        name = getattr(obj, "__name__", repr(obj))
        _load(registry, infos, name, partial(_itself, obj), builtin=False)
    _call_hooks(registry, infos)
    registry.steps.sort(key=lambda step: (getattr(step, "order", 500), step.name))
    return registry


def _itself(obj: object) -> object:
    return obj


_default: Registry | None = None
_lock = threading.Lock()


def get_registry() -> Registry:
    """The process-wide registry, built once."""
    global _default
    with _lock:
        if _default is None:
            _default = build_registry()
        return _default
