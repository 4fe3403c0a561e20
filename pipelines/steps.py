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
from hub.model import LISTING_KINDS
from pipelines.base import Draft, Reject
from pipelines.dates import BERLIN, UnreadableDate, read_schedule
from pipelines.places import parse_place
from pipelines.prices import parse_funding, parse_price
from pipelines.text import html_to_text, labelled_fields, plain, sanitise_html

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
ONLINE_WORDS = ("online", "webinar", "virtuell", "live-online", "e-learning", "zoom", "digital")
ON_SITE_WORDS = ("präsenz", "vor ort", "vor-ort", "inhouse", "vor-ort-termin")
HYBRID_WORDS = ("hybrid", "blended")


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
    draft.data["description_text"] = html_to_text(safe)


@step("title", 30)
def require_title(draft: Draft) -> None:
    title = plain(draft.text("title"))
    if not title:
        raise Reject("missing title: the record has no title or an empty one")
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + " …"
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
    """Dates are required to be readable when given; a date we cannot read is not guessed."""
    date_text = draft.text("date")
    deadline_text = draft.text("deadline")
    kind = draft.data.get("kind")
    schedule: dict[str, Any] = {}
    if date_text:
        is_deadline = kind == "funding"
        parsed = _read(date_text, draft, "deadline" if is_deadline else "date", is_deadline)
        if is_deadline and not parsed.ongoing:
            draft.data["_deadline"] = parsed.last_moment()
        schedule = {
            "text": date_text,
            "start": parsed.start,
            "end": parsed.end,
            "ongoing": parsed.ongoing,
            "sessions": [s._asdict() for s in parsed.sessions],
        }
        if is_deadline:
            schedule = {"text": date_text, "ongoing": parsed.ongoing}
    if deadline_text:
        parsed = _read(deadline_text, draft, "deadline", True)
        if parsed.ongoing:
            schedule.setdefault("text", deadline_text)
            schedule["ongoing"] = True
        elif kind == "funding":
            draft.data["_deadline"] = parsed.last_moment()
            schedule.setdefault("text", deadline_text)
        else:
            schedule["registration_deadline"] = parsed.last_moment()
    if schedule:
        draft.data["schedule"] = schedule


@step("price", 60)
def read_price(draft: Draft) -> None:
    text = draft.text("price")
    if text:
        parsed = parse_price(text)
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
    draft.data["place"] = {
        "text": parsed.text,
        "street": parsed.street,
        "postcode": parsed.postcode,
        "city": parsed.city,
        "lat": parsed.lat,
        "lon": parsed.lon,
    }
    draft.data["regions"] = parsed.regions


@step("mode", 75)
def read_mode(draft: Draft) -> None:
    """Online, in person or hybrid, from the format text, else from the place."""
    online_place = draft.data.pop("_online", False)
    said = draft.text("mode").lower()
    if any(w in said for w in HYBRID_WORDS):
        mode = "hybrid"
    else:
        online = any(w in said for w in ONLINE_WORDS)
        on_site = any(w in said for w in ON_SITE_WORDS)
        if online and on_site:
            mode = "hybrid"
        elif online:
            mode = "online"
        elif on_site:
            mode = "in_person"
        elif online_place:
            mode = "online"
        elif said or draft.data.get("place") is None:
            return  # a format we do not know, or nothing to go on: unknown, not guessed
        else:
            mode = "in_person"
    draft.data["mode"] = mode


@step("audiences_topics", 80)
def audiences_and_topics(draft: Draft) -> None:
    draft.data["audiences"] = _split(draft.values("audience"))
    draft.data["topics"] = _split(draft.values("topics"))


@step("provenance", 90)
def provenance(draft: Draft) -> None:
    for name in ("provider", "contact", "licence", "attribution"):
        value = plain(draft.text(name))
        if value:
            draft.data[name] = value


def _read(text: str, draft: Draft, what: str, deadline: bool) -> Any:
    try:
        return read_schedule(text, reference=draft.reference, deadline=deadline)
    except UnreadableDate as exc:
        raise Reject(f"unreadable {what} '{text}': {exc}") from None


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
