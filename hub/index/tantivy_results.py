"""Reading Tantivy results back: hits with safe highlights, disjunctive facets, suggestions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import tantivy

from hub.errors import IndexError_
from hub.index.base import FACET_FIELDS, FacetValue, Hit
from hub.index.tantivy_query import combine, facet_aggregation, snippet_html
from hub.index.tantivy_schema import ANALYZERS, SCHEMA, body_text


def read_hits(
    searcher: tantivy.Searcher,
    scored: tantivy.Query | None,
    raw: list[tuple[Any, tantivy.DocAddress]],
    *,
    title_chars: int,
    body_chars: int,
) -> list[Hit]:
    """Hits from the stored listing JSON, highlighted when there was text to search for."""
    generators: dict[str, tantivy.SnippetGenerator] = {}
    if scored is not None:
        for field, chars in (("title", title_chars), ("body", body_chars)):
            generators[field] = tantivy.SnippetGenerator.create(searcher, scored, SCHEMA, field)
            generators[field].set_max_num_chars(chars)
    hits = []
    for key, address in raw:
        stored = searcher.doc(address).get_first("doc")
        if not isinstance(stored, bytes):
            raise IndexError_("An indexed document has no stored listing; run `regiohub reindex`.")
        listing = json.loads(stored)
        highlights = {}
        for field, generator in generators.items():
            text = listing["title"] if field == "title" else body_text(listing)
            if text:
                snippet = generator.snippet_from_doc(tantivy.Document(**{field: text}))
                if html := snippet_html(snippet, text):
                    highlights[field] = html
        score = float(key) if scored is not None else 0.0
        hits.append(Hit(id=listing["id"], score=score, listing=listing, highlights=highlights))
    if scored is not None:
        # Equal scores: soonest start first. Only within the page, so paging stays consistent
        # (Tantivy breaks ties across pages by document address).
        hits.sort(key=lambda hit: (-hit.score, _start_key(hit.listing)))
    return hits


def count_facets(
    searcher: tantivy.Searcher,
    scored: tantivy.Query | None,
    filters: Mapping[str, tantivy.Query | None],
    size: int,
) -> dict[str, list[FacetValue]]:
    """Disjunctive facets: each field counted under the text and every *other* filter.

    Fields without a filter of their own share one terms aggregation over the full query; each
    filtered field needs one more, without its own filter, so users see the alternatives.
    """
    active = {field: q for field, q in filters.items() if q is not None}
    plans: list[tuple[tantivy.Query, list[str]]] = []
    unfiltered = [field for field in FACET_FIELDS if field not in active]
    if unfiltered:
        plans.append((combine(scored, active.values()), unfiltered))
    for field in active:
        others = [q for other, q in active.items() if other != field]
        plans.append((combine(scored, others), [field]))
    facets: dict[str, list[FacetValue]] = {}
    for query, fields in plans:
        result = searcher.aggregate(query, facet_aggregation(fields, size))
        for field in fields:
            buckets = (result.get(field) or {}).get("buckets") or []
            values = [FacetValue(str(b["key"]), int(b["doc_count"])) for b in buckets]
            facets[field] = sorted(values, key=lambda v: (-v.count, v.value))
    return {field: facets.get(field, []) for field in FACET_FIELDS}


def rank_suggestions(
    searcher: tantivy.Searcher,
    raw: list[tuple[Any, tantivy.DocAddress]],
    folded_prefix: str,
    limit: int,
) -> list[str]:
    """Distinct titles; those starting with the typed text first, then by score, shorter first."""
    seen: set[str] = set()
    ranked: list[tuple[bool, float, int, str]] = []
    for score, address in raw:
        title = str(searcher.doc(address).get_first("title") or "")
        if not title or title.casefold() in seen:
            continue
        seen.add(title.casefold())
        at_start = " ".join(ANALYZERS.folded(title)).startswith(folded_prefix)
        ranked.append((not at_start, -float(score), len(title), title))
    return [title for *_, title in sorted(ranked)[:limit]]


def _start_key(listing: Mapping[str, Any]) -> tuple[int, float]:
    start = (listing.get("schedule") or {}).get("start")
    if not start:
        return (1, 0.0)
    return (0, datetime.fromisoformat(start).timestamp())
