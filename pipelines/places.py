"""Place texts → address parts, coordinates and Bundesland, offline, from a small gazetteer.

``Zukunftszentrum Sachsen, Petersstraße 12, 04109 Leipzig`` → street, postcode 04109, city
Leipzig, DE-SN and Leipzig's coordinates; ``Landkreis Leipzig`` → DE-SN; ``Online (Zoom)`` →
online. Only whole names are looked up (the part after the postcode, a comma-separated part,
or the whole text), never substrings, so "Zukunftszentrum Sachsen" is not read as a place.
The gazetteer (``data/places_de.csv``) is small; see docs/data-licences.md for its origin.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

ONLINE = re.compile(
    r"^(online|virtuell|digital|webinar|live-online|im internet|zoom|microsoft teams|webex)\b",
    re.I,
)
POSTCODE_CITY = re.compile(r"\b(?P<postcode>\d{5})\s+(?P<city>[^\d,;()]+?)\s*(?:[,;(]|$)")
STREET = re.compile(
    r"^[^,\d]*(straße|str\.|weg|platz|allee|ring|damm|gasse|ufer|markt)\s*\d+\w?$", re.I
)
_PREFIXES = ("stadt ", "in ", "standort ")


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
    key = " ".join(name.lower().split())
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    table = gazetteer()
    found = table.get(key)
    if found is None and key.startswith("kreis "):
        found = table.get("land" + key)
    if found is None and key.startswith("landkreis "):
        found = table.get(key.removeprefix("land"))
    return found


def parse_place(text: str) -> ParsedPlace:
    """Read a place text; what we cannot place stays None (the text is always kept)."""
    text = " ".join(text.split())
    if ONLINE.match(text):
        return ParsedPlace(text=text, online=True)
    postcode = city = None
    entry: GazetteerEntry | None = None
    match = POSTCODE_CITY.search(text)
    if match:
        postcode, city = match["postcode"], match["city"].strip()
        entry = lookup(city)
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if entry is None:
        for candidate in [text, *reversed(parts)]:
            entry = lookup(candidate)
            if entry is not None:
                break
    street = next((p for p in parts if STREET.match(p)), None)
    if entry is None:
        return ParsedPlace(text=text, street=street, postcode=postcode, city=city)
    return ParsedPlace(
        text=text,
        street=street,
        postcode=postcode,
        city=city or (entry.name if entry.type == "city" else None),
        lat=entry.lat,
        lon=entry.lon,
        regions=[entry.state],
    )
