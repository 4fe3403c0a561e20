"""Never a dead end: when every word together finds too little, one word is enough.

Both backends search strictly first (every word, or all but one of three or more). When that
finds fewer than ``RELAX_BELOW`` listings and the query has two or more words to match, they
search again with any one word required (and a compound's parts one at a time: a
"Wissensmanagement" search finds a "Wissensdatenbank"); listings with every word carry a
bonus far above any text score (``tantivy_query.ALL_WORDS_BONUS``), so they stay on top
and partial matches follow, best-informed first (BM25 weighs rare words above common
ones). What was relaxed is part of the results (``SearchResults.relaxation``), so the API
and the page can say so.

Place, kind, mode and price words are never required text in the first place
(``analysis._settle``); a typo is tolerated in the strict search already (words of six letters
or more), and ``hub.index.spelling`` names the corrected form.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.index.analysis import MATCHABLE_FIELDS, Unit
from hub.index.intent import Boost

#: a strict search with fewer hits than this is relaxed (a first page not even half full)
RELAX_BELOW = 10


@dataclass(frozen=True)
class Relaxation:
    """What a relaxed search did: the words it searched for and how they fared."""

    #: listings that match every word (they come first)
    all_words: int
    #: the words (as typed) found in at least one listing of the results
    found: tuple[str, ...]
    #: the words found in none: the results are for the others
    missing: tuple[str, ...]


def matchable(units: list[Unit]) -> list[Unit]:
    """The units a relaxed search may leave out: words to match, not quoted phrases."""
    return [u for u in units if not u.soft and not u.required and u.alternatives]


def relaxable(units: list[Unit]) -> bool:
    """Two or more words to match, or a compound whose parts can match one at a time."""
    words = matchable(units)
    return len(words) >= 2 or any(splits(u) for u in words)


def splits(unit: Unit) -> bool:
    """Whether ``unit`` has several words to match one at a time: a compound split
    ("Wissensmanagement" → wissens management) or words typed as a phrase ("Energie sparen")."""
    return any(len(a.words) > 1 and not (a.phrase and a.derived) for a in unit.alternatives)


def boosts(unit: Unit, relaxed: bool) -> tuple[Boost, ...]:
    """The boosts ``unit`` adds; relaxed, not those of a kind, mode or price it matches by.

    "Weiterbildung Cottbus" relaxed shows Cottbus offers before courses elsewhere: the
    kind word is the least informative of the two, so its boost must not lift listings that
    match it alone above listings that match the place.
    """
    if not relaxed or not any(a.field for a in unit.alternatives):
        return unit.boosts
    return tuple(b for b in unit.boosts if b.field not in MATCHABLE_FIELDS)
