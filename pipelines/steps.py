"""The built-in pipeline steps, one concern each, registered through ``register_steps``.

Order (lower runs first): 10 labelled fields → 20 text → 30 title → 40 kind and link → 50
schedule → 60 price → 65 funding → 70 place → 75 delivery mode → 80 audiences and topics →
90 provenance. Plugins add steps anywhere in between by choosing an ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from hub.hookspecs import hookimpl
from hub.model import FIRST_DAY, LAST_DAY, LISTING_KINDS
from pipelines.base import Draft, Reject
from pipelines.boilerplate import boilerplate_reason
from pipelines.dates import BERLIN, ParsedSchedule, UnreadableDate, read_schedule
from pipelines.modes import parse_mode
from pipelines.places import parse_place
from pipelines.prices import parse_funding, parse_price
from pipelines.prose_dates import schedule_from_prose
from pipelines.taxonomy import map_categories, taxonomy
from pipelines.text import html_to_text, labelled_fields, plain, sanitise_html, unlabelled_text

#: titles longer than this are cut at a word boundary; nobody writes a 300-character title
MAX_TITLE_CHARS = 300
#: a kind, said by the source in German or as code → the listing kind
KIND_WORDS: dict[str, str] = {
    **{k: k for k in LISTING_KINDS},
    "weiterbildung": "course",
    "kurs": "course",
    "seminar": "course",
    "schulung": "course",
    "förderung": "funding",
    "förderprogramm": "funding",
    "beratung": "advice",
    "veranstaltung": "event",
    "event": "event",
    "praxisbeispiel": "good_practice",
    "gute praxis": "good_practice",
}


@dataclass(frozen=True)
class FunctionStep:
    """A step made from a function: ``name`` for the quarantine, ``order`` for its place."""

    name: str
    order: int
    fn: Callable[[Draft], None]

    def __call__(self, draft: Draft) -> None:
        self.fn(draft)


BUILTIN_STEPS: list[FunctionStep] = []


def step(name: str, order: int) -> Callable[[Callable[[Draft], None]], Callable[[Draft], None]]:
    def wrap(fn: Callable[[Draft], None]) -> Callable[[Draft], None]:
        BUILTIN_STEPS.append(FunctionStep(name, order, fn))
        return fn

    return wrap


@step("labelled_fields", 10)
def fill_from_labels(draft: Draft) -> None:
    """``Termin: …`` lines in the description fill fields the source did not give separately."""
    description = draft.text("description")
    if description:
        for name, value in labelled_fields(html_to_text(description)).items():
            if not draft.fields.get(name):
                draft.fields[name] = value
    draft.reference = _reference_day(draft)


@step("text", 20)
def sanitise_description(draft: Draft) -> None:
    description = draft.text("description")
    safe = sanitise_html(description)
    draft.data["description_html"] = safe
    draft.data["description_text"] = html_to_text(safe, sanitised=True)


@step("title", 30)
def require_title(draft: Draft) -> None:
    title = plain(draft.text("title"))
    if not title:
        raise Reject("Titel fehlt: der Eintrag hat keinen oder einen leeren Titel")
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    reason = boilerplate_reason(
        title, draft.data.get("description_text", ""), draft.source.partner.name, draft.fields
    )
    if reason:
        raise Reject(reason)
    draft.data["title"] = title


@step("kind_and_link", 40)
def kind_and_link(draft: Draft) -> None:
    said = draft.text("kind").lower()
    draft.data["kind"] = KIND_WORDS.get(said, draft.source.kind)
    url = draft.raw.url or draft.text("url")
    if url and urlsplit(url).scheme in {"http", "https"}:
        draft.data["url"] = url


@step("schedule", 50)
def read_dates(draft: Draft) -> None:
    """Dates from the date and deadline fields, else from the prose; never guessed.

    A text that cannot be read leaves the dates empty with a flag for the partner (the record
    stays a listing and searchable); only a day that does not exist (31.02.) rejects it,
    because then the source itself is wrong. "nach Vereinbarung" and "laufend" are schedule
    kinds, not failures. Funding keeps its window: start = opening, end = deadline.
    """
    date_text = draft.text("date")
    deadline_text = draft.text("deadline")
    kind = draft.data.get("kind")
    schedule: dict[str, Any] = {}
    if date_text:
        is_deadline = kind == "funding"
        parsed = _read(date_text, draft, "deadline" if is_deadline else "date", is_deadline)
        schedule = {"text": date_text}
        if parsed is not None:
            schedule.update(_schedule_fields(parsed, funding=is_deadline))
            if is_deadline and parsed.sessions:
                draft.data["_deadline"] = parsed.last_moment()
    if deadline_text:
        parsed = _read(deadline_text, draft, "deadline", True)
        if parsed is None:
            schedule.setdefault("text", deadline_text)
        elif parsed.kind != "dated":
            schedule.setdefault("text", deadline_text)
            schedule.update(_schedule_fields(parsed, funding=True))
        elif kind == "funding":
            draft.data["_deadline"] = parsed.last_moment()
            schedule.setdefault("text", deadline_text)
            if not schedule.get("start") and not schedule.get("end"):
                schedule.update(_schedule_fields(parsed, funding=True))
        else:
            schedule["registration_deadline"] = parsed.last_moment()
    if not date_text and not deadline_text and kind in DATED_BY_PROSE:
        parsed, note = schedule_from_prose(
            draft.data.get("description_text", ""), reference=draft.reference
        )
        if parsed is not None:
            schedule = {"text": None, **_schedule_fields(parsed, funding=kind == "funding")}
            if kind == "funding" and parsed.sessions:
                draft.data["_deadline"] = parsed.last_moment()
        elif note:
            _flag(draft, note)
        elif kind in {"course", "event"}:
            _flag(draft, NO_DATE_FLAG)
    if schedule:
        draft.data["schedule"] = schedule


@step("date_range", 995)
def dates_in_range(draft: Draft) -> None:
    """Every date of the listing lies in the years the API and the iCal export can serve.

    Last of all steps, so dates carried in from another hub (``federation``) are checked too.
    """
    schedule = draft.data.get("schedule") or {}
    funding = draft.data.get("funding") or {}
    moments = [
        schedule.get("start"),
        schedule.get("end"),
        schedule.get("registration_deadline"),
        funding.get("deadline"),
        *(s.get(k) for s in schedule.get("sessions") or [] for k in ("start", "end")),
    ]
    for moment in moments:
        day = _day(moment)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            text = schedule.get("text") or funding.get("text") or day.isoformat()
            raise Reject(
                f"Datum '{text}' liegt außerhalb von {FIRST_DAY.year}–{LAST_DAY.year}; "
                "bitte ein echtes Datum angeben (für „unbefristet“ das Datum leer lassen)"
            )


def _day(moment: Any) -> date | None:
    """The calendar day of a datetime, date or ISO text (federated listings carry text)."""
    if isinstance(moment, datetime | date):
        return moment.date() if isinstance(moment, datetime) else moment
    if isinstance(moment, str) and moment:
        try:
            return datetime.fromisoformat(moment).date()
        except ValueError:
            return None  # the model's validation reports it
    return None


#: kinds whose dates may be read from the description when no field gives them
DATED_BY_PROSE = frozenset({"course", "event", "advice"})
NO_DATE_FLAG = (
    "Kein Termin angegeben: bitte Datum (z. B. 03.06.2027, 17:00–18:30 Uhr) oder "
    "'nach Vereinbarung' / 'laufend' angeben"
)


def _schedule_fields(parsed: ParsedSchedule, *, funding: bool) -> dict[str, Any]:
    """Listing schedule fields of a reading; a funding deadline alone is the window's end."""
    fields: dict[str, Any] = {"ongoing": parsed.ongoing}
    if parsed.kind != "dated":
        fields["kind"] = parsed.kind
        return fields
    if funding:
        only = parsed.sessions[0] if len(parsed.sessions) == 1 else None
        if only is not None and only.end is None:
            return {**fields, "start": None, "end": only.start}
        return {**fields, "start": parsed.start, "end": parsed.end}
    fields.update(
        start=parsed.start,
        end=parsed.end,
        sessions=[s._asdict() for s in parsed.sessions],
        session_count=parsed.count,
    )
    return fields


