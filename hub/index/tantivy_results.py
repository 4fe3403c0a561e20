"""Reading Tantivy results back: hits with safe highlights, disjunctive facets, suggestions."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson
import tantivy
from tantivy import Query

from hub.errors import IndexError_
from hub.index.analysis import coordinates, distance_km
from hub.index.base import ALL_FACET_FIELDS, FacetValue, Hit, SearchQuery
from hub.index.snippets import prose
from hub.index.tantivy_filters import closed_funding, now_of
from hub.index.tantivy_query import combine, facet_aggregation, snippet_html
from hub.index.tantivy_schema import ANALYZERS, SCHEMA


def encode_cursor(offset: int) -> str:
    """An opaque ``search_after`` cursor: the position after the page just returned."""
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def decode_cursor(cursor: str) -> int | None:
    """The position a cursor stands for; None if it is not one of ours (then ``page`` counts)."""
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        offset = value["o"] if isinstance(value, dict) else None
    except (ValueError, TypeError, KeyError):
        return None
    return offset if isinstance(offset, int) and offset >= 0 else None


def stored_listing(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict[str, Any]:
    stored = searcher.doc(address).get_first("doc")
    if not isinstance(stored, bytes):
        raise IndexError_("An indexed document has no stored listing; run `regiohub reindex`.")
    listing: dict[str, Any] = orjson.loads(stored)
    return listing


def read_hits(
    searcher: tantivy.Searcher,
    scored: tantivy.Query | None,
    raw: list[tuple[Any, tantivy.DocAddress]],
    *,
    title_chars: int,
    body_chars: int,
    scores: bool = True,
    near: tuple[float, float] | None = None,
) -> list[Hit]:
    """Hits from the stored listing JSON, highlighted when there was text to search for.

    ``scores``: the keys of ``raw`` are scores (else sort keys, and hits score 0). ``near``:
    each hit gets its distance from there when its place has coordinates.
    """
    generators: dict[str, tantivy.SnippetGenerator] = {}
    if scored is not None:
        for field, chars in (("title", title_chars), ("body", body_chars)):
            generators[field] = tantivy.SnippetGenerator.create(searcher, scored, SCHEMA, field)
            generators[field].set_max_num_chars(chars)
    hits = []
    for key, address in raw:
        listing = stored_listing(searcher, address)
        highlights = {}
        for field, generator in generators.items():
            text = listing["title"] if field == "title" else prose(listing.get("description_text"))
            if text:
                snippet = generator.snippet_from_doc(tantivy.Document(**{field: text}))
                if html := snippet_html(snippet, text):
                    highlights[field] = html
        score = float(key) if scored is not None and scores else 0.0
        point = coordinates(listing) if near is not None else None
        hits.append(
            Hit(
                id=listing["id"],
                score=score,
                listing=listing,
                highlights=highlights,
                distance_km=distance_km(near, point) if near and point else None,
            )
        )
    if scored is not None and scores:
        # Equal scores: soonest start first. Only within the page, so paging stays consistent
        # (Tantivy breaks ties across pages by document address).
        hits.sort(key=lambda hit: (-hit.score, _start_key(hit.listing)))
    return hits


def count_facets(
    searcher: tantivy.Searcher,
    scored: tantivy.Query | None,
    filters: Mapping[str, tantivy.Query | None],
    general: list[tantivy.Query],
    size: int,
    query: SearchQuery,
    filter_strings: Mapping[str, str] | None = None,
) -> dict[str, list[FacetValue]]:
    """Disjunctive facets: each field counted under the text and every *other* filter.

    With ``filter_strings`` (each active facet filter in query syntax) this is one
    aggregation pass over the text and ``general`` filters, each field's counts inside a
    ``filter`` aggregation of the other fields' filters; evaluating the text query once
    instead of once per filtered field is most of a search's cost. Without them (a filter
    the query syntax cannot say), fields without a filter of their own share one terms
    aggregation over the full query and each filtered field needs one more.
    """
    if filter_strings is not None:
        return _facets_one_pass(searcher, scored, filter_strings, general, size, query)
    active = {field: q for field, q in filters.items() if q is not None}
    plans: list[tuple[tantivy.Query, list[str]]] = []
    unfiltered = [field for field in ALL_FACET_FIELDS if field not in active]
    if unfiltered:
        plans.append((combine(scored, [*active.values(), *general]), unfiltered))
    for field in active:
        others = [q for other, q in active.items() if other != field]
        plans.append((combine(scored, [*others, *general]), [field]))
    facets: dict[str, list[FacetValue]] = {}
    for scope, fields in plans:
        terms_fields = [FIELD_OF.get(f, f) for f in fields if f != "deadline"]
        result = searcher.aggregate(scope, facet_aggregation(terms_fields, size))
        for field in fields:
            if field == "deadline":
                facets[field] = _deadline_counts(searcher, scope, now_of(query))
                continue
            facets[field] = _buckets(result.get(FIELD_OF.get(field, field)))
    return {field: facets.get(field, []) for field in ALL_FACET_FIELDS}


def _buckets(result: Any) -> list[FacetValue]:
    buckets = (result or {}).get("buckets") or []
    values = [FacetValue(str(b["key"]), int(b["doc_count"])) for b in buckets]
    return sorted(values, key=lambda v: (-v.count, v.value))


_DEADLINE_AGG = "__deadline"


def _facets_one_pass(
    searcher: tantivy.Searcher,
    scored: tantivy.Query | None,
    active: Mapping[str, str],
    general: list[tantivy.Query],
    size: int,
    query: SearchQuery,
) -> dict[str, list[FacetValue]]:
    """All facets in one aggregation; see ``count_facets``."""
    plans: dict[str, list[str]] = {}  # filter string ("" = none) → fields counted under it
    for field in ALL_FACET_FIELDS:
        others = [f"({q})" for other, q in active.items() if other != field]
        plans.setdefault(" AND ".join(others), []).append(field)
    now_ns = now_of(query).timestamp() * 1e9
    aggs: dict[str, Any] = {}
    for i, (where, fields) in enumerate(plans.items()):
        inner: dict[str, Any] = {
            f"{field}": {"terms": {"field": FIELD_OF.get(field, field), "size": size}}
            for field in fields
            if field != "deadline"
        }
        if "deadline" in fields:  # funding by kind, and of it those whose deadline passed
            inner[_DEADLINE_AGG] = {
                "terms": {"field": "kind", "size": size},
                "aggs": {"closed": {"range": {"field": "deadline", "ranges": [{"to": now_ns}]}}},
            }
        aggs[f"p{i}"] = {"filter": where, "aggs": inner} if where else inner
    flat: dict[str, Any] = {}
    for name, spec in list(aggs.items()):
        if "filter" not in spec:  # unfiltered fields sit at the top level
            flat.update(spec)
            del aggs[name]
    result = searcher.aggregate(combine(scored, general), {**flat, **aggs})
    facets: dict[str, list[FacetValue]] = {}
    for i, (where, fields) in enumerate(plans.items()):
        part = result.get(f"p{i}", {}) if where else result
        for field in fields:
            if field == "deadline":
                facets[field] = _deadline_from(part.get(_DEADLINE_AGG))
            else:
                facets[field] = _buckets(part.get(field))
    return {field: facets.get(field, []) for field in ALL_FACET_FIELDS}


def _deadline_from(result: Any) -> list[FacetValue]:
    n_funding = n_closed = 0
    for bucket in (result or {}).get("buckets") or []:
        if bucket.get("key") == "funding":
            n_funding = int(bucket["doc_count"])
            ranges = (bucket.get("closed") or {}).get("buckets") or []
            n_closed = sum(int(r["doc_count"]) for r in ranges if "from" not in r)
    values = [FacetValue("open", n_funding - n_closed), FacetValue("closed", n_closed)]
    return sorted((v for v in values if v.count), key=lambda v: (-v.count, v.value))


def _deadline_counts(
    searcher: tantivy.Searcher, scope: tantivy.Query, now: datetime
) -> list[FacetValue]:
    """Funding under ``scope`` with an open deadline (or none) and with a passed one."""
    funding = combine(scope, [Query.term_query(SCHEMA, "kind", "funding")])
    closed = combine(scope, [closed_funding(now)])
    n_funding = int(getattr(searcher.search(funding, limit=1), "count", 0) or 0)
    n_closed = int(getattr(searcher.search(closed, limit=1), "count", 0) or 0)
    values = [FacetValue("open", n_funding - n_closed), FacetValue("closed", n_closed)]
    return sorted((v for v in values if v.count), key=lambda v: (-v.count, v.value))


#: facets counted on another index field than their name
FIELD_OF = {"region": "region"}


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
