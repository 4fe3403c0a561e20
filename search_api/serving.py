"""Serving the app with uvicorn: one process, or several worker processes on one socket.

With ``workers > 1`` uvicorn binds the listening socket itself as ``socket.socket(family)``,
i.e. with protocol number 0, and asyncio sets ``TCP_NODELAY`` only on sockets whose protocol
reads ``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``). Every accepted connection then
kept Nagle's algorithm: uvicorn writes the head and the body of an answer separately, the body
waited for the ACK of the head, and the client's delayed ACK added a flat ≈ 40 ms to every
request. ``NoDelayHTTP`` sets the option on each connection it is handed, whoever made the
socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import TYPE_CHECKING

try:  # the protocol uvicorn's "auto" picks: httptools where installed, else h11
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _AutoHTTP
except ImportError:
    from uvicorn.protocols.http.h11_impl import (  # type: ignore[assignment]
        H11Protocol as _AutoHTTP,
    )

if TYPE_CHECKING:
    from fastapi import FastAPI

#: the protocol class as uvicorn imports it in each worker process
NO_DELAY_HTTP = "search_api.serving:NoDelayHTTP"
#: the app factory each worker process calls (``uvicorn --factory``)
APP_FACTORY = "search_api.serving:app_from_env"


def set_no_delay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on a TCP transport's socket (Unix sockets have none)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        # OSError: the peer has gone already; the protocol finds out on its own
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHTTP(_AutoHTTP):
    """uvicorn's HTTP protocol, with ``TCP_NODELAY`` on every accepted connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_no_delay(transport)
        super().connection_made(transport)


def app_from_env() -> FastAPI:
    """The app as ``regiohub serve`` builds it, from the environment (one per worker)."""
    from hub.runtime import Runtime
    from search_api.app import create_app
    from search_api.routes_ops import instrument

    runtime = Runtime.from_env()
    return instrument(
        create_app(
            runtime.index,
            runtime.store,
            settings=runtime.settings,
            routers=runtime.registry.routers,
            runtime=runtime,
        )
    )


def serve(host: str, port: int, *, workers: int = 1, app: FastAPI | None = None) -> None:
    """Serve ``app`` (one process), or ``workers`` processes each building it from the env.

    Several workers share one listening socket and the kernel spreads connections over them;
    each keeps its own answer cache and request metrics.
    """
    import uvicorn

    options = {"host": host, "port": port, "log_level": "warning", "http": NO_DELAY_HTTP}
    if workers > 1:
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, **options)  # type: ignore[arg-type]
    else:
        uvicorn.run(app if app is not None else app_from_env(), **options)  # type: ignore[arg-type]
