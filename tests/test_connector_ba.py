"""The ba_weiterbildung connector against a loopback server answering like the BA's API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from connectors.ba_weiterbildung import BaWeiterbildungConnector, ba_day, ba_link
from connectors.testing import run_connector
from hub.config import SourceConfig
from hub.errors import ConfigError, ConnectorError
from hub.plugins import build_registry
from pipelines import build_pipeline

API = Path(__file__).parent / "fixtures" / "connectors" / "ba" / "infosysbub/wbsuche/pc/v2"
PATH = "/infosysbub/wbsuche/pc/v2/bildungsangebot"


class BaApi:
    """Answers like the Weiterbildungssuche: 401 without the key, pages by ``page``."""

    def __init__(self, key: str = "test-key") -> None:
        self.queries: list[dict[str, list[str]]] = []
        pages = sorted(API.glob("bildungsangebot@*sw=Schweissen*"))
        self.pages = [p.read_text(encoding="utf-8") for p in pages]
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                outer.queries.append(query)
                if parts.path != PATH:
                    self.send_error(404)
                    return
                if self.headers.get("X-API-Key") != key:
                    self.send_error(401)
                    return
                page = int(query.get("page", ["0"])[0])
                body = (outer.pages[page] if page < len(outer.pages) else "{}").replace(
                    "{{BASE}}", outer.url
                )
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[BaApi]:
    monkeypatch.setenv("REGIOHUB_BA_API_KEY", "test-key")
    server = BaApi()
    yield server
    server.close()


def source(url: str, **options: Any) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "ba-leipzig",
            "type": "ba_weiterbildung",
            "kind": "course",
            "partner": {"name": "Bundesagentur für Arbeit"},
            "options": {
                "url": url + PATH,
                "keyword": "Schweißen",
                "place": "Leipzig",
                "radius": "25",
                "page_size": 2,
                **options,
            },
        }
    )


def test_searches_pages_and_maps_termine(api: BaApi) -> None:
    harvest = run_connector(BaWeiterbildungConnector, source(api.url))
    assert harvest.keys == ["900001", "900002", "900003"]
    assert api.queries[0] == {
        "sw": ["Schweißen"],
        "orte": ["Leipzig"],
        "uk": ["25"],
        "page": ["0"],
        "size": ["2"],
    }
    assert [q["page"] for q in api.queries] == [["0"], ["1"]]  # totalPages = 2 ends it
    first = harvest.records[0]
    assert first.url == f"{api.url}/angebote/14000001"
    assert first.fields == {
        "title": "Schweißen MAG/MIG Grundkurs",
        "description": "<p>Schweißen MAG/MIG Grundkurs: Inhalte und Ablauf.</p>",
        "date": "2027-02-01/2027-03-26",
        "place": "Industriestraße 3, 04109 Leipzig",
        "mode": "Präsenz",
        "price": "2.450,00 EUR",
        "provider": "Schweißtechnische Lehranstalt Leipzig",
        "funding": "<p>Bildungsgutschein</p>",
        "kind": "course",
    }
    second, third = harvest.records[1].fields, harvest.records[2].fields
    assert second["mode"] == "Online" and "price" not in second  # 0.0 means "not stated"
    assert third["mode"] == "Hybrid" and third["date"] == "2027-04-12"


def test_epoch_millisecond_and_iso_dates_are_both_read_as_berlin_days(api: BaApi) -> None:
    """The live API sends ``beginn``/``ende`` as epoch ms (midnight in Berlin = 23:00 UTC the
    day before); the fixture's first page does so, the second page keeps ISO dates."""
    harvest = run_connector(BaWeiterbildungConnector, source(api.url))
    dates = [r.fields.get("date") for r in harvest.records]
    assert dates == ["2027-02-01/2027-03-26", "2027-03-01/2027-05-31", "2027-04-12"]
    listings, rejections = _pipeline().process_many(harvest.records, source(api.url))
    assert rejections == []
    starts = {lst.source_key: lst.schedule.start for lst in listings if lst.schedule}
    assert starts["900001"] is not None and starts["900001"].date().isoformat() == "2027-02-01"
    assert starts["900002"] is not None and starts["900002"].date().isoformat() == "2027-03-01"


def test_a_late_utc_timestamp_is_the_next_day_in_berlin() -> None:
    assert ba_day(1689544800000) == "2023-07-17"  # 2023-07-16 22:00 UTC
    assert ba_day("2023-07-16T22:00:00Z") == "2023-07-17"
    assert ba_day("2027-02-01") == "2027-02-01"
    assert ba_day("irgendwann") is None


def test_dot_decimal_costs_reach_the_catalogue_as_the_amount(api: BaApi) -> None:
    harvest = run_connector(BaWeiterbildungConnector, source(api.url))
    listings, _ = _pipeline().process_many(harvest.records, source(api.url))
    prices = {lst.source_key: lst.price for lst in listings}
    first, third = prices["900001"], prices["900003"]
    assert first is not None and first.amount == 2450.0 and first.free is False
    assert third is not None and third.amount == 1890.0
    assert prices["900002"] is None  # 0.0 is "not stated", never "free"


def test_a_link_without_scheme_is_kept_as_https(api: BaApi) -> None:
    harvest = run_connector(BaWeiterbildungConnector, source(api.url))
    assert harvest.records[1].url == "https://www.schweissen-online.example/kurse/14000002"
    assert ba_link("javascript:alert(1)") is None and ba_link("Kein Link") is None


def _pipeline() -> Any:
    return build_pipeline(build_registry(entry_points=False))


def test_the_key_header_is_configurable(api: BaApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_BA_KEY", "test-key")
    harvest = run_connector(
        BaWeiterbildungConnector,
        source(api.url, api_key_header="X-API-Key", api_key_env="MY_BA_KEY"),
    )
    assert len(harvest.records) == 3
    with pytest.raises(ConnectorError) as caught:
        run_connector(BaWeiterbildungConnector, source(api.url, api_key_header="X-Other-Key"))
    assert "401" in str(caught.value)


def test_a_missing_key_is_a_config_error(api: BaApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIOHUB_BA_API_KEY")
    with pytest.raises(ConfigError, match="REGIOHUB_BA_API_KEY"):
        run_connector(BaWeiterbildungConnector, source(api.url))


def test_the_url_must_be_named_so_its_host_is_allowed() -> None:
    entry = source("http://127.0.0.1:1").model_dump()
    del entry["options"]["url"]
    with pytest.raises(ConfigError, match="'url'"):
        run_connector(BaWeiterbildungConnector, SourceConfig.model_validate(entry))


def test_fixture_pages_have_the_documented_shape() -> None:
    for text in (p.read_text(encoding="utf-8") for p in API.glob("bildungsangebot@*")):
        page = json.loads(text)
        assert set(page) == {"_embedded", "page"}
        assert set(page["page"]) == {"size", "totalElements", "totalPages", "number"}
        assert {"id", "angebot", "adresse", "beginn", "ende"} <= set(
            page["_embedded"]["termine"][0]
        )
