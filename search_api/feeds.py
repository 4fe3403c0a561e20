"""The same search as Atom (new offers), iCalendar (dated offers) and CSV (a spreadsheet).

Each builder takes the listings of one search page and absolute URLs; nothing here queries.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from xml.etree import ElementTree as ET

import icalendar

from hub.model import KIND_LABELS, MODE_LABELS, Listing, utcnow
from search_api.formatting import format_place, format_price
from search_api.links import safe_href
from search_api.presenters import detail_path, summarise

ATOM_NS = "http://www.w3.org/2005/Atom"
CSV_COLUMNS = (
    "id",
    "titel",
    "art",
    "anbieter",
    "beginn",
    "ende",
    "ort",
    "format",
    "kosten",
    "regionen",
    "link_partner",
    "link_regiohub",
)


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def atom_feed(
    listings: Sequence[Listing], *, title: str, self_url: str, alternate_url: str, base_url: str
) -> bytes:
    """Atom 1.0: newest-first by first seen, so a reader shows new offers of a saved search."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    ordered = sorted(listings, key=lambda x: x.first_seen or x.last_seen or utcnow(), reverse=True)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "de"})
    sub(feed, "title", title)
    sub(feed, "id", self_url)
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=alternate_url, type="text/html")
    seen = [x.last_seen or x.first_seen for x in ordered]
    newest = max((when for when in seen if when is not None), default=None)
    sub(feed, "updated", _iso(newest or utcnow()))
    sub(sub(feed, "author"), "name", "regiohub")
    sub(feed, "generator", "regiohub")
    for listing in ordered:
        entry = sub(feed, "entry")
        detail = base_url + detail_path(listing.id)
        sub(entry, "id", detail)
        sub(entry, "title", listing.title)
        # partner links only as web addresses: a feed reader follows them like a click
        sub(entry, "link", rel="alternate", href=safe_href(listing.url) or detail, type="text/html")
        sub(entry, "link", rel="related", href=detail, type="text/html")
        sub(entry, "updated", _iso(listing.last_seen or listing.first_seen or utcnow()))
        if listing.first_seen:
            sub(entry, "published", _iso(listing.first_seen))
        sub(sub(entry, "author"), "name", listing.partner.name)
        sub(entry, "category", term=listing.kind, label=KIND_LABELS[listing.kind])
        sub(entry, "summary", summarise(listing.description_text) or listing.title)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _event(
    listing: Listing, start: datetime, end: datetime | None, uid: str, url: str
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", utcnow())
    event.add("dtstart", start)
    event.add("dtend", end if end and end > start else start + timedelta(hours=1))
    event.add("summary", listing.title)
    description = summarise(listing.description_text, 1000)
    event.add("description", f"{description}\n\n{listing.partner.name}\n{url}".strip())
    event.add("url", safe_href(listing.url) or url)
    place = format_place(listing.place)
    if place:
        event.add("location", place)
    if listing.place and listing.place.lat is not None and listing.place.lon is not None:
        event.add("geo", (listing.place.lat, listing.place.lon))
    event.add("categories", [KIND_LABELS[listing.kind]])
    return event


def icalendar_feed(listings: Sequence[Listing], *, title: str, base_url: str, host: str) -> bytes:
    """iCalendar (RFC 5545): one VEVENT per dated listing, or per session if it has several."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//regiohub//Angebote//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    for listing in listings:
        schedule = listing.schedule
        if schedule is None:
            continue
        url = base_url + detail_path(listing.id)
        if len(schedule.sessions) > 1:
            for number, session in enumerate(schedule.sessions, start=1):
                uid = f"{listing.id}-{number}@{host}"
                calendar.add_component(_event(listing, session.start, session.end, uid, url))
        elif schedule.start is not None:
            uid = f"{listing.id}@{host}"
            calendar.add_component(_event(listing, schedule.start, schedule.end, uid, url))
    return calendar.to_ical()


def _cell(value: str) -> str:
    # partner text must not become a spreadsheet formula (CSV injection)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_table(listings: Sequence[Listing], *, base_url: str) -> bytes:
    """Semicolon-separated UTF-8 with BOM: opens correctly in a German spreadsheet program."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for listing in listings:
        schedule = listing.schedule
        writer.writerow(
            _cell(value)
            for value in (
                listing.id,
                listing.title,
                KIND_LABELS[listing.kind],
                listing.partner.name,
                _iso(schedule.start if schedule else None),
                _iso(schedule.end if schedule else None),
                format_place(listing.place) or "",
                MODE_LABELS.get(listing.mode or "", ""),
                format_price(listing.price) or "",
                ",".join(listing.regions),
                safe_href(listing.url) or "",
                base_url + detail_path(listing.id),
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
