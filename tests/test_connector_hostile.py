"""Hostile input: entity tricks, huge and endless answers, redirect loops, wrong encodings."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from servers import Route, ScriptedServer

from connectors.feed import FeedConnector
from connectors.ical import IcalConnector
from connectors.jsonapi import JsonConnector
from connectors.jsonld import JsonldConnector
from connectors.sitemap import SitemapConnector
from connectors.testing import run_connector
from hub.config import SourceConfig
from hub.errors import ConnectorError

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
