"""German query and document analysis shared by both backends: synonyms, compounds, regions.

Both backends get the same help from here, so they find the same listings: compounds are split
at index time into an extra ``parts`` text ("Datenschutzschulung" → "datenschutz schulung")
and at query time into alternatives; synonyms are expanded at query time only (edits to
``data/synonyms.txt`` take effect without a reindex); region codes are indexed with all their
ancestors so a Bundesland filter finds its Kreise and places. Place, kind, mode and level
words of a query become soft units with field boosts (``hub.index.intent``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from hub.index.intent import (
    Boost,
    Place,
    Qualifier,
    Understood,
    fold,
    is_place_context,
    is_postcode,
    kind_head,
    place_at,
    qualifier,
    qualifier_at,
)

_WORD = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')
#: words beyond this many are ignored (a pasted paragraph must not build a huge query)
MAX_QUERY_WORDS = 32
#: words this long (letters) or longer tolerate one typo; from FUZZY_TWO on, two
FUZZY_ONE = 6
FUZZY_TWO = 11
_MIN_PART = 3
_LINKS = ("", "s", "es", "n", "en")
#: first two digits of an AGS (Amtlicher Gemeindeschlüssel) → the Land's ISO 3166-2 code
AGS_LAND = {
    "01": "DE-SH", "02": "DE-HH", "03": "DE-NI", "04": "DE-HB", "05": "DE-NW", "06": "DE-HE",
    "07": "DE-RP", "08": "DE-BW", "09": "DE-BY", "10": "DE-SL", "11": "DE-BE", "12": "DE-BB",
    "13": "DE-MV", "14": "DE-SN", "15": "DE-ST", "16": "DE-TH",
}  # fmt: skip


def _data_lines(name: str) -> list[str]:
    text = resources.files("hub.index").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@cache
def compound_parts() -> frozenset[str]:
    """Known compound parts, folded (ä → ae): "Gruenderberatung" splits like "Gründerberatung"."""
    return frozenset(fold(line) for line in _data_lines("compound_words.txt"))


_ENDINGS = ("en", "er", "n", "e", "s")


def synonym_key(word: str) -> str:
    """A rough, backend-neutral word form for synonym look-up: folded, plural endings off.

    "Schulungen", "Schulung" and "schulung" share a key, as do "Förderung" and "Foerderung";
    matching still happens with each backend's own stemming.
    """
    key = fold(word)
    for ending in _ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            return key[: -len(ending)]
    return key


@cache
def synonym_groups() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each entry (as synonym keys) → the other entries of its group (as lowercase words)."""
    groups: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for line in _data_lines("synonyms.txt"):
        entries = [tuple(_WORD.findall(e.casefold())) for e in line.split(",")]
        entries = [e for e in dict.fromkeys(entries) if e]
        for entry in entries:
            others = [o for o in entries if o != entry]
            key = tuple(synonym_key(w) for w in entry)
            groups[key] = tuple(dict.fromkeys([*groups.get(key, ()), *others]))
    return groups


def decompound(word: str) -> list[str]:
    """The folded parts of a German compound from the word list, or [] if none (or unknown)."""
    return list(_parts_of(fold(word)))


#: folded word → its parts (() for no compound); words repeat a lot across a catalogue, and
#: a plain dict look-up is several times cheaper than an ``lru_cache`` call per word
_PARTS_CACHE: dict[str, tuple[str, ...]] = {}
_PARTS_CACHE_MAX = 500_000


def _parts_of(folded: str) -> tuple[str, ...]:
    parts = _PARTS_CACHE.get(folded)
    if parts is None:
        parts = _decompound(folded)
        if len(_PARTS_CACHE) >= _PARTS_CACHE_MAX:
            _PARTS_CACHE.clear()
        _PARTS_CACHE[folded] = parts
    return parts


def _decompound(lower: str) -> tuple[str, ...]:
    if len(lower) < 2 * _MIN_PART or lower[:_MIN_PART] not in _part_starts():
        return ()
    parts = _split(lower, compound_parts())
    return tuple(parts) if parts and len(parts) > 1 else ()


@cache
def _part_starts() -> frozenset[str]:
    return frozenset(part[:_MIN_PART] for part in compound_parts())


#: plural and case endings the LAST part of a compound may carry ("Handwerks|betriebe",
#: "Daten|banken"): the word list holds parts in their base form
_PART_ENDINGS = ("en", "er", "e", "n", "s")


def _split(rest: str, known: frozenset[str], last: bool = False) -> list[str] | None:
    if rest in known:
        return [rest]
    if last:
        for ending in _PART_ENDINGS:
            base = rest[: -len(ending)]
            if rest.endswith(ending) and len(base) >= _MIN_PART and base in known:
                return [base]
    for end in range(len(rest) - _MIN_PART, _MIN_PART - 1, -1):  # longest first part first
        head = rest[:end]
        if head not in known:
            continue
        for link in _LINKS:
            if rest.startswith(link, end) and len(rest) - end - len(link) >= _MIN_PART:
                tail = _split(rest[end + len(link) :], known, last=True)
                if tail:
                    return [head, *tail]
    return None


