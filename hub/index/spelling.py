""" "Meinten Sie …?": the catalogue's spelling of a typed word that was matched with a typo.

Both backends match words of six letters or more with one or two typos already; this names
the word they were taken for, from the hits themselves (the same on every backend, and no
second look-up): a typed word that none of the hits contains is replaced by the closest word
of their titles and descriptions within the allowed edits, the most frequent on a tie. The
correction is highlighted where the backend's snippet did not mark it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from hub.index.analysis import Unit, fuzziness, understood
from hub.index.base import Hit, SearchQuery, SearchResults
from hub.index.intent import fold
from hub.index.tantivy_schema import ANALYZERS

_WORD = re.compile(r"[^\W\d_]{4,}")


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _text(hit: Hit) -> str:
    return f"{hit.listing.get('title') or ''}\n{hit.listing.get('description_text') or ''}"


def corrections(units: list[Unit], hits: list[Hit]) -> dict[str, str]:
    """Typed word → the hits' word it was most likely meant as (only for words they lack)."""
    if not hits:
        return {}
    texts: list[str] | None = None
    out: dict[str, str] = {}
    for unit in units:
        if unit.soft or unit.required or not unit.alternatives:
            continue
        typed = unit.alternatives[0]
        if typed.derived or typed.field or len(typed.words) != 1 or not typed.fuzzy:
            continue
        word = typed.words[0]
        if texts is None:
            texts = [fold(_text(hit)) for hit in hits]
        key = fold(word)
        if any(key in text for text in texts):
            continue
        limit = fuzziness(word)
        counts = Counter(w for text in texts for w in _WORD.findall(text) if w[0] == key[0])
        scored = [(_distance(key, w, limit), -n, w) for w, n in counts.items()]
        best = min((s for s in scored if s[0] <= limit), default=None)
        # another form of the same word ("Schulungen" for "Schulung") is no typo
        if best is not None and ANALYZERS.german(key) != ANALYZERS.german(best[2]):
            out[word] = _spelled(best[2], hits)
    return out


def _spelled(folded: str, hits: list[Hit]) -> str:
    """The word as the hits spell it (with umlauts and capitals), from its folded form."""
    for hit in hits:
        for word in re.findall(r"[^\W\d_]+", _text(hit)):
            if fold(word) == folded:
                return word
    return folded


def _mark(snippet: str, word: str) -> str:
    if f"<mark>{word}" in snippet:
        return snippet
    return re.sub(rf"(?<![\w>])({re.escape(word)})(?!\w)", r"<mark>\1</mark>", snippet, count=3)


def finish(results: SearchResults, units: list[Unit]) -> SearchResults:
    """Add what was understood and corrected to ``results``; corrected words highlighted."""
    fixed = corrections(units, results.hits)
    hits = results.hits
    if fixed:
        hits = []
        for hit in results.hits:
            marks = dict(hit.highlights)
            for field, text in (("title", hit.listing.get("title") or ""),):
                for word in fixed.values():
                    if word in text:
                        marks[field] = _mark(marks.get(field) or _escape(text), word)
            for field, snippet in list(marks.items()):
                for word in fixed.values():
                    marks[field] = _mark(snippet, word) if field != "title" else marks[field]
            hits.append(replace(hit, highlights=marks))
    return replace(results, hits=hits, corrections=fixed, understood=understood(units))


def _escape(text: str) -> str:
    import html

    return html.escape(text)


#: a typed word this long may be a typo the suggestions should see past (as ``fuzziness``)
_SUGGEST_FUZZY_FROM = 6


def suggest_by_search(
    search: Callable[[SearchQuery], SearchResults], prefix: str, limit: int
) -> list[str]:
    """Titles for a prefix no title starts with: what a search for it finds.

    Suggestions then speak the search's vocabulary (typos forgiven, synonyms and compounds,
    kind and place words understood): "Datenschuts" suggests "Datenschutz im Verein".
    """
    words = [w for w in re.findall(r"[^\W_]+", prefix)]
    if not words or len(words[-1]) < _SUGGEST_FUZZY_FROM or limit <= 0:
        return []
    results = search(SearchQuery(text=prefix, size=limit * 2, upcoming_only=False))
    titles: dict[str, str] = {}
    for hit in results.hits:
        if hit.partial:
            continue
        title = str(hit.listing.get("title") or "")
        titles.setdefault(title.casefold(), title)
    return list(titles.values())[:limit]
