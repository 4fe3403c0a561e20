"""Serving with uvicorn: connections on the socket uvicorn binds for several workers."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from conftest import free_port
from starlette.types import Receive, Scope, Send

from search_api.serving import NO_DELAY_HTTP, reuse_port_socket


async def tiny_app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
    )
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def worker_server() -> Iterator[uvicorn.Server]:
    """A server on a socket bound the way uvicorn binds it for ``workers > 1``."""
    config = uvicorn.Config(tiny_app, host="127.0.0.1", port=0, http=NO_DELAY_HTTP, lifespan="off")
    sock = config.bind_socket()  # socket.socket(AF_INET): protocol number 0, as in uvicorn
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    server.config.port = sock.getsockname()[1]
    yield server
    server.should_exit = True
    thread.join(10)
    sock.close()


def _get(client: socket.socket) -> bytes:
    client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while not answer.endswith(b"ok"):
        chunk = client.recv(4096)
        assert chunk, "connection closed early"
        answer += chunk
    return answer


def test_connections_on_the_worker_socket_send_without_nagle_delay(
    worker_server: uvicorn.Server,
) -> None:
    # Nagle + the client's delayed ACK held every answer body back by ≈ 40 ms
    with socket.create_connection(("127.0.0.1", worker_server.config.port)) as client:
        assert _get(client).startswith(b"HTTP/1.1 200")
        connections = list(worker_server.server_state.connections)
        assert connections
        for connection in connections:
            sock = connection.transport.get_extra_info("socket")
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_worker_sockets_share_one_port_and_both_get_connections() -> None:
    # uvicorn's workers shared one socket and asyncio accepts all pending connections at
    # once, so a pool of keep-alive connections opened at idle mostly went to one worker
    first = reuse_port_socket("127.0.0.1", 0)
    port = first.getsockname()[1]
    second = reuse_port_socket("127.0.0.1", port)
    clients: list[socket.socket] = []
    try:
        for listener in (first, second):
            listener.listen(64)
            listener.setblocking(False)
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
        time.sleep(0.2)
        accepted = {id(listener): 0 for listener in (first, second)}
        for listener in (first, second):
            with contextlib.suppress(BlockingIOError):
                while True:
                    listener.accept()[0].close()
                    accepted[id(listener)] += 1
        assert sum(accepted.values()) == 16
        assert all(accepted.values()), accepted
    finally:
        for sock in (first, second, *clients):
            sock.close()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@pytest.mark.slow
def test_serve_with_two_workers_answers_and_ends_with_its_workers(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "REGIOHUB_HOME": str(tmp_path / "home")}
    env.pop("REGIOHUB_INDEX", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and status != 200:
            with contextlib.suppress(httpx.HTTPError):
                status = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code
            time.sleep(0.3)
        assert status == 200
        workers = _children(server.pid)
        assert len(workers) >= 2  # the workers (and multiprocessing's resource tracker)
    finally:
        server.terminate()
        server.wait(60)
    deadline = time.monotonic() + 15  # multiprocessing's resource tracker ends on its own
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    with socket.socket() as probe:  # the port is free again: no worker kept it
        probe.bind(("127.0.0.1", port))
