"""Turning a SearchQuery into an Elasticsearch search request, with Tantivy's semantics.

User text never reaches a query parser: words and "quoted phrases" are pulled out with a regex
and sent as ``match``/``match_phrase`` queries on ``title``, ``body`` and ``text`` only, so
operators, field syntax and wildcards are plain punctuation and internal fields stay unreachable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from hub.index.base import FACET_FIELDS, SearchQuery

TITLE_BOOST = 3.0
#: words beyond this many are ignored (a pasted paragraph must not build a huge query)
MAX_QUERY_WORDS = 32
#: two words or fewer must all match; of three or more, all but one (as in the Tantivy backend)
WORDS_TO_MATCH = "2<-1"

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+")

HIGHLIGHT: dict[str, Any] = {
    "encoder": "html",  # the text around matches comes back escaped
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fields": {
        "title": {"number_of_fragments": 0},  # the whole title
        "body": {"fragment_size": 200, "number_of_fragments": 1, "no_match_size": 0},
    },
}

_START_ASC = {"start": {"order": "asc", "missing": "_last"}}
#: equal scores: soonest start first, undated last; the id makes paging deterministic
SORT_BY_SCORE: list[Any] = [{"_score": {"order": "desc"}}, _START_ASC, {"id": {"order": "asc"}}]
SORT_BY_START: list[Any] = [_START_ASC, {"id": {"order": "asc"}}]


def split_text(text: str) -> tuple[list[str], list[str]]:
    """(words, phrases) of user input; a one-word "phrase" is just a word."""
    words: list[str] = []
    phrases: list[str] = []
    rest = 0
    for match in _PHRASE.finditer(text):
        words.extend(_WORD.findall(text[rest : match.start()]))
        rest = match.end()
        inner = _WORD.findall(match.group(1))[:MAX_QUERY_WORDS]
        if len(inner) > 1:
            phrases.append(" ".join(inner))
        else:
            words.extend(inner)
    words.extend(_WORD.findall(text[rest:]))
    unique = list(dict.fromkeys(w.casefold() for w in words))  # a repeated word counts once
    return unique[:MAX_QUERY_WORDS], phrases


def text_query(text: str) -> dict[str, Any] | None:
    """The scored part of a search, or None when the text has nothing to search for.

    ``text`` (title + body) decides what matches, with ``WORDS_TO_MATCH`` counted after the
    analyzer dropped stop words; ``title`` (boosted) and ``body`` add to the score and are what
    gets highlighted.
    """
    words, phrases = split_text(text)
    if not words and not phrases:
        return None
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    if words:
        joined = " ".join(words)
        must.append(
            {
                "match": {
                    "text": {
                        "query": joined,
                        "minimum_should_match": WORDS_TO_MATCH,
                        "zero_terms_query": "all",  # only stop words: like an empty search
                    }
                }
            }
        )
        should.append({"match": {"title": {"query": joined, "boost": TITLE_BOOST}}})
        should.append({"match": {"body": {"query": joined}}})
    for phrase in phrases:
        options = {"query": phrase, "zero_terms_query": "all"}
        must.append(
            {
                "bool": {
                    "should": [
                        {"match_phrase": {"title": {**options, "boost": TITLE_BOOST}}},
                        {"match_phrase": {"body": options}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return {"bool": {"must": must, "should": should}}


def filter_clauses(query: SearchQuery) -> dict[str, dict[str, Any]]:
    """Facet field → ``terms`` clause for the fields the query filters on (OR within a field)."""
    clauses: dict[str, dict[str, Any]] = {}
    for name in FACET_FIELDS:
        values = list(dict.fromkeys(v for v in getattr(query, name) if v))
        if values:
            clauses[name] = {"terms": {name: values}}
    return clauses


def facet_aggregations(
    filters: Mapping[str, dict[str, Any]], size: int
) -> dict[str, dict[str, Any]]:
    """Disjunctive facets: each field counted under the text and every *other* filter.

    The filters themselves go into ``post_filter``, which narrows the hits but not the
    aggregations; each facet then re-applies all filters but its own, so users see the
    alternatives to what they picked and exact counts for everything else.
    """
    aggregations: dict[str, dict[str, Any]] = {}
    for name in FACET_FIELDS:
        others = [clause for other, clause in filters.items() if other != name]
        scope = {"bool": {"filter": others}} if others else {"match_all": {}}
        aggregations[name] = {
            "filter": scope,
            "aggs": {"values": {"terms": {"field": name, "size": size}}},
        }
    return aggregations


def search_request(
    query: SearchQuery, *, offset: int, limit: int, facet_size: int
) -> dict[str, Any]:
    """Keyword arguments for ``Elasticsearch.search`` (apart from the index)."""
    scored = text_query(query.text)
    filters = filter_clauses(query)
    request: dict[str, Any] = {
        "query": scored if scored is not None else {"match_all": {}},
        "aggs": facet_aggregations(filters, facet_size),
        "sort": SORT_BY_SCORE if scored is not None else SORT_BY_START,
        "from_": offset,
        "size": limit,
        "track_total_hits": True,
        "source_includes": ["listing"],
    }
    if filters:
        request["post_filter"] = {"bool": {"filter": list(filters.values())}}
    if scored is not None:
        request["highlight"] = HIGHLIGHT
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
