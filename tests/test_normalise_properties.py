"""Property-based: the date and price parsers never raise on any text, and read what they write."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.dates import (
    BERLIN,
    MONTHS,
    UnreadableDate,
    parse_deadline,
    parse_schedule,
    read_schedule,
)
from pipelines.prices import parse_funding, parse_price

#: pieces partners' date and price texts are made of, so generated texts get deep into the parsers
PIECES = st.sampled_from(
    [*MONTHS, "3.", "03.06.", "2027", "17:00", "9.00", "Uhr", "bis", "-", "–", ",", " ", "und",
     "jeweils", "ab", "vom", "Mo", "Di.", "KW", "12/2025", "ganztägig", "laufend", "€", "EUR",
     "1.250,-", "150,00", "%", "max.", "bis zu", "Zuschuss", "kostenfrei", "Mio.", "(", ")", "|",
     "+", "s.t.", "2027-06-03", "T17:00", "/", "31.02.", "Eigenanteil", "0"]
)  # fmt: skip
PIECED_TEXT = st.lists(PIECES, max_size=12).map(" ".join)
ANY_TEXT = st.text(max_size=200)
REFERENCE = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=400, deadline=None, database=None)
@given(text=ANY_TEXT | PIECED_TEXT, reference=REFERENCE)
def test_date_parsers_never_raise_on_any_text(text: str, reference: date | None) -> None:
    for parse in (parse_schedule, parse_deadline):
        parsed = parse(text, reference=reference)
        if parsed is not None:
            assert all(s.start.tzinfo is not None for s in parsed.sessions)
            assert all(s.end is None or s.end >= s.start for s in parsed.sessions)


@settings(max_examples=300, deadline=None, database=None)
@given(text=ANY_TEXT | PIECED_TEXT, reference=REFERENCE)
def test_reading_a_date_fails_only_with_a_reason(text: str, reference: date | None) -> None:
    try:
        read_schedule(text, reference=reference)
    except UnreadableDate as exc:
        assert str(exc), "every unreadable date says why"


@settings(max_examples=400, deadline=None, database=None)
@given(text=ANY_TEXT | PIECED_TEXT)
def test_price_parsers_never_raise_on_any_text(text: str) -> None:
    price = parse_price(text)
    assert price.amount is None or price.amount >= 0
    assert (price.amount is None) == (price.currency is None)
    funding = parse_funding(text)
    assert funding.share_percent is None or 0 < funding.share_percent <= 100


@settings(max_examples=200, deadline=None, database=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_real_day_written_the_german_way_is_read_back(day: date) -> None:
    for text in (f"{day:%d.%m.%Y}", f"{day.day}. {_month(day)} {day.year}"):
        parsed = parse_schedule(text)
        assert parsed is not None and parsed.start is not None, text
        assert parsed.start.date() == day and parsed.start.tzinfo == BERLIN


@settings(max_examples=200, deadline=None, database=None)
@given(
    reference=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    ahead=st.integers(min_value=-89, max_value=270),
)
def test_a_missing_year_is_inferred_from_the_reference(reference: date, ahead: int) -> None:
    day = reference + timedelta(days=ahead)
    parsed = parse_schedule(f"{day.day}.{day.month}.", reference=reference)
    assert parsed is not None and parsed.start is not None
    assert parsed.start.date() == day


def _month(day: date) -> str:
    names = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]  # fmt: skip
    return names[day.month - 1]
