"""Hostile input: entity tricks, huge and endless answers, redirect loops, wrong encodings,
another hub serving hostile content, private and metadata addresses, endless sources."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import faults_security as attacks
import pytest
from conftest import ApiServer
from fastapi.testclient import TestClient
from servers import Route, ScriptedServer

from connectors.feed import FeedConnector
from connectors.html import HtmlConnector
from connectors.ical import IcalConnector
from connectors.jsonapi import JsonConnector
from connectors.jsonld import JsonldConnector
from connectors.sitemap import SitemapConnector
from connectors.testing import run_connector
from flows.core import harvest_plain
from hub.config import MAX_RECORDS_DEFAULT, Settings, SourceConfig
from hub.errors import ConnectorError, HostNotAllowedError
from hub.http import HttpClient
from hub.store import SQLiteStore
from search_api import create_app, routes_changes

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&geheim;</loc></url></urlset>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title>
<item><title>&lol3;</title></item></channel></rss>"""
MB = 1024 * 1024


def source(source_type: str, options: dict[str, Any]) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "feindlich",
            "type": source_type,
            "kind": "course",
            "partner": {"name": "Unbekannt"},
            "options": options,
        }
    )


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as served:
        yield served


def test_external_entities_are_refused_without_reading_local_files(server: ScriptedServer):
    server.routes["/sitemap.xml"] = Route(XXE, headers={"Content-Type": "application/xml"})
    with pytest.raises(ConnectorError) as caught:
        run_connector(SitemapConnector, source("sitemap", {"url": f"{server.url}/sitemap.xml"}))
    assert caught.value.kind == "unsafe_xml"
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize(
    ("connector", "source_type", "path"),
    [(FeedConnector, "feed", "/feed.xml"), (SitemapConnector, "sitemap", "/feed.xml")],
)
def test_entity_expansion_is_refused(
    server: ScriptedServer, connector: Any, source_type: str, path: str
) -> None:
    server.routes[path] = Route(LAUGHS, headers={"Content-Type": "application/xml"})
    with pytest.raises(ConnectorError) as caught:
        run_connector(connector, source(source_type, {"url": server.url + path}))
    assert caught.value.kind == "unsafe_xml"


class EndlessServer:
    """Streams up to 50 MB without Content-Length and counts what it managed to send."""

    def __init__(self, total: int = 50 * MB) -> None:
        self.total, self.sent = total, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n")
            chunk = b"[" + b" " * (64 * 1024 - 1)
            try:
                while self.sent < self.total:
                    conn.sendall(chunk)
                    self.sent += len(chunk)
            except OSError:
                return

    def close(self) -> None:
        self.sock.close()


def test_a_50_mb_answer_is_cut_off_at_the_limit() -> None:
    endless = EndlessServer()
    try:
        options = {"url": f"{endless.url}/api.json", "fields": {"title": "t"}, "max_bytes": MB}
        with pytest.raises(ConnectorError) as caught:
            run_connector(JsonConnector, source("json", options))
    finally:
        endless.close()
    assert caught.value.kind == "too_large"
    assert endless.sent < 20 * MB  # the client hung up long before the 50 MB were sent


def test_a_gzip_bomb_sitemap_is_cut_off_at_the_limit(server: ScriptedServer) -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (50 * MB))
    server.routes["/sitemap.xml.gz"] = Route(bomb, headers={"Content-Type": "application/gzip"})
    options = {"url": f"{server.url}/sitemap.xml.gz", "max_bytes": MB}
    with pytest.raises(ConnectorError) as caught:
        run_connector(SitemapConnector, source("sitemap", options))
    assert caught.value.kind == "too_large"


def test_redirect_loops_end(server: ScriptedServer) -> None:
    server.routes["/a.json"] = Route(status=302, headers={"Location": "/b.json"})
    server.routes["/b.json"] = Route(status=302, headers={"Location": "/a.json"})
    with pytest.raises(ConnectorError) as caught:
        run_connector(
            JsonConnector, source("json", {"url": f"{server.url}/a.json", "fields": {"title": "t"}})
        )
    assert caught.value.kind == "redirect_loop"
    assert len(server.hits) <= 3


def test_a_page_in_latin_1_declared_in_html_is_decoded(server: ScriptedServer) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "Course", "name": "Schweißen für Anfänger"}'
        "</script></head></html>"
    ).encode("latin-1")
    server.routes["/kurs.html"] = Route(page, headers={"Content-Type": "text/html"})
    harvest = run_connector(
        JsonldConnector, source("jsonld", {"start_urls": [f"{server.url}/kurs.html"]})
    )
    assert harvest.records[0].fields["title"] == "Schweißen für Anfänger"


