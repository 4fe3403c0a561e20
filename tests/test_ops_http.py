"""The polite HTTP client under load and under failure: limits per host and overall, retries
for transient errors only, Retry-After honoured."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from servers import Route, ScriptedServer

from hub import http
from hub.errors import FetchError
from hub.http import HttpClient


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as s:
        yield s


def client(server: ScriptedServer, **options: float) -> HttpClient:
    return HttpClient({f"127.0.0.1:{server.port}"}, **options)  # type: ignore[arg-type]


def test_no_more_than_two_requests_at_once_reach_one_host(server: ScriptedServer) -> None:
    server.routes["/langsam"] = Route(b"ok", delay_s=0.2)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: client(server).get(server.url + "/langsam"), range(8)))
    assert [r.body for r in results] == [b"ok"] * 8
    assert server.max_in_flight == http.MAX_PER_HOST


def test_the_overall_limit_holds_whatever_the_per_host_limit(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "MAX_PER_HOST", 10)
    monkeypatch.setattr(http, "LIMITS", http._Limits())
    monkeypatch.setattr(http.LIMITS, "overall", http.threading.BoundedSemaphore(3))
    server.routes["/x"] = Route(b"ok", delay_s=0.2)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: client(server).get(server.url + "/x"), range(8)))
    assert server.max_in_flight == 3


def test_5xx_and_429_are_retried_with_retry_after(server: ScriptedServer) -> None:
    server.routes["/feed"] = [
        Route(status=503),
        Route(status=429, headers={"Retry-After": "0"}),
        Route(b"endlich"),
    ]
    fetcher = client(server, backoff_s=0.01)
    assert fetcher.get(server.url + "/feed").body == b"endlich"
    assert [kind for _, kind, _ in fetcher.retried] == ["http_status", "rate_limited"]
    assert fetcher.retried[1][2] == 0.0  # waited as the server said
    assert server.paths() == ["/feed"] * 3


def test_client_errors_are_not_retried(server: ScriptedServer) -> None:
    server.routes["/weg"] = Route(status=404)
    fetcher = client(server, backoff_s=0.01)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.get(server.url + "/weg")
    assert server.paths() == ["/weg"] and fetcher.retried == []


def test_retries_give_up_with_the_last_cause(server: ScriptedServer) -> None:
    server.routes["/kaputt"] = Route(status=500)
    fetcher = client(server, backoff_s=0.01, retries=2)
    with pytest.raises(FetchError, match="HTTP 500") as error:
        fetcher.get(server.url + "/kaputt")
    assert error.value.kind == "http_status"
    assert len(server.paths()) == 3


def test_a_retry_after_beyond_the_limit_fails_at_once(server: ScriptedServer) -> None:
    server.routes["/spaeter"] = Route(status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError, match="3600 s zu warten") as error:
        client(server).get(server.url + "/spaeter")
    assert error.value.kind == "rate_limited" and len(server.paths()) == 1
