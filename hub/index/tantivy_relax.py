"""Tantivy's side of ``hub.index.relax``: the per-word counts and the partial-hit marks."""

from __future__ import annotations

from dataclasses import replace

import tantivy

from hub.index.analysis import Unit
from hub.index.base import SearchQuery, SearchResults
from hub.index.relax import Relaxation, matchable
from hub.index.tantivy_filters import date_filters, facet_filters
from hub.index.tantivy_query import Known, combine, unit_query


def relaxation(
    searcher: tantivy.Searcher,
    query: SearchQuery,
    units: list[Unit],
    known: Known,
    all_words: int,
    results: SearchResults,
) -> SearchResults:
    """``results`` of the relaxed search, told how each word fared and which hits are partial.

    Each word is counted under the query's filters (a radius excepted): a word no listing
    holds is the one the results leave out.
    """
    filters = [q for q in facet_filters(query).values() if q is not None] + date_filters(query)
    found: list[str] = []
    missing: list[str] = []
    for unit in matchable(units):
        q = unit_query(unit, known)
        n = (
            0
            if q is None
            else int(getattr(searcher.search(combine(q, filters), limit=1), "count", 0))
        )
        (found if n else missing).append(unit.text)
    start = query.offset
    hits = [replace(hit, partial=start + i >= all_words) for i, hit in enumerate(results.hits)]
    return replace(
        results,
        hits=hits,
        relaxation=Relaxation(all_words, tuple(found), tuple(missing)),
    )
