"""Reading Elasticsearch answers back: hits with safe highlights, facets, ranked suggestions."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from hub.errors import IndexError_
from hub.index.analysis import coordinates, distance_km
from hub.index.base import ALL_FACET_FIELDS, FacetValue, Hit

_MARK = re.compile(r"(</?mark>)")
_WORD = re.compile(r"[^\W_]+")


def safe_fragment(fragment: str) -> str:
    """A highlight fragment with ``<mark>`` kept and every other character escaped exactly once.

    The search asks for ``encoder: html``; un-escaping and escaping again around the marks
    gives the same result as Python's ``html.escape`` (what the Tantivy backend returns) and
    stays safe even if a server ignored the encoder and sent the raw text.
    """
    out = []
    for part in _MARK.split(fragment):
        out.append(part if part in ("<mark>", "</mark>") else html.escape(html.unescape(part)))
    return "".join(out)


def read_hits(
    raw: Iterable[Mapping[str, Any]], near: tuple[float, float] | None = None
) -> list[Hit]:
    """Hits from ``hits.hits``: the stored listing, the score (0 when browsing), highlights.

    With ``near``, each hit gets its distance from there, computed as on Tantivy.
    """
    hits = []
    for item in raw:
        listing = (item.get("_source") or {}).get("listing")
        if not isinstance(listing, dict):
            raise IndexError_(
                f"Das Dokument {item.get('_id')} im Suchindex hat kein gespeichertes Angebot; "
                "bauen Sie den Index mit `regiohub reindex` neu auf."
            )
        highlights = {}
        for name, fragments in (item.get("highlight") or {}).items():
            if fragments:
                highlights[name] = safe_fragment(str(fragments[0]))
        score = float(item.get("_score") or 0.0)
        point = coordinates(listing) if near is not None else None
        hits.append(
            Hit(
                id=str(listing["id"]),
                score=score,
                listing=listing,
                highlights=highlights,
                distance_km=distance_km(near, point) if near and point else None,
            )
        )
    return hits


def read_facets(aggregations: Mapping[str, Any] | None) -> dict[str, list[FacetValue]]:
    """Facet values most frequent first, ties by value, as the Tantivy backend orders them."""
    facets: dict[str, list[FacetValue]] = {}
    for name in ALL_FACET_FIELDS:
        buckets = (((aggregations or {}).get(name) or {}).get("values") or {}).get("buckets") or []
        if isinstance(buckets, dict):  # a ``filters`` aggregation: named buckets
            buckets = [{"key": k, **v} for k, v in buckets.items() if v.get("doc_count")]
        values = [FacetValue(str(b["key"]), int(b["doc_count"])) for b in buckets]
        facets[name] = sorted(values, key=lambda v: (-v.count, v.value))
    return facets


def fold(text: str) -> str:
    """Words of ``text`` lowercased and folded like Lucene's ``german_normalization``, joined.

    Only used to rank suggestions ("titles starting with what was typed first"), so it needs to
    agree with itself, not byte for byte with the server.
    """
    return " ".join(_normalize_word(word) for word in _WORD.findall(text.lower()))


def _normalize_word(word: str) -> str:
    """ä/ö/ü → a/o/u, ß → ss, "ae"/"oe" → a/o, "ue" → u unless after a vowel or q."""
    out: list[str] = []
    state = "other"  # "other" | "umlaut" (a, o, u after a consonant) | "vowel"
    for ch in word:
        if ch in "ao":
            out.append(ch)
            state = "umlaut"
        elif ch == "u":
            out.append(ch)
            state = "umlaut" if state == "other" else "vowel"
        elif ch == "e":
            if state != "umlaut":
                out.append(ch)
            state = "vowel"
        elif ch in "iqy":
            out.append(ch)
            state = "vowel"
        elif ch in "äöü":
            out.append({"ä": "a", "ö": "o", "ü": "u"}[ch])
            state = "vowel"
        elif ch == "ß":
            out.append("ss")
            state = "other"
        else:
            out.append(ch)
            state = "other"
    return "".join(out)


def rank_suggestions(raw: Iterable[Mapping[str, Any]], prefix: str, limit: int) -> list[str]:
    """Distinct titles; those starting with the typed text first, then by score, shorter first."""
    typed = fold(prefix)
    seen: set[str] = set()
    ranked: list[tuple[bool, float, int, str]] = []
    for item in raw:
        title = str((item.get("_source") or {}).get("title") or "")
        if not title or title.casefold() in seen:
            continue
        seen.add(title.casefold())
        at_start = fold(title).startswith(typed)
        ranked.append((not at_start, -float(item.get("_score") or 0.0), len(title), title))
    return [title for *_, title in sorted(ranked)[:limit]]
