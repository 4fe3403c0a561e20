"""Turning a SearchQuery into an Elasticsearch search request, with Tantivy's semantics.

User text never reaches a query parser: ``analysis.query_units`` pulls words and "quoted
phrases" out with a regex (adding synonyms, compound parts and typo tolerance, as for
Tantivy), and they are sent as ``match``/``match_phrase`` queries on ``title``, ``body`` and
``parts`` only, so operators, field syntax and wildcards are plain punctuation and internal
fields stay unreachable.
"""

from __future__ import annotations

import base64
import json
import math
import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from hub.index.analysis import Alternative, Unit, normalise_region, query_units
from hub.index.base import ALL_FACET_FIELDS, SearchQuery
from hub.index.relax import boosts, matchable
from hub.index.tantivy_filters import DATED_KINDS, day_start, now_of
from hub.index.tantivy_query import has_synonyms
from hub.index.tantivy_schema import ANALYZERS

TITLE_BOOST = 3.0
PARTS_BOOST = 0.6
FUZZY_BOOST = 0.4
DERIVED_BOOST = 0.8
#: a unit scores its best alternative plus this share of the others (as on Tantivy)
ALTERNATIVES_TIE = 0.1
#: the same structural weights as on Tantivy (see ``tantivy_query``)
FIELD_MATCH = 2.0
VENUE_BOOST = 3.0
FACTS_BOOST = 0.5
EXACT_TITLE_BONUS = 3.0
ALL_WORDS_BONUS = 1000.0
#: added to the score of matching listings that have not ended yet (as on Tantivy)
UPCOMING_BOOST = 0.5

_WORD = re.compile(r"[^\W_]+")

HIGHLIGHT: dict[str, Any] = {
    "encoder": "html",  # the text around matches comes back escaped
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fields": {
        "title": {"number_of_fragments": 0},  # the whole title
        # the body snippet is cut from the description's prose here (hub.index.snippets)
    },
}

_START_ASC = {"start": {"order": "asc", "missing": "_last"}}
_ID_ASC = {"id": {"order": "asc"}}
#: equal scores: soonest start first, undated last; the id makes paging deterministic
SORT_BY_SCORE: list[Any] = [{"_score": {"order": "desc"}}, _START_ASC, _ID_ASC]
SORT_BY_START: list[Any] = [_START_ASC, _ID_ASC]


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


