"""The built-in pipeline steps, one concern each, registered through ``register_steps``.

Order (lower runs first): 10 labelled fields → 20 text → 30 title → 40 kind and link → 50
schedule → 60 price → 65 funding → 70 place → 75 delivery mode → 80 audiences and topics →
90 provenance. Plugins add steps anywhere in between by choosing an ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from hub.hookspecs import hookimpl
from hub.model import FIRST_DAY, LAST_DAY, LISTING_KINDS
from pipelines.base import Draft, Reject
from pipelines.boilerplate import boilerplate_reason
from pipelines.dates import BERLIN, ParsedSchedule, ParsedSession, UnreadableDate, read_schedule
from pipelines.modes import mode_in_prose, mode_of_place, parse_mode
from pipelines.places import (
    ParsedPlace,
    address_in_prose,
    parse_place,
    towns_in_prose,
    venue_town_in_prose,
)
from pipelines.prices import funding_in_prose, parse_funding, parse_price, price_in_prose
from pipelines.prose_dates import schedule_from_prose
from pipelines.taxonomy import map_categories, taxonomy
from pipelines.text import labelled_fields, plain, read_description, unlabelled_text
from pipelines.topics import audience_text, audiences_in_prose, choose_topics

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
        for name, value in labelled_fields(read_description(description).label_text).items():
            if not draft.fields.get(name):
                draft.fields[name] = value
    draft.reference = _reference_day(draft)


@step("text", 20)
def sanitise_description(draft: Draft) -> None:
    description = draft.text("description")
    read = read_description(description)
    draft.data["description_html"] = read.html
    draft.data["description_text"] = read.text


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
    listed = _listed_sessions(draft) if kind not in NO_OFFER_FACTS else None
    if listed is not None:  # the source lists every session: they are the schedule
        schedule = {"text": date_text or None, **_schedule_fields(listed, funding=False)}
    elif date_text:
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
    if not date_text and not deadline_text and listed is None and kind in DATED_BY_PROSE:
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


def _listed_sessions(draft: Draft) -> ParsedSchedule | None:
    """The sessions a source lists one by one (field ``sessions``: one date text each, e.g.
    from the ``json`` connector's ``[source.options.sessions]``), as one schedule; None when
    there are none, or when one of them cannot be read (flagged: the date field is used)."""
    said = draft.fields.get("sessions")
    if not isinstance(said, list) or not said:
        return None
    sessions: list[ParsedSession] = []
    for number, text in enumerate(said, 1):
        text = str(text).strip()
        try:
            parsed = read_schedule(text, reference=draft.reference) if text else None
        except UnreadableDate as exc:
            if exc.impossible:
                raise Reject(
                    f"Termin {number} der Terminliste '{text}' existiert nicht: {exc}"
                ) from None
            parsed = None
        if parsed is None or parsed.kind != "dated" or not parsed.sessions:
            problem = f"'{text}' ist nicht lesbar" if text else "hat keinen Beginn"
            _flag(
                draft,
                f"Termin {number} der Terminliste {problem}; die Liste wurde nicht übernommen – "
                "bitte jeden Termin mit Beginn angeben, z. B. 2027-04-13T09:00/2027-04-13T12:00",
            )
            return None
        sessions.extend(parsed.sessions)
    sessions = sorted(set(sessions), key=lambda s: (s.start, s.end or s.start))
    # as the grammar does for several dates: the end is the latest moment a session reaches
    end = max(s.end or s.start for s in sessions) if len(sessions) > 1 else sessions[0].end
    return ParsedSchedule(start=sessions[0].start, end=end, sessions=sessions)


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


#: kinds that have no price, delivery or sessions of their own (a programme, a report)
NO_OFFER_FACTS = frozenset({"funding", "good_practice"})


@step("price", 60)
def read_price(draft: Draft) -> None:
    """The price field, else a sentence of the description that says what the offer costs."""
    if draft.data.get("kind") in NO_OFFER_FACTS:
        return
    text = draft.text("price") or price_in_prose(draft.data.get("description_text", "")) or ""
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
    share, cap = parsed.share_percent, parsed.max_amount
    if share is None or cap is None:  # "Der Zuschuss beträgt bis zu 40 Prozent …" in the text
        prose = funding_in_prose(draft.data.get("description_text", ""))
        share = share if share is not None else prose.share_percent
        cap = cap if cap is not None else prose.max_amount
    draft.data["funding"] = {
        "text": text or None,
        "aid_type": parsed.aid_type,
        "share_percent": share,
        "max_amount": cap,
        "deadline": deadline,
        "eligible": draft.text("audience") or None,
    }


@step("place", 70)
def read_place(draft: Draft) -> None:
    """The place field, else a venue address (or, for reports, the firm's town) in the prose.

    Region-wide offers (a Landkreis, "Raum Cottbus", several towns) keep their Länder and no
    city; a funding programme or advice without a place takes its Land from who may apply or
    the title ("… in Sachsen-Anhalt", "mit Betriebsstätte im Ruhrgebiet"). Online-only offers
    get no Land, even when they are meant for one.
    """
    kind = draft.data.get("kind")
    text = draft.text("place")
    if not text and (not draft.text("mode") or parse_mode(draft.text("mode")) != "online"):
        text = _place_from_prose(draft, kind) or ""
    if not text:
        return
    parsed = parse_place(text)
    if parsed.online or (
        not parsed.regions and not parsed.postcode and mode_of_place(text) == "online"
    ):
        draft.data.setdefault("_online", True)
        return
    if not parsed.regions and kind in {"funding", "advice"}:
        area = _area_from_prose(draft)
        if area is not None:
            parsed = replace(area, text=parsed.text, regional=True)
    if parsed.uncertain:
        _flag(draft, parsed.uncertain)
    elif not parsed.regions:
        _flag(draft, f"Ort '{text}' unbekannt; Bundesland leer gelassen")
    regional = parsed.regional or kind == "funding"  # a programme has an area, not a venue
    draft.data["place"] = {
        "text": parsed.text,
        "street": None if regional else parsed.street,
        "postcode": None if regional else parsed.postcode,
        "city": None if regional else parsed.city,
        "district": parsed.district,
        "lat": parsed.lat,
        "lon": parsed.lon,
    }
    draft.data["regions"] = list(parsed.regions)  # the parsed place is shared (cached)


def _place_from_prose(draft: Draft, kind: str | None) -> str | None:
    """A place text from the description (address) or, for reports and programmes, a town or
    area named in the title or text – only when that names exactly one."""
    description = unlabelled_text(draft.data.get("description_text", ""))
    address = address_in_prose(description)
    if address:
        return address
    if kind not in {"good_practice", "funding"} and (town := venue_town_in_prose(description)):
        return town
    title = draft.data.get("title", "")
    if kind in {"good_practice", "funding", "advice"}:
        for where in (title, description):
            places = towns_in_prose(where)
            if len(places) == 1:
                return places[0].text
    if kind in {"funding", "advice"}:
        area = _area_from_prose(draft)
        return area.text if area is not None else None
    places = towns_in_prose(title)
    return places[0].text if len(places) == 1 and places[0].city else None


def _area_from_prose(draft: Draft) -> ParsedPlace | None:
    """The one area who may apply or the title names ("… im Ruhrgebiet")."""
    for where in (draft.text("audience"), draft.data.get("title", "")):
        places = towns_in_prose(where)
        lands = {tuple(p.regions) for p in places}
        if places and len(lands) == 1:
            return places[0]
    return None


@step("mode", 75)
def read_mode(draft: Draft) -> None:
    """Online, in person or hybrid: the format text, the place text, the prose, the venue.

    Funding programmes and reports have no delivery. A format text we do not know leaves the
    venue to decide; with neither, the mode stays unknown rather than guessed.
    """
    online_place = draft.data.pop("_online", False)
    if draft.data.get("kind") in NO_OFFER_FACTS:
        return
    said = draft.text("mode")
    place_text = draft.text("place")
    venue = draft.data.get("place") is not None
    mode = parse_mode(said) if said else None
    from_place = mode_of_place(place_text) if place_text else None
    if from_place == "hybrid" or (from_place == "online" and (venue or mode == "in_person")):
        mode = "hybrid"  # "vor Ort in Herne oder per Video"
    elif mode is None and (online_place or from_place == "online"):
        mode = "online"
    if mode is None or (mode == "in_person" and not said):
        prose = mode_in_prose(
            draft.data.get("title", ""), draft.data.get("description_text", ""), venue=venue
        )
        mode = prose or mode
    if mode is None and venue:
        mode = "in_person"
    if mode is not None:
        draft.data["mode"] = mode


@step("audiences_topics", 80)
def audiences_and_topics(draft: Draft) -> None:
    """Taxonomy labels from the partner's categories (mapped per source) and the prose.

    Audiences come from what the partner said about them (field, ``Zielgruppe:`` line,
    schema.org audience) or, failing that, from a sentence that says who the offer is for
    ("richtet sich an …", "Für Beschäftigte in der Pflege"); a report (good practice) names no
    audience unless its source does. Topics: the partner's categories first, then the title,
    then words of the running text – without the labelled lines, so that a "Zielgruppe:
    Führungskräfte" line does not make every offer one about leadership. See pipelines/topics.py.
    """
    vocab = taxonomy()
    options = draft.source.options
    kind = draft.data.get("kind")
    said = _split([audience_text(v) for v in draft.values("audience")])
    if not said and kind != "good_practice":
        title = draft.data.get("title", "")
        said = audiences_in_prose(f"{title}\n{draft.data.get('description_text', '')}")
    draft.data["audiences"] = map_categories(
        vocab["audiences"], said, options.get("audience_map") or {}
    )
    categories = map_categories(
        vocab["topics"], _split(draft.values("topics")), options.get("topic_map") or {}
    )
    draft.data["topics"] = choose_topics(
        vocab["topics"],
        kind=kind,
        categories=categories,
        title=draft.data.get("title", ""),
        text=unlabelled_text(draft.data.get("description_text", "")),
    )


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