def test_a_calendar_in_windows_1252_without_charset_is_decoded(server: ScriptedServer) -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART:20270301T090000\r\nSUMMARY:Führung – Grundlagen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    server.routes["/k.ics"] = Route(
        text.encode("cp1252"), headers={"Content-Type": "text/calendar"}
    )
    options = {"url": f"{server.url}/k.ics", "window_start": "2027-01-01"}
    harvest = run_connector(IcalConnector, source("ical", options))
    assert harvest.records[0].fields["title"] == "Führung – Grundlagen"


def test_undecodable_bytes_are_reported(server: ScriptedServer) -> None:
    server.routes["/kurs.html"] = Route(b"<html>\x81\x8d\x8f\x90\x9d\xff\xfe</html>")
    with pytest.raises(ConnectorError) as caught:
        run_connector(
            JsonldConnector, source("jsonld", {"start_urls": [f"{server.url}/kurs.html"]})
        )
    assert caught.value.kind == "encoding"


# -- another hub is a partner like any other ---------------------------------------------------


@pytest.fixture(scope="module")
def federated(tmp_path_factory: pytest.TempPathFactory) -> attacks.SecurityOutcome:
    """A real upstream regiohub on loopback serving hostile HTML, links and sizes, harvested."""
    return attacks.federation(tmp_path_factory.mktemp("federation"))


def test_hostile_html_from_another_hub_reaches_no_page_feed_or_calendar(
    federated: attacks.SecurityOutcome,
) -> None:
    assert federated.result == "ok"
    # checked in the detail page (with its JSON-LD), Atom, iCal and CSV
    assert federated.escapes == []
    assert federated.facts["statuses"] == {"atom": "200", "ics": "200", "csv": "200"}
    hostile = next(x for x in federated.facts["listings"] if x.source_key.endswith("nord-1"))
    # the offer itself arrived, readable, still credited to the upstream's partner
    assert "Kurs für Betriebe" in hostile.description_html
    assert "Mehr erfahren" in hostile.description_html
    assert hostile.partner.name == "Zentrum Nord"
    assert hostile.url is None and hostile.partner.url is None  # javascript: is no link
    assert "<script" not in hostile.title


def test_a_huge_listing_from_another_hub_is_cut_to_the_partner_limits(
    federated: attacks.SecurityOutcome,
) -> None:
    huge = next(x for x in federated.facts["listings"] if x.source_key.endswith("nord-2"))
    assert len(huge.description_html) <= 51_000  # the sanitiser's limit, as for any partner
    assert len(huge.provider or "") <= 2_100 and len(huge.topics) <= 200
    assert any("gekürzt" in flag for flag in huge.flags)  # the partner is told
    assert federated.facts["largest_page"] < 300_000  # not the 5.7 MB page of the report


def test_a_year_9999_date_from_another_hub_is_quarantined(
    federated: attacks.SecurityOutcome,
) -> None:
    assert federated.facts["quarantined"] == 1
    assert "außerhalb von 1900–2199" in federated.facts["reasons"][0]
    assert federated.lost == 0


def test_a_stored_unsanitised_description_is_sanitised_when_shown(tmp_path: Path) -> None:
    # a catalogue written before the federation fix still holds raw upstream HTML
    store = SQLiteStore(tmp_path / "catalogue.sqlite3")
    listing = attacks.hostile_upstream_listings()[0]
    store.upsert_listings([listing])
    settings = Settings.from_env({"REGIOHUB_HOME": str(tmp_path)})
    client = TestClient(create_app(attacks._NoIndex(), store, settings=settings))  # type: ignore[arg-type]
    page = client.get(f"/angebote/{listing.id}").text
    assert "Mehr erfahren" in page
    assert attacks.escapes_in({"page": page}) == []


# -- dates the exports cannot serve ------------------------------------------------------------


def test_an_item_dated_31_12_9999_is_quarantined_and_the_calendar_still_answers(
    tmp_path: Path,
) -> None:
    outcome = attacks.far_future_date(tmp_path)
    assert outcome.result == "ok" and outcome.kept == 1
    assert outcome.facts["reasons"] == [
        "Datum '31.12.9999' liegt außerhalb von 1900–2199; bitte ein echtes Datum angeben "
        "(für „unbefristet“ das Datum leer lassen)"
    ]
    assert outcome.facts["ics_status"] == 200


# -- compressed bombs --------------------------------------------------------------------------


def test_a_gzip_encoded_bomb_is_cut_without_expanding_in_memory(tmp_path: Path) -> None:
    outcome = attacks.gzip_bomb(tmp_path)
    assert outcome.result == "too_large"
    # limit 1 MB: decoding in bounded steps keeps the peak near it, not at the 50 MB inside
    assert outcome.facts["peak_bytes"] < 4 * MB


