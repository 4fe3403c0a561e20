"""A scripted partner server on loopback: answers as the test says, misbehaving on purpose."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

GATE_TIMEOUT_S = 120.0


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    #: send the body in pieces of ``drip_bytes`` with this pause between them (a slow drip)
    drip_s: float = 0.0
    drip_bytes: int = 64
    #: declare the whole length but send only this many bytes, then hang up
    truncate_at: int | None = None
    #: send no Content-Length: the body ends when the connection closes
    send_length: bool = True
    #: answer only once this event is set (at most ``GATE_TIMEOUT_S``): a partner the test
    #: holds mid-harvest, e.g. to kill the worker that is reading it
    gate: threading.Event | None = None


class ScriptedServer:
    """``server.routes["/feed.xml"] = Route(...)``; every request is logged in ``server.hits``.

    A list of routes is answered in turn, the last one from then on (e.g. a 429, then the feed).
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        #: bodies of POST requests (a webhook receiver), by path
        self.posts: list[tuple[str, bytes]] = []
        #: the most GET requests this server was answering at the same time
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                outer.posts.append((urlsplit(self.path).path, self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def do_GET(self) -> None:
                with outer._lock:
                    outer._in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer._in_flight)
                self._counted = True
                try:
                    self._get()
                finally:
                    self._answering()

            def _answering(self) -> None:
                """The request stops counting as in flight once its answer starts: the client
                may send its next request as soon as it has read this one, possibly before
                this thread gets to run again, which would count two requests at once."""
                if self._counted:
                    self._counted = False
                    with outer._lock:
                        outer._in_flight -= 1

            def _get(self) -> None:
                path = urlsplit(self.path).path
                outer.hits.append((path, dict(self.headers)))
                route = outer.routes.get(path)
                if isinstance(route, list):
                    route = route.pop(0) if len(route) > 1 else route[0]
                if route is None:
                    self.send_error(404)
                    return
                if route.gate is not None:
                    route.gate.wait(GATE_TIMEOUT_S)
                if route.delay_s:
                    time.sleep(route.delay_s)
                self._answering()
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                body = route.body[: route.truncate_at] if route.truncate_at else route.body
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if not route.drip_s:
                        self.wfile.write(body)
                        return
                    for start in range(0, len(body), route.drip_bytes):
                        self.wfile.write(body[start : start + route.drip_bytes])
                        self.wfile.flush()
                        time.sleep(route.drip_s)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self) -> list[str]:
        return [p for p, _ in self.hits]
