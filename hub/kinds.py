"""The listing kinds and their German labels, without pydantic: ``regiohub --help`` names
them, and importing :mod:`hub.model` (pydantic) would cost a tenth of a second there."""

from __future__ import annotations

LISTING_KINDS: tuple[str, ...] = ("course", "funding", "advice", "event", "good_practice")

#: German labels for the UI and the CLI.
KIND_LABELS: dict[str, str] = {
    "course": "Weiterbildung",
    "funding": "Förderung",
    "advice": "Beratung",
    "event": "Veranstaltung",
    "good_practice": "Praxisbeispiel",
}