def _word(
    word: str, fuzzy: int, boost: float, place: bool = False, facts: bool = True
) -> dict[str, Any] | None:
    if not ANALYZERS.german(word):  # a stop word: nothing to match (as on Tantivy)
        return None
    should: list[dict[str, Any]] = [
        {"match": {"title": {"query": word, "boost": TITLE_BOOST * boost}}},
        {"match": {"body": {"query": word, "boost": boost}}},
        {"match": {"parts": {"query": word, "boost": PARTS_BOOST * boost}}},
        {"match": {"place": {"query": word, "boost": (VENUE_BOOST if place else 1.0) * boost}}},
    ]
    if facts:
        should.append({"match": {"facts": {"query": word, "boost": FACTS_BOOST * boost}}})
    if fuzzy:
        for field, weight in (("title", TITLE_BOOST), ("body", 1.0)):
            options = {"query": word, "fuzziness": fuzzy, "boost": FUZZY_BOOST * weight * boost}
            should.append({"match": {field: options}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _alternative(alt: Alternative, relaxed: bool = False) -> dict[str, Any] | None:
    if alt.field:  # the unit named by a listing field: a fixed score (as on Tantivy)
        return boost_clause(alt.field, alt.value, FIELD_MATCH)
    boost = DERIVED_BOOST if alt.derived else 1.0
    # a partial match must show in what the offer is about, not only in a fact line or name
    facts = not relaxed
    relaxed = relaxed and not (alt.phrase and alt.derived)  # a synonym phrase stays one
    if alt.phrase and not relaxed:
        text = " ".join(alt.words)
        if len(ANALYZERS.german(text)) < 2:
            return _word(text, 0, boost, alt.place)
        weights = {
            "title": TITLE_BOOST,
            "body": 1.0,
            "place": VENUE_BOOST if alt.place else 1.0,
            "facts": FACTS_BOOST,
        }
        # a synonym phrase scores as one word (see tantivy_query._alternative_query)
        share = boost / len(ANALYZERS.german(text)) if alt.derived else boost
        phrases = [
            {"match_phrase": {f: {"query": text, "boost": w * share}}} for f, w in weights.items()
        ]
        return {"bool": {"should": phrases, "minimum_should_match": 1}}
    words = [
        q for w in alt.words if (q := _word(w, alt.fuzzy, boost, alt.place, facts)) is not None
    ]
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    if relaxed:  # a compound's parts, a phrase's words one at a time (hub.index.relax)
        return {"bool": {"should": words, "minimum_should_match": 1}}
    return {"bool": {"must": words}}


def unit_clause(unit: Unit, relaxed: bool = False) -> dict[str, Any] | None:
    """Any alternative of ``unit``: the best one scores, the others add a little."""
    alternatives = [q for alt in unit.alternatives if (q := _alternative(alt, relaxed)) is not None]
    if not alternatives:
        return None
    if len(alternatives) == 1:
        return alternatives[0]
    return {"dis_max": {"queries": alternatives, "tie_breaker": ALTERNATIVES_TIE}}


def _title_bonus(unit: Unit) -> dict[str, Any] | None:
    """A fixed bonus for the words as typed in the title (see ``tantivy_query._title_bonus``)."""
    typed = next((a for a in unit.alternatives if not a.derived and not a.field), None)
    if typed is None or unit.soft or not has_synonyms(unit):
        return None
    words = [w for w in typed.words if ANALYZERS.german(w)]
    if not words:
        return None
    match = {"match": {"title": {"query": " ".join(words), "operator": "and"}}}
    return {"constant_score": {"filter": match, "boost": EXACT_TITLE_BONUS}}


def text_query(text: str | list[Unit], *, relaxed: bool = False) -> dict[str, Any] | None:
    """The scored part of a search, or None when the text has nothing to search for.

    Two words or fewer must all match, of three or more all but one; quoted phrases must
    match. Each word may also match through a synonym, its compound parts or a typo (the
    best alternative counts, as ``dis_max``). Place, kind, mode and level words only add
    score through exact fields, as on Tantivy (``analysis.Unit.soft``). ``relaxed``: one
    word is enough, listings with every word get ``ALL_WORDS_BONUS`` (``hub.index.relax``).
    """
    units = query_units(text) if isinstance(text, str) else text
    required: list[dict[str, Any]] = []
    optional: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    for unit in units:
        extra.extend(boost_clause(b.field, b.value, b.weight) for b in boosts(unit, relaxed))
        query = unit_clause(unit, relaxed and not unit.soft and not unit.required)
        if query is None:
            continue
        if unit.soft:
            extra.append(query)
            continue
        (required if unit.required else optional).append(query)
        if (bonus := _title_bonus(unit)) is not None:
            extra.append(bonus)
    if not required and not optional:
        return None
    must = required + optional
    if optional and (len(optional) > 2 or relaxed):
        least = 1 if relaxed else len(optional) - 1
        must = [*required, {"bool": {"should": optional, "minimum_should_match": least}}]
        # every word in full (a compound whole, a phrase in order), as on Tantivy
        strict = [q for u in units if not u.soft and not u.required and (q := unit_clause(u))]
        every = {"constant_score": {"filter": {"bool": {"must": strict}}, "boost": ALL_WORDS_BONUS}}
        extra.append(every)
    scored: dict[str, Any] = {"bool": {"must": must}}
    if extra:
        scored["bool"]["should"] = extra
    return scored


def boost_clause(field: str, value: str, weight: float) -> dict[str, Any]:
    """Adds ``weight`` to the score of listings whose keyword ``field`` is ``value``."""
    return {"constant_score": {"filter": {"term": {field: value}}, "boost": weight}}


def _terms(field: str, values: Any) -> dict[str, Any] | None:
    unique = list(dict.fromkeys(v for v in values if v))
    return {"terms": {field: unique}} if unique else None


def _closed_funding(now: datetime) -> dict[str, Any]:
    return {
        "bool": {
            "filter": [
                {"term": {"kind": "funding"}},
                {"range": {"deadline": {"lt": _iso(now)}}},
            ]
        }
    }


def _open_funding(now: datetime) -> dict[str, Any]:
    return {"bool": {"filter": [{"term": {"kind": "funding"}}], "must_not": [_closed_funding(now)]}}


def filter_clauses(query: SearchQuery) -> dict[str, dict[str, Any]]:
    """Facet field → its filter clause, for the facets the query filters on."""
    now = now_of(query)
    clauses = {
        "kind": _terms("kind", query.kind),
        "topic": _terms("topic", query.topic),
        "audience": _terms("audience", query.audience),
        "partner": _terms("partner", query.partner),
        "region": _terms("region_path", (normalise_region(r) for r in query.region)),
        "mode": _terms("mode", query.mode),
        "free": {"term": {"free": "free"}} if query.free_only else None,
        "deadline": _open_funding(now) if query.open_deadline else None,
    }
    return {name: clause for name, clause in clauses.items() if clause is not None}


def general_filters(query: SearchQuery) -> list[dict[str, Any]]:
    """Date range, "upcoming only" and radius: these narrow hits and every facet."""
    out: list[dict[str, Any]] = []
    if query.date_from is not None:
        out.append({"range": {"end": {"gte": _iso(day_start(query.date_from))}}})
    if query.date_to is not None:
        upper = day_start(query.date_to + timedelta(days=1))
        out.append({"range": {"start": {"lt": _iso(upper)}}})
    if (kinds := _terms("schedule", query.schedule)) is not None:
        out.append(kinds)
    if query.series is not None:
        out.append({"term": {"series": query.series}})
    if query.upcoming_only is not False:
        ended: dict[str, Any] = {"range": {"end": {"lt": _iso(now_of(query))}}}
        if query.upcoming_only is None:
            ended = {"bool": {"filter": [{"terms": {"kind": list(DATED_KINDS)}}, ended]}}
        out.append({"bool": {"must_not": [ended]}})
    if query.near is not None and query.radius_km is not None:
        lat, lon = query.near
        km = max(0.0, query.radius_km)
        out.append({"geo_distance": {"distance": f"{km}km", "location": [lon, lat]}})
    return out


def facet_aggregations(
    filters: Mapping[str, dict[str, Any]], size: int, query: SearchQuery
) -> dict[str, dict[str, Any]]:
    """Disjunctive facets: each field counted under the text and every *other* filter.

    The filters themselves go into ``post_filter``, which narrows the hits but not the
    aggregations; each facet then re-applies all filters but its own, so users see the
    alternatives to what they picked and exact counts for everything else.
    """
    now = now_of(query)
    aggregations: dict[str, dict[str, Any]] = {}
    for name in ALL_FACET_FIELDS:
        others = [clause for other, clause in filters.items() if other != name]
        scope = {"bool": {"filter": others}} if others else {"match_all": {}}
        if name == "deadline":
            buckets = {"open": _open_funding(now), "closed": _closed_funding(now)}
            values: dict[str, Any] = {"filters": {"filters": buckets}}
        else:
            values = {"terms": {"field": name, "size": size}}
        aggregations[name] = {"filter": scope, "aggs": {"values": values}}
    return aggregations


def sort_order(query: SearchQuery, scored: bool) -> list[Any]:
    if query.sort == "distance" and query.near is not None:
        lat, lon = query.near
        geo = {"location": [lon, lat], "order": "asc", "unit": "km", "ignore_unmapped": True}
        return [{"_geo_distance": geo}, _ID_ASC]
    if scored and query.sort != "date":  # "distance" without ``near`` ranks by relevance
        return SORT_BY_SCORE
    return SORT_BY_START


def encode_cursor(sort_values: list[Any], offset: int) -> str:
    """An opaque ``search_after`` cursor: the last hit's sort values and the position after it."""
    # Elasticsearch sorts a document without a location at Infinity, which strict JSON
    # parsers refuse in search_after: the largest double sorts the same
    finite = [
        math.copysign(sys.float_info.max, v) if isinstance(v, float) and math.isinf(v) else v
        for v in sort_values
    ]
    raw = json.dumps({"after": finite, "o": offset})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[list[Any], int] | None:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        after, offset = value["after"], value["o"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(after, list) or not isinstance(offset, int):
        return None
    return after, offset


def search_request(
    query: SearchQuery,
    *,
    offset: int,
    limit: int,
    facet_size: int,
    units: list[Unit] | None = None,
    relaxed: bool = False,
) -> dict[str, Any]:
    """Keyword arguments for ``Elasticsearch.search`` (apart from the index).

    ``relaxed``: one word is enough (``hub.index.relax``); the answer then also counts, per
    word to match, the listings holding it (aggregation ``relax_words``, bucket = position).
    """
    units = query_units(query.text) if units is None else units
    scored = text_query(units, relaxed=relaxed)
    filters = filter_clauses(query)
    general = general_filters(query)
    main: dict[str, Any] = scored if scored is not None else {"match_all": {}}
    if scored is not None:
        upcoming = {"bool": {"must_not": [{"range": {"end": {"lt": _iso(now_of(query))}}}]}}
        boost = {"constant_score": {"filter": upcoming, "boost": UPCOMING_BOOST}}
        main = {"bool": {"must": [scored], "should": [boost]}}
    if general:
        main = {"bool": {"must": [main], "filter": general}}
    request: dict[str, Any] = {
        "query": main,
        "aggs": facet_aggregations(filters, facet_size, query),
        "sort": sort_order(query, scored is not None),
        "from_": offset,
        "size": limit,
        "track_total_hits": True,
        "source_includes": ["listing"],
    }
    if filters:
        request["post_filter"] = {"bool": {"filter": list(filters.values())}}
    if scored is not None:
        request["highlight"] = HIGHLIGHT
    # whether any match belongs to a series: then the page is read again, folded (es_series)
    request["aggs"]["series_hits"] = {"filter": {"exists": {"field": "series"}}}
    if relaxed:
        words = {
            str(i): {"bool": {"filter": [q, *filters.values()]}}
            for i, unit in enumerate(matchable(units))
            if (q := unit_clause(unit)) is not None
        }
        if words:
            request["aggs"]["relax_words"] = {"filters": {"filters": words}}
    return request


def suggest_query(prefix: str) -> dict[str, Any] | None:
    """Titles containing every typed word, the last one as a prefix unless a space follows it.

    ``match_bool_prefix`` analyses the input with the title's folding analyzer, so "Förder"
    and "Foerder" are the same prefix. None when nothing was typed but punctuation.
    """
    if not _WORD.search(prefix):
        return None
    kind = "match" if prefix[-1:].isspace() else "match_bool_prefix"
    return {kind: {"title.prefix": {"query": prefix.strip(), "operator": "and"}}}