@step("price", 60)
def read_price(draft: Draft) -> None:
    text = draft.text("price")
    if text:
        parsed = parse_price(text)
        if parsed.amount is None:
            _flag(draft, f"Preis '{text}' nicht eindeutig lesbar; Betrag leer gelassen")
        draft.data["price"] = {
            "text": text,
            "amount": parsed.amount,
            "currency": parsed.currency,
            "free": parsed.free,
        }


@step("funding", 65)
def read_funding(draft: Draft) -> None:
    text = draft.text("funding")
    deadline = draft.data.pop("_deadline", None)
    if not text and draft.data.get("kind") != "funding":
        return
    parsed = parse_funding(text)
    draft.data["funding"] = {
        "text": text or None,
        "aid_type": parsed.aid_type,
        "share_percent": parsed.share_percent,
        "max_amount": parsed.max_amount,
        "deadline": deadline,
        "eligible": draft.text("audience") or None,
    }


@step("place", 70)
def read_place(draft: Draft) -> None:
    text = draft.text("place")
    if not text:
        return
    parsed = parse_place(text)
    if parsed.online:
        draft.data.setdefault("_online", True)
        return
    if parsed.uncertain:
        _flag(draft, parsed.uncertain)
    elif not parsed.regions:
        _flag(draft, f"Ort '{text}' unbekannt; Bundesland leer gelassen")
    draft.data["place"] = {
        "text": parsed.text,
        "street": parsed.street,
        "postcode": parsed.postcode,
        "city": parsed.city,
        "district": parsed.district,
        "lat": parsed.lat,
        "lon": parsed.lon,
    }
    draft.data["regions"] = list(parsed.regions)  # the parsed place is shared (cached)


