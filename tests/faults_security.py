"""Security scenarios: a partner (or another hub, or a caller) attacking on purpose.

Each scenario runs real parts on loopback (a real upstream regiohub, real harvests, the real
API) and returns what it measured: the harvest's status and cause, listings kept and lost,
and ``escapes``, the hostile strings that reached any output (page, JSON-LD, Atom, iCal, CSV).
Used by tests/test_connector_hostile.py and benchmarks/faults_table.py (which prints the rows).
No scenario sends anything beyond 127.0.0.1: private and metadata addresses are refused
before a connection is made, which the scenario checks with a guard on socket connections.
"""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx
from conftest import ApiServer
from fastapi.testclient import TestClient
from servers import Route, ScriptedServer

from connectors.base import Connector, ConnectorOptions
from flows.core import harvest_plain
from hub.config import Settings
from hub.errors import HostNotAllowedError
from hub.http import HttpClient
from hub.model import Listing, Partner, RawRecord, Schedule
from hub.runtime import Runtime
from hub.store import SQLiteStore
from search_api import create_app, routes_changes

MB = 1024 * 1024
#: what a hostile partner puts in its HTML; none of it may reach any output
HOSTILE_HTML = (
    "<p>Kurs für Betriebe</p><script>alert('xss')</script>"
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">Mehr erfahren</a>'
    '<iframe src="https://evil.example/"></iframe>'
)
ESCAPE_MARKERS = ("<script>alert", "onerror", "javascript:", "<iframe", "evil.example")
OUTPUTS = ("page", "atom", "ics", "csv")


@dataclass
class SecurityOutcome:
    name: str
    expected: str
    result: str = ""
    kept: int = 0
    lost: int = 0
    escapes: list[str] = field(default_factory=list)
    crashed: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.crashed is None and self.result == self.expected and not self.escapes


def hub_home(home: Path, sources_toml: str) -> Runtime:
    home.mkdir(parents=True, exist_ok=True)
    (home / "sources.toml").write_text(sources_toml, encoding="utf-8")
    return Runtime(Settings.from_env({"REGIOHUB_HOME": str(home)}))


def hub_source(source_id: str, url: str) -> str:
    return (
        f'[[source]]\nid = "{source_id}"\ntype = "hub"\nkind = "course"\n'
        f'[source.partner]\nname = "Landesportal"\n[source.options]\nurl = "{url}"\n'
    )


