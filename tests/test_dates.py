"""German date texts → aware Europe/Berlin datetimes; what is not sure stays unread."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipelines.dates import BERLIN, parse_deadline, parse_schedule

REF = date(2026, 11, 23)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "sessions"),
    [
        ("03.06.2027", [(at(2027, 6, 3), None, True)]),
        ("3. Juni 2027, 17:00 Uhr", [(at(2027, 6, 3, 17), None, False)]),
        (
            "Mittwoch, 13. Januar 2027, 10:00 – 12:00 Uhr",
            [(at(2027, 1, 13, 10), at(2027, 1, 13, 12), False)],
        ),
        ("14.04.2027, 9.00 - 16.00 Uhr", [(at(2027, 4, 14, 9), at(2027, 4, 14, 16), False)]),
        (
            "03.06. und 17.06.2027, jeweils 17.00 – 18.30 Uhr",
            [
                (at(2027, 6, 3, 17), at(2027, 6, 3, 18, 30), False),
                (at(2027, 6, 17, 17), at(2027, 6, 17, 18, 30), False),
            ],
        ),
        (
            "16.03., 23.03. und 30.03.2027, jeweils 9:00 – 12:00 Uhr",
            [
                (at(2027, 3, 16, 9), at(2027, 3, 16, 12), False),
                (at(2027, 3, 23, 9), at(2027, 3, 23, 12), False),
                (at(2027, 3, 30, 9), at(2027, 3, 30, 12), False),
            ],
        ),
        ("01.03.2027 – 03.03.2027", [(at(2027, 3, 1), at(2027, 3, 3), True)]),
        ("2027-06-03T17:00:00+02:00", [(at(2027, 6, 3, 17), None, False)]),
    ],
)
def test_german_dates_become_sessions_in_berlin_time(text: str, sessions: list) -> None:
    parsed = parse_schedule(text, reference=REF)
    assert parsed is not None, text
    assert [(s.start, s.end, s.all_day) for s in parsed.sessions] == sessions
    assert all(s.start.tzinfo is not None for s in parsed.sessions)
    assert parsed.start == sessions[0][0]


def test_summer_and_winter_dates_carry_the_right_offset() -> None:
    summer = parse_schedule("03.06.2027, 17:00 Uhr")
    winter = parse_schedule("13.01.2027, 17:00 Uhr")
    assert summer is not None and winter is not None
    assert summer.start is not None and summer.start.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert winter.start is not None and winter.start.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]


def test_a_date_without_a_year_takes_it_from_the_publication_date() -> None:
    parsed = parse_schedule("Mo, 11.1.", reference=date(2026, 11, 23))
    assert parsed is not None and parsed.start == at(2027, 1, 11)


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2027",  # no such day
        "Termin folgt im Frühjahr",
        "Dienstag, 13. Januar 2027",  # 13 January 2027 is a Wednesday
        "18.02.2027, 18:30 – 17:00 Uhr",  # ends before it starts
        "25:00 Uhr",
        "",
    ],
)
def test_what_cannot_be_read_for_sure_stays_unread(text: str) -> None:
    assert parse_schedule(text, reference=REF) is None


def test_deadlines_and_ongoing_programmes() -> None:
    deadline = parse_deadline("Antragsfrist: 30.06.2027")
    assert deadline is not None and deadline.last_moment() == at(2027, 6, 30, 23, 59).replace(
        second=59
    )
    ongoing = parse_deadline("laufend")
    assert ongoing is not None and ongoing.ongoing and ongoing.start is None
