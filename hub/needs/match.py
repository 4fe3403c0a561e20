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

from tantivy import Occur, Query

from hub.index.analysis import coordinates, distance_km, normalise_region, region_paths
from hub.index.base import SearchIndex, SearchQuery
from hub.index.tantivy import UPCOMING_BOOST, TantivyIndex, _known_in
from hub.index.tantivy_filters import date_filters, facet_filters, upcoming_boost
from hub.index.tantivy_query import Known, combine, text_query
from hub.index.tantivy_results import stored_listing
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


class _Percolator(TantivyIndex):
    """A small Tantivy index of the new listings that answers "which of you match?".

    The query is built exactly as ``TantivyIndex.search`` builds it (the same text query,
    filters, date rules, geo filter and upcoming boost); what ``search`` adds on top for a
    results page (facet counts, snippets, paging) is left out because a match needs none.
    """

    facet_threads = 0

    def prepare(self, size: int) -> None:
        # nothing writes to this index any more: one searcher serves every need
        searcher = self._searcher = self._current().index.searcher()
        self._size = max(size, 1)
        self._texts: dict[str, Query | None] = {}
        self._ids: dict[tuple[int, int], str] = {}
        self._points: dict[str, tuple[float, float] | None] = {}
        for _, address in searcher.search(Query.all_query(), limit=self._size).hits:
            stored = stored_listing(searcher, address)
            self._ids[(address.segment_ord, address.doc)] = str(stored["id"])
            self._points[str(stored["id"])] = coordinates(stored)

    def matches(self, query: SearchQuery, known: Known | None) -> list[tuple[str, float]]:
        searcher = self._searcher
        if query.text not in self._texts:  # many needs share their words: analyse them once
            self._texts[query.text] = text_query(query.text, known=known or _known_in(searcher))
        scored = self._texts[query.text]
        facet_f = facet_filters(query)
        general = date_filters(query)
        ranked = scored
        if scored is not None:
            ranked = Query.boolean_query(
                [(Occur.Must, scored), (Occur.Should, upcoming_boost(query, UPCOMING_BOOST))]
            )
        main = combine(ranked, [*(q for q in facet_f.values() if q is not None), *general])
        radius = query.near is not None and query.radius_km is not None
        # the radius as the exact distance check the geo filter ends in (it adds no score);
        # on a few hundred listings that is cheaper than covering the circle with cells
        limit = self._size if radius else max(1, query.size)
        hits = searcher.search(main, limit=limit, count=False).hits
        found = [(self._ids[(a.segment_ord, a.doc)], float(score)) for score, a in hits]
        if radius:
            assert query.near is not None and query.radius_km is not None
            centre, km = query.near, max(0.0, query.radius_km)
            found = [
                (lid, score)
                for lid, score in found
                if (point := self._points[lid]) is not None and distance_km(centre, point) <= km
            ][: max(1, query.size)]
        return found


def percolate(
    needs: Iterable[Need],
    listings: Sequence[Listing],
    seqs: dict[str, int],
    *,
    now: datetime | None = None,
    catalogue: SearchIndex | None = None,
    workdir: Path | None = None,
) -> list[Match]:
    """Which of ``listings`` each need's search finds (only listings changed after the need
    was confirmed: ``seqs`` maps listing id → change-feed seq).

    ``catalogue``: the hub's own Tantivy index, whose vocabulary decides (as in a real
    search) which words are typos to be matched loosely; without it the small index's
    vocabulary decides.
    """
    needs = list(needs)
    if not needs or not listings:
        return []
    keys = _Keys(listings)
    position = {lst.id: n for n, lst in enumerate(listings)}
    series = [series_key(lst) for lst in listings]
    prices = [_price(lst) for lst in listings]
    seq_of = [seqs.get(lst.id, 0) for lst in listings]
    oldest = min(seq_of)
    known = _catalogue_known(catalogue)
    found: list[Match] = []
    base = workdir or (Path("/dev/shm") if Path("/dev/shm").is_dir() else None)
    with tempfile.TemporaryDirectory(prefix="regiohub-percolate-", dir=base) as tmp:
        index = _Percolator(Path(tmp) / "index")
        index.ensure()
        index.upsert(listings)
        index.prepare(len(listings))
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
                    hits = index.matches(query, known)
                    answers[query] = [(position[lid], score) for lid, score in hits]
                for n, score in answers[query]:
                    lst = listings[n]
                    if n in fresh and need.spec.within_budget(prices[n]):
                        found.append(Match(need.id, lst.id, score, series[n]))
        finally:
            index.close()
    return found


def _catalogue_known(catalogue: SearchIndex | None) -> Known | None:
    if not isinstance(catalogue, TantivyIndex):
        return None
    searcher = catalogue._current().index.searcher()
    return _known_in(searcher)


def _query(need: Need, now: datetime | None) -> SearchQuery | None:
    try:
        params = need.spec.search_params()
    except ValueError:  # a place no longer known (e.g. postcode table removed): no guess
        return None
    return replace(params.to_query(), size=MAX_PER_NEED, page=1, now=now)


def _price(listing: Listing) -> dict[str, object] | None:
    return listing.price.model_dump() if listing.price else None
