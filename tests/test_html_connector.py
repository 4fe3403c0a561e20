"""The html connector crawls a real fixture site on loopback with a real Scrapy child process."""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from connectors.base import HarvestContext
from connectors.html import HtmlConnector
from connectors.testing import FixtureServer as KitServer
from hub.config import SourceConfig
from hub.errors import ConfigError, ConnectorError
from hub.http import USER_AGENT, HttpClient
from hub.model import RawRecord
from hub.plugins import build_registry

SITE_ROOT = Path(__file__).parent / "fixtures" / "html_site"
KURSE = "/erzgebirge/kurse"
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


class FixtureSite:
    """A threaded HTTP server on 127.0.0.1 serving a folder and recording every path asked for.

    ``fail`` paths answer 500, ``slow`` paths wait that many seconds first, and
    ``substitutions`` are replaced in served files (to link to another server's port).
    """

    def __init__(
        self,
        root: Path = SITE_ROOT,
        *,
        fail: Iterable[str] = (),
        slow: dict[str, float] | None = None,
        substitutions: dict[str, str] | None = None,
    ) -> None:
        self.root = root.resolve()
        self.fail = set(fail)
        self.slow = slow or {}
        self.substitutions = substitutions or {}
        self.requests: list[str] = []
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.origin + path

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        with self._lock:
            self.requests.append(path)
        time.sleep(self.slow.get(path, 0))
        if path in self.fail:
            return 500, CONTENT_TYPES[".txt"], b"Interner Serverfehler"
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_file() or not file.is_relative_to(self.root):
            return 404, CONTENT_TYPES[".txt"], b"Nicht gefunden"
        text = file.read_text(encoding="utf-8")
        for placeholder, value in self.substitutions.items():
            text = text.replace(placeholder, value)
        return 200, CONTENT_TYPES.get(file.suffix, "application/octet-stream"), text.encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.user_agents.add(self.headers.get("User-Agent", ""))
                status, content_type, body = site._answer(urlsplit(self.path).path)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler gave up waiting (timeout tests)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> FixtureSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


FIELDS = {
    "title": "h1.kurs-titel::text",
    "description": "div.kurs-text",
    "date": "dd.termin::text",
    "place": "xpath://dd[@class='ort']/text()",
    "mode": "dd.format::text",
    "price": "dd.kosten::text",
    "audience": "dd.zielgruppe::text",
    "topics": "span.thema::text",
    "kind": "span.angebotsart::text",
}


def html_source(origin: str, **options: Any) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "erzgebirge-kurse",
            "type": "html",
            "kind": "course",
            "partner": {"name": "Weiterbildungsportal Erzgebirge", "url": f"{origin}/erzgebirge/"},
            "options": {
                "start_urls": [f"{origin}{KURSE}/index.html"],
                "item_links": "ul.kursliste a.kurs-link::attr(href)",
                "next_page": "a.weiter::attr(href)",
                "kind_values": {"Förderung": "funding", "Beratung": "advice"},
                "download_delay": 0,
                "timeout": 5,
                "fields": FIELDS,
                **options,
            },
        }
    )


def harvest(source: SourceConfig) -> tuple[list[RawRecord], list[str]]:
    context = HarvestContext(source=source, http=HttpClient(allowed_hosts=source.hosts()))
    records = list(HtmlConnector(source, context).fetch())
    return records, context.notes


def by_title(records: list[RawRecord]) -> dict[str, RawRecord]:
    return {r.fields["title"]: r for r in records}


@pytest.fixture(scope="module")
def offsite() -> Iterator[FixtureSite]:
    with FixtureSite() as other:
        yield other


@pytest.fixture(scope="module")
def site(offsite: FixtureSite) -> Iterator[FixtureSite]:
    with FixtureSite(
        fail={f"{KURSE}/kurs-kaputt.html"}, substitutions={"{{OFFSITE}}": offsite.origin}
    ) as served:
        yield served


@pytest.fixture(scope="module")
def crawl(site: FixtureSite) -> tuple[list[RawRecord], list[str]]:
    return harvest(html_source(site.origin))


