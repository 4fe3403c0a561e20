"""German formatting of dates, amounts and prices, without depending on the system locale."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hub.model import Place, Price

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So.")
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
CURRENCY_SIGNS = {"EUR": "€"}


def _local(value: datetime) -> datetime:
    # A naive value has lost its zone somewhere upstream; the catalogue's times are Berlin times.
    if value.tzinfo is None:
        return value.replace(tzinfo=BERLIN)
    return value.astimezone(BERLIN)


def _has_time(local: datetime) -> bool:
    # Sources that give only a date end up at local midnight; show those without a time.
    return (local.hour, local.minute) != (0, 0)


def format_date(value: datetime) -> str:
    """``Mi., 2. Juni 2027`` (in Europe/Berlin)."""
    local = _local(value)
    return f"{WEEKDAYS[local.weekday()]}, {local.day}. {MONTHS[local.month - 1]} {local.year}"


def format_day(value: date) -> str:
    """``2. Juni 2027`` for a calendar day (no time zone involved)."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def format_datetime(value: datetime) -> str:
    """``Mi., 2. Juni 2027, 17:00 Uhr`` (in Europe/Berlin); date only at local midnight."""
    local = _local(value)
    if not _has_time(local):
        return format_date(local)
    return f"{format_date(local)}, {local:%H:%M} Uhr"


def format_period(start: datetime | None, end: datetime | None = None) -> str:
    """A start, or a start and end: ``Mi., 2. Juni 2027, 17:00–19:00 Uhr`` on one day."""
    if start is None:
        return format_datetime(end) if end is not None else ""
    if end is None or end == start:
        return format_datetime(start)
    first, last = _local(start), _local(end)
    if first.date() == last.date() and _has_time(first):
        return f"{format_date(first)}, {first:%H:%M}–{last:%H:%M} Uhr"
    return f"{format_datetime(first)} – {format_datetime(last)}"


def format_number(value: float, decimals: int = 0) -> str:
    """``1.250,50`` — German thousands and decimal separators."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(amount: float, currency: str | None = "EUR") -> str:
    """``150,00 €``; other currencies keep their code (``150,00 CHF``)."""
    code = (currency or "EUR").upper()
    return f"{format_number(amount, 2)} {CURRENCY_SIGNS.get(code, code)}"


def format_percent(value: float) -> str:
    """``50 %`` or ``37,5 %``."""
    decimals = 0 if float(value).is_integer() else 1
    return f"{format_number(value, decimals)} %"


def is_free(price: Price | None) -> bool | None:
    """True if the offer costs nothing, False if it costs something, None if nobody said."""
    if price is None:
        return None
    if price.free is not None:
        return price.free
    if price.amount is not None:
        return price.amount == 0
    return None


def format_price(price: Price | None) -> str | None:
    """``kostenfrei``, ``150,00 €``, the source's own price text, or None if nothing is known."""
    if price is None:
        return None
    if is_free(price):
        return "kostenfrei"
    if price.amount is not None:
        return format_money(price.amount, price.currency)
    return price.text or None


def format_place(place: Place | None) -> str | None:
    """``Markt 1, 04109 Leipzig`` or the source's own place text."""
    if place is None:
        return None
    if place.text:
        return place.text
    town = " ".join(p for p in (place.postcode, place.city) if p)
    return ", ".join(p for p in (place.street, town) if p) or None
