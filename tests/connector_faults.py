"""Connector fault scenarios: partner files that are odd but common, through the real flow.

Each scenario harvests a healthy source, then lets the partner publish the odd shape for two
harvests (``gone_after`` is 2, so a wrongly inferred deletion would show). It measures what
the catalogue kept: listings lost that the partner still lists (must be 0), listings the
partner withdrew that were deleted (deletions must still work where the file is complete),
and whether a description survived. Used by tests/test_connector_faults.py and
benchmarks/faults_table.py (which prints the table).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from servers import Route, ScriptedServer

from flows.core import harvest_plain
from hub.config import Settings
from hub.runtime import Runtime

ITEMS = 10
RSS = {"Content-Type": "application/rss+xml"}
XML = {"Content-Type": "application/xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"


def item(k: int, *, entity: str = "") -> str:
    return (
        f"<item><title>Werkstatt {k}: Digitalisierung im Betrieb</title>"
        f"<link>http://example.invalid/va/{k}.html</link><guid>wz-{k:03d}</guid>"
        f"<description>Praxisabend{entity} für Betriebe. Termin: 0{1 + k % 9}.06.2027, "
        f"17:00 Uhr, Ort: Chemnitz. Ausführliche Beschreibung des Abends {k}.</description>"
        "</item>"
    )


def rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Zentrum</title><link>http://example.invalid/</link>{items}</channel></rss>"
    ).encode()


def feed(count: int = ITEMS, *, entity: str = "") -> bytes:
    return rss("".join(item(k, entity=entity) for k in range(count)))


def cut_feed() -> bytes:
    """The whole feed, cut off in the middle of the last entry's description."""
    body = feed()
    last = body.rindex(b"Ausf")
    return body[:last]


def page(k: int) -> bytes:
    return (
        '<!doctype html><html><head><meta charset="utf-8"><script type="application/ld+json">'
        f'{{"@context": "https://schema.org", "@type": "Course", "name": "Kurs {k}", '
        f'"description": "Kurs {k} für Beschäftigte."}}</script></head><body></body></html>'
    ).encode()


def sitemap_site(children: int, *, dead: frozenset[int] = frozenset(), first: int = 0) -> dict:
    """An index of ``children`` sitemaps (numbered from ``first``), one page each."""
    locs = "".join(
        f"<sitemap><loc>{{base}}/s-{n}.xml</loc></sitemap>" for n in range(first, first + children)
    )
    routes: dict[str, Route] = {
        "/index.xml": Route(
            f'<?xml version="1.0"?><sitemapindex xmlns="{SM}">{locs}</sitemapindex>'.encode(),
            headers=XML,
        )
    }
    for n in range(first, first + children):
        routes[f"/k-{n}.html"] = Route(page(n), headers=HTML)
        if n not in dead:
            url = f"<url><loc>{{base}}/k-{n}.html</loc></url>"
            body = f'<?xml version="1.0"?><urlset xmlns="{SM}">{url}</urlset>'
            routes[f"/s-{n}.xml"] = Route(body.encode(), headers=XML)
    return routes


@dataclass(frozen=True)
class ConnectorFault:
    name: str
    source_type: str
    #: routes of the healthy first harvest, then of the odd harvests
    healthy: Callable[[], dict[str, Route]]
    odd: Callable[[], dict[str, Route]]
    mode: str
    #: listings the partner withdrew in the odd file, which the sync must delete
    withdrawn: int = 0
    #: a listing whose description the odd file must not wipe
    description_of: str | None = None
    #: further ``[source.options]`` lines
    options: str = ""


def calendar(events: list[str]) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T090000Z\r\n{start}SUMMARY:Termin {uid}"
        "\r\nEND:VEVENT\r\n"
        for uid, start in (
            (e, "" if e.startswith("ohne") else f"DTSTART:202612{10 + n:02d}T090000Z\r\n")
            for n, e in enumerate(events)
        )
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//DE\r\n{body}END:VCALENDAR\r\n".encode()


def event_page(status: str = "") -> dict[str, Route]:
    extra = f', "eventStatus": "https://schema.org/{status}"' if status else ""
    routes = {}
    for k in range(4):
        body = (
            '<!doctype html><html><head><script type="application/ld+json">'
            f'{{"@context": "https://schema.org", "@type": "EducationEvent", "name": "Abend {k}",'
            f' "startDate": "2027-03-0{k + 1}"{extra if k == 3 else ""}}}</script></head></html>'
        )
        routes[f"/e-{k}.html"] = Route(body.encode(), headers=HTML)
    urls = "".join(f"<url><loc>{{base}}/e-{k}.html</loc></url>" for k in range(4))
    body = f'<?xml version="1.0"?><urlset xmlns="{SM}">{urls}</urlset>'
    routes["/index.xml"] = Route(body.encode(), headers=XML)
    return routes


ICS = {"Content-Type": "text/calendar; charset=utf-8"}
NAMES = [f"t{n}" for n in range(6)]


def _feed_routes(body: bytes) -> Callable[[], dict[str, Route]]:
    return lambda: {"/feed.xml": Route(body, headers=RSS)}


def _sitemap_routes(children: int, **how: object) -> Callable[[], dict[str, Route]]:
    return lambda: sitemap_site(children, **how)  # type: ignore[arg-type]


