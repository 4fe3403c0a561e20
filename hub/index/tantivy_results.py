"""Reading Tantivy results back: hits with safe highlights, cursors, suggestions."""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson
import tantivy

from hub.errors import IndexError_
from hub.index.analysis import coordinates, distance_km
from hub.index.base import Hit
from hub.index.snippets import prose
from hub.index.tantivy_query import snippet_html
from hub.index.tantivy_schema import ANALYZERS, SCHEMA


def encode_cursor(offset: int) -> str:
    """An opaque ``search_after`` cursor: the position after the page just returned."""
    # the bytes ``json.dumps({"o": offset})`` gives, without the encoder's set-up per call
    return base64.urlsafe_b64encode(b'{"o": %d}' % offset).decode()


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
        raise IndexError_(
            "Ein Dokument im Suchindex hat kein gespeichertes Angebot; bauen Sie den Index mit "
            "`regiohub reindex` neu auf."
        )
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
        # (parsing the start only for hits that share their score with another)
        shared = {score for score, n in Counter(hit.score for hit in hits).items() if n > 1}
        hits.sort(
            key=lambda hit: (
                -hit.score,
                _start_key(hit.listing) if hit.score in shared else _NO_KEY,
            )
        )
    return hits


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


_NO_KEY = (0, 0.0)


def _start_key(listing: Mapping[str, Any]) -> tuple[int, float]:
    start = (listing.get("schedule") or {}).get("start")
    if not start:
        return (1, 0.0)
    return (0, datetime.fromisoformat(start).timestamp())
