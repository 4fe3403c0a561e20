"""The ical connector against a calendar file served over HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from connectors.ical import IcalConnector
from connectors.testing import FixtureServer, Harvest, run_connector
from hub.config import SourceConfig
from hub.errors import ConfigError, ConnectorError
from hub.plugins import build_registry
from pipelines import build_pipeline

ROOT = Path(__file__).parent / "fixtures" / "connectors" / "ical"
BERLIN = ZoneInfo("Europe/Berlin")
SERIES = "sprechstunde@zz-thueringen.example"


def source(base: str, **options: object) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "zz-thueringen-kalender",
            "type": "ical",
            "kind": "event",
            "partner": {"name": "Zukunftszentrum Thüringen"},
            "options": {"url": f"{base}/kalender.ics", "window_start": "2026-12-01", **options},
        }
    )


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureServer]:
    with FixtureServer(ROOT) as served:
        yield served


@pytest.fixture(scope="module")
def harvest(server: FixtureServer) -> Harvest:
    return run_connector(IcalConnector, source(server.url, window_days=120))


def by_key(harvest: Harvest) -> dict[str, dict[str, object]]:
    return {r.key: r.fields for r in harvest.records}


def test_rrule_is_expanded_without_exdate_and_cancelled_occurrences(harvest: Harvest) -> None:
    series = sorted(k for k in harvest.keys if k.startswith(SERIES))
    assert series == [
        f"{SERIES}@2026-12-02T10:00:00+01:00",
        f"{SERIES}@2026-12-09T10:00:00+01:00",
        # 16.12. is an EXDATE, 23.12. a cancelled occurrence
        f"{SERIES}@2026-12-30T10:00:00+01:00",
        f"{SERIES}@2027-01-06T10:00:00+01:00",
    ]


def test_cancelled_events_and_events_outside_the_window_are_left_out(harvest: Harvest) -> None:
    assert "abgesagt@zz-thueringen.example" not in harvest.keys
    assert "ausserhalb@zz-thueringen.example" not in harvest.keys
    assert len(harvest.records) == 8


def test_fields_of_an_event_with_tzid(harvest: Harvest, server: FixtureServer) -> None:
    record = next(r for r in harvest.records if r.key == "ki-werkstatt-1@zz-thueringen.example")
    assert record.url == f"{server.url}/termine/ki-werkstatt.html"
    assert record.fields == {
        "title": "KI-Werkstatt für Handwerksbetriebe",
        "description": "Praxisnah: Was KI im Betrieb leisten kann.",
        "date": "2026-12-03T14:00:00+01:00/2026-12-03T17:00:00+01:00",
        "place": "Erfurt, Juri-Gagarin-Ring 1",
        "topics": ["Digitalisierung", "KI"],
        "provider": "Zukunftszentrum Thüringen",
    }


def test_all_day_floating_and_utc_times(harvest: Harvest) -> None:
    fields = by_key(harvest)
    # DTEND of an all-day event is exclusive: 14.–15. January
    assert fields["betriebsraete-tag@zz-thueringen.example"]["date"] == "2027-01-14/2027-01-15"
    assert fields["floating@zz-thueringen.example"]["date"] == (
        "2027-01-20T09:00:00/2027-01-20T12:00:00"
    )
    assert fields["utc@zz-thueringen.example"]["date"] == (
        "2027-02-01T08:00:00+00:00/2027-02-01T10:00:00+00:00"
    )


def test_the_pipeline_reads_the_times_as_berlin_times(harvest: Harvest, server: FixtureServer):
    pipeline = build_pipeline(build_registry(entry_points=False))
    listings, rejections = pipeline.process_many(harvest.records, source(server.url))
    assert rejections == []
    start = {lst.source_key: lst.schedule.start for lst in listings if lst.schedule}
    assert start["floating@zz-thueringen.example"] == datetime(2027, 1, 20, 9, tzinfo=BERLIN)
    assert start["utc@zz-thueringen.example"] == datetime(2027, 2, 1, 9, tzinfo=BERLIN)
    allday = next(x for x in listings if x.source_key.startswith("betriebsraete"))
    assert allday.schedule is not None and allday.schedule.sessions[0].all_day


def test_the_window_limits_the_expansion(server: FixtureServer) -> None:
    harvest = run_connector(IcalConnector, source(server.url, window_days=7))
    assert sorted(harvest.keys) == [
        "ki-werkstatt-1@zz-thueringen.example",
        f"{SERIES}@2026-12-02T10:00:00+01:00",
    ]


def test_an_unchanged_calendar_is_not_modified(server: FixtureServer, harvest: Harvest) -> None:
    again = run_connector(IcalConnector, source(server.url), harvest.context.state)
    assert again.context.not_modified and again.records == []


def test_a_file_that_is_not_icalendar_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "kalender.ics").write_text("<html>Wartungsarbeiten</html>")
    with FixtureServer(tmp_path) as broken, pytest.raises(ConnectorError) as caught:
        run_connector(IcalConnector, source(broken.url))
    assert caught.value.kind == "parse"


def test_a_bad_window_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="window_days"):
        run_connector(IcalConnector, source("http://127.0.0.1:9", window_days=0))


def test_pipeline_options_in_the_same_table_are_not_refused(server: FixtureServer) -> None:
    """topic_map / audience_map sit in [source.options] for the pipeline, for every type."""
    harvest = run_connector(
        IcalConnector, source(server.url, window_days=7, topic_map={"KI": "Künstliche Intelligenz"})
    )
    assert len(harvest.records) == 2
