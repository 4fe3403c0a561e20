"""The ical connector over calendars as real partners write them: one broken VEVENT, events
without UID, THISANDFUTURE overrides, RECURRENCE-IDs in another form than DTSTART."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from connectors.ical import IcalConnector
from connectors.testing import FixtureServer, Harvest, run_connector
from hub.config import SourceConfig

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Testzentrum//Kalender//DE\r\n"
TZ = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n"
)


def event(uid: str | None, *lines: str, summary: str = "Werkstatt") -> str:
    head = [f"UID:{uid}"] if uid else []
    body = [*head, "DTSTAMP:20261101T090000Z", f"SUMMARY:{summary}", *lines]
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in body) + "END:VEVENT\r\n"


def harvest(tmp_path: Path, *events: str, **options: Any) -> Harvest:
    (tmp_path / "k.ics").write_text(HEAD + TZ + "".join(events) + "END:VCALENDAR\r\n", "utf-8")
    with FixtureServer(tmp_path) as server:
        entry = {
            "id": "kalender",
            "type": "ical",
            "kind": "event",
            "partner": {"name": "Testzentrum"},
            "options": {"url": f"{server.url}/k.ics", "window_start": "2026-12-01", **options},
        }
        return run_connector(IcalConnector, SourceConfig.model_validate(entry))


def many(count: int) -> list[str]:
    return [
        event(f"e{n}@t", f"DTSTART;TZID=Europe/Berlin:202612{n + 2:02d}T100000", summary=f"E{n}")
        for n in range(count)
    ]


def test_a_vevent_without_dtstart_costs_only_itself(tmp_path: Path) -> None:
    broken = event("ohne-start@t", summary="Ohne Start")
    result = harvest(tmp_path, *many(3), broken, *many(0))
    assert sorted(result.keys) == ["e0@t", "e1@t", "e2@t"]
    assert any("Ohne Start" in n and "DTSTART fehlt" in n for n in result.context.notes)
    # still listed by the partner: its earlier listing must neither go nor make the run partial
    assert result.context.kept_keys == {"ohne-start@t"} and not result.context.partial


def test_an_invalid_date_is_named_with_its_reason(tmp_path: Path) -> None:
    broken = event("falsch@t", "DTSTART:20270231T100000", summary="Falsches Datum")
    result = harvest(tmp_path, *many(2), broken)
    assert sorted(result.keys) == ["e0@t", "e1@t"]
    assert any(
        "Falsches Datum" in n and "20270231T100000" in n and "kein gültiges Datum" in n
        for n in result.context.notes
    )


def test_an_event_without_uid_is_keyed_and_noted(tmp_path: Path) -> None:
    lonely = event(None, "DTSTART;TZID=Europe/Berlin:20261210T100000", summary="Ohne UID")
    first = harvest(tmp_path, lonely)
    again = harvest(tmp_path, lonely)
    assert len(first.records) == 1 and first.keys == again.keys
    assert first.keys[0].startswith("sha256:")
    assert any("Ohne UID" in n and "keine UID" in n for n in first.context.notes)


def test_a_broken_rule_costs_only_its_series(tmp_path: Path) -> None:
    bad = event("serie@t", "DTSTART;TZID=Europe/Berlin:20261201T100000", "RRULE:FREQ=SOMETIMES")
    result = harvest(tmp_path, *many(2), bad)
    assert sorted(result.keys) == ["e0@t", "e1@t"]
    assert result.context.partial  # the series' occurrences cannot be named, so none may go
    assert any("serie@t" in n for n in result.context.notes)


SERIES = (
    "DTSTART;TZID=Europe/Berlin:20261201T100000",
    "DTEND;TZID=Europe/Berlin:20261201T110000",
    "RRULE:FREQ=WEEKLY;COUNT=6",
)


def test_thisandfuture_overrides_keep_one_record_per_occurrence(tmp_path: Path) -> None:
    plain = harvest(tmp_path, event("s@t", *SERIES))
    moved = harvest(
        tmp_path,
        event("s@t", *SERIES),
        event(
            "s@t",
            "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261215T100000",
            "DTSTART;TZID=Europe/Berlin:20261215T140000",
            "DTEND;TZID=Europe/Berlin:20261215T150000",
            summary="Werkstatt (neue Zeit)",
        ),
    )
    assert len(moved.records) == 6
    assert moved.keys == plain.keys  # every occurrence keeps the id of its original slot
    later = {r.key: r.fields["date"] for r in moved.records}["s@t@2026-12-29T10:00:00+01:00"]
    assert later.startswith("2026-12-29T14:00:00+01:00")


def test_a_recurrence_id_in_utc_names_the_same_slot(tmp_path: Path) -> None:
    plain = harvest(tmp_path, event("s@t", *SERIES))
    override = event(
        "s@t",
        "RECURRENCE-ID:20261208T090000Z",
        "DTSTART;TZID=Europe/Berlin:20261208T120000",
        summary="Werkstatt (verschoben)",
    )
    moved = harvest(tmp_path, event("s@t", *SERIES), override)
    assert moved.keys == plain.keys  # not deleted and recreated


def test_kind_categories_set_the_kind_and_every_category_is_a_topic(tmp_path: Path) -> None:
    lines = ("DTSTART;TZID=Europe/Berlin:20261210T100000", "CATEGORIES:Beratung,KI")
    result = harvest(tmp_path, event("b@t", *lines), kind_categories={"beratung": "advice"})
    (record,) = result.records
    assert record.fields["kind"] == "advice"
    assert record.fields["topics"] == ["Beratung", "KI"]


def test_an_event_running_at_the_window_start_is_kept(tmp_path: Path) -> None:
    running = event(
        "messe@t",
        "DTSTART;VALUE=DATE:20261128",
        "DTEND;VALUE=DATE:20261204",
        summary="Messe",
    )
    over = event("vorbei@t", "DTSTART;VALUE=DATE:20261120", summary="Vorbei")
    result = harvest(tmp_path, running, over)
    assert result.keys == ["messe@t"]


def test_a_cancelled_event_is_reported_deleted(tmp_path: Path) -> None:
    cancelled = event(
        "abgesagt@t", "DTSTART;TZID=Europe/Berlin:20261210T100000", "STATUS:CANCELLED"
    )
    cancelled_slot = event(
        "s@t",
        "RECURRENCE-ID;TZID=Europe/Berlin:20261208T100000",
        "DTSTART;TZID=Europe/Berlin:20261208T100000",
        "STATUS:CANCELLED",
    )
    result = harvest(tmp_path, cancelled, event("s@t", *SERIES), cancelled_slot)
    assert "abgesagt@t" not in result.keys and len(result.records) == 5
    assert result.context.deleted_keys == {"abgesagt@t", "s@t@2026-12-08T10:00:00+01:00"}


def test_an_event_with_two_dtstarts_is_read_by_the_first(tmp_path: Path) -> None:
    twice = event(
        "zweimal@t",
        "DTSTART;TZID=Europe/Berlin:20261210T100000",
        "DTSTART;TZID=Europe/Berlin:20261210T120000",
    )
    result = harvest(tmp_path, twice)
    assert [r.fields["date"] for r in result.records] == ["2026-12-10T10:00:00+01:00"]
    assert any("DTSTART zweimal" in n for n in result.context.notes)


def test_a_file_with_two_calendars_is_read_as_one(tmp_path: Path) -> None:
    first = HEAD + TZ + many(1)[0] + "END:VCALENDAR\r\n"
    second = HEAD + many(2)[1] + "END:VCALENDAR\r\n"
    (tmp_path / "k.ics").write_text(first + second, "utf-8")
    with FixtureServer(tmp_path) as server:
        entry = {
            "id": "kalender",
            "type": "ical",
            "kind": "event",
            "partner": {"name": "Testzentrum"},
            "options": {"url": f"{server.url}/k.ics", "window_start": "2026-12-01"},
        }
        result = run_connector(IcalConnector, SourceConfig.model_validate(entry))
    assert sorted(result.keys) == ["e0@t", "e1@t"]
