"""German display names for codes: kinds, delivery modes, regions and facet fields."""

from __future__ import annotations

from hub.model import KIND_LABELS, MODE_LABELS

#: ISO 3166-2 codes of the 16 Länder → German names; "DE" stands for the whole country
REGION_LABELS: dict[str, str] = {
    "DE": "Deutschland (bundesweit)",
    "DE-BW": "Baden-Württemberg",
    "DE-BY": "Bayern",
    "DE-BE": "Berlin",
    "DE-BB": "Brandenburg",
    "DE-HB": "Bremen",
    "DE-HH": "Hamburg",
    "DE-HE": "Hessen",
    "DE-MV": "Mecklenburg-Vorpommern",
    "DE-NI": "Niedersachsen",
    "DE-NW": "Nordrhein-Westfalen",
    "DE-RP": "Rheinland-Pfalz",
    "DE-SL": "Saarland",
    "DE-SN": "Sachsen",
    "DE-ST": "Sachsen-Anhalt",
    "DE-SH": "Schleswig-Holstein",
    "DE-TH": "Thüringen",
}

#: headings of the facet groups in the sidebar
FACET_TITLES: dict[str, str] = {
    "kind": "Angebotsart",
    "topic": "Thema",
    "audience": "Zielgruppe",
    "partner": "Anbieter",
    "region": "Region",
    "mode": "Format",
    "free": "Kosten",
    "deadline": "Antragsfrist",
}

#: values of the two computed facets
FREE_LABELS: dict[str, str] = {"free": "kostenfrei", "paid": "kostenpflichtig"}
DEADLINE_LABELS: dict[str, str] = {"open": "Antrag möglich", "closed": "Frist abgelaufen"}


def region_label(code: str) -> str:
    """German name of a region code; codes we have no name for (e.g. AGS) are shown as they are."""
    return REGION_LABELS.get(code.upper(), code)


def facet_label(field: str, value: str) -> str:
    """How a facet value is shown: German labels for kinds, modes and regions, else the value."""
    if field == "kind":
        return KIND_LABELS.get(value, value)
    if field == "mode":
        return MODE_LABELS.get(value, value)
    if field == "region":
        return region_label(value)
    if field == "free":
        return FREE_LABELS.get(value, value)
    if field == "deadline":
        return DEADLINE_LABELS.get(value, value)
    return value