def test_a_gzip_bomb_on_the_scrapy_path_is_reported_as_too_large(server: ScriptedServer) -> None:
    bomb = gzip.compress(b"<html><body>" + b" " * (50 * MB))
    server.routes["/kurse.html"] = Route(
        bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    options = {
        "start_urls": [f"{server.url}/kurse.html"],
        "item_links": "a.kurs",
        "fields": {"title": "h1"},
        "max_bytes": MB,
        "download_delay": 0,
    }
    with pytest.raises(ConnectorError) as caught:
        run_connector(HtmlConnector, source("html", options))
    assert caught.value.kind == "too_large"


# -- private, link-local and metadata addresses ------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        attacks.METADATA_URL,
        "http://169.254.1.1/",
        "http://10.0.0.1/feed.xml",
        "http://172.16.5.5/feed.xml",
        "http://192.168.178.1/feed.xml",
        "http://100.100.100.200/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/",
        "http://0.0.0.0:8000/",
    ],
)
def test_private_and_metadata_addresses_are_refused_before_connecting(url: str) -> None:
    host = url.split("/")[2]
    client = HttpClient(allowed_hosts={host}, retries=0)
    with attacks.no_connections() as attempts, pytest.raises(HostNotAllowedError) as caught:
        client.get(url)
    assert attempts == []  # refused by the address check, not by a failed connection
    assert "allow_private_hosts" in str(caught.value)


def test_a_source_naming_the_metadata_address_fails_before_any_connection(
    tmp_path: Path,
) -> None:
    outcome = attacks.metadata_source(tmp_path)
    assert outcome.result == "host_not_allowed"
    assert outcome.facts["connections"] == []
    assert "Cloud-Metadatendienst" in outcome.facts["error"]


def test_a_redirect_to_a_private_address_is_refused(tmp_path: Path) -> None:
    outcome = attacks.redirect_to_private(tmp_path)
    assert outcome.result == "host_not_allowed"
    assert outcome.facts["hits"] == 1  # only the loopback partner was asked


def test_allow_private_hosts_lets_an_intranet_source_through_the_check() -> None:
    intranet = SourceConfig.model_validate(
        {
            "id": "intranet",
            "type": "feed",
            "kind": "course",
            "partner": {"name": "Intern"},
            "options": {"url": "http://10.0.0.1/feed.xml"},
            "allow_private_hosts": True,
        }
    )
    assert intranet.allow_private_hosts and not source("feed", {}).allow_private_hosts
    client = HttpClient(allowed_hosts=intranet.hosts(), allow_private=True)
    client.check_host("http://10.0.0.1/feed.xml")  # no connection: the check alone passes
    client.check_configured_hosts()


def test_loopback_stays_allowed_for_the_demo_and_development() -> None:
    client = HttpClient(allowed_hosts={"127.0.0.1:8000", "localhost:8000"})
    client.check_host("http://127.0.0.1:8000/feed.xml")
    client.check_host("http://localhost:8000/feed.xml")


# -- a source without end ----------------------------------------------------------------------


def test_a_source_yielding_without_end_stops_at_max_records_as_partial(tmp_path: Path) -> None:
    outcome = attacks.endless_source(tmp_path, limit=500)
    assert outcome.result == "partial"
    assert outcome.facts["fetched"] == 500 and outcome.kept == 500
    assert "nach max_records = 500 Datensätzen abgebrochen" in " ".join(outcome.facts["notes"])
    assert source("feed", {}).max_records == MAX_RECORDS_DEFAULT == 100_000


def test_a_hub_source_cut_at_max_records_reads_on_from_there_next_time(tmp_path: Path) -> None:
    partner = attacks.Partner(name="Zentrum Nord")
    upstream = SQLiteStore(tmp_path / "upstream" / "catalogue.sqlite3")
    upstream.upsert_listings(
        attacks.Listing(
            id=f"nord-{n}",
            source_id="nord-feed",
            source_key=str(n),
            kind="course",
            partner=partner,
            title=f"Kurs {n}",
        ).with_hash()
        for n in range(12)
    )
    settings = Settings.from_env({"REGIOHUB_HOME": str(tmp_path / "upstream")})
    app = create_app(
        attacks._NoIndex(), upstream, settings=settings, routers=[routes_changes.router]
    )  # type: ignore[arg-type]
    with ApiServer(app) as api:
        toml = (
            attacks.hub_source("land", api.url).replace(
                'kind = "course"\n', 'kind = "course"\nmax_records = 5\n'
            )
            + "page_size = 2\n"
        )
        runtime = attacks.hub_home(tmp_path / "down", toml)
        runs = [harvest_plain(runtime, runtime.sources.sources)[0] for _ in range(3)]
    assert [r.fetched for r in runs] == [5, 5, 4]  # no run starts over from the beginning
    assert [r.mode for r in runs][:2] == ["partial", "incremental"]
    assert runtime.store.count_listings() == 12
