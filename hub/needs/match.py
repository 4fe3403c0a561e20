"""Percolation: new listings against every saved need, with the API's own search.

Running every need's search over the whole catalogue after each harvest repeats the work for
listings nobody needs to hear about again. Instead the few listings that are new or changed
go into a small throw-away Tantivy index (the same backend, analysis and query building as
the catalogue's), and each need's ``SearchQuery`` runs against it: the hits are exactly the
new listings the API would return for that need. Two shortcuts keep it cheap and change no
answer: a need whose exact filters (kind, topic, audience, format, region, "kostenfrei")
no new listing satisfies is not searched at all, and needs with the same search share one.
Scores come from the small index, so the order among the new listings may differ slightly
from the catalogue's; which listings match does not.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from hub.index.analysis import normalise_region, region_paths
from hub.index.base import SearchQuery
from hub.index.tantivy import TantivyIndex
from hub.model import Listing
from hub.needs.store import Need

#: new listings one need can get from one harvest (an e-mail shows fewer)
MAX_PER_NEED = 100
_NUMBERING = re.compile(r"\b(teil|termin|modul|gruppe|kurs)\s*\d+\b|\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    need_id: str
    listing_id: str
    score: float
    #: the same offer on several dates (same partner, title without numbers) is sent once
    series: str


def series_key(listing: Listing | dict[str, object]) -> str:
    data = listing.model_dump() if isinstance(listing, Listing) else listing
    partner = (data.get("partner") or {}).get("name", "")  # type: ignore[union-attr]
    title = _NUMBERING.sub("", str(data.get("title", ""))).casefold()
    return f"{partner}|{' '.join(title.split())}"


class _Keys:
    """Exact filter values → positions of the new listings that carry them."""

    def __init__(self, listings: Sequence[Listing]) -> None:
        self.all = frozenset(range(len(listings)))
        self.by: dict[tuple[str, str], set[int]] = {}
        for n, lst in enumerate(listings):
            self._add("kind", lst.kind, n)
            for t in lst.topics:
                self._add("topic", t, n)
            for a in lst.audiences:
                self._add("audience", a, n)
            if lst.mode:
                self._add("mode", lst.mode, n)
            for path in region_paths(lst.regions):
                self._add("region", path, n)
            if lst.price is not None and lst.price.free:
                self._add("free", "free", n)

    def _add(self, field: str, value: str, n: int) -> None:
        self.by.setdefault((field, value), set()).add(n)

    def candidates(self, query: SearchQuery) -> frozenset[int] | set[int]:
        """Listings that pass the exact filters of ``query`` (a superset of its hits)."""
        found: frozenset[int] | set[int] = self.all
        wanted = {
            "kind": query.kind,
            "topic": query.topic,
            "audience": query.audience,
            "mode": query.mode,
            "region": tuple(normalise_region(r) for r in query.region),
            "free": ("free",) if query.free_only else (),
        }
        for field, values in wanted.items():
            if not values:
                continue
            union: set[int] = set()
            for value in values:
                union |= self.by.get((field, value), set())
            found = found & union
            if not found:
                break
        return found


def percolate(
    needs: Iterable[Need],
    listings: Sequence[Listing],
    seqs: dict[str, int],
    *,
    now: datetime | None = None,
    workdir: Path | None = None,
) -> list[Match]:
    """Which of ``listings`` each need's search finds (only listings changed after the need
    was confirmed: ``seqs`` maps listing id → change-feed seq)."""
    needs = list(needs)
    if not needs or not listings:
        return []
    keys = _Keys(listings)
    position = {lst.id: n for n, lst in enumerate(listings)}
    series = [series_key(lst) for lst in listings]
    seq_of = [seqs.get(lst.id, 0) for lst in listings]
    oldest = min(seq_of)
    found: list[Match] = []
    base = workdir or (Path("/dev/shm") if Path("/dev/shm").is_dir() else None)
    with tempfile.TemporaryDirectory(prefix="regiohub-percolate-", dir=base) as tmp:
        index = TantivyIndex(Path(tmp) / "index")
        index.facet_threads = 0  # facets of a tiny index are cheap; no thread hand-offs
        index.ensure()
        index.upsert(listings)
        answers: dict[SearchQuery, list[tuple[int, float]]] = {}
        try:
            for need in needs:
                query = _query(need, now)
                if query is None:
                    continue
                fresh = keys.candidates(query)
                if need.since_seq >= oldest:  # confirmed during these changes: only later ones
                    fresh = {n for n in fresh if seq_of[n] > need.since_seq}
                if not fresh:
                    continue
                if query not in answers:
                    result = index.search(query)
                    answers[query] = [(position[h.id], h.score) for h in result.hits]
                for n, score in answers[query]:
                    lst = listings[n]
                    if n in fresh and need.spec.within_budget(_price(lst)):
                        found.append(Match(need.id, lst.id, score, series[n]))
        finally:
            index.close()
    return found


def _query(need: Need, now: datetime | None) -> SearchQuery | None:
    try:
        params = need.spec.search_params()
    except ValueError:  # a place no longer known (e.g. postcode table removed): no guess
        return None
    return replace(params.to_query(), size=MAX_PER_NEED, page=1, now=now)


def _price(listing: Listing) -> dict[str, object] | None:
    return listing.price.model_dump() if listing.price else None
