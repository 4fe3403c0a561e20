"""The ``ical`` connector: iCalendar feeds, recurring events expanded within a window.

Each occurrence becomes one record keyed by the event's UID (plus the occurrence's start for
recurring events), so an edited series keeps its ids. Cancelled events and occurrences
(``STATUS:CANCELLED``, EXDATE) are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

import icalendar
import recurring_ical_events
from pydantic import Field, HttpUrl

from connectors._util import charset_of, decode
from connectors.base import Connector, ConnectorOptions
from hub.errors import ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import RawRecord, utcnow


class IcalOptions(ConnectorOptions):
    """``[source.options]`` of an ``ical`` source."""

    url: HttpUrl
    #: occurrences are expanded from ``window_start`` (default: today) for this many days
    window_days: int = Field(365, ge=1, le=3660)
    #: fixed start of the window (ISO date); mainly for reproducible tests and back-fills
    window_start: date | None = None
    #: include occurrences that started up to this many days before the window start
    past_days: int = Field(0, ge=0, le=3660)
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)


class IcalConnector(Connector):
    """Harvests one iCalendar feed; each occurrence in the window is one RawRecord."""

    name: ClassVar[str] = "ical"
    Options: ClassVar[type[ConnectorOptions]] = IcalOptions
    incremental: ClassVar[frozenset[str]] = frozenset({"conditional_get"})
    options: IcalOptions
    _series: set[str]

    def fetch(self) -> Iterator[RawRecord]:
        o = self.options
        url = str(o.url)
        http = self.context.http
        http.timeout_s, http.max_bytes = o.timeout, o.max_bytes
        state = self.context.state
        result = http.get(url, etag=state.get("etag"), last_modified=state.get("last_modified"))
        if result.not_modified:
            self.context.not_modified = True
            return
        text = decode(result.body, url, charset_of(result.headers.get("content-type")))
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except ValueError as exc:
            raise ConnectorError(f"{url} is not an iCalendar file: {exc}.", kind="parse") from None
        start = o.window_start or utcnow().date()
        begin = start - timedelta(days=o.past_days)
        end = start + timedelta(days=o.window_days)
        try:
            occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(
                begin, end
            )
        except Exception as exc:  # the library raises many types for broken rules
            raise ConnectorError(
                f"{url}: recurrence rules unreadable: {exc}.", kind="parse"
            ) from None
        self._series = _series_uids(calendar)
        seen: set[str] = set()
        for event in sorted(occurrences, key=_sort_key):
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            record = self._record(event, url)
            if record is None or record.key in seen:
                continue
            seen.add(record.key)
            yield record
        if result.etag:
            state["etag"] = result.etag
        if result.last_modified:
            state["last_modified"] = result.last_modified

    def _record(self, event: Any, feed_url: str) -> RawRecord | None:
        uid = str(event.get("UID", "")).strip()
        start = event.decoded("DTSTART", None)
        if not uid or start is None:
            self.context.notes.append(f"skipped an event without UID or DTSTART in {feed_url}")
            return None
        # an occurrence is named by its original slot (RECURRENCE-ID), so a moved one keeps its id
        original = event.decoded("RECURRENCE-ID", None) or start
        key = f"{uid}@{_iso(original)}" if uid in self._series else uid
        categories: list[str] = []
        for entry in _as_list(event.get("CATEGORIES")):
            categories.extend(str(c).strip() for c in getattr(entry, "cats", [entry]))
        return self.record(
            key=key,
            url=str(event.get("URL", "")).strip() or None,
            title=str(event.get("SUMMARY", "")).strip(),
            description=str(event.get("DESCRIPTION", "")).strip(),
            date=_when(start, _end_of(event, start)),
            place=str(event.get("LOCATION", "")).strip(),
            topics=[c for c in categories if c],
            provider=_organizer(event),
        )


def _series_uids(calendar: Any) -> set[str]:
    """UIDs of recurring events: their occurrences are keyed by UID and original start."""
    uids: set[str] = set()
    for event in calendar.walk("VEVENT"):
        if event.get("RRULE") or event.get("RDATE") or event.get("RECURRENCE-ID"):
            uids.add(str(event.get("UID", "")).strip())
    return uids


def _sort_key(event: Any) -> str:
    return _iso(event.decoded("DTSTART", date.min))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _end_of(event: Any, start: date | datetime) -> date | datetime | None:
    end = event.decoded("DTEND", None)
    if end is None and event.get("DURATION") is not None:
        end = start + event.decoded("DURATION")
    return end


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _when(start: date | datetime, end: date | datetime | None) -> str:
    """ISO start[/end]; an all-day DTEND is exclusive, the catalogue's end day inclusive."""
    if not isinstance(start, datetime):
        if isinstance(end, date) and not isinstance(end, datetime):
            last = end - timedelta(days=1)
            if last > start:
                return f"{start.isoformat()}/{last.isoformat()}"
        return start.isoformat()
    if isinstance(end, datetime) and end > start:
        return f"{start.isoformat()}/{end.isoformat()}"
    return start.isoformat()


def _organizer(event: Any) -> str | None:
    organizer = event.get("ORGANIZER")
    if organizer is None:
        return None
    name = organizer.params.get("CN") if hasattr(organizer, "params") else None
    return str(name).strip() if name else None


@hookimpl
def register_connectors(register: Any) -> None:
    register(IcalConnector)