def hostile_upstream_listings() -> list[Listing]:
    """What a compromised upstream hub stores and serves: raw, never through a pipeline."""
    partner = Partner(name="Zentrum Nord", url="javascript:alert(3)")
    start = datetime(2027, 6, 2, 9, tzinfo=UTC)
    common: dict[str, Any] = {"source_id": "nord-feed", "kind": "course", "partner": partner}
    return [
        Listing(
            id="nord-1",
            source_key="1",
            title="Datenschutz <script>alert(4)</script>",
            description_html=HOSTILE_HTML,
            description_text="Kurs für Betriebe",
            url="javascript:alert(5)",
            schedule=Schedule(start=start),
            **common,
        ).with_hash(),
        Listing(
            id="nord-2",
            source_key="2",
            title="Riesig",
            description_html="<p>" + "Sehr lang. " * (5 * MB // 11) + "</p>",
            provider="x" * MB,
            topics=[f"t{n}" for n in range(5000)],
            schedule=Schedule(start=start),
            **common,
        ).with_hash(),
        Listing(
            id="nord-3",
            source_key="3",
            title="Termin im Jahr 9999",
            schedule=Schedule(start=datetime(9999, 12, 31, 9, tzinfo=UTC)),
            **common,
        ).with_hash(),
    ]


def outputs(client: TestClient, listing_ids: list[str]) -> dict[str, str]:
    """Every place a listing is shown: its page (with JSON-LD), Atom, iCal and CSV."""
    found = {f"page {i}": client.get(f"/angebote/{i}").text for i in listing_ids}
    for name in ("atom", "ics", "csv"):
        response = client.get(f"/api/v1/search.{name}", params={"upcoming": "false"})
        found[name] = f"{response.status_code}\n{response.text}"
    return found


def escapes_in(found: dict[str, str]) -> list[str]:
    return [f"{where}: {m}" for where, text in found.items() for m in ESCAPE_MARKERS if m in text]


def federation(home: Path) -> SecurityOutcome:
    """A hub source whose upstream serves hostile HTML, links, sizes and a year-9999 date."""
    outcome = SecurityOutcome("Partner-Hub liefert feindliches HTML, 5 MB, Jahr 9999", "ok")
    upstream = SQLiteStore(home / "upstream" / "catalogue.sqlite3")
    upstream.upsert_listings(hostile_upstream_listings())
    up = Settings.from_env({"REGIOHUB_HOME": str(home / "upstream")})
    up_app = create_app(_NoIndex(), upstream, settings=up, routers=[routes_changes.router])
    with ApiServer(up_app) as api:
        runtime = hub_home(home / "down", hub_source("land", api.url))
        counts = harvest_plain(runtime, runtime.sources.sources)[0]
    outcome.result = counts.status
    outcome.kept = runtime.store.count_listings()
    outcome.facts["quarantined"] = counts.quarantined
    outcome.facts["reasons"] = [e.reason for e in runtime.store.quarantined("land")]
    listings = list(runtime.store.iter_listings())
    outcome.lost = 2 - len(listings)  # the two real offers must arrive; year 9999 must not
    client = TestClient(create_app(runtime.index, runtime.store, settings=runtime.settings))
    found = outputs(client, [x.id for x in listings])
    outcome.facts["largest_page"] = max(len(t) for w, t in found.items() if w.startswith("page"))
    outcome.facts["measured"] = (
        f"größte Seite {outcome.facts['largest_page'] / 1024:.0f} KB (5 MB geliefert)"
    )
    outcome.facts["statuses"] = {w: t.split("\n", 1)[0] for w, t in found.items() if " " not in w}
    outcome.facts["listings"] = listings
    outcome.escapes = escapes_in(found)
    return outcome


class _NoIndex:
    """The upstream only serves its change feed; nothing there searches."""

    def count(self) -> int:
        return 0


def far_future_date(home: Path) -> SecurityOutcome:
    """A feed item dated 31.12.9999: quarantined with a reason; the calendar still answers."""
    outcome = SecurityOutcome("Termin 31.12.9999 im Feed", "ok")
    item = (
        "<item><guid>f1</guid><title>Ewiger Kurs</title><description>Termin: 31.12.9999"
        "</description></item><item><guid>f2</guid><title>Normaler Kurs</title>"
        "<description>Termin: 03.06.2027</description></item>"
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{item}</channel></rss>'
    )
    with ScriptedServer() as server:
        server.routes["/feed.xml"] = Route(
            body.encode(), headers={"Content-Type": "application/rss+xml"}
        )
        runtime = hub_home(home, feed_source("zeit", f"{server.url}/feed.xml"))
        counts = harvest_plain(runtime, runtime.sources.sources)[0]
    outcome.result = counts.status
    outcome.kept = runtime.store.count_listings()
    outcome.lost = 1 - outcome.kept
    outcome.facts["reasons"] = [e.reason for e in runtime.store.quarantined("zeit")]
    client = TestClient(create_app(runtime.index, runtime.store, settings=runtime.settings))
    outcome.facts["ics_status"] = client.get("/api/v1/search.ics").status_code
    return outcome


def feed_source(source_id: str, url: str, extra: str = "") -> str:
    return (
        f'[[source]]\nid = "{source_id}"\ntype = "feed"\nkind = "course"\n{extra}'
        f'[source.partner]\nname = "Zentrum"\n[source.options]\nurl = "{url}"\n'
    )


def gzip_bomb(home: Path) -> SecurityOutcome:
    """50 MB of spaces sent as 50 KB with ``Content-Encoding: gzip``: cut without the 50 MB.

    Baseline in the same run: the same answer read with httpx's own decoder, cut at the same
    limit, which is how hub.http read it before (``peak_baseline_bytes``).
    """
    outcome = SecurityOutcome("gzip-Bombe mit Content-Encoding: gzip", "too_large")
    bomb = gzip.compress(b"<rss>" + b" " * (50 * MB))
    with ScriptedServer() as server:
        server.routes["/feed.xml"] = Route(bomb, headers={"Content-Encoding": "gzip"})
        client = HttpClient(allowed_hosts={server.url.split("//")[1]}, max_bytes=MB)
        with _peak(outcome.facts, "peak_bytes"):
            try:
                client.get(f"{server.url}/feed.xml")
                outcome.result = "read"
            except Exception as exc:
                outcome.result = getattr(exc, "kind", type(exc).__name__)
        with (
            _peak(outcome.facts, "peak_baseline_bytes"),
            httpx.stream("GET", f"{server.url}/feed.xml") as response,
        ):
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MB:
                    break
    ratio = outcome.facts["peak_bytes"] / outcome.facts["peak_baseline_bytes"]
    outcome.facts["measured"] = (
        f"Spitze {outcome.facts['peak_bytes'] / MB:.1f} MB statt "
        f"{outcome.facts['peak_baseline_bytes'] / MB:.1f} MB (httpx-Decoder), {ratio:.2f}×"
    )
    return outcome


@contextmanager
def _peak(facts: dict[str, Any], name: str) -> Iterator[None]:
    """Record the peak of Python allocations meanwhile (tracemalloc) under ``name``."""
    tracemalloc.start()
    try:
        yield
    finally:
        facts[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def scrapy_gzip_bomb(home: Path) -> SecurityOutcome:
    """The same bomb as an HTML start page of the Scrapy-driven ``html`` connector."""
    outcome = SecurityOutcome("gzip-Bombe auf dem Scrapy-Weg (html)", "too_large")
    bomb = gzip.compress(b"<html><body>" + b" " * (50 * MB))
    with ScriptedServer() as server:
        server.routes["/kurse.html"] = Route(
            bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
        )
        toml = (
            '[[source]]\nid = "bombe"\ntype = "html"\nkind = "course"\n'
            '[source.partner]\nname = "Zentrum"\n[source.options]\n'
            f'start_urls = ["{server.url}/kurse.html"]\nitem_links = "a.kurs"\n'
            f'max_bytes = {MB}\ndownload_delay = 0\n[source.options.fields]\ntitle = "h1"\n'
        )
        runtime = hub_home(home, toml)
        counts = harvest_plain(runtime, runtime.sources.sources)[0]
    outcome.result = counts.error_kind or counts.status
    return outcome


@contextmanager
def no_connections() -> Iterator[list[tuple[Any, ...]]]:
    """Refuse (and record) every outgoing socket connection made meanwhile."""
    attempts: list[tuple[Any, ...]] = []
    original = socket.create_connection

    def refuse(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        attempts.append(tuple(address))
        raise ConnectionRefusedError(f"test guard: no connection to {address}")

    socket.create_connection = refuse  # type: ignore[assignment]
    try:
        yield attempts
    finally:
        socket.create_connection = original  # type: ignore[assignment]


METADATA_URL = "http://169.254.169.254/latest/meta-data/"


def metadata_source(home: Path) -> SecurityOutcome:
    """A source configured with the cloud metadata address: refused before connecting."""
    outcome = SecurityOutcome("Quelle zeigt auf 169.254.169.254", "host_not_allowed")
    runtime = hub_home(home, feed_source("meta", METADATA_URL))
    with no_connections() as attempts:
        counts = harvest_plain(runtime, runtime.sources.sources)[0]
    outcome.result = counts.error_kind or counts.status
    outcome.facts["error"] = counts.error
    outcome.facts["connections"] = attempts
    outcome.facts["measured"] = f"{len(attempts)} Verbindungsversuche"
    return outcome


def redirect_to_private(home: Path) -> SecurityOutcome:
    """A partner redirecting to a private address that the config also names: refused."""
    outcome = SecurityOutcome("Umleitung auf 10.0.0.1", "host_not_allowed")
    with ScriptedServer() as server:
        server.routes["/feed.xml"] = Route(status=302, headers={"Location": "http://10.0.0.1/"})
        client = HttpClient(allowed_hosts={server.url.split("//")[1], "10.0.0.1"})
        try:
            client.get(f"{server.url}/feed.xml")
            outcome.result = "read"
        except HostNotAllowedError as exc:
            outcome.result = exc.kind
            outcome.facts["error"] = str(exc)
        outcome.facts["hits"] = len(server.hits)
    return outcome


class EndlessConnector(Connector):
    """A plugin that yields records without end (a bug, or a hostile plugin)."""

    name: ClassVar[str] = "endlos"
    Options: ClassVar[type[ConnectorOptions]] = ConnectorOptions

    def fetch(self) -> Iterator[RawRecord]:
        number = 0
        while True:
            number += 1
            yield self.record(
                key=str(number), url=f"http://127.0.0.1/{number}", title=f"Angebot {number}"
            )


def endless_source(home: Path, limit: int = 500) -> SecurityOutcome:
    """A source yielding without end stops at ``max_records`` as a partial run."""
    outcome = SecurityOutcome(f"Quelle liefert endlos (max_records = {limit})", "partial")
    toml = (
        f'[[source]]\nid = "endlos"\ntype = "endlos"\nkind = "course"\nmax_records = {limit}\n'
        '[source.partner]\nname = "Zentrum"\n'
    )
    runtime = hub_home(home, toml)
    runtime.registry.connectors["endlos"] = EndlessConnector
    started = time.monotonic()
    counts = harvest_plain(runtime, runtime.sources.sources)[0]
    outcome.result = counts.mode if counts.status == "ok" else counts.status
    outcome.kept = runtime.store.count_listings()
    outcome.facts.update(
        fetched=counts.fetched, notes=counts.notes, seconds=time.monotonic() - started
    )
    return outcome


def host_header(home: Path) -> SecurityOutcome:
    """``Host: evil.example`` must not reach JSON-LD ``@id`` or Atom, iCal and CSV links."""
    outcome = SecurityOutcome("Host: evil.example in der Anfrage", "ok")
    runtime = hub_home(home, "")
    listing = hostile_upstream_listings()[1].model_copy(update={"description_html": ""})
    runtime.store.upsert_listings([listing])
    runtime.index.upsert([listing])
    app = create_app(runtime.index, runtime.store, settings=runtime.settings)
    found: dict[str, str] = {}
    with ApiServer(app) as server:
        for path in (f"/angebote/{listing.id}", "/api/v1/search.atom", "/api/v1/search.ics"):
            response = httpx.get(server.url + path, headers={"Host": "evil.example"})
            found[path] = response.text
            if response.status_code != 200:
                outcome.result = str(response.status_code)
    outcome.result = outcome.result or "ok"
    outcome.escapes = [f"{where}: evil.example" for where, t in found.items() if "evil" in t]
    return outcome


def hostile_feed(home: Path) -> SecurityOutcome:
    """An ordinary partner feed with the same hostile HTML and a ``javascript:`` link."""
    outcome = SecurityOutcome("Partner-Feed mit <script>, onerror, javascript:, iframe", "ok")
    item = (
        f"<item><guid>h1</guid><title>Datenschutz</title><link>javascript:alert(6)</link>"
        f"<description><![CDATA[{HOSTILE_HTML}Termin: 03.06.2027]]></description></item>"
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{item}</channel></rss>'
    )
    with ScriptedServer() as server:
        server.routes["/feed.xml"] = Route(
            body.encode(), headers={"Content-Type": "application/rss+xml"}
        )
        runtime = hub_home(home, feed_source("feind", f"{server.url}/feed.xml"))
        counts = harvest_plain(runtime, runtime.sources.sources)[0]
    outcome.result = counts.status
    outcome.kept = runtime.store.count_listings()
    outcome.lost = 1 - outcome.kept
    client = TestClient(create_app(runtime.index, runtime.store, settings=runtime.settings))
    ids = [x.id for x in runtime.store.iter_listings()]
    outcome.escapes = escapes_in(outputs(client, ids))
    return outcome


def huge_cursor(home: Path) -> SecurityOutcome:
    """``GET /api/v1/changes?after=`` with 22 digits: a documented 422, not a 500."""
    outcome = SecurityOutcome("after= mit 22 Ziffern", "422")
    runtime = hub_home(home, "")
    app = create_app(
        runtime.index, runtime.store, settings=runtime.settings, routers=[routes_changes.router]
    )
    response = TestClient(app).get("/api/v1/changes", params={"after": "1" * 22})
    outcome.result = str(response.status_code)
    return outcome


SCENARIOS: tuple[Callable[[Path], SecurityOutcome], ...] = (
    hostile_feed,
    federation,
    far_future_date,
    gzip_bomb,
    scrapy_gzip_bomb,
    metadata_source,
    redirect_to_private,
    endless_source,
    host_header,
    huge_cursor,
)


def run_scenario(scenario: Callable[[Path], SecurityOutcome], home: Path) -> SecurityOutcome:
    try:
        return scenario(home)
    except Exception as exc:  # a crash of the hub: recorded, counted, shown in the table
        outcome = SecurityOutcome(scenario.__name__, "?")
        outcome.crashed = f"{type(exc).__name__}: {exc}"
        return outcome


def table(outcomes: list[SecurityOutcome]) -> str:
    """The security rows as markdown: what was expected, what happened, what escaped."""
    lines = [
        "| Angriff | erwartet | Ergebnis | Katalog | verloren | Absturz | entkommen | gemessen "
        "| ok? |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.name} | {o.expected} | {o.result or '—'} | {o.kept} | {o.lost} "
            f"| {o.crashed or 0} | {len(o.escapes)} | {o.facts.get('measured', '—')} "
            f"| {'✓' if o.passed else '✗'} |"
        )
    return "\n".join(lines)
