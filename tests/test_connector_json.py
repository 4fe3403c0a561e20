"""The json connector: URL templates, four kinds of pagination, dotted paths, env headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connectors.jsonapi import JsonConnector
from connectors.testing import FixtureServer, run_connector
from hub.config import SourceConfig
from hub.errors import ConfigError, ConnectorError, HostNotAllowedError

ROOT = Path(__file__).parent / "fixtures" / "connectors" / "json"
KURSE_FIELDS = {
    "title": "titel",
    "description": "beschreibung",
    "date": ["termin.beginn", "termin.ende"],
    "place": "ort.stadt",
    "topics": "themen.name",
    "price": "preis",
    "url": "link",
    "provider": "anbieter.name",
}


def source(options: dict[str, Any]) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "api-kurse",
            "type": "json",
            "kind": "course",
            "partner": {"name": "Bildungsportal"},
            "options": options,
        }
    )


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FixtureServer, FixtureServer]]:
    with FixtureServer(ROOT) as other, FixtureServer(ROOT, other_url=other.url) as server:
        yield server, other


@pytest.fixture
def server(servers: tuple[FixtureServer, FixtureServer]) -> FixtureServer:
    return servers[0]


def kurse(server: FixtureServer, **extra: Any) -> SourceConfig:
    return source(
        {
            "url": f"{server.url}/api/kurse.json?page={{page}}&size={{limit}}",
            "pagination": "page",
            "page_size": 2,
            "items": "daten.kurse",
            "total_pages": "seiten",
            "fields": KURSE_FIELDS,
            **extra,
        }
    )


def test_page_pagination_and_dotted_field_mapping(server: FixtureServer) -> None:
    harvest = run_connector(JsonConnector, kurse(server))
    assert harvest.keys == ["101", "102", "103"]
    first = harvest.records[0]
    assert first.url == f"{server.url}/kurse/101"
    assert first.fields == {
        "title": "Grundlagen Cybersicherheit",
        "description": "<p>Für KMU in Sachsen.</p>",
        "date": "2027-03-01/2027-03-05",
        "place": "Leipzig",
        "topics": ["IT-Sicherheit", "Digitalisierung"],
        "price": "490 EUR",
        "provider": "Bildungswerk Leipzig",
    }
    assert harvest.records[1].fields["price"] == "0"
    assert "topics" not in harvest.records[1].fields  # an empty list is no field
    page_2 = f"{server.url}/api/kurse.json?page=2&size=2"
    assert harvest.context.notes == [
        f"Eintrag Nr. 2 auf {page_2} übersprungen: 'id' fehlt – bitte eine feste ID angeben"
    ]
    assert not harvest.context.partial  # an item without any id never had a listing


def one_page(server: FixtureServer, name: str) -> SourceConfig:
    return source(
        {"url": f"{server.url}/api/{name}.json", "items": "daten.kurse", "fields": KURSE_FIELDS}
    )


def test_a_bad_item_is_skipped_with_a_german_note_and_never_deleted(server: FixtureServer) -> None:
    harvest = run_connector(JsonConnector, one_page(server, "kurse-kaputt"))
    assert harvest.keys == ["201", "203"]  # the good items around the bad ones
    url = f"{server.url}/api/kurse-kaputt.json"
    assert harvest.context.notes == [
        "Eintrag '202' übersprungen: unter 'titel' steht kein Text – bitte den Titel als Text "
        "liefern oder den Pfad bis zum Text angeben",
        f"Eintrag Nr. 3 auf {url} übersprungen: kein JSON-Objekt – bitte Eintrag prüfen",
    ]
    assert harvest.context.kept_keys == {"202"}  # still published: its listing stays as is
    assert harvest.context.partial  # the null item may be a listing: no deletions this run


def test_a_title_path_to_an_object_is_read_once_it_points_at_the_text(
    server: FixtureServer,
) -> None:
    entry = one_page(server, "kurse-kaputt")
    entry.options["fields"] = {**KURSE_FIELDS, "title": "titel.de"}
    harvest = run_connector(JsonConnector, entry)
    titles = {r.key: r.fields.get("title") for r in harvest.records}
    assert titles["202"] == "Lagerlogistik"
    # no text at titel.de is no title: handed on, the pipeline quarantines it with a reason
    assert titles["201"] is None and "202" not in harvest.context.kept_keys


def test_duplicate_keys_keep_the_first_item_and_are_named(server: FixtureServer) -> None:
    harvest = run_connector(JsonConnector, one_page(server, "kurse-doppelt"))
    assert harvest.keys == ["301", "302"]
    assert harvest.records[0].fields["title"] == "Projektmanagement Grundlagen"
    assert harvest.context.notes == [
        "Schlüssel '301' kommt 2-mal vor; der erste Eintrag wurde übernommen, 1 übersprungen "
        "– bitte jedem Angebot eine eigene ID geben"
    ]
    assert not harvest.context.partial and not harvest.context.kept_keys


def test_cursor_pagination(server: FixtureServer) -> None:
    harvest = run_connector(
        JsonConnector,
        source(
            {
                "url": f"{server.url}/api/foerder.json?cursor={{cursor}}",
                "pagination": "cursor",
                "items": "items",
                "key": "ref",
                "next": "meta.next_cursor",
                "fields": {"title": "name", "deadline": "frist"},
            }
        ),
    )
    assert harvest.keys == ["F-1", "F-2", "F-3"]
    assert harvest.records[1].fields == {"title": "Weiterbildungsscheck", "deadline": "2027-09-30"}


def test_offset_pagination_stops_at_a_short_page(server: FixtureServer) -> None:
    harvest = run_connector(
        JsonConnector,
        source(
            {
                "url": f"{server.url}/api/beratung.json?offset={{offset}}&limit={{limit}}",
                "pagination": "offset",
                "page_size": 2,
                "fields": {"title": "t"},
            }
        ),
    )
    assert [r.fields["title"] for r in harvest.records] == [
        "Erstberatung Fachkräftesicherung",
        "Beratung Nachfolge",
        "Beratung Förderprogramme",
    ]
    assert server.paths().count("/api/beratung.json") == 2


def test_a_next_link_to_another_host_is_refused(
    servers: tuple[FixtureServer, FixtureServer],
) -> None:
    server, other = servers
    options = {
        "url": f"{server.url}/api/events.json",
        "pagination": "next_link",
        "items": "results",
        "key": "uuid",
        "next": "links.next",
        "fields": {"title": "summary"},
    }
    with pytest.raises(HostNotAllowedError):
        run_connector(JsonConnector, source(options))
    assert "/api/events-2.json" in server.paths()  # the relative next link was followed
    assert other.hits == []


def test_headers_come_from_the_environment(
    server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTAL_API_KEY", "geheim-123")
    run_connector(JsonConnector, kurse(server, headers_from_env={"X-API-Key": "PORTAL_API_KEY"}))
    assert server.hits[-1][1]["X-API-Key"] == "geheim-123"


def test_a_missing_environment_variable_is_a_config_error(
    server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PORTAL_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="PORTAL_API_KEY"):
        run_connector(
            JsonConnector, kurse(server, headers_from_env={"X-API-Key": "PORTAL_API_KEY"})
        )


def test_an_answer_that_is_not_json_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "kurse.json").write_text("<html>Fehler</html>")
    with FixtureServer(tmp_path) as broken, pytest.raises(ConnectorError) as caught:
        run_connector(
            JsonConnector, source({"url": f"{broken.url}/kurse.json", "fields": {"title": "t"}})
        )
    assert caught.value.kind == "parse"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "http://x.example/a", "pagination": "page", "fields": {"title": "t"}}, "{page}"),
        ({"url": "http://x.example/a", "fields": {"name": "t"}}, "unbekannte Feldnamen"),
        ({"url": "ftp://x.example/a", "fields": {"title": "t"}}, "keine http"),
    ],
)
def test_bad_options_are_config_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("{", r"\{").replace("}", r"\}")):
        run_connector(JsonConnector, source(options))


def reihe(server: FixtureServer) -> SourceConfig:
    return source(
        {
            "url": f"{server.url}/api/reihe.json",
            "items": "daten.kurse",
            "fields": {"title": "titel", "date": ["zeitraum.beginn", "zeitraum.ende"]},
            "sessions": {"items": "termine", "start": "beginn", "end": "ende"},
        }
    )


def test_a_listed_series_becomes_one_listing_with_every_session(server: FixtureServer) -> None:
    from hub.plugins import build_registry
    from pipelines.base import Pipeline

    config = reihe(server)
    harvest = run_connector(JsonConnector, config)
    by_key = {r.key: r for r in harvest.records}
    assert by_key["R1"].fields["sessions"] == [
        "2027-04-20T09:00:00/2027-04-20T12:00:00",
        "2027-04-13T09:00:00/2027-04-13T12:00:00",
        "2027-04-27T09:00:00/2027-04-27T12:00:00",
    ]
    assert by_key["R3"].fields["sessions"] == ["2027-05-03T10:00:00", ""]  # no start: empty

    pipeline = Pipeline(build_registry().steps)
    done = {r.key: pipeline.process(r, config) for r in harvest.records}
    series = done["R1"].schedule  # type: ignore[union-attr]
    assert [s.start.isoformat() for s in series.sessions] == [
        "2027-04-13T09:00:00+02:00", "2027-04-20T09:00:00+02:00", "2027-04-27T09:00:00+02:00"
    ]  # fmt: skip
    assert series.start.isoformat() == "2027-04-13T09:00:00+02:00"
    assert series.end.isoformat() == "2027-04-27T12:00:00+02:00"
    # German texts, and no date field at all: the list alone dates the listing
    evening = done["R2"].schedule  # type: ignore[union-attr]
    times = [(s.start.strftime("%d.%m. %H:%M"), s.end.strftime("%H:%M")) for s in evening.sessions]
    assert times == [("03.06. 17:00", "18:30"), ("10.06. 17:00", "18:30")]
    assert evening.end.isoformat() == "2027-06-10T18:30:00+02:00"
    # an entry without a start: the list is not used, the date field is, and the partner is told
    gap = done["R3"]
    assert [s.start.isoformat() for s in gap.schedule.sessions] == ["2027-05-03T00:00:00+02:00"]  # type: ignore[union-attr]
    assert any("Termin 2 der Terminliste hat keinen Beginn" in f for f in gap.flags)  # type: ignore[union-attr]
    vague = done["R5"]  # nothing else dates it: empty, and the flag names the entry
    assert vague.schedule is None  # type: ignore[union-attr]
    assert any("Termin 2 der Terminliste 'demnächst' ist nicht lesbar" in f for f in vague.flags)  # type: ignore[union-attr]
    # a day that does not exist is no listing
    assert "existiert nicht" in done["R4"].reason  # type: ignore[union-attr]


def test_a_session_list_without_its_start_path_is_one_clear_sentence() -> None:
    options = {"url": "http://x.example/a", "fields": {"title": "t"}, "sessions": {"items": "l"}}
    with pytest.raises(ConfigError, match=r"Option 'sessions\.start' korrigieren"):
        run_connector(JsonConnector, source(options))