@step("mode", 75)
def read_mode(draft: Draft) -> None:
    """Online, in person or hybrid, from the format text, else from the place."""
    online_place = draft.data.pop("_online", False)
    said = draft.text("mode")
    mode = parse_mode(said) if said else None
    if mode is None:
        if online_place:
            mode = "online"
        elif said or draft.data.get("place") is None:
            return  # a format we do not know, or nothing to go on: unknown, not guessed
        else:
            mode = "in_person"
    draft.data["mode"] = mode


@step("audiences_topics", 80)
def audiences_and_topics(draft: Draft) -> None:
    """Taxonomy labels from the partner's categories (mapped per source) and the prose.

    Audiences come only from what the partner said about them (field or ``Zielgruppe:`` line);
    topics also from the title and running text, without the labelled lines, so that a
    "Zielgruppe: Führungskräfte" line does not make every offer one about leadership.
    """
    vocab = taxonomy()
    options = draft.source.options
    draft.data["audiences"] = map_categories(
        vocab["audiences"], _split(draft.values("audience")), options.get("audience_map") or {}
    )
    topics = map_categories(
        vocab["topics"], _split(draft.values("topics")), options.get("topic_map") or {}
    )
    prose = (
        f"{draft.data.get('title', '')}\n{unlabelled_text(draft.data.get('description_text', ''))}"
    )
    topics += [t for t in vocab["topics"].find(prose) if t not in topics]
    draft.data["topics"] = topics


@step("provenance", 90)
def provenance(draft: Draft) -> None:
    for name in ("provider", "contact", "licence", "attribution"):
        value = plain(draft.text(name))
        if value:
            draft.data[name] = value


def _read(text: str, draft: Draft, what: str, deadline: bool) -> ParsedSchedule | None:
    """The parsed schedule; None (and a flag the partner can act on) when it cannot be read.

    A day that does not exist rejects the record: the source states something false.
    """
    try:
        return read_schedule(text, reference=draft.reference, deadline=deadline)
    except UnreadableDate as exc:
        label = "Frist" if what == "deadline" else "Datum"
        if exc.impossible:
            raise Reject(f"{label} '{text}' existiert nicht: {exc}") from None
        _flag(
            draft,
            f"{label} '{text}' nicht lesbar ({exc}); Termin leer gelassen – bitte z. B. als "
            "03.06.2027, '03.06.2027, 17:00–18:30 Uhr' oder 'nach Vereinbarung' angeben",
        )
        return None


def _flag(draft: Draft, note: str) -> None:
    flags = draft.data.setdefault("flags", [])
    if note not in flags:
        flags.append(note)


def _split(values: list[str]) -> list[str]:
    """Comma- or semicolon-separated values, stripped, first spelling kept, no duplicates."""
    seen: dict[str, str] = {}
    for value in values:
        for part in value.replace(";", ",").split(","):
            part = plain(part)
            if part and part.lower() not in seen:
                seen[part.lower()] = part
    return list(seen.values())


def _reference_day(draft: Draft) -> date:
    """The publication day if the source gave one, else the harvest day (Berlin time)."""
    published = draft.text("published")
    if published:
        for parse in (datetime.fromisoformat, parsedate_to_datetime):
            try:
                moment = parse(published)
            except (ValueError, TypeError):
                continue
            return (moment.astimezone(BERLIN) if moment.tzinfo else moment).date()
    return draft.raw.fetched_at.astimezone(BERLIN).date()


@hookimpl
def register_steps(register: Callable[[Any], None]) -> None:
    for builtin in BUILTIN_STEPS:
        register(builtin)
