"""Schedules as partners write them: statements, counts, rhythms, windows and dates in prose."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from hub.config import SourceConfig
from hub.model import Listing, RawRecord, Rejection
from hub.plugins import build_registry
from pipelines import Pipeline, build_pipeline
from pipelines.dates import BERLIN, read_schedule
from pipelines.prose_dates import schedule_from_prose

sys.path.insert(0, str(Path(__file__).parent / "data" / "normalise"))
import hand_written

SOURCE = SourceConfig.model_validate(
    {"id": "zz", "type": "feed", "kind": "course", "partner": {"name": "Zentrum Anhalt"}}
)
FETCHED = datetime(2024, 8, 15, 8, 0, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(build_registry(entry_points=False))


def listing(pipeline: Pipeline, **fields: Any) -> Listing:
    raw = RawRecord(source_id="zz", key="k", url="https://zz.example/k", fetched_at=FETCHED,
                    fields=fields)  # fmt: skip
    result = pipeline.process(raw, SOURCE)
    assert isinstance(result, Listing), getattr(result, "reason", result)
    return result


def _shape(parsed: Any) -> dict[str, Any] | None:
    if parsed is None:
        return None

    def local(moment: datetime | None) -> str | None:
        return moment.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M") if moment else None

    shape = {
        "start": local(parsed.start),
        "end": local(parsed.end),
        "sessions": len(parsed.sessions),
        "ongoing": parsed.ongoing,
    }
    if parsed.kind != "dated":
        shape["kind"] = parsed.kind
    if parsed.count is not None:
        shape["count"] = parsed.count
    return shape


@pytest.mark.parametrize(("text", "reference", "expected"), hand_written.WINDOWS)
def test_an_application_window_gives_opening_and_deadline(
    text: str, reference: str, expected: dict[str, Any]
) -> None:
    parsed = read_schedule(text, reference=date.fromisoformat(reference), deadline=True)
    assert _shape(parsed) == expected


@pytest.mark.parametrize(("text", "reference", "expected"), hand_written.PROSE)
def test_dates_in_prose_are_read_and_traps_left_alone(
    text: str, reference: str, expected: dict[str, Any] | None
) -> None:
    parsed, _note = schedule_from_prose(text, reference=date.fromisoformat(reference))
    assert _shape(parsed) == expected


def test_two_dates_of_the_offer_in_prose_stay_empty_with_a_note() -> None:
    text = "Der erste Kurs beginnt am 01.10.2024. Ein zweiter Kurs beginnt am 05.11.2024."
    parsed, note = schedule_from_prose(text, reference=date(2024, 8, 15))
    assert parsed is None and "mehrere Daten" in note


def test_on_request_and_ongoing_are_schedule_kinds_of_the_listing(pipeline: Pipeline) -> None:
    asked = listing(pipeline, title="Sprechstunde", date="nach Vereinbarung (Mo bis Fr)")
    assert asked.schedule is not None and asked.schedule.kind == "on_request"
    assert asked.start is None and not asked.flags
    running = listing(pipeline, title="E-Learning", date="jederzeit, Einstieg laufend möglich")
    assert running.schedule is not None and running.schedule.kind == "ongoing"
    assert running.schedule.ongoing


def test_a_stated_count_is_kept_without_inventing_the_last_date(pipeline: Pipeline) -> None:
    found = listing(pipeline, title="Kurs", date="ab 05.11.2024, 4 Termine, dienstags 17–19 Uhr")
    assert found.schedule is not None
    assert found.schedule.session_count == 4 and found.schedule.end is None
    assert found.start == datetime(2024, 11, 5, 17, 0, tzinfo=BERLIN)


def test_labelled_date_wins_over_prose(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        title="Kurs",
        date="03.12.2024",
        description="<p>Der Kurs beginnt am Dienstag, 5. November 2024, um 9 Uhr.</p>",
    )
    assert found.start == datetime(2024, 12, 3, tzinfo=BERLIN)


def test_prose_gives_the_date_when_no_field_does(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        title="Kurs",
        description="<p>Seit 2019 gibt es die Reihe. Der Kurs beginnt am Dienstag, 5. November "
        "2024, um 9 Uhr im Rathaus.</p>",
    )
    assert found.start == datetime(2024, 11, 5, 9, 0, tzinfo=BERLIN)


def test_funding_keeps_its_window_as_start_and_end(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        title="Zuschuss",
        kind="funding",
        deadline="Anträge ab dem 15. November 2024; Antragsschluss ist der 28. Februar 2025.",
    )
    assert found.schedule is not None and found.funding is not None
    assert found.schedule.start == datetime(2024, 11, 15, tzinfo=BERLIN)
    assert found.schedule.end == datetime(2025, 2, 28, tzinfo=BERLIN)
    assert found.funding.deadline is not None and found.funding.deadline.date() == date(2025, 2, 28)


def test_a_deadline_without_a_year_is_the_next_one(pipeline: Pipeline) -> None:
    found = listing(pipeline, title="Zuschuss", kind="funding", deadline="Stichtag 15. Januar")
    assert found.schedule is not None and found.schedule.start is None
    assert found.schedule.end == datetime(2025, 1, 15, tzinfo=BERLIN)


def test_a_course_without_any_date_is_kept_and_flagged(pipeline: Pipeline) -> None:
    found = listing(pipeline, title="Kurs", description="<p>Ein schöner Kurs.</p>")
    assert found.start is None and any("Kein Termin" in f for f in found.flags)


def test_a_boilerplate_page_is_no_listing(pipeline: Pipeline) -> None:
    raw = RawRecord(
        source_id="zz",
        key="b",
        fetched_at=FETCHED,
        fields={
            "title": "Zentrum Anhalt",
            "description": "<p>Willkommen bei uns! Bestellen Sie den Newsletter. Wir nutzen "
            "Cookies.</p>",
        },
    )
    result = pipeline.process(raw, SOURCE)
    assert isinstance(result, Rejection) and "kein Angebot" in result.reason


def test_an_offer_that_mentions_newsletters_and_cookies_stays_a_listing(
    pipeline: Pipeline,
) -> None:
    found = listing(
        pipeline,
        title="Cookie-Banner und Newsletter rechtssicher gestalten",
        kind="good_practice",
        description="<p>Ein Onlineshop zeigt, wie Cookies und der Newsletter DSGVO-konform "
        "eingebunden werden.</p>",
    )
    assert found.title.startswith("Cookie-Banner")


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Datenschutz", "description": "<p>Angebot Datenschutz</p>"},
        {"title": "Kontakt", "kind": "Beratung", "description": "<p>Wir beraten Sie.</p>"},
    ],
    ids=["topic-word-title", "stated-kind"],
)
def test_a_short_offer_title_or_a_stated_kind_keeps_a_record_a_listing(
    pipeline: Pipeline, fields: dict[str, str]
) -> None:
    # "Datenschutz" names many short courses; a kind the source states says "this is an offer"
    raw = RawRecord(source_id="zz", key="k", fetched_at=FETCHED, fields=fields)
    assert not isinstance(pipeline.process(raw, SOURCE), Rejection)