CONNECTOR_FAULTS: tuple[ConnectorFault, ...] = (
    ConnectorFault(
        "Feed mit &nbsp; (bozo, aber vollständig), 1 Angebot zurückgezogen",
        "feed",
        _feed_routes(feed()),
        _feed_routes(feed(ITEMS - 1, entity="&nbsp;")),
        "full",
        withdrawn=1,
    ),
    ConnectorFault(
        "Feed im letzten Eintrag abgeschnitten",
        "feed",
        _feed_routes(feed()),
        _feed_routes(cut_feed()),
        "partial",
        description_of="wz-009",
    ),
    ConnectorFault(
        "Sitemap-Index wächst auf 130 Kind-Sitemaps",
        "sitemap",
        _sitemap_routes(90, first=40),
        _sitemap_routes(130),  # 0–39 are new and come first: 101–129 are beyond the limit
        "partial",
    ),
    ConnectorFault(
        "tote Kind-Sitemap (404)",
        "sitemap",
        _sitemap_routes(5),
        _sitemap_routes(5, dead=frozenset({2})),
        "partial",
    ),
    ConnectorFault(
        "iCal: ein VEVENT verliert DTSTART, 1 Termin zurückgezogen",
        "ical",
        lambda: {"/feed.xml": Route(calendar(NAMES), headers=ICS)},
        # t0 lost its start (still listed), t5 was withdrawn
        lambda: {
            "/feed.xml": Route(
                calendar(["ohne-t0", *NAMES[1:5]]).replace(b"UID:ohne-t0", b"UID:t0"), headers=ICS
            )
        },
        "full",
        withdrawn=1,
        options='window_start = "2026-12-01"',
    ),
    ConnectorFault(
        "schema.org: Veranstaltung abgesagt (EventCancelled)",
        "sitemap",
        event_page,
        lambda: event_page("EventCancelled"),
        "full",
        withdrawn=1,
    ),
)


@dataclass
class ConnectorOutcome:
    fault: ConnectorFault
    status: str = ""
    mode: str = ""
    before: int = 0
    after: int = 0
    #: listings gone that the partner still lists (must be 0)
    lost: int = 0
    #: withdrawn listings that were deleted
    deleted: int = 0
    description_kept: bool | None = None
    crashed: str | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        f = self.fault
        return (
            self.crashed is None
            and self.status == "ok"
            and self.mode == f.mode
            and self.lost == 0
            and self.deleted == f.withdrawn
            and self.description_kept is not False
        )


def _toml(fault: ConnectorFault, url: str) -> str:
    option = "url" if fault.source_type in ("feed", "sitemap", "ical") else "sitemap"
    path = "/index.xml" if fault.source_type == "sitemap" else "/feed.xml"
    return f"""
[[source]]
id = "partner"
type = "{fault.source_type}"
kind = "course"
[source.partner]
name = "Testzentrum"
[source.options]
{option} = "{url}{path}"
timeout = 2.0
{fault.options}
"""


def _serve(server: ScriptedServer, routes: dict[str, Route]) -> None:
    server.routes.clear()
    for path, route in routes.items():
        body = route.body.replace(b"{base}", server.url.encode())
        server.routes[path] = Route(body, status=route.status, headers=route.headers)


def run_connector_fault(fault: ConnectorFault, home: Path) -> ConnectorOutcome:
    outcome = ConnectorOutcome(fault)
    started = time.monotonic()
    with ScriptedServer() as partner:
        home.mkdir(parents=True, exist_ok=True)
        (home / "sources.toml").write_text(_toml(fault, partner.url), encoding="utf-8")
        settings = Settings.from_env(
            {"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(home / "sources.toml")}
        )
        runtime = Runtime(settings)
        _serve(partner, fault.healthy())
        harvest_plain(runtime, runtime.sources.sources)
        before = {lst.id: lst for lst in runtime.store.iter_listings()}
        outcome.before = len(before)
        try:
            for _ in range(2):
                _serve(partner, fault.odd())
                (counts,) = harvest_plain(runtime, runtime.sources.sources)
        except Exception as exc:  # a crash: recorded and shown in the table
            outcome.crashed = f"{type(exc).__name__}: {exc}"
            return outcome
        outcome.status, outcome.mode, outcome.notes = counts.status, counts.mode, counts.notes
        after = {lst.id: lst for lst in runtime.store.iter_listings()}
        outcome.after = len(after)
        gone = set(before) - set(after)
        outcome.deleted = min(len(gone), fault.withdrawn)
        outcome.lost = len(gone) - outcome.deleted
        if fault.description_of:
            old = next(v for v in before.values() if v.source_key == fault.description_of)
            new = after.get(old.id)
            outcome.description_kept = new is not None and (
                new.description_text == old.description_text
            )
    outcome.seconds = round(time.monotonic() - started, 1)
    return outcome


def connector_table(outcomes: list[ConnectorOutcome]) -> str:
    lines = [
        "| Fehlerbild | erwartet | Status | Modus | Katalog vorher | nachher | verloren "
        "| zurückgezogen → gelöscht | Beschreibung erhalten | ok? |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        f = o.fault
        kept = "—" if o.description_kept is None else ("ja" if o.description_kept else "nein")
        lines.append(
            f"| {f.name} | {f.mode} | {o.status or o.crashed} | {o.mode} | {o.before} "
            f"| {o.after} | {o.lost} | {o.deleted}/{f.withdrawn} | {kept} "
            f"| {'✓' if o.passed else '✗'} |"
        )
    lost = sum(o.lost for o in outcomes)
    lines.append("")
    lines.append(f"{len(outcomes)} Connector-Fehlerbilder · {lost} Angebote verloren")
    return "\n".join(lines)
