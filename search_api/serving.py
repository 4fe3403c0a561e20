"""Serving the app with uvicorn: one process, or several worker processes on one socket.

With ``workers > 1`` uvicorn binds the listening socket itself as ``socket.socket(family)``,
i.e. with protocol number 0, and asyncio sets ``TCP_NODELAY`` only on sockets whose protocol
reads ``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``). Every accepted connection then
kept Nagle's algorithm: uvicorn writes the head and the body of an answer separately, the body
waited for the ACK of the head, and the client's delayed ACK added a flat ≈ 40 ms to every
request. ``NoDelayHTTP`` sets the option on each connection it is handed, whoever made the
socket.

uvicorn's workers also share that one socket, and asyncio accepts every pending connection at
once: keep-alive connections opened while the workers are idle (a proxy's pool, a load test)
mostly all landed on one worker, and the other idled. Here each worker binds its own socket
with ``SO_REUSEPORT`` instead, and the kernel spreads new connections over them.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import time
from typing import TYPE_CHECKING, Any

try:  # the protocol uvicorn's "auto" picks: httptools where installed, else h11
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _AutoHTTP
except ImportError:
    from uvicorn.protocols.http.h11_impl import (  # type: ignore[assignment]
        H11Protocol as _AutoHTTP,
    )

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)
#: seconds between looks at the workers (a dead one is replaced)
WATCH_S = 0.5
#: uvicorn's exit code for an app that could not start (``uvicorn.config.STARTUP_FAILURE``)
STARTUP_FAILURE = 3
_PR_SET_PDEATHSIG = 1
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

    Each worker keeps its own answer cache and request metrics.
    """
    import uvicorn

    if workers > 1 and hasattr(socket, "SO_REUSEPORT"):
        _supervise(host, port, workers)
        return
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning"}
    if workers > 1:  # no SO_REUSEPORT here: uvicorn's workers on one shared socket
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, http=NO_DELAY_HTTP, **options)
    else:
        uvicorn.run(app if app is not None else app_from_env(), http=NO_DELAY_HTTP, **options)


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` that other workers can bind as well."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def run_worker(host: str, port: int, parent: int) -> None:
    """One worker process: its own socket on the shared port, the app from the env."""
    import uvicorn

    _die_with(parent)

    config = uvicorn.Config(
        APP_FACTORY, factory=True, host=host, port=port, http=NO_DELAY_HTTP, log_level="warning"
    )
    uvicorn.Server(config).run(sockets=[reuse_port_socket(host, port)])


def _die_with(parent: int) -> None:
    """End with SIGTERM when the supervisor ends, even by SIGKILL (Linux ``PR_SET_PDEATHSIG``):
    an orphaned worker would keep answering on the port."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the supervisor ended before prctl took effect
        os._exit(1)


def _supervise(host: str, port: int, workers: int) -> None:
    """Start ``workers`` worker processes, replace any that dies, stop all on SIGINT/SIGTERM."""
    spawn = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    def start() -> multiprocessing.process.BaseProcess:
        process = spawn.Process(
            target=run_worker, args=(host, port, os.getpid()), name="regiohub-worker"
        )
        process.start()
        return process

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    running = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(WATCH_S)
            for number, process in enumerate(running):
                if process.is_alive() or stopping:
                    continue
                if process.exitcode == STARTUP_FAILURE:  # would fail again: give up
                    raise SystemExit(STARTUP_FAILURE)
                log.warning(
                    "Worker %s endete (Code %s), ein neuer startet.", process.pid, process.exitcode
                )
                running[number] = start()
    finally:
        for process in running:
            process.terminate()  # SIGTERM: uvicorn finishes open requests, then ends
        for process in running:
            process.join(30)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
