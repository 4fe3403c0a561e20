"""The state-wide Bedarfsradar: this hub's cells summed with its upstream hubs' cells.

The upstreams are the enabled sources of type ``hub`` in ``sources.toml`` (their
``options.url``), unless a source sets ``needs_summary = false``; no further configuration.
Every contribution is a cell its hub published itself (≥ ``MIN_CELL`` needs): an upstream
cell under the minimum is dropped here too, and this hub adds only its own published cells,
so no small count ever appears in the provenance (``sources``: hub URL → needs). Offers
are counted in this hub's index, which already holds the federated listings (summing the
upstreams' offer counts would count an offer twice where regions overlap).

Upstream answers are kept ``CACHE_SECONDS`` in-process, failures too (a dead upstream must
not slow every page view); a failing upstream is reported by name, never fails the page.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from hub.config import load_sources
from hub.errors import ConfigError, RegiohubError
from hub.http import HttpClient
from hub.index.base import SearchIndex
from hub.needs.summary import MIN_CELL, Cell, count_offers

CACHE_SECONDS = 300.0
#: an upstream summary is small; anything bigger is not one
MAX_SUMMARY_BYTES = 2_000_000
TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Upstream:
    source_id: str
    name: str
    url: str
    allow_private: bool = False


@dataclass
class UpstreamAnswer:
    upstream: Upstream
    cells: list[Cell]
    #: None when read; else a German sentence naming the upstream
    problem: str | None = None


def upstreams(sources_file: Path) -> list[Upstream]:
    """The enabled ``hub`` sources whose summary is to be read (none without a sources file)."""
    try:
        sources = load_sources(sources_file)
    except ConfigError:
        return []
    found: list[Upstream] = []
    for source in sources.sources:
        url = source.options.get("url")
        if source.type != "hub" or not source.enabled or not isinstance(url, str):
            continue
        if source.options.get("needs_summary", True) is False:
            continue
        found.append(
            Upstream(
                source.id,
                source.partner.name,
                url.rstrip("/"),
                source.allow_private_hosts,
            )
        )
    return found


_cache: dict[tuple[str, tuple[str, ...]], tuple[float, UpstreamAnswer]] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def read_upstream(upstream: Upstream, by: Sequence[str]) -> UpstreamAnswer:
    """One upstream's published cells (cached), or the reason they could not be read."""
    key = (upstream.url, tuple(by))
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    answer = _fetch(upstream, by)
    with _lock:
        _cache[key] = (now, answer)
    return answer


def _fetch(upstream: Upstream, by: Sequence[str]) -> UpstreamAnswer:
    url = f"{upstream.url}/api/v1/needs/summary?{urlencode({'by': ','.join(by)})}"
    http = HttpClient(
        allowed_hosts={urlsplit(upstream.url).netloc.lower()},
        timeout_s=TIMEOUT_S,
        max_bytes=MAX_SUMMARY_BYTES,
        retries=0,
        allow_private=upstream.allow_private,
    )
    try:
        with http:
            data = json.loads(http.get(url).body)
        items = data["cells"]
        cells = [_cell(item, by) for item in items]
    except (RegiohubError, ValueError, KeyError, TypeError, AttributeError):
        problem = f"Bedarfe von {upstream.name} ({upstream.url}) nicht erreichbar"
        return UpstreamAnswer(upstream, [], problem)
    # only what the upstream itself published at the minimum: a smaller cell is never shown
    return UpstreamAnswer(upstream, [c for c in cells if c.needs >= MIN_CELL])


def _cell(item: dict[str, object], by: Sequence[str]) -> Cell:
    keys = item["keys"]
    if not isinstance(keys, dict):
        raise TypeError("keys")
    needs = item["needs"]
    if not isinstance(needs, int) or isinstance(needs, bool):
        raise TypeError("needs")
    values = {d: keys.get(d) for d in by}
    return Cell(keys={d: (None if v is None else str(v)) for d, v in values.items()}, needs=needs)


def federate(
    own: Sequence[Cell],
    own_url: str,
    answers: Sequence[UpstreamAnswer],
    index: SearchIndex | None,
) -> list[Cell]:
    """Sum published cells by their keys, each hub's count kept in ``sources``."""
    merged: dict[tuple[str | None, ...], Cell] = {}
    contributions = [(own_url, list(own))] + [(a.upstream.url, a.cells) for a in answers]
    for url, cells in contributions:
        for cell in cells:
            if cell.needs < MIN_CELL:
                continue
            key = tuple(cell.keys.values())
            target = merged.setdefault(key, Cell(keys=dict(cell.keys), needs=0))
            target.needs += cell.needs
            target.sources[url] = target.sources.get(url, 0) + cell.needs
    found = [c for c in merged.values() if c.needs >= MIN_CELL]
    for cell in found:
        if index is not None:
            cell.offers = count_offers(index, cell)
    found.sort(key=lambda c: (-c.needs, [str(v) for v in c.keys.values()]))
    return found
