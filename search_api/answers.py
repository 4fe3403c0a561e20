"""Recent search answers, kept as response bodies and dropped as soon as the index changes.

Search traffic repeats itself: the entry points of the start page, the facet links of popular
searches, the second visitor asking for "Datenschutz". Computing an answer costs milliseconds
of CPU (query analysis, facets, highlights, shaping); sending a kept one costs microseconds.
The cache is safe because every entry carries the index version it was computed from
(``hub.index.base.VersionedIndex``: the live generation and the stamp of its last commit, from
any process), and an entry is only served while that version is still live. A time limit
(``TTL_S``, the ``max-age`` the answers already advertise) bounds what changes without a
commit: "upcoming only" moves with the clock, an imported postcode table changes places.

Indexes without a version (Elasticsearch, whose writes other hubs may make) are not cached.
``REGIOHUB_ANSWER_CACHE`` sets the number of answers kept; 0 turns the cache off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from hub.index.base import SearchIndex, VersionedIndex, runs_in_process

T = TypeVar("T")

#: seconds an answer is kept at most (the ``max-age`` of ``search_api.caching``)
TTL_S = 60.0
#: bytes kept at most, whatever the number of entries
MAX_BYTES = 64 * 2**20


class AnswerCache:
    """A bounded, thread-safe LRU of response bodies by (request key, index version)."""

    def __init__(
        self,
        entries: int,
        *,
        max_bytes: int = MAX_BYTES,
        ttl_s: float = TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.entries = max(0, entries)
        self.max_bytes = max_bytes
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, tuple[str, float, bytes]] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: str, version: str) -> bytes | None:
        with self._lock:
            entry = self._kept.get(key)
            if entry is None or entry[0] != version or entry[1] <= self._clock():
                if entry is not None:  # stale: its index version or its time has passed
                    self._drop(key)
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return entry[2]

    def put(self, key: str, version: str, body: bytes) -> None:
        if self.entries == 0 or len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._kept:
                self._drop(key)
            self._kept[key] = (version, self._clock() + self.ttl_s, body)
            self._bytes += len(body)
            while len(self._kept) > self.entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._kept)))

    def _drop(self, key: str) -> None:
        _, _, body = self._kept.pop(key)
        self._bytes -= len(body)


async def answer(
    cache: AnswerCache | None,
    index: SearchIndex,
    key: str,
    compute: Callable[[], bytes],
) -> bytes:
    """The body for ``key``: kept, or computed (and kept) for the index's current version.

    ``compute`` runs as ``beside`` says. Exceptions pass through and nothing is kept.
    """
    if cache is None or not cache.entries:  # cache off: not even the version is asked for
        return await beside(index, compute)
    version = index.version() if isinstance(index, VersionedIndex) else None
    if version is not None:
        kept = cache.get(key, version)
        if kept is not None:
            return kept
    body = await beside(index, compute)
    if version is not None:
        cache.put(key, version, body)
    return body


async def beside(index: SearchIndex, work: Callable[[], T]) -> T:
    """Run ``work`` (which asks ``index``) where it costs least in an async server.

    On the event loop for in-process indexes: handing CPU work to a thread only adds GIL
    hand-offs between it and the loop. In a worker thread for indexes that wait on a server,
    so the loop keeps serving meanwhile.
    """
    return work() if runs_in_process(index) else await run_in_threadpool(work)
