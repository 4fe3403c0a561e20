"""Shared facts of the demo content: the fixed dates, kind labels, partner addresses and ``L``.

Kept apart from the per-partner data so every content module and the generator agree on them.
"""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 23)
VALID_FROM = dt.date(2026, 12, 1)
VALID_TO = dt.date(2027, 12, 31)

KIND_LABEL = {
    "event": "Veranstaltung",
    "course": "Weiterbildung",
    "funding": "Förderung",
    "advice": "Beratung",
    "good_practice": "Praxisbeispiel",
}

ZZ = "Zukunftszentrum Sachsen"
RUHR = "Zukunfts-HUB Ruhr"
ERZ = "Weiterbildungsportal Erzgebirge"

ZZ_LEIPZIG = "Zukunftszentrum Sachsen, Petersstraße 12, 04109 Leipzig"
ZZ_DRESDEN = "Zukunftszentrum Sachsen, Büro Dresden, Schweriner Straße 21, 01067 Dresden"
ZZ_CHEMNITZ = "Zukunftszentrum Sachsen, Standort Chemnitz, Brückenstraße 8, 09111 Chemnitz"
RUHR_ESSEN = "Zukunfts-HUB Ruhr, Kettwiger Straße 20, 45127 Essen"
RUHR_BOCHUM = "Zukunfts-HUB Ruhr, Standort Bochum, Universitätsstraße 142, 44799 Bochum"
RUHR_DORTMUND = "Zukunfts-HUB Ruhr, Standort Dortmund, Rheinlanddamm 5, 44139 Dortmund"
KFC_CHEMNITZ = "Kompetenzforum Chemnitz, Annaberger Straße 73, 09111 Chemnitz"


def L(**kw):  # short constructor for the data tables below
    """One listing. Keys: slug, kind, title, desc, topics, termin | frist, ort, format,
    kosten | foerderung, zielgruppe; optional: key, pub, broken, anbieter, teaser, ..."""
    kw.setdefault("format", None)
    kw.setdefault("broken", None)
    return kw
