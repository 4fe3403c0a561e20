"""One connection pool per connector run: fetches to a host reuse a kept-alive connection.

A loopback server speaking HTTP/1.1 with keep-alive records which client connection each
request came on; the polite client must not open a new connection (and TLS context) per fetch,
and must still not carry cookies from one fetch to the next.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hub.http import HttpClient


class KeepAliveServer:
    def __init__(self) -> None:
        self.connections: list[tuple[str, int]] = []
        self.cookies: list[str | None] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep the connection open between requests

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                outer.connections.append(self.client_address)
                outer.cookies.append(self.headers.get("Cookie"))
                body = f"Angebot {self.path}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Set-Cookie", "sitzung=abc; Path=/")
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> KeepAliveServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[KeepAliveServer]:
    with KeepAliveServer() as s:
        yield s


def test_fetches_of_one_run_reuse_one_connection(server: KeepAliveServer) -> None:
    with HttpClient({f"127.0.0.1:{server.port}"}) as http:
        bodies = [http.get(f"{server.url}/kurs/{i}").body for i in range(6)]
    assert bodies == [f"Angebot /kurs/{i}".encode() for i in range(6)]
    assert len(set(server.connections)) == 1, server.connections


def test_no_cookie_is_carried_from_one_fetch_to_the_next(server: KeepAliveServer) -> None:
    with HttpClient({f"127.0.0.1:{server.port}"}) as http:
        for i in range(3):
            http.get(f"{server.url}/kurs/{i}")
    assert server.cookies == [None, None, None]


def test_a_closed_client_fetches_again_on_a_new_connection(server: KeepAliveServer) -> None:
    http = HttpClient({f"127.0.0.1:{server.port}"})
    http.get(server.url + "/a")
    http.close()
    assert http.get(server.url + "/b").body == b"Angebot /b"
    http.close()
    assert len(set(server.connections)) == 2
