"""Place texts → address parts, coordinates, Bundesland and Kreis, offline.

``Zukunftszentrum Sachsen, Petersstraße 12, 04109 Leipzig`` → street, postcode 04109, city
Leipzig, DE-SN and Leipzig's coordinates; ``Landkreis Leipzig`` → DE-SN; ``Online (Zoom)`` →
online. Only whole names are looked up (the part after the postcode, a comma-separated part,
or the whole text), never substrings, so "Zukunftszentrum Sachsen" is not read as a place.

Sources, in order: an operator-imported postcode table (pipelines/postcodes.py; gives the Kreis
too), the small hand-made gazetteer ``data/places_de.csv`` (Länder, Landkreise, large cities),
then GeoNames' ~11,900 German places of 500+ inhabitants (pipelines/geonames.py). A name shared
by places in different Länder is resolved only when one of them is ten times larger than the
others ("Frankfurt"); otherwise the Land stays empty and ``uncertain`` says why.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from pipelines.geonames import german_places
from pipelines.postcodes import postcode_table, table_generation

ONLINE = re.compile(
    r"^(online|virtuell|digital|webinar|live-online|im internet|zoom|microsoft teams|webex)\b",
    re.I,
)
POSTCODE_CITY = re.compile(
    r"\b(?P<postcode>\d{5})\s+(?P<city>[^\d,;()]+?(?:\s*\([^)]*\))?)\s*(?:[,;(]|$)"
)
STREET = re.compile(
    r"^[^,\d]*(straße|str\.|weg|platz|allee|ring|damm|gasse|ufer|markt)\s*\d+\w?$", re.I
)
_PREFIXES = (
    "stadt ", "in ", "standort ", "büro ", "freistaat ", "land ", "hansestadt ",
    "landeshauptstadt ", "universitätsstadt ", "kreisfreie stadt ",
)  # fmt: skip
#: spellings of GeoNames names that partners abbreviate
_ABBREVIATIONS = ((re.compile(r"\bst\.\s*"), "sankt "), (re.compile(r"\bv\.\s*d\.\s*"), "vor der "))
#: how much larger the biggest of several same-named places must be to be taken as meant
DOMINANCE = 10


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    type: str  # city, district, area, state
    state: str  # ISO 3166-2, e.g. DE-SN
    lat: float
    lon: float


@dataclass(frozen=True)
class ParsedPlace:
    text: str
    online: bool = False
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    regions: list[str] = field(default_factory=list)
    district: str | None = None
    #: why the Land stayed empty although the text names a place (e.g. an ambiguous name)
    uncertain: str | None = None


@cache
def gazetteer() -> dict[str, GazetteerEntry]:
    """Lower-cased name → entry; loaded once per process."""
    entries: dict[str, GazetteerEntry] = {}
    with resources.files("pipelines").joinpath("data/places_de.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            entry = GazetteerEntry(
                row["name"], row["type"], row["state"], float(row["lat"]), float(row["lon"])
            )
            entries.setdefault(row["name"].lower(), entry)
    return entries


def lookup(name: str) -> GazetteerEntry | None:
    """A whole place name, case-insensitive; "Kreis X" also finds "Landkreis X" and back."""
    key = _key(name)
    table = gazetteer()
    found = table.get(key)
    if found is None and key.startswith("kreis "):
        found = table.get("land" + key)
    if found is None and key.startswith("landkreis "):
        found = table.get(key.removeprefix("land"))
    return found


def _key(name: str) -> str:
    key = " ".join(name.lower().split())
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    return key


def _bare(name: str | None) -> str | None:
    """A name without its qualifier: "Weimar (Thüringen)" → "Weimar", "Essen-Rüttenscheid" →
    "Essen" (tried only after the whole name, so "Villingen-Schwenningen" stays whole)."""
    if not name:
        return None
    bare = re.sub(r"\s*\(.*", "", name)
    if bare == name and "-" in name:
        bare = name.split("-", 1)[0]
    return bare.strip() if bare.strip() and bare != name else None


def _geonames(name: str) -> tuple[GazetteerEntry | None, str | None]:
    """A GeoNames place by name, or (None, why not) when several Länder are possible."""
    key = _key(name)
    for pattern, spelled_out in _ABBREVIATIONS:
        key = pattern.sub(spelled_out, key)
    places = german_places()
    found = {id(p): p for p in places.primary.get(key, []) + places.alternate.get(key, [])}
    candidates = sorted(found.values(), key=lambda p: p.population, reverse=True)
    if not candidates:
        return None, None
    best = candidates[0]
    rivals = [p for p in candidates if p.state != best.state]
    if rivals and best.population < DOMINANCE * max(p.population for p in rivals):
        states = ", ".join(sorted({p.state for p in candidates}))
        return None, f"Ort '{name}' ist mehrdeutig ({states}); bitte PLZ oder Landkreis angeben"
    return GazetteerEntry(best.name, "city", best.state, best.lat, best.lon), None


def parse_place(text: str) -> ParsedPlace:
    """Read a place text; what we cannot place stays None (the text is always kept).

    Results are cached per text: partners name the same venues again and again. An imported
    postcode table changes answers, so the cache is keyed on the table's file too.
    """
    return _parse_place(" ".join(text.split()), table_generation())


@lru_cache(maxsize=8192)
def _parse_place(text: str, _generation: int) -> ParsedPlace:
    if ONLINE.match(text):
        return ParsedPlace(text=text, online=True)
    postcode = city = None
    match = POSTCODE_CITY.search(text)
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    street = next((p for p in parts if STREET.match(p)), None)
    if match:
        postcode, city = match["postcode"], match["city"].strip()
        row = postcode_table().get(postcode)
        if row is not None:
            return ParsedPlace(
                text=text,
                street=street,
                postcode=postcode,
                city=city,
                lat=row.lat,
                lon=row.lon,
                regions=[row.state],
                district=row.district,
            )
    names = [n for n in (city, _bare(city)) if n] + [text, *reversed(parts)]
    names += [n for n in map(_bare, names) if n]
    entry: GazetteerEntry | None = None
    uncertain: str | None = None
    for candidate in names:
        entry = lookup(candidate)
        if entry is None:
            entry, why = _geonames(candidate)
            uncertain = uncertain or why
        if entry is not None:
            break
    if entry is None:
        return ParsedPlace(
            text=text, street=street, postcode=postcode, city=city, uncertain=uncertain
        )
    return ParsedPlace(
        text=text,
        street=street,
        postcode=postcode,
        city=city or (entry.name if entry.type == "city" else None),
        lat=entry.lat,
        lon=entry.lon,
        regions=[entry.state],
        district=entry.name if entry.type == "district" else None,
    )