#: words shorter than two parts cannot be compounds
_COMPOUND_WORD = re.compile(rf"[^\W_]{{{2 * _MIN_PART},}}")
#: the same on ASCII text (folded, so lowercase): a third faster than the Unicode class
_ASCII_COMPOUND_WORD = re.compile(rf"[a-z0-9]{{{2 * _MIN_PART},}}")


def compound_text(*texts: str | None) -> str:
    """The parts of every compound in ``texts``, space-separated: the index's ``parts`` field.

    Folds each text once and looks every distinct long word up in a memo, so indexing spends
    little time here (this runs for every listing of a rebuild).
    """
    folded = fold(" ".join(t for t in texts if t))
    words = (_ASCII_COMPOUND_WORD if folded.isascii() else _COMPOUND_WORD).findall(folded)
    out: dict[str, None] = {}
    cache_get = _PARTS_CACHE.get
    for word in dict.fromkeys(words):
        parts = cache_get(word)
        if parts is None:
            parts = _parts_of(word)
        for part in parts:
            out[part] = None
    return " ".join(out)


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a query unit: all ``words`` (as a phrase when ``phrase``)."""

    words: tuple[str, ...]
    phrase: bool = False
    #: typo tolerance allowed on this (single) word: 0, 1 or 2 edits
    fuzzy: int = 0
    #: from a synonym or a compound split: scores a little lower than what was typed
    derived: bool = False
    #: a keyword-field alternative instead of text: the unit also matches listings whose
    #: ``field`` holds ``value`` ("Weiterbildung" alone: kind=course; "Azubis": the audience)
    field: str = ""
    value: str = ""
    #: a place name or postcode: a match in the listing's venue counts most
    place: bool = False


@dataclass(frozen=True)
class Unit:
    """One thing the user asked for; any alternative satisfies it."""

    alternatives: tuple[Alternative, ...]
    #: a "quoted phrase" must match; words follow the all-but-one rule
    required: bool = False
    #: a place, kind, mode or level word: only adds score (its text and ``boosts``), never
    #: has to match
    soft: bool = False
    #: exact-field boosts this unit stands for (kind=course for "Kurs", a Land's region code)
    boosts: tuple[Boost, ...] = ()
    #: the words as typed, for telling the searcher what was understood or relaxed
    text: str = ""


def fuzziness(word: str) -> int:
    letters = sum(ch.isalpha() for ch in word)
    if word.isupper() or letters < FUZZY_ONE:  # acronyms and short words: exact
        return 0
    return 2 if letters >= FUZZY_TWO else 1


def _synonyms(word: str) -> list[Alternative]:
    return [
        Alternative(other, phrase=len(other) > 1, derived=True)
        for other in synonym_groups().get((synonym_key(word),), ())
    ]


def _word_unit(word: str) -> Unit:
    alternatives = [Alternative((word,), fuzzy=fuzziness(word))]
    parts = decompound(word)
    boosts: tuple[Boost, ...] = ()
    if (head := kind_head(parts)) is not None:
        # "Deutschkurs": any listing about "Deutsch", courses first
        rest, found = head
        boosts = found.boosts
        alternatives.append(Alternative(tuple(rest), derived=True))
        if len(rest) == 1:
            alternatives.extend(_synonyms(rest[0]))
    elif parts:
        alternatives.append(Alternative(tuple(parts), derived=True))
    alternatives.extend(_synonyms(word))
    if (said := qualifier(word)) is None and boosts:
        return Unit(tuple(dict.fromkeys(alternatives)), boosts=boosts, text=word)
    return _qualified(alternatives, said, word)


def _qualified(alternatives: list[Alternative], said: Qualifier | None, text: str) -> Unit:
    """A word unit, soft when it names a kind, mode, level or price; audience words stay hard.

    An audience word ("Azubis", "Betriebsrat") is also what an offer is about, so it must
    still match: as text or by the listing's audience field, and those tagged rank higher.
    """
    if said is None:
        return Unit(tuple(dict.fromkeys(alternatives)), text=text)
    audiences = [b for b in said.boosts if b.field == "audience"]
    if audiences and len(audiences) == len(said.boosts):
        alternatives += [Alternative((), field=b.field, value=b.value) for b in audiences]
        return Unit(tuple(dict.fromkeys(alternatives)), boosts=said.boosts, text=text)
    return Unit(tuple(dict.fromkeys(alternatives)), soft=True, boosts=said.boosts, text=text)


def _place_unit(words: list[str], place: Place) -> Unit:
    typed = tuple(w.casefold() for w in words)
    text = (Alternative(typed, phrase=len(typed) > 1, place=True),)
    return Unit(text, soft=True, boosts=place.boosts(), text=" ".join(words))


def query_units(text: str) -> list[Unit]:
    """User text as units: words (with compound and synonym alternatives) and quoted phrases.

    Multi-word synonym entries typed as words ("künstliche intelligenz") become one unit, so
    "Künstliche Intelligenz" also finds "KI". A repeated word counts once. Place names and
    kind, mode or level words become soft units that boost (see ``hub.index.intent``); a
    Land's name is then not matched as text at all, so "Sachsen" does not find
    Sachsen-Anhalt. A query of nothing but such words is matched as plain text.
    """
    units: list[Unit] = []
    seen: set[str] = set()

    def add_words(chunk: str) -> None:
        words = _WORD.findall(chunk)
        i = 0
        while i < len(words) and len(units) < MAX_QUERY_WORDS:
            if (at := place_at(words, i)) is not None:
                place, size = at
                name = " ".join(fold(w) for w in words[i : i + size])
                if name not in seen:
                    seen.add(name)
                    units.append(_place_unit(words[i : i + size], place))
                i += size
                continue
            if is_place_context(words, i):  # "in der Nähe von", "und Umgebung", "Raum"
                i += 1
                continue
            if is_postcode(words[i]):  # a PLZ: listings there rank first, as a city's name
                if words[i] not in seen:
                    seen.add(words[i])
                    alt = (Alternative((words[i],), place=True),)
                    units.append(Unit(alt, soft=True, text=words[i]))
                i += 1
                continue
            if (said := qualifier_at(words, i)) is not None and said[1] == 2:
                typed = tuple(w.casefold() for w in words[i : i + 2])  # "vor Ort"
                if " ".join(typed) not in seen:
                    seen.add(" ".join(typed))
                    said_alt = [Alternative(typed, phrase=True)]
                    units.append(_qualified(said_alt, said[0], " ".join(words[i : i + 2])))
                i += 2
                continue
            for size in (3, 2):  # multi-word synonym entries, longest first
                key = tuple(synonym_key(w) for w in words[i : i + size])
                if len(key) == size and key in synonym_groups():
                    typed = tuple(w.casefold() for w in words[i : i + size])
                    alts = [Alternative(typed, phrase=True)]
                    for other in synonym_groups()[key]:
                        alts.append(Alternative(other, phrase=len(other) > 1, derived=True))
                    units.append(Unit(tuple(alts), text=" ".join(words[i : i + size])))
                    seen.add(" ".join(key))
                    i += size
                    break
            else:
                word = words[i]
                if word.casefold() not in seen:
                    seen.add(word.casefold())
                    units.append(_word_unit(word))
                i += 1

    rest = 0
    for match in _PHRASE.finditer(text):
        add_words(text[rest : match.start()])
        rest = match.end()
        inner = tuple(_WORD.findall(match.group(1))[:MAX_QUERY_WORDS])
        if len(inner) > 1:
            phrase = Unit((Alternative(inner, phrase=True),), required=True, text=" ".join(inner))
            units.append(phrase)
        else:
            add_words(" ".join(inner))
    add_words(text[rest:])
    return _settle([u for u in units if not _only_stop_words(u)])


def _only_stop_words(unit: Unit) -> bool:
    """A word unit of a stop word ("in", "der", "von"): nothing to match, nothing to require."""
    from hub.index.tantivy_schema import ANALYZERS  # the schema module imports this one

    if unit.soft or unit.required or len(unit.alternatives) != 1:
        return False
    alt = unit.alternatives[0]
    return not alt.field and not ANALYZERS.german(" ".join(alt.words))


def _settle(units: list[Unit]) -> list[Unit]:
    """Soft units only boost when something else must match; else they are the query.

    With a topic to match, a place or kind word scores through its boosts alone (the text
    "Sachsen" would also match Sachsen-Anhalt, and "Seminar" in a title says nothing about
    the topic); a city keeps its text, which finds listings held there, and a level word
    ("Anfänger") its text, having no field to boost. The first kind word names the kind:
    a later one of another kind is a topic ("Förderung Weiterbildung" is funding for
    training), so it becomes a word that must match.

    Without a topic ("Weiterbildung Cottbus", "Webinar kostenlos", "Seminare"), every such
    word must match, by its text *or* the field it names: a course in Cottbus need not say
    "Weiterbildung", a free webinar not "kostenlos"; a Land only by its region code.
    """
    if not any(not u.soft for u in units):
        return [_as_query(u) for u in units]
    out: list[Unit] = []
    kind = ""
    for unit in units:
        kinds = {b.value for b in unit.boosts if b.field == "kind"}
        if unit.soft and kinds and kind and kind not in kinds:
            out.append(Unit(unit.alternatives, text=unit.text))
            continue
        kind = kind or next(iter(sorted(kinds)), "")
        if unit.soft and unit.boosts and not _is_city(unit):
            unit = Unit((), unit.required, True, unit.boosts, unit.text)
        out.append(unit)
    return out


#: boosts whose field an all-qualifier query may be matched by (see ``_settle``)
MATCHABLE_FIELDS = _MATCHABLE_FIELDS = frozenset({"kind", "mode", "free", "audience"})


def _as_query(unit: Unit) -> Unit:
    if not unit.soft:
        return unit
    fields = [
        Alternative((), field=b.field, value=b.value)
        for b in unit.boosts
        if b.field in _MATCHABLE_FIELDS
    ]
    alternatives = [*unit.alternatives, *fields]
    # the boosts stay (a course in Cottbus above a Cottbus funding that says "Weiterbildung");
    # a relaxed search leaves them out (``relax.boosts``)
    boosts = unit.boosts
    if unit.boosts and not _is_city(unit) and any(b.field == "region" for b in unit.boosts):
        # a Land: by its region code only, so "Sachsen" does not find Sachsen-Anhalt
        lands = [b for b in unit.boosts if b.field == "region_path"]
        alternatives = [Alternative((), field=b.field, value=b.value) for b in lands]
    return Unit(tuple(dict.fromkeys(alternatives)), unit.required, False, boosts, unit.text)


def understood(units: list[Unit]) -> tuple[Understood, ...]:
    """The words of ``units`` that name a place, kind, mode, price or audience (in order)."""
    out: list[Understood] = []
    for unit in units:
        if not unit.text:
            continue
        fields = {b.field: b.value for b in unit.boosts}
        for alt in unit.alternatives:  # an all-qualifier query matches by these fields
            if alt.field in _MATCHABLE_FIELDS:
                fields.setdefault(alt.field, alt.value)
        if "region" in fields:
            out.append(Understood(unit.text, "region", fields["region_path"]))
        elif "region_path" in fields or (unit.soft and unit.text.isdigit()):
            out.append(Understood(unit.text, "place", unit.text))
        else:
            out.extend(
                Understood(unit.text, name, value)
                for name, value in fields.items()
                if name in ("kind", "mode", "free", "audience")
            )
    return tuple(out)


def _is_city(unit: Unit) -> bool:
    return any(b.field == "region_path" for b in unit.boosts) and not any(
        b.field == "region" for b in unit.boosts
    )


# -- regions ------------------------------------------------------------------------------------


def region_ancestors(code: str) -> list[str]:
    """``code`` and every region containing it: "DE-SN-14522" → DE, DE-SN, DE-SN-14522.

    Codes are hierarchical by prefix: ``DE-XX`` for a Land (ISO 3166-2), then ``DE-XX-`` plus
    the Kreis or Gemeinde AGS. A bare AGS ("14522000") is placed under its Land by its first
    two digits.
    """
    code = code.strip()
    if not code:
        return []
    if code.isdigit() and code[:2] in AGS_LAND:
        code = f"{AGS_LAND[code[:2]]}-{code}"
    pieces = code.split("-")
    return ["-".join(pieces[: i + 1]) for i in range(len(pieces))]


def region_paths(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(a for code in codes for a in region_ancestors(code)))


def normalise_region(code: str) -> str:
    """A filter value in the indexed form (a bare AGS gets its Land prefix)."""
    ancestors = region_ancestors(code)
    return ancestors[-1] if ancestors else ""


# -- derived document fields ----------------------------------------------------------------------


def _parse(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def schedule_span(data: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    """(start, end) of a listing's schedule; end falls back to the last session, then start."""
    schedule = data.get("schedule") or {}
    start = _parse(schedule.get("start"))
    ends = [_parse(schedule.get("end"))]
    for session in schedule.get("sessions") or ():
        ends.append(_parse(session.get("end")) or _parse(session.get("start")))
        if start is None:
            start = _parse(session.get("start"))
    known = [e for e in ends if e is not None]
    end = max(known) if known else start
    return start, end


def price_facet(data: dict[str, Any]) -> str | None:
    free = (data.get("price") or {}).get("free")
    return None if free is None else ("free" if free else "paid")


def coordinates(data: dict[str, Any]) -> tuple[float, float] | None:
    place = data.get("place") or {}
    lat, lon = place.get("lat"), place.get("lon")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return float(lat), float(lon)


EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(
    centre: tuple[float, float], radius_km: float
) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle (a superset, never less)."""
    lat, lon = centre
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
    dlon = 180.0 if cos <= 0 else min(180.0, math.degrees(radius_km / EARTH_RADIUS_KM) / cos)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
