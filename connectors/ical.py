"""The ``ical`` connector: iCalendar feeds, recurring events expanded within a window.

Each occurrence becomes one record keyed by the event's UID (plus the occurrence's original
slot for recurring events, as a Europe/Berlin time, so a RECURRENCE-ID written in UTC names
the same slot as a DTSTART with TZID), so an edited series keeps its ids. A
``RANGE=THISANDFUTURE`` override moves every later occurrence; each keeps the key of its own
original slot. Cancelled events and occurrences (``STATUS:CANCELLED``) are left out and, if
the catalogue still holds them, deleted; EXDATEs are left out.

A VEVENT that cannot be read (no DTSTART, a date that does not parse, a broken rule) costs
only itself: it is skipped with a note naming it and its reason, and a listing it gave before
is kept (neither updated nor deleted) until the partner repairs or removes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from pydantic import Field, HttpUrl

from connectors._util import charset_of, decode
from connectors.base import Connector, ConnectorOptions
from hub.errors import ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import ListingKind, RawRecord, utcnow

BERLIN = ZoneInfo("Europe/Berlin")
#: components that carry time zone definitions every split-off calendar needs
SHARED_COMPONENTS = frozenset({"VTIMEZONE"})


class IcalOptions(ConnectorOptions):
    """``[source.options]`` of an ``ical`` source."""

    url: HttpUrl
    #: occurrences are expanded from ``window_start`` (default: today in Berlin) for this many
    #: days; an event already running at the window start is kept
    window_days: int = Field(365, ge=1, le=3660)
    #: fixed start of the window (ISO date); mainly for reproducible tests and back-fills
    window_start: date | None = None
    #: include occurrences that started up to this many days before the window start
    past_days: int = Field(0, ge=0, le=3660)
    #: maps a CATEGORIES value (case-insensitive) to a listing kind, like the feed's option;
    #: every category is also passed on as a topic
    kind_categories: dict[str, ListingKind] = Field(default_factory=dict)
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)


class IcalConnector(Connector):
    """Harvests one iCalendar feed; each occurrence in the window is one RawRecord."""

    name: ClassVar[str] = "ical"
    Options: ClassVar[type[ConnectorOptions]] = IcalOptions
    incremental: ClassVar[frozenset[str]] = frozenset({"conditional_get"})
    options: IcalOptions
    _series: set[str]
    #: (UID, original slot) of each THISANDFUTURE override → how far it moved the series
    _shifts: dict[tuple[str, str], timedelta]

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
        calendar = self._parse(text, url)
        self._drop_unreadable(calendar, url)
        start = o.window_start or utcnow().astimezone(BERLIN).date()
        begin = start - timedelta(days=o.past_days)
        end = start + timedelta(days=o.window_days)
        self._series = _series_uids(calendar)
        self._shifts = _future_shifts(calendar)
        seen: set[str] = set()
        for event in sorted(self._occurrences(calendar, begin, end, url), key=_sort_key):
            record = self._record(event)
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                self.context.deleted_keys.add(record.key)  # never searchable, not even before
                continue
            if record.key in seen:
                self.context.notes.append(
                    f"Termin {record.key} steht zweimal in {url}; der erste wurde übernommen"
                )
                continue
            seen.add(record.key)
            yield record
        if result.etag:
            state["etag"] = result.etag
        if result.last_modified:
            state["last_modified"] = result.last_modified

    def _parse(self, text: str, url: str) -> Any:
        """The calendar; a file holding several VCALENDARs (some exports do) is read as one."""
        try:
            return icalendar.Calendar.from_ical(text)
        except ValueError as exc:
            first = exc
        try:
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
        except ValueError:
            calendars = []
        if not calendars:
            raise ConnectorError(
                f"{url} ist keine iCalendar-Datei ({first}); bitte die Adresse des Kalenders "
                "prüfen.",
                kind="parse",
            )
        merged = calendars[0]
        for other in calendars[1:]:
            merged.subcomponents.extend(other.subcomponents)
        self.context.notes.append(
            f"{url} enthält {len(calendars)} Kalender; sie wurden als einer gelesen"
        )
        return merged

    def _drop_unreadable(self, calendar: Any, url: str) -> None:
        """Take out VEVENTs that cannot be read, each noted; name events that lack a UID."""
        kept = []
        masters: set[str] = set()
        for component in calendar.subcomponents:
            if component.name != "VEVENT":
                kept.append(component)
                continue
            uid = str(component.get("UID", "")).strip()
            what = _describe(component)
            for name in ("DTSTART", "DTEND", "DURATION"):
                if isinstance(component.get(name), list):  # written twice: the first one counts
                    component[name] = component.get(name)[0]
                    self.context.notes.append(
                        f"{what} in {url} hat {name} zweimal; das erste gilt – "
                        "bitte eines entfernen"
                    )
            problem = _problem(component)
            if not problem and uid and component.get("RECURRENCE-ID") is None:
                if uid in masters:  # one UID, two events: the library would merge them
                    self.context.notes.append(
                        f"{what} in {url} nutzt die UID {uid} eines früheren Termins; der erste "
                        "wurde übernommen – bitte jedem Termin eine eigene UID geben"
                    )
                    continue
                masters.add(uid)
            if problem:
                self.context.notes.append(f"{what} in {url} übersprungen: {problem}")
                if uid and not _is_recurring(component):
                    self.context.kept_keys.add(uid)  # still listed: keep what we have
                elif uid:
                    self.context.partial = True  # its occurrences' keys are unknown
                continue
            if not uid:
                uid = "sha256:" + hashlib.sha256(
                    f"{component.get('SUMMARY', '')}\x1f{component.get('DTSTART').to_ical()!r}"
                    .encode()
                ).hexdigest()[:24]  # fmt: skip
                component["UID"] = uid
                self.context.notes.append(
                    f"{what} in {url} hat keine UID; Schlüssel aus Titel und Beginn, er ändert "
                    "sich mit ihnen – bitte eine feste UID angeben"
                )
            kept.append(component)
        calendar.subcomponents[:] = kept

    def _occurrences(self, calendar: Any, begin: date, end: date, url: str) -> list[Any]:
        """Occurrences in the window; a series whose rules break the expansion costs only
        itself (the library raises for the whole calendar)."""
        try:
            return list(recurring_ical_events.of(calendar).between(begin, end))
        except Exception:  # the library raises many types for broken rules
            pass
        shared = [c for c in calendar.subcomponents if c.name in SHARED_COMPONENTS]
        groups: dict[str, list[Any]] = {}
        for component in calendar.subcomponents:
            if component.name == "VEVENT":
                groups.setdefault(str(component.get("UID", "")).strip(), []).append(component)
        found: list[Any] = []
        for uid, components in groups.items():
            single = icalendar.Calendar()
            for component in (*shared, *components):
                single.add_component(component)
            try:
                found.extend(recurring_ical_events.of(single).between(begin, end))
            except Exception as exc:
                self.context.notes.append(
                    f"Terminserie {uid} in {url} übersprungen: Wiederholungsregel nicht "
                    f"auswertbar ({type(exc).__name__}: {exc}) – bitte RRULE prüfen"
                )
                self.context.partial = True  # its occurrences may still be listed
        return found

    def _record(self, event: Any) -> RawRecord:
        uid = str(event.get("UID", "")).strip()
        start = event.decoded("DTSTART")
        key = f"{uid}@{_slot_key(self._slot(event, uid, start))}" if uid in self._series else uid
        categories: list[str] = []
        for entry in _as_list(event.get("CATEGORIES")):
            categories.extend(str(c).strip() for c in getattr(entry, "cats", [entry]))
        categories = [c for c in dict.fromkeys(categories) if c]
        kinds = {k.casefold(): v for k, v in self.options.kind_categories.items()}
        kind = next((kinds[c.casefold()] for c in categories if c.casefold() in kinds), None)
        return self.record(
            key=key,
            url=str(event.get("URL", "")).strip() or None,
            title=str(event.get("SUMMARY", "")).strip(),
            description=str(event.get("DESCRIPTION", "")).strip(),
            date=_when(start, _end_of(event, start)),
            place=str(event.get("LOCATION", "")).strip(),
            topics=categories,
            kind=kind,
            provider=_organizer(event),
        )

    def _slot(self, event: Any, uid: str, start: date | datetime) -> date | datetime:
        """The occurrence's original slot: RECURRENCE-ID, but for occurrences a
        THISANDFUTURE override moved (which all carry its RECURRENCE-ID) their own slot."""
        recurrence = event.get("RECURRENCE-ID")
        if recurrence is None:
            return start
        original = event.decoded("RECURRENCE-ID")
        if str(recurrence.params.get("RANGE", "")).upper() != "THISANDFUTURE":
            return original
        shift = self._shifts.get((uid, _slot_key(original)))
        if shift is None:
            return start
        return start - shift


def _describe(component: Any) -> str:
    summary = str(component.get("SUMMARY", "")).strip()
    uid = str(component.get("UID", "")).strip()
    name = f"Termin '{summary}'" if summary else "Termin ohne SUMMARY"
    return f"{name} (UID {uid})" if uid else name


def _problem(component: Any) -> str | None:
    """Why a VEVENT cannot be read, or None when it can."""
    if component.get("DTSTART") is None:
        return "DTSTART fehlt – bitte Beginn angeben"
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        if component.get(name) is None:
            continue
        try:
            value = component.decoded(name)
        except Exception:  # icalendar raises several types for broken values
            value = None
        if not isinstance(value, date):
            return (
                f"{name} '{_raw(component.get(name))}' ist kein gültiges Datum – "
                "bitte Datum korrigieren"
            )
    if component.get("DURATION") is not None:
        try:
            duration = component.decoded("DURATION")
            usable = isinstance(duration, timedelta) and component.decoded("DTSTART") + duration
        except Exception:  # unreadable, or so long that the end lies beyond year 9999
            usable = False
        if not usable:
            return (
                f"DURATION '{_raw(component.get('DURATION'))}' ist keine brauchbare Dauer – "
                "bitte Dauer oder DTEND korrigieren"
            )
    return None


def _raw(value: Any) -> str:
    """A property as the file wrote it, for a note."""
    written = value.to_ical() if hasattr(value, "to_ical") else value
    return written.decode("utf-8", "replace") if isinstance(written, bytes) else str(written)


def _is_recurring(component: Any) -> bool:
    return bool(component.get("RRULE") or component.get("RDATE") or component.get("RECURRENCE-ID"))


def _future_shifts(calendar: Any) -> dict[tuple[str, str], timedelta]:
    shifts: dict[tuple[str, str], timedelta] = {}
    for event in calendar.walk("VEVENT"):
        recurrence = event.get("RECURRENCE-ID")
        if recurrence is None or str(recurrence.params.get("RANGE", "")).upper() != (
            "THISANDFUTURE"
        ):
            continue
        original, start = event.decoded("RECURRENCE-ID"), event.decoded("DTSTART")
        try:
            shift = start - original
        except TypeError:  # a date against a datetime: no shift we can trust
            continue
        shifts[(str(event.get("UID", "")).strip(), _slot_key(original))] = shift
    return shifts


def _slot_key(value: date | datetime) -> str:
    """An occurrence slot as the key names it: aware times in Europe/Berlin, so the same
    instant written in UTC or with another TZID gives the same key."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(BERLIN).isoformat()
    return value.isoformat()


def _series_uids(calendar: Any) -> set[str]:
    """UIDs of recurring events: their occurrences are keyed by UID and original start."""
    return {str(e.get("UID", "")).strip() for e in calendar.walk("VEVENT") if _is_recurring(e)}


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
