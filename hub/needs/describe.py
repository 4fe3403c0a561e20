"""A need in German words, and the radar keys it is counted under."""

from __future__ import annotations

from datetime import datetime

from hub.model import KIND_LABELS, utcnow
from hub.needs.model import FREQUENCIES, NeedSpec
from hub.needs.store import RadarKeys
from pipelines.places import parse_place
from search_api.formatting import format_day, format_money


def describe(spec: NeedSpec) -> str:
    """One line, e.g. „Datenschutz · Weiterbildung · Chemnitz (25 km) · kostenfrei“."""
    parts: list[str] = []
    if spec.q:
        parts.append(f"„{spec.q}“")
    parts.extend(spec.topic)
    parts.extend(KIND_LABELS.get(k, k) for k in spec.kind)
    parts.extend(spec.audience)
    if spec.online:
        parts.append("online")
    elif spec.near:
        parts.append(f"{spec.near} ({spec.radius:g} km)" if spec.radius else spec.near)
    if spec.people:
        parts.append(f"{spec.people} Person{'en' if spec.people > 1 else ''}")
    if spec.free:
        parts.append("nur kostenfrei")
    elif spec.budget is not None:
        parts.append(f"bis {format_money(spec.budget)} pro Person")
    if spec.date_from or spec.date_to:
        start = format_day(spec.date_from) if spec.date_from else "…"
        end = format_day(spec.date_to) if spec.date_to else "…"
        parts.append(f"{start} – {end}")
    parts.append(FREQUENCIES[spec.frequency])
    return " · ".join(parts) or "alle neuen Angebote"


def radar_keys(spec: NeedSpec, now: datetime | None = None) -> RadarKeys:
    """Topic, Kreis, Land, kind, format and month of a need, for anonymous counting only."""
    district = state = None
    if spec.near and not spec.online:
        place = parse_place(spec.near)
        district = place.district
        state = place.regions[0] if place.regions else None
    if state is None and spec.region:
        state = spec.region[0][:5] if spec.region[0].startswith("DE-") else None
    return RadarKeys(
        topic=spec.topic[0] if spec.topic else None,
        district=district,
        state=state,
        kind=spec.kind[0] if len(spec.kind) == 1 else None,
        mode="online" if spec.online else ("in_person" if spec.near else None),
        month=(now or utcnow()).strftime("%Y-%m"),
    )
