"""Distinct search queries and a light HTTP load generator for ``benchmarks/api.py``.

The queries are drawn from the titles of the generated catalogue (one to three consecutive
words of a random title, some with a kind or Land filter, some asking for page 2), so each
finds something and no two are alike: an answer cache cannot help, and neither can any other
per-query memo. The judged query texts (64) are kept for the repeated-query (cache) figure.

The load generator speaks just enough HTTP/1.1 over keep-alive connections (one request in
flight per connection, bodies read by ``Content-Length``) to cost the CPU the servers
compete for as little as possible: httpx costs several times more per request, and on a
2-core machine the load process takes its share from the servers it measures.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

SEARCH = "/api/v1/search"
#: shares of the distinct queries that carry a filter or ask for the second page
KIND_SHARE = 0.25
LAND_SHARE = 0.2
PAGE_TWO_SHARE = 0.1
_WORD = re.compile(r"[^\W\d_][\w-]{3,}", re.UNICODE)
#: title words that make poor searches on their own
_STOP = frozenset({"für", "über", "mit", "und", "oder", "bei", "vom", "zum", "zur", "in"})


def distinct_queries(
    titles: Iterable[tuple[str, str, str]], count: int, seed: int = 17
) -> list[dict[str, str]]:
    """``count`` different search parameter sets from (title, kind, Land code) triples."""
    rows = [row for row in titles if len(_words(row[0])) > 0]
    if not rows:
        raise ValueError("no titles to draw queries from")
    rng = random.Random(seed)
    seen: set[tuple[tuple[str, str], ...]] = set()
    queries: list[dict[str, str]] = []
    attempts = 0
    while len(queries) < count and attempts < 50 * count:
        attempts += 1
        title, kind, land = rows[rng.randrange(len(rows))]
        words = _words(title)
        length = min(len(words), rng.choice((1, 2, 2, 3)))
        start = rng.randrange(len(words) - length + 1)
        params = {"q": " ".join(words[start : start + length])}
        if rng.random() < KIND_SHARE:
            params["kind"] = kind
        if land and rng.random() < LAND_SHARE:
            params["region"] = land
        if rng.random() < PAGE_TWO_SHARE:
            params["page"] = "2"
        key = tuple(sorted(params.items()))
        if key not in seen:
            seen.add(key)
            queries.append(params)
    return queries


def _words(title: str) -> list[str]:
    return [w for w in _WORD.findall(title) if w.lower() not in _STOP]


def search_path(params: dict[str, str]) -> str:
    return f"{SEARCH}?{urlencode(params)}"


@dataclass
class Load:
    """What one window of load saw."""

    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


class HTTPError(RuntimeError):
    """The server answered something else than a 200 with a Content-Length body."""


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, _, headers = head.partition(b"\r\n")
    status = int(status_line.split(b" ", 2)[1])
    length = None
    for line in headers.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise HTTPError(f"{path}: answer without Content-Length (status {status})")
    await reader.readexactly(length)
    return status


async def _load(
    port: int, paths: Sequence[str], seconds: float, connections: int, offset: int
) -> Load:
    load = Load()
    streams = [await asyncio.open_connection("127.0.0.1", port) for _ in range(connections)]
    stop = time.perf_counter() + seconds
    # each connection walks its own stretch of the list, so no query repeats in a window
    # unless the window outlasts the list
    stride = max(1, len(paths) // connections)

    async def worker(number: int) -> None:
        reader, writer = streams[number]
        n = offset + number * stride
        while time.perf_counter() < stop:
            path = paths[n % len(paths)]
            started = time.perf_counter()
            status = await _get(reader, writer, path)
            load.latencies.append(time.perf_counter() - started)
            if status != 200:
                raise HTTPError(f"{path}: status {status}")
            n += 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(i) for i in range(connections)))
    finally:
        load.elapsed = time.perf_counter() - started
        for _, writer in streams:
            writer.close()
    return load


def run_load(
    port: int, paths: Sequence[str], seconds: float, connections: int, offset: int = 0
) -> Load:
    """Keep ``connections`` keep-alive connections busy with ``paths`` for ``seconds``."""
    return asyncio.run(_load(port, paths, seconds, connections, offset))
