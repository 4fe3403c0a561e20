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
                        f"{source}, line {number}: not a GeoNames postal code file "
                        "(expected 12 tab-separated columns); use e.g. DE.txt from GeoNames."
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
        raise ConfigError(f"No file at {source}; give the path of a downloaded DE.txt.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{source} is not UTF-8 text; use the GeoNames file as is.") from None
    for postcode in conflicts:
        rows.pop(postcode, None)
    if not rows:
        raise ConfigError(f"{source} holds no German postcodes (country code DE).")
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
        raise ConfigError(f"{source}, line {number}: latitude/longitude are not numbers.") from None
    district = (fields[7] or fields[5]).strip() or None
    code = fields[8].strip() or None
    return PostcodeRow(fields[1], fields[2].strip(), state, district, code, lat, lon)
