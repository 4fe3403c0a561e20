"""Conditional GETs: every read carries an ETag (and Last-Modified where we know it).

The ETag is a hash of the exact body, so it is right by construction; Last-Modified is the end
of the newest harvest run (every catalogue change comes from one), read at most once a second.
``If-None-Match`` wins over ``If-Modified-Since``, as RFC 9110 asks.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from hub.store import store_errors

CACHE_CONTROL = "public, max-age=60"
log = logging.getLogger(__name__)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _not_modified_since(request: Request, last_modified: datetime | None) -> bool:
    header = request.headers.get("if-modified-since")
    if not header or last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since


def _matches(header: str, etag: str) -> bool:
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return "*" in candidates or etag in candidates


def cached(
    request: Request,
    body: bytes | str,
    media_type: str,
    last_modified: datetime | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """``body`` as a 200 with validators, or a bodiless 304 if the client's copy is current."""
    data = body.encode() if isinstance(body, str) else body
    etag = etag_of(data)
    validators = {"ETag": etag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if last_modified is not None:
        validators["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    if_none_match = request.headers.get("if-none-match")
    fresh = (
        _matches(if_none_match, etag)
        if if_none_match is not None
        else _not_modified_since(request, last_modified)
    )
    if fresh:
        return Response(status_code=304, headers=validators)
    return Response(data, media_type=media_type, headers=validators)


class CatalogueClock:
    """When the catalogue last changed: the end of its newest harvest run, cached briefly."""

    def __init__(self, runs: object, ttl_s: float = 1.0) -> None:
        self._runs: Any = runs if hasattr(runs, "latest_runs") else None
        self._ttl = ttl_s
        self._lock = threading.Lock()
        self._value: datetime | None = None
        self._read_at = float("-inf")

    def last_modified(self) -> datetime | None:
        if self._runs is None:
            return None
        now = time.monotonic()
        with self._lock:
            if now - self._read_at > self._ttl:
                try:
                    self._value = self._read()
                except store_errors() as exc:  # e.g. disk full: answer without a fresh date
                    log.warning("catalogue clock not readable, keeping the last one: %s", exc)
                self._read_at = now
            return self._value

    def _read(self) -> datetime | None:
        newest: datetime | None = None
        for run in self._runs.latest_runs().values():
            finished = getattr(run, "finished_at", None)
            if not finished:
                continue
            when = datetime.fromisoformat(finished)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            newest = when if newest is None or when > newest else newest
        return newest
