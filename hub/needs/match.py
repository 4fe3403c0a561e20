"""Percolation: new listings against every saved need, with the API's own search.

Running every need's search over the whole catalogue after each harvest repeats the work for
listings nobody needs to hear about again. Instead the few listings that are new or changed
go into a small throw-away Tantivy index (the same backend, analysis and query building as
the catalogue's), and each need's ``SearchQuery`` is answered from it by parts, as
``TantivyIndex.search`` combines them: the text query with its upcoming boost (the score),
the date rules, the exact filters (kind, topic, audience, partner, format, region,
"kostenfrei", read from the same values the index stores) and the radius as an exact
distance. Needs share most parts, so each part is computed once per run; the hits are
exactly the new listings the API would return for the need. Scores come from the small
index, so the order among the new listings may differ slightly from the catalogue's; which
listings match does not (tests/test_needs_match.py, benchmarks/needs_match.py).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from tantivy import Occur, Query

from hub.index.analysis import coordinates, distance_km, normalise_region, region_paths
from hub.index.base import SearchIndex, SearchQuery
from hub.index.tantivy import UPCOMING_BOOST, TantivyIndex, _known_in
from hub.index.tantivy_filters import date_filters, upcoming_boost
from hub.index.tantivy_query import Known, combine, text_query
from hub.index.tantivy_results import stored_listing
from hub.model import Listing
from hub.needs.model import MATCH_PAGE
from hub.needs.store import Need

#: new listings one need can get from one harvest (an e-mail shows fewer)
MAX_PER_NEED = MATCH_PAGE
_NUMBERING = re.compile(r"\b(teil|termin|modul|gruppe|kurs)\s*\d+\b|\d+", re.IGNORECASE)


#: (need id, listing id, score, series key); plain tuples, as a harvest makes many of them.
#: The series key names the same offer on several dates (same partner, title without
#: numbers), which a need is sent once.
Match = tuple[str, str, float, str]


def series_key(listing: Listing | dict[str, object]) -> str:
    data = listing.model_dump() if isinstance(listing, Listing) else listing
    partner = (data.get("partner") or {}).get("name", "")  # type: ignore[union-attr]
    title = _NUMBERING.sub("", str(data.get("title", ""))).casefold()
    return f"{partner}|{' '.join(title.split())}"


class _Keys:
    """Exact filter values → positions of the new listings that carry them."""

    def __init__(self, listings: Sequence[Listing]) -> None:
        self.all = frozenset(range(len(listings)))
        self._seen: dict[tuple[object, ...], frozenset[int] | set[int]] = {}
        self.by: dict[tuple[str, str], set[int]] = {}
        for n, lst in enumerate(listings):
            self._add("kind", lst.kind, n)
            self._add("partner", lst.partner.name, n)
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
        key = _filter_key(query)
        if key not in self._seen:
            self._seen[key] = self._candidates(query)
        return self._seen[key]

    def _candidates(self, query: SearchQuery) -> frozenset[int] | set[int]:
        found: frozenset[int] | set[int] = self.all
        wanted = {
            "kind": query.kind,
            "partner": query.partner,
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

    A need's search is taken apart into what ``TantivyIndex.search`` combines: the text query
    with the upcoming boost (which gives the score), the date filters and the exact filters
    (``_Keys``), and the radius as the exact distance check the geo filter ends in (it adds no
    score). Each part is computed once for all needs that share it, and a need's hits are the
    listings all its parts let through, in score order. What ``search`` adds for a results
    page (facet counts, snippets, paging) is left out because a match needs none of it.
    """

    facet_threads = 0

    def prepare(self, positions: dict[str, int], known: Known | None) -> None:
        # nothing writes to this index any more: one searcher serves every need
        searcher = self._searcher = self._current().index.searcher()
        self._known = known or _known_in(searcher)
        self._size = max(len(positions), 1)
        self._at: dict[tuple[int, int], int] = {}
        self.points: list[tuple[float, float] | None] = [None] * len(positions)
        for _, address in searcher.search(Query.all_query(), limit=self._size).hits:
            stored = stored_listing(searcher, address)
            n = positions[str(stored["id"])]
            self._at[(address.segment_ord, address.doc)] = n
            self.points[n] = coordinates(stored)
        self._texts: dict[tuple[str, object], list[tuple[int, float]] | None] = {}
        self._dates: dict[tuple[object, ...], frozenset[int] | None] = {}

    def _positions(self, query: Query) -> list[tuple[int, float]]:
        hits = self._searcher.search(query, limit=self._size, count=False).hits
        return [(self._at[(a.segment_ord, a.doc)], float(score)) for score, a in hits]

    def scored(self, query: SearchQuery) -> list[tuple[int, float]] | None:
        """Listings the text matches, best first, with the search's score; None: no text."""
        key = (query.text, query.now)
        if key not in self._texts:
            text = text_query(query.text, known=self._known)
            if text is None:
                self._texts[key] = None
            else:
                boost = upcoming_boost(query, UPCOMING_BOOST)
                ranked = Query.boolean_query([(Occur.Must, text), (Occur.Should, boost)])
                self._texts[key] = self._positions(ranked)
        return self._texts[key]

    def dated(self, query: SearchQuery) -> frozenset[int] | None:
        """Listings the date rules let through; None: no date rule applies."""
        key = (query.date_from, query.date_to, query.upcoming_only, query.now)
        if key not in self._dates:
            rules = date_filters(query)
            found = (
                frozenset(n for n, _ in self._positions(combine(None, rules))) if rules else None
            )
            self._dates[key] = found
        return self._dates[key]

    def within(self, query: SearchQuery, candidates: Iterable[int]) -> set[int]:
        assert query.near is not None and query.radius_km is not None
        centre, km = query.near, max(0.0, query.radius_km)
        band = km / 110.0  # a degree of latitude is ~111 km: far north or south is out at once
        return {
            n
            for n in candidates
            if (point := self.points[n]) is not None
            and abs(point[0] - centre[0]) <= band
            and distance_km(centre, point) <= km
        }


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
    positions = {lst.id: n for n, lst in enumerate(listings)}
    ids = [lst.id for lst in listings]
    series = [series_key(lst) for lst in listings]
    prices = [_price(lst) for lst in listings]
    seq_of = [seqs.get(lst.id, 0) for lst in listings]
    oldest = min(seq_of)
    found: list[Match] = []
    base = workdir or (Path("/dev/shm") if Path("/dev/shm").is_dir() else None)
    with tempfile.TemporaryDirectory(prefix="regiohub-percolate-", dir=base) as tmp:
        index = _Percolator(Path(tmp) / "index")
        index.ensure()
        index.upsert(listings)
        index.prepare(positions, _catalogue_known(catalogue))
        try:
            for need in needs:
                query = _query(need, now)
                if query is None:
                    continue
                allowed = keys.candidates(query)
                if need.since_seq >= oldest:  # confirmed during these changes: only later ones
                    allowed = {n for n in allowed if seq_of[n] > need.since_seq}
                if allowed and (dated := index.dated(query)) is not None:
                    allowed = allowed & dated
                if allowed and query.near is not None and query.radius_km is not None:
                    allowed = index.within(query, allowed)
                if not allowed:
                    continue
                scored = index.scored(query)
                if scored is None:  # no text: every listing the filters let through
                    hits = [(n, 0.0) for n in sorted(allowed)]
                else:
                    hits = [(n, score) for n, score in scored if n in allowed]
                budgeted = need.spec.budget is not None
                kept = 0
                for n, score in hits:
                    if budgeted and not need.spec.within_budget(prices[n]):
                        continue
                    found.append((need.id, ids[n], score, series[n]))
                    kept += 1
                    if kept >= query.size:
                        break
        finally:
            index.close()
    return found


def _catalogue_known(catalogue: SearchIndex | None) -> Known | None:
    if not isinstance(catalogue, TantivyIndex):
        return None
    searcher = catalogue._current().index.searcher()
    return _known_in(searcher)


def _filter_key(query: SearchQuery) -> tuple[object, ...]:
    return (
        query.kind,
        query.topic,
        query.audience,
        query.partner,
        query.region,
        query.mode,
        query.free_only,
        query.open_deadline,
        query.now,
    )


def _query(need: Need, now: datetime | None) -> SearchQuery | None:
    try:
        params = need.spec.search_params(size=MAX_PER_NEED)
    except ValueError:  # a place no longer known (e.g. postcode table removed): no guess
        return None
    query = params.to_query()
    return query if now is None else replace(query, now=now)


def _price(listing: Listing) -> dict[str, object] | None:
    return listing.price.model_dump() if listing.price else None
