"""What a query word says besides its topic: a place, the kind of offer, a mode, a level.

"excel kurs leipzig" is about Excel; "kurs" and "leipzig" say which Excel offers come first.
Matching such words as plain text ranks badly: "sachsen" matches Sachsen-Anhalt as well, and
requiring "kurs" drops Excel workshops a searcher would still take. So these words become
*soft*: they add boosts on exact listing fields (kind, mode, region codes, free) and never
have to match. The word lists are data (``data/places.txt``, ``data/query_words.txt``), shared
by both backends.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

#: boost weights, on the scale of BM25 scores (~1–20 for a matching listing)
LAND_BOOST = 12.0
#: a nationwide offer applies in every Land, but is not what was asked for
NATIONWIDE_BOOST = 6.0
#: a city's Land, for listings elsewhere in it (the city itself is matched as text)
CITY_LAND_BOOST = 4.0
KIND_BOOST = 12.0
MODE_BOOST = 5.0
FREE_BOOST = 5.0
#: an audience word ("Azubis") also names who an offer is for: listings tagged so rank higher
AUDIENCE_BOOST = 4.0
#: longest place name in words ("Freie und Hansestadt Hamburg" is four)
MAX_PLACE_WORDS = 4


def fold(text: str) -> str:
    """Lowercase with umlauts spelled out, so "Köln" and "koeln" are the same key.

    Chained ``str.replace`` rather than ``str.translate``: several times faster on the long
    texts indexing folds (translate with a dict table goes through Python per character).
    """
    text = text.casefold()  # also turns ß into ss
    if text.isascii():
        return text
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")


@dataclass(frozen=True)
class Boost:
    """Adds ``weight`` to the score of listings whose keyword ``field`` holds ``value``."""

    field: str
    value: str
    weight: float


@dataclass(frozen=True)
class Understood:
    """A query word taken as a filter or boost rather than as text, for showing it removably.

    ``field``: ``kind``, ``mode``, ``free``, ``audience`` (values as in the listing model),
    ``region`` (a Land's code) or ``place`` (a city or postcode, ``value`` as typed).
    """

    text: str
    field: str
    value: str


@dataclass(frozen=True)
class Place:
    """A place name typed in a query: a Land (``city`` False) or a city in Land ``code``."""

    code: str
    city: bool

    def boosts(self) -> tuple[Boost, ...]:
        if self.city:
            return (Boost("region_path", self.code, CITY_LAND_BOOST),)
        return (
            Boost("region_path", self.code, LAND_BOOST),
            Boost("region", "DE", NATIONWIDE_BOOST),
        )


def _lines(name: str) -> list[str]:
    text = resources.files("hub.index").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _words(name: str) -> tuple[str, ...]:
    out: list[str] = []
    word = ""
    for ch in name:
        if ch.isalnum():
            word += ch
        elif word:
            out.append(fold(word))
            word = ""
    if word:
        out.append(fold(word))
    return tuple(out)


@cache
def places() -> dict[tuple[str, ...], Place]:
    """Folded name words → place; a Land wins over a city of the same name (Berlin, Hamburg)."""
    found: dict[tuple[str, ...], Place] = {}
    for line in _lines("places.txt"):
        head, _, names = line.partition(":")
        level, _, code = head.strip().partition(" ")
        place = Place(code.strip(), level == "city")
        for name in names.split(","):
            key = _words(name)
            if key and (key not in found or not place.city):
                found[key] = place
    return found


@dataclass(frozen=True)
class Qualifier:
    """A kind, mode, level or "free" word: soft, with the boosts it stands for."""

    boosts: tuple[Boost, ...]


@cache
def qualifiers() -> dict[str, Qualifier]:
    """Folded word → what it asks for (several lines may name the same word: boosts add up)."""
    boosts: dict[str, list[Boost]] = {}
    for line in _lines("query_words.txt"):
        head, _, words = line.partition(":")
        what, _, value = head.strip().partition(" ")
        boost = {
            "kind": lambda v: Boost("kind", v, KIND_BOOST),
            "mode": lambda v: Boost("mode", v, MODE_BOOST),
            "free": lambda v: Boost("free", "free", FREE_BOOST),
            "audience": lambda v: Boost("audience", v, AUDIENCE_BOOST),
        }.get(what)
        for word in words.split(","):
            key = " ".join(_words(word))
            if not key:
                continue
            entry = boosts.setdefault(key, [])
            if boost is not None:
                entry.append(boost(value.strip()))
    return {word: Qualifier(tuple(dict.fromkeys(b))) for word, b in boosts.items()}


def place_at(words: list[str], i: int) -> tuple[Place, int] | None:
    """The longest place name starting at ``words[i]``, with its length in words."""
    table = places()
    for size in range(min(MAX_PLACE_WORDS, len(words) - i), 0, -1):
        key = tuple(fold(w) for w in words[i : i + size])
        if key in table:
            return table[key], size
    return None


#: endings a kind, mode or price word takes as people type it (Seminare, Workshops,
#: kostenlose, kostenlosen, Beratungen); tried off the word when the word itself is not listed
_INFLECTIONS = ("en", "er", "es", "em", "e", "n", "s")
_MIN_STEM = 4


def qualifier(word: str) -> Qualifier | None:
    """What a kind, mode, level, price or audience word asks for, in any inflected form."""
    table = qualifiers()
    key = fold(word)
    found = table.get(key)
    if found is not None:
        return found
    for ending in _INFLECTIONS:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            found = table.get(key[: -len(ending)])
            if found is not None:
                return found
    return None


#: longest qualifier in words ("vor Ort", "ohne Kosten")
MAX_QUALIFIER_WORDS = 2


def qualifier_at(words: list[str], i: int) -> tuple[Qualifier, int] | None:
    """The longest qualifier starting at ``words[i]`` (two-word ones first), with its length."""
    table = qualifiers()
    if i + 1 < len(words):
        key = f"{fold(words[i])} {fold(words[i + 1])}"
        if key in table:
            return table[key], 2
    found = qualifier(words[i])
    return (found, 1) if found is not None else None


#: words that only say "around a place": "in der Nähe von Cottbus", "Cottbus und Umgebung",
#: "im Umkreis von Leipzig"; dropped from the text (the place itself still counts)
PLACE_CONTEXT = frozenset({"naehe", "umgebung", "umkreis", "umland", "nahe"})
#: words that say "around" only right before a place: "Raum Cottbus", "bei Leipzig",
#: "Region Lausitz", "rund um Halle"
PLACE_LEAD = frozenset({"raum", "region", "bei", "rund", "um", "nahe", "naehe"})


def is_place_context(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` only frames a place (see ``PLACE_CONTEXT``, ``PLACE_LEAD``)."""
    key = fold(words[i])
    if key in PLACE_CONTEXT:
        return True
    if key in PLACE_LEAD and i + 1 < len(words):
        nxt = words[i + 1]
        return place_at(words, i + 1) is not None or fold(nxt) in PLACE_LEAD or nxt[:1].isupper()
    return False


def is_postcode(word: str) -> bool:
    """A German postcode (five digits)."""
    return len(word) == 5 and word.isdigit()


def kind_head(parts: list[str]) -> tuple[list[str], Qualifier] | None:
    """For a compound whose last part is a kind word ("Deutsch|kurs"): the rest and its boosts."""
    if len(parts) < 2:
        return None
    found = qualifiers().get(fold(parts[-1]))
    if found is None or not any(b.field == "kind" for b in found.boosts):
        return None
    return parts[:-1], found