# --- one crawl of the fixture site, many behaviours -------------------------------------------


@pytest.mark.slow
def test_follows_pagination_and_extracts_every_field(
    site: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    records, _ = crawl
    assert sorted(by_title(records)) == [
        "Beratung zur Unternehmensnachfolge",
        "Digitalisierung im Kleinbetrieb",
        "Excel für Einsteiger",
        "Führen im Handwerk",
        "Schweißen nach DIN EN ISO 9606",
    ]
    excel = by_title(records)["Excel für Einsteiger"]
    assert excel.source_id == "erzgebirge-kurse"
    assert excel.key == excel.url == site.url(f"{KURSE}/kurs-1.html")
    assert {k: v for k, v in excel.fields.items() if k != "description"} == {
        "title": "Excel für Einsteiger",
        "date": "12.03.2025, 9:00–16:00 Uhr",
        "place": "Annaberg-Buchholz, Markt 1",
        "mode": "Präsenz",
        "price": "149,00 €",
        "audience": ["Beschäftigte, Arbeitsuchende"],
        "topics": ["Digitale Kompetenzen", "Büro & Verwaltung"],
        "kind": "Weiterbildung",
        "url": site.url(f"{KURSE}/kurs-1.html"),
    }


@pytest.mark.slow
def test_facts_in_a_dl_without_classes_and_a_provider_are_read(site: FixtureSite) -> None:
    """The documented recipe: a ``<dt>`` label picks its ``<dd>``; a whole-element selector
    reads text in child elements too (``h1`` is whole, ``h1::text`` only its own text)."""
    fields = {
        "title": "h1.kurs-titel",
        "price": "xpath://dt[normalize-space()='Kosten']/following-sibling::dd[1]",
        "provider": "xpath://dt[normalize-space()='Anbieter']/following-sibling::dd[1]",
    }
    records, _ = harvest(html_source(site.origin, fields=fields, kind_values={}))
    excel = by_title(records)["Excel für Einsteiger"]
    assert excel.fields["price"] == "149,00 €"
    assert excel.fields["provider"] == "Bildungswerk Erzgebirge"


@pytest.mark.slow
def test_crawls_with_the_hubs_user_agent(
    site: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    assert site.user_agents == {USER_AGENT}


@pytest.mark.slow
def test_several_text_matches_are_joined_with_a_space(
    crawl: tuple[list[RawRecord], list[str]],
) -> None:
    schweissen = by_title(crawl[0])["Schweißen nach DIN EN ISO 9606"]
    assert schweissen.fields["date"] == "12.05.2025 19.05.2025"


@pytest.mark.slow
def test_list_fields_keep_every_match_and_missing_fields_are_omitted(
    crawl: tuple[list[RawRecord], list[str]],
) -> None:
    found = by_title(crawl[0])
    assert found["Führen im Handwerk"].fields["topics"] == ["Führung", "Handwerk"]
    digital = found["Digitalisierung im Kleinbetrieb"].fields
    assert digital["audience"] == ["KMU", "Führungskräfte"]
    assert "topics" not in digital and "price" not in digital and "description" not in digital


@pytest.mark.slow
def test_description_keeps_the_inner_html(crawl: tuple[list[RawRecord], list[str]]) -> None:
    excel = by_title(crawl[0])["Excel für Einsteiger"]
    assert excel.fields["description"] == (
        "<p>Tabellen, Formeln und Diagramme – <strong>Schritt für Schritt</strong>.</p>\n"
        "    <ul><li>Grundlagen</li><li>Formeln &amp; Funktionen</li></ul>"
    )


@pytest.mark.slow
def test_kind_values_map_labels_and_unknown_labels_stay_raw(
    crawl: tuple[list[RawRecord], list[str]],
) -> None:
    kinds = {title: r.fields["kind"] for title, r in by_title(crawl[0]).items()}
    assert kinds["Führen im Handwerk"] == "funding"
    assert kinds["Beratung zur Unternehmensnachfolge"] == "advice"
    assert kinds["Excel für Einsteiger"] == "Weiterbildung"


@pytest.mark.slow
def test_key_and_url_are_the_detail_url_without_the_links_fragment(
    site: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    schweissen = by_title(crawl[0])["Schweißen nach DIN EN ISO 9606"]  # linked as …#anmeldung
    assert schweissen.key == schweissen.url == site.url(f"{KURSE}/kurs-2.html")
    assert schweissen.fields["url"] == site.url(f"{KURSE}/kurs-2.html")


@pytest.mark.slow
def test_pages_disallowed_by_robots_txt_are_not_fetched(
    site: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    assert "/robots.txt" in site.requests
    assert not [path for path in site.requests if path.startswith("/erzgebirge/privat/")]
    assert (
        f"Seite {site.url('/erzgebirge/privat/intern.html')} nicht lesbar: "
        "laut robots.txt der Website gesperrt" in crawl[1]
    )


@pytest.mark.slow
def test_off_site_links_are_not_fetched_and_are_noted(
    offsite: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    assert offsite.requests == []
    assert any(
        note.startswith(f"Link {offsite.url('/fremd/kurs-9.html')} nicht abgerufen: Host ")
        for note in crawl[1]
    )


@pytest.mark.slow
def test_a_failing_detail_page_becomes_a_note_and_the_others_are_harvested(
    site: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    records, notes = crawl
    assert len(records) == 5
    assert (
        f"Seite {site.url(f'{KURSE}/kurs-kaputt.html')} nicht lesbar: "
        "HTTP 500 Internal Server Error" in notes
    )


@pytest.mark.slow
def test_an_off_site_detail_link_makes_the_run_partial(offsite: FixtureSite) -> None:
    """The partner still lists the off-site offer; an unread page must not delete it."""
    with FixtureSite(substitutions={"{{OFFSITE}}": offsite.origin}) as site:
        source = html_source(site.origin, start_urls=[site.url(f"{KURSE}/fremd.html")])
        context = HarvestContext(source=source, http=HttpClient(allowed_hosts=source.hosts()))
        records = list(HtmlConnector(source, context).fetch())
    assert [r.key for r in records] == [site.url(f"{KURSE}/kurs-1.html")]
    assert context.partial, "an off-site link is a listed page we could not read"
    assert any("allowed_hosts" in note for note in context.notes)
    assert offsite.requests == []


@pytest.mark.slow
def test_two_list_links_redirecting_to_one_page_give_one_record_and_a_note() -> None:
    with KitServer(SITE_ROOT) as server:
        source = html_source(server.url, start_urls=[f"{server.url}{KURSE}/doppelt.html"])
        context = HarvestContext(source=source, http=HttpClient(allowed_hosts=source.hosts()))
        records = list(HtmlConnector(source, context).fetch())
    excel = f"{server.url}{KURSE}/kurs-1.html"
    assert sorted(r.key for r in records) == [excel, f"{server.url}{KURSE}/kurs-3.html"]
    assert f"{KURSE}/excel-alt.html" in server.paths()  # the old address was followed
    [note] = [n for n in context.notes if excel in n]
    assert note.startswith(f"Seite {excel} wird über 2 Listenlinks erreicht")
    assert f"{server.url}{KURSE}/excel-alt.html" in note
    # kurs-3.html linked twice (once with a fragment) is one item, asked for once, no note
    assert server.paths().count(f"{KURSE}/kurs-3.html") == 1
    assert not any("kurs-3.html" in n for n in context.notes)
    assert not context.partial


# --- repeated and threaded crawls ------------------------------------------------------------


@pytest.mark.slow
def test_a_second_crawl_in_the_same_process_gives_the_same_keys(
    site: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    again, _ = harvest(html_source(site.origin))
    assert sorted(r.key for r in again) == sorted(r.key for r in crawl[0])
    assert sorted(r.listing_id for r in again) == sorted(r.listing_id for r in crawl[0])


@pytest.mark.slow
def test_crawls_from_a_worker_thread(
    site: FixtureSite, crawl: tuple[list[RawRecord], list[str]]
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        records, _ = pool.submit(harvest, html_source(site.origin)).result(timeout=60)
    assert sorted(r.key for r in records) == sorted(r.key for r in crawl[0])


@pytest.mark.slow
def test_max_pages_stops_the_crawl_with_a_note_and_marks_it_partial() -> None:
    with FixtureSite() as site:
        source = html_source(site.origin, max_pages=3, concurrency_per_host=1)
        context = HarvestContext(source=source, http=HttpClient(allowed_hosts=source.hosts()))
        records = list(HtmlConnector(source, context).fetch())
    assert len(records) < 5
    assert (
        "Nach max_pages = 3 Seiten angehalten – max_pages erhöhen, damit alle Angebote "
        "geerntet werden" in context.notes
    )
    assert context.partial, "listings beyond max_pages are not gone: no deletions may follow"


@pytest.mark.slow
def test_a_crawl_with_a_failing_detail_page_is_partial(site: FixtureSite) -> None:
    source = html_source(site.origin)
    context = HarvestContext(source=source, http=HttpClient(allowed_hosts=source.hosts()))
    records = list(HtmlConnector(source, context).fetch())
    assert len(records) == 5 and context.partial  # kurs-kaputt.html answers 500


# --- failures --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_start_page_answering_500_fails_the_source() -> None:
    with FixtureSite(fail={f"{KURSE}/index.html"}) as site, pytest.raises(ConnectorError) as caught:
        harvest(html_source(site.origin))
    assert caught.value.kind == "http_status"
    assert str(caught.value) == (
        f"Startseite {site.url(f'{KURSE}/index.html')} nicht lesbar: "
        "HTTP 500 Internal Server Error."
    )


@pytest.mark.slow
def test_a_start_page_slower_than_the_timeout_fails_the_source_in_bounded_time() -> None:
    with FixtureSite(slow={f"{KURSE}/index.html": 4}) as site:
        began = time.monotonic()
        with pytest.raises(ConnectorError) as caught:
            harvest(html_source(site.origin, timeout=1))
        elapsed = time.monotonic() - began
    assert caught.value.kind == "timeout"
    assert str(caught.value) == (
        f"Startseite {site.url(f'{KURSE}/index.html')} nicht lesbar: "
        "keine Antwort innerhalb von 1 s."
    )
    assert elapsed < 15  # one try and one retry of 1 s each, plus starting the child


@pytest.mark.slow
def test_a_refused_connection_fails_the_source() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/kurse/index.html"
    source = html_source(f"http://127.0.0.1:{port}", start_urls=[url])
    with pytest.raises(ConnectorError) as caught:
        harvest(source)
    assert caught.value.kind == "connect"
    assert str(caught.value) == f"Startseite {url} nicht lesbar: Verbindung abgelehnt."


@pytest.mark.slow
def test_a_start_page_over_max_bytes_fails_the_source() -> None:
    with FixtureSite() as site, pytest.raises(ConnectorError) as caught:
        harvest(
            html_source(site.origin, start_urls=[site.url(f"{KURSE}/archiv.html")], max_bytes=1024)
        )
    assert caught.value.kind == "too_large"
    assert str(caught.value) == (
        f"Startseite {site.url(f'{KURSE}/archiv.html')} nicht lesbar: "
        "größer als das Limit von 1.024 Bytes."
    )


@pytest.mark.slow
def test_a_start_page_disallowed_by_robots_txt_fails_the_source_unfetched() -> None:
    start = "/erzgebirge/privat/intern.html"
    with FixtureSite() as site, pytest.raises(ConnectorError) as caught:
        harvest(html_source(site.origin, start_urls=[site.url(start)]))
    assert caught.value.kind == "robots"
    assert start not in site.requests


@pytest.mark.slow
def test_a_list_page_without_links_yields_nothing_and_a_note() -> None:
    with FixtureSite() as site:
        records, notes = harvest(
            html_source(site.origin, start_urls=[site.url(f"{KURSE}/leer.html")])
        )
    assert records == []
    assert notes == [
        f"Keine Angebotslinks auf {site.url(f'{KURSE}/leer.html')} gefunden – "
        "bitte item_links prüfen"
    ]


@pytest.mark.slow
def test_a_crawl_whose_child_process_dies_fails_with_kind_crawl() -> None:
    slow_page = f"{KURSE}/kurs-1.html"
    with FixtureSite(slow={slow_page: 10}) as site:

        def kill_the_crawl_mid_page() -> None:
            deadline = time.monotonic() + 30
            while slow_page not in site.requests and time.monotonic() < deadline:
                time.sleep(0.05)
            for child in multiprocessing.active_children():
                if child.name == "regiohub-html-erzgebirge-kurse":
                    child.kill()

        killer = threading.Thread(target=kill_the_crawl_mid_page)
        killer.start()
        with pytest.raises(ConnectorError) as caught:
            harvest(html_source(site.origin, timeout=30))
        killer.join()
    assert caught.value.kind == "crawl"
    assert "endete unerwartet (beendet durch SIGKILL)" in str(caught.value)


# --- options and registration ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fields": {**FIELDS, "preis": "dd.kosten::text"}}, "unbekannte Feldnamen preis"),
        ({"start_urls": []}, "mindestens eine Start-URL"),
        ({"fields": {"date": "dd.termin::text"}}, "ein Selektor für 'title' ist Pflicht"),
        ({"item_links": "ul.kursliste a[href"}, "ist kein gültiger CSS-Selektor"),
        ({"fields": {"title": "xpath://h1[text("}}, "ist kein gültiger XPath-Selektor"),
        ({"kind_values": {"Kurs": "seminar"}}, "Option 'kind_values.Kurs'"),
        ({"download_delay": -1}, "Option 'download_delay' korrigieren: der Wert muss ≥ 0 sein"),
        ({"follow_all": True}, "Option 'follow_all' korrigieren: diese Option gibt es nicht"),
    ],
)
def test_bad_options_are_a_config_error_naming_the_option(
    options: dict[str, Any], message: str
) -> None:
    source = html_source("http://127.0.0.1:9", **options)
    context = HarvestContext(source=source, http=HttpClient(allowed_hosts=source.hosts()))
    with pytest.raises(ConfigError) as caught:
        HtmlConnector(source, context)
    assert str(caught.value).startswith("Quelle 'erzgebirge-kurse' (html): Option '")
    assert message in str(caught.value)


def test_registers_through_the_plugin_hook() -> None:
    registry = build_registry(entry_points=False)
    assert registry.connector("html") is HtmlConnector
    assert (
        "connector:html"
        in next(p for p in registry.plugins if p.name == "connectors.html").provides
    )


def test_labels_read_facts_next_to_varying_labels_in_tables_and_lists() -> None:
    import parsel

    from connectors.html import HtmlOptions

    options = HtmlOptions.model_validate(
        {
            "start_urls": ["https://zz.example/kurse/"],
            "item_links": "a::attr(href)",
            "fields": {"title": "h1::text", "place": "p.ort::text"},
            "labels": {
                "date": ["Termin", "Termine", "Zeitraum"],
                "place": "Ort",
                "price": "Kosten",
            },
        }
    )
    assert options.fields["place"] == "p.ort::text", "a selector in fields wins over labels"
    pages = [
        "<table><tr><th scope='row'>Zeitraum</th><td>12.–14.10.2027</td></tr>"
        "<tr><th>Kosten</th><td>90 €</td></tr></table>",
        "<dl><dt>Termine:</dt><dd>03.06.2027</dd><dt>Kosten</dt><dd>kostenfrei</dd></dl>",
    ]
    read = [
        {n: parsel.Selector(text=page).xpath(options.fields[n].removeprefix("xpath:")).get()
         for n in ("date", "price")}
        for page in pages
    ]  # fmt: skip
    assert read == [
        {"date": "12.–14.10.2027", "price": "90 €"},
        {"date": "03.06.2027", "price": "kostenfrei"},
    ]
    with pytest.raises(ValueError, match="unbekannte Feldnamen"):
        HtmlOptions.model_validate({**options.model_dump(), "labels": {"wann": "Termin"}})
