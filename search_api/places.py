"""``near=`` → coordinates: a town from the hub's gazetteer, "PLZ Ort", or "lat,lon".

No postcode table is shipped (see docs/data-licences.md): a postcode is placed from the table an
operator imported (``regiohub postcodes import``); without one, a postcode alone gets a message
asking for the town rather than a guess.
"""

from __future__ import annotations

import re

from pipelines.places import lookup, parse_place
from pipelines.postcodes import postcode_table

LAT_LON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
POSTCODE = re.compile(r"^\s*(\d{5})\b")
POSTCODE_ONLY = re.compile(r"^\s*\d{5}\s*$")


def resolve_place(text: str) -> tuple[float, float]:
    """(lat, lon) of ``text``; ValueError with a reason a person can act on otherwise."""
    match = LAT_LON.match(text)
    if match:
        lat, lon = float(match[1]), float(match[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("Breite muss zwischen -90 und 90, Länge zwischen -180 und 180 liegen")
        return lat, lon
    postcode = POSTCODE.match(text)
    row = postcode_table().get(postcode[1]) if postcode else None
    if row is not None:
        return row.lat, row.lon
    if POSTCODE_ONLY.match(text):
        raise ValueError(
            "eine Postleitzahl allein lässt sich nicht verorten; nennen Sie den Ort dazu, "
            "z. B. '04109 Leipzig'"
        )
    entry = lookup(text)
    if entry is not None:
        return entry.lat, entry.lon
    parsed = parse_place(text)
    if parsed.lat is not None and parsed.lon is not None:
        return parsed.lat, parsed.lon
    raise ValueError(
        f"unbekannter Ort '{text.strip()}'; nennen Sie einen deutschen Ort oder 'Breite,Länge'"
    )
