"""An operator-imported German postcode table: postcode → Bundesland, Kreis and coordinates.

No postcode table is shipped (docs/data-licences.md); operators import one from a local file in
the GeoNames postal code format (e.g. ``DE.txt`` from GeoNames' postal code dump, CC BY 4.0)
with ``regiohub postcodes import PATH``. We never download it. The import writes a compact
table to ``$REGIOHUB_HOME/postcodes-de.tsv``, which the place step reads when present.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hub.errors import ConfigError
from pipelines.geonames import ADMIN1_TO_ISO

TABLE_NAME = "postcodes-de.tsv"
COLUMNS = ("postcode", "place", "state", "district", "district_code", "lat", "lon")
STATE_NAMES: dict[str, str] = {
    "baden-württemberg": "DE-BW", "bayern": "DE-BY", "berlin": "DE-BE", "brandenburg": "DE-BB",
    "bremen": "DE-HB", "hamburg": "DE-HH", "hessen": "DE-HE", "mecklenburg-vorpommern": "DE-MV",
    "niedersachsen": "DE-NI", "nordrhein-westfalen": "DE-NW", "rheinland-pfalz": "DE-RP",
    "saarland": "DE-SL", "sachsen": "DE-SN", "sachsen-anhalt": "DE-ST",
    "schleswig-holstein": "DE-SH", "thüringen": "DE-TH",
}  # fmt: skip
ISO_CODES = frozenset(STATE_NAMES.values())


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str
    place: str
    state: str
    district: str | None
    district_code: str | None
    lat: float
    lon: float


def table_path() -> Path:
    """Where the imported table lives: under REGIOHUB_HOME, like the catalogue."""
    return _table_path(os.environ.get("REGIOHUB_HOME", ".regiohub"))


@cache
def _table_path(home: str) -> Path:
    return Path(home).expanduser() / TABLE_NAME


_cache: dict[tuple[str, float], dict[str, PostcodeRow]] = {}
_NONE: dict[str, PostcodeRow] = {}
_generation = [0]  # bumped whenever a (changed) table is loaded, so callers can cache per table


def table_generation() -> int:
    """A number that changes whenever ``postcode_table()`` would answer differently."""
    table = postcode_table()
    return 0 if table is _NONE else _generation[0]


def postcode_table() -> dict[str, PostcodeRow]:
    """The imported table ({} when none was imported); re-read when the file changes."""
    path = table_path()
    try:
        stamp = (str(path), os.stat(path).st_mtime)
    except OSError:
        return _NONE
    if stamp not in _cache:
        _cache.clear()
        _generation[0] += 1
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t")
            _cache[stamp] = {
                row["postcode"]: PostcodeRow(
                    row["postcode"],
                    row["place"],
                    row["state"],
                    row["district"] or None,
                    row["district_code"] or None,
                    float(row["lat"]),
                    float(row["lon"]),
                )
                for row in reader
            }
    return _cache[stamp]


def _state(code: str, name: str) -> str | None:
    code = code.strip()
    if f"DE-{code.upper()}" in ISO_CODES:
        return f"DE-{code.upper()}"
    return ADMIN1_TO_ISO.get(code) or STATE_NAMES.get(name.strip().lower())


def import_geonames_postcodes(source: Path, target: Path | None = None) -> int:
    """Read a GeoNames postal code file (tab-separated, 12 columns); write the table; count.

    A postcode whose rows name different Länder is left out (unknown beats wrong); when its
    rows name different Kreise, the Kreis stays empty.
    """
    target = target or table_path()
    rows: dict[str, PostcodeRow] = {}
    conflicts: set[str] = set()
    try:
        with source.open(encoding="utf-8", newline="") as f:
            for number, fields in enumerate(csv.reader(f, delimiter="\t"), start=1):
                if len(fields) < 11 or not fields[0]:
                    raise ConfigError(
                        f"{source}, Zeile {number}: keine GeoNames-PLZ-Datei (erwartet sind "
                        "12 durch Tabulatoren getrennte Spalten); nehmen Sie z. B. DE.txt von "
                        "GeoNames."
                    )
                if fields[0] != "DE" or not fields[1].isdigit() or len(fields[1]) != 5:
                    continue
                row = _row(fields, source, number)
                if row is None:
                    continue
                seen = rows.get(row.postcode)
                if seen is None:
                    rows[row.postcode] = row
                elif seen.state != row.state:
                    conflicts.add(row.postcode)
                elif seen.district != row.district:
                    rows[row.postcode] = PostcodeRow(
                        seen.postcode, seen.place, seen.state, None, None, seen.lat, seen.lon
                    )
    except FileNotFoundError:
        raise ConfigError(
            f"Unter {source} liegt keine Datei; geben Sie den Pfad einer heruntergeladenen "
            "DE.txt an."
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            f"{source} ist kein UTF-8-Text; nehmen Sie die GeoNames-Datei unverändert."
        ) from None
    for postcode in conflicts:
        rows.pop(postcode, None)
    if not rows:
        raise ConfigError(
            f"{source} enthält keine deutschen Postleitzahlen (Ländercode DE); nehmen Sie DE.txt."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    with partial.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in sorted(rows.values(), key=lambda r: r.postcode):
            writer.writerow(
                [
                    row.postcode,
                    row.place,
                    row.state,
                    row.district or "",
                    row.district_code or "",
                    f"{row.lat:.4f}",
                    f"{row.lon:.4f}",
                ]
            )
    partial.replace(target)
    return len(rows)


def _row(fields: list[str], source: Path, number: int) -> PostcodeRow | None:
    state = _state(fields[4], fields[3])
    if state is None:
        return None
    try:
        lat, lon = float(fields[9]), float(fields[10])
    except ValueError:
        raise ConfigError(
            f"{source}, Zeile {number}: Breite/Länge sind keine Zahlen; nehmen Sie die "
            "GeoNames-Datei unverändert."
        ) from None
    district = (fields[7] or fields[5]).strip() or None
    code = fields[8].strip() or None
    return PostcodeRow(fields[1], fields[2].strip(), state, district, code, lat, lon)


#: the Länder whose postcodes start with these two digits (Leitregionen), compiled by hand from
#: the postcode map; generous on purpose, because it only ever narrows a choice between places
#: of the same name ("Naumburg" in DE-HE or DE-ST, "06618" says DE-ST) or names the Land of a
#: postcode whose region lies in one Land only
REGION_LANDS: dict[str, tuple[str, ...]] = {
    "01": ("DE-SN", "DE-BB"), "02": ("DE-SN", "DE-BB"), "03": ("DE-BB", "DE-SN"),
    "04": ("DE-SN", "DE-ST", "DE-TH", "DE-BB"), "06": ("DE-ST", "DE-SN", "DE-TH"),
    "07": ("DE-TH", "DE-SN"), "08": ("DE-SN", "DE-TH"), "09": ("DE-SN",), "10": ("DE-BE",),
    "12": ("DE-BE", "DE-BB"), "13": ("DE-BE", "DE-BB"), "14": ("DE-BB", "DE-BE"),
    "15": ("DE-BB",), "16": ("DE-BB", "DE-MV"), "17": ("DE-MV", "DE-BB"), "18": ("DE-MV",),
    "19": ("DE-MV", "DE-BB", "DE-NI", "DE-SH"), "20": ("DE-HH", "DE-NI", "DE-SH"),
    "21": ("DE-HH", "DE-NI", "DE-SH"), "22": ("DE-HH", "DE-SH"), "23": ("DE-SH", "DE-MV", "DE-NI"),
    "24": ("DE-SH",), "25": ("DE-SH",), "26": ("DE-NI",), "27": ("DE-NI", "DE-HB", "DE-SH"),
    "28": ("DE-HB", "DE-NI"), "29": ("DE-NI", "DE-ST"), "30": ("DE-NI",), "31": ("DE-NI", "DE-NW"),
    "32": ("DE-NW", "DE-NI"), "33": ("DE-NW", "DE-NI"), "34": ("DE-HE", "DE-NI", "DE-NW"),
    "35": ("DE-HE", "DE-NW"), "36": ("DE-HE", "DE-TH", "DE-BY"),
    "37": ("DE-NI", "DE-HE", "DE-TH", "DE-NW"), "38": ("DE-NI", "DE-ST"),
    "39": ("DE-ST", "DE-NI", "DE-BB"), "40": ("DE-NW",), "41": ("DE-NW",), "42": ("DE-NW",),
    "44": ("DE-NW",), "45": ("DE-NW",), "46": ("DE-NW",), "47": ("DE-NW",),
    "48": ("DE-NW", "DE-NI"), "49": ("DE-NI", "DE-NW"), "50": ("DE-NW",), "51": ("DE-NW", "DE-RP"),
    "52": ("DE-NW",), "53": ("DE-NW", "DE-RP"), "54": ("DE-RP",), "55": ("DE-RP", "DE-HE"),
    "56": ("DE-RP", "DE-HE"), "57": ("DE-NW", "DE-RP", "DE-HE"), "58": ("DE-NW",), "59": ("DE-NW",),
    "60": ("DE-HE",), "61": ("DE-HE",), "63": ("DE-HE", "DE-BY"), "64": ("DE-HE", "DE-BW", "DE-BY"),
    "65": ("DE-HE", "DE-RP"), "66": ("DE-SL", "DE-RP"), "67": ("DE-RP",),
    "68": ("DE-BW", "DE-HE", "DE-RP"), "69": ("DE-BW", "DE-HE"), "70": ("DE-BW",), "71": ("DE-BW",),
    "72": ("DE-BW",), "73": ("DE-BW",), "74": ("DE-BW", "DE-BY"), "75": ("DE-BW",),
    "76": ("DE-BW", "DE-RP"), "77": ("DE-BW",), "78": ("DE-BW",), "79": ("DE-BW",),
    "80": ("DE-BY",), "81": ("DE-BY",), "82": ("DE-BY",), "83": ("DE-BY",), "84": ("DE-BY",),
    "85": ("DE-BY",), "86": ("DE-BY", "DE-BW"), "87": ("DE-BY", "DE-BW"), "88": ("DE-BW", "DE-BY"),
    "89": ("DE-BW", "DE-BY"), "90": ("DE-BY",), "91": ("DE-BY",), "92": ("DE-BY",),
    "93": ("DE-BY",), "94": ("DE-BY",), "95": ("DE-BY", "DE-TH"), "96": ("DE-BY", "DE-TH"),
    "97": ("DE-BY", "DE-HE", "DE-BW", "DE-TH"), "98": ("DE-TH", "DE-BY"), "99": ("DE-TH",),
}  # fmt: skip


def postcode_lands(postcode: str | None) -> tuple[str, ...]:
    """The Länder a postcode may lie in, by its region; () when unknown."""
    return REGION_LANDS.get((postcode or "")[:2], ())
