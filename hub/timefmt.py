"""Times as operators read them: stored UTC, shown in Berlin time (CLI and /betrieb alike)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(iso: str | None) -> str:
    """``2026-12-02T01:47:06+00:00`` → ``02.12.2026 02:47`` (a time without zone is UTC)."""
    if not iso:
        return "—"
    when = datetime.fromisoformat(iso)
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return f"{when.astimezone(BERLIN):%d.%m.%Y %H:%M}"
