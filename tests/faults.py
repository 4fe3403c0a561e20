"""The fault suite's scenarios: a partner that misbehaves on purpose, and what the hub must do.

Each scenario harvests a healthy 10-item feed plus a second healthy source, then lets the
partner misbehave for one or more harvests. Whatever happens, the hub must not crash, the
other source must complete, and no listing may be lost that the source still lists.
Used by tests/test_faults.py and benchmarks/faults_table.py (which prints the table).
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from servers import Route, ScriptedServer

from flows.core import harvest_plain
from hub.config import Settings
from hub.plugins import build_registry
from hub.runtime import Runtime

ITEMS = 10
BIG = 50 * 1024 * 1024


def feed(count: int = ITEMS, *, encoding: str = "utf-8", start: int = 0) -> bytes:
    """An RSS feed of ``count`` workshops with stable guids (``wz-000`` …)."""
    items = "".join(
        f"""<item><title>Werkstatt {k}: Förderung der Digitalisierung</title>
<link>http://example.invalid/va/{k}.html</link><guid isPermaLink="false">wz-{k:03d}</guid>
<category>Veranstaltung</category>
<description><![CDATA[<p>Praxisabend für Betriebe.</p><p><strong>Termin:</strong>
0{1 + k % 9}.06.2027, 17:00 Uhr</p><p><strong>Ort:</strong> Chemnitz</p>]]></description>
</item>"""
        for k in range(start, start + count)
    )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>Wackelzentrum</title><link>http://example.invalid/</link>"
        f"<description>Test</description>{items}</channel></rss>"
    )
    return text.encode(encoding if encoding != "utf-8-but-latin1" else "latin-1")


def source(source_id: str, url: str, partner: str) -> str:
    return f"""
[[source]]
id = "{source_id}"
type = "feed"
kind = "event"
[source.partner]
name = "{partner}"
[source.options]
url = "{url}"
timeout = 1.0
kind_categories = {{ "Veranstaltung" = "event" }}
"""


def feed_sources(url: str, ids: list[str], extra: str = "") -> str:
    """sources.toml with one feed source per id, served at ``{url}/{id}.xml`` by "Zentrum
    {id}"; ``extra`` is appended to each source (more options, a schedule)."""
    return "".join(
        f"""
[[source]]
id = "{i}"
type = "feed"
kind = "event"
[source.partner]
name = "Zentrum {i}"
[source.options]
url = "{url}/{i}.xml"
{extra}"""
        for i in ids
    )


OK = Route(feed(), headers={"Content-Type": "application/rss+xml"})
HALF_XML = feed().decode()[: len(feed().decode()) * 6 // 10].encode()
BROKEN_PLUGIN = "raise RuntimeError('kaputt beim Import')\n"


@dataclass(frozen=True)
class Fault:
    name: str
    #: what the partner answers at /feed.xml (and other paths) during the faulty harvests
    routes: Callable[[], dict[str, Route | list[Route]]]
    status: str
    kind: str | None = None
    #: consecutive faulty harvests (two for faults that a single harvest could not reveal)
    harvests: int = 1
    attention: bool = False
    plugin: str | None = None


FAULTS: tuple[Fault, ...] = (
    Fault("HTTP 500", lambda: {"/feed.xml": Route(b"Fehler", status=500)}, "failed", "http_status"),
    Fault(
        "429 + Retry-After: 1, dann ok",
        lambda: {"/feed.xml": [Route(status=429, headers={"Retry-After": "1"}), OK]},
        "ok",
    ),
    Fault(
        "429 + Retry-After: 3600",
        lambda: {"/feed.xml": Route(status=429, headers={"Retry-After": "3600"})},
        "failed",
        "rate_limited",
    ),
    Fault(
        "Zeitüberschreitung", lambda: {"/feed.xml": Route(feed(), delay_s=3)}, "failed", "timeout"
    ),
    Fault(
        "langsames Tröpfeln",
        lambda: {"/feed.xml": Route(feed(), drip_s=0.1, drip_bytes=64)},
        "failed",
        "timeout",
    ),
    Fault(
        "Verbindung bricht ab",
        lambda: {"/feed.xml": Route(feed(), truncate_at=500)},
        "failed",
        "connect",
    ),
    Fault(
        "abgeschnittenes XML",
        lambda: {"/feed.xml": Route(HALF_XML, headers={"Content-Type": "application/rss+xml"})},
        "ok",
        harvests=2,
    ),
    Fault(
        "leerer Feed",
        lambda: {"/feed.xml": Route(feed(0))},
        "ok",
        harvests=2,
        attention=True,
    ),
    Fault(
        "Feed listet plötzlich die Hälfte",
        lambda: {"/feed.xml": Route(feed(ITEMS // 2))},
        "ok",
        harvests=2,
        attention=True,
    ),
    Fault("50-MB-Antwort", lambda: {"/feed.xml": Route(b"x" * BIG)}, "failed", "too_large"),
    Fault(
        "50 MB ohne Content-Length",
        lambda: {"/feed.xml": Route(b"<rss>" + b"x" * BIG, send_length=False)},
        "failed",
        "too_large",
    ),
    Fault(
        "Umleitungsschleife",
        lambda: {
            "/feed.xml": Route(status=302, headers={"Location": "/b"}),
            "/b": Route(status=302, headers={"Location": "/feed.xml"}),
        },
        "failed",
        "redirect_loop",
    ),
    Fault(
        "falscher Content-Type (HTML-Seite)",
        lambda: {
            "/feed.xml": Route(
                b"<html><body><h1>Wartung</h1></body></html>",
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        },
        "failed",
        "parse",
    ),
    Fault(
        "Feed als image/png ausgeliefert",
        lambda: {"/feed.xml": Route(feed(), headers={"Content-Type": "image/png"})},
        "ok",
    ),
    Fault(
        "ungültige Kodierung (Latin-1 als UTF-8)",
        lambda: {
            "/feed.xml": Route(
                feed(encoding="utf-8-but-latin1"),
                headers={"Content-Type": "application/rss+xml; charset=utf-8"},
            )
        },
        "ok",
    ),
    Fault("Plugin wirft beim Import", lambda: {"/feed.xml": OK}, "ok", plugin=BROKEN_PLUGIN),
)


@dataclass
class Outcome:
    fault: Fault
    status: str = ""
    kind: str | None = None
    before: int = 0
    after: int = 0
    #: listings gone that the source still lists (must be 0)
    lost: int = 0
    crashed: str | None = None
    attention: str | None = None
    other_ok: bool = False
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        f = self.fault
        return (
            self.crashed is None
            and self.status == f.status
            and (f.kind is None or self.kind == f.kind)
            and self.lost == 0
            and self.other_ok
            and bool(self.attention) == f.attention
        )


def run_fault(fault: Fault, home: Path) -> Outcome:
    """Harvest healthy, then misbehave; measure what the catalogue kept."""
    outcome = Outcome(fault)
    started = time.monotonic()
    with ScriptedServer() as partner, ScriptedServer() as other:
        partner.routes["/feed.xml"] = OK
        other.routes["/feed.xml"] = Route(feed(3, start=100))
        home.mkdir(parents=True, exist_ok=True)
        (home / "sources.toml").write_text(
            source("wackel-feed", f"{partner.url}/feed.xml", "Wackelzentrum")
            + source("stabil-feed", f"{other.url}/feed.xml", "Stabilzentrum"),
            encoding="utf-8",
        )
        settings = Settings.from_env(
            {"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(home / "sources.toml")}
        )
        runtime = Runtime(settings)
        harvest_plain(runtime, runtime.sources.sources)
        outcome.before = runtime.store.count_listings()
        before_ids = {lst.id for lst in runtime.store.iter_listings()}
        if fault.plugin:
            runtime = Runtime(settings, registry=_registry_with_broken_plugin(home, fault.plugin))
        partner.routes.clear()
        try:
            for _ in range(fault.harvests):
                partner.routes.update(fault.routes())
                rows = {c.source_id: c for c in harvest_plain(runtime, runtime.sources.sources)}
        except Exception as exc:  # a crash of the hub: recorded, counted, shown in the table
            outcome.crashed = f"{type(exc).__name__}: {exc}"
        else:
            wackel = rows["wackel-feed"]
            outcome.status, outcome.kind = wackel.status, wackel.error_kind
            outcome.attention = wackel.attention
            outcome.other_ok = rows["stabil-feed"].status == "ok"
            outcome.notes = wackel.notes
        after_ids = {lst.id for lst in runtime.store.iter_listings()}
        outcome.after = len(after_ids)
        # the source still lists every one of them (a shrunk feed trips the breaker first)
        outcome.lost = len(before_ids - after_ids)
        if runtime.index.count() != outcome.after:
            outcome.notes.append(f"index holds {runtime.index.count()}, store {outcome.after}")
            outcome.lost = max(outcome.lost, 1)
    outcome.seconds = round(time.monotonic() - started, 1)
    return outcome


def _registry_with_broken_plugin(home: Path, source_text: str) -> object:
    plugins = home / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "rh_kaputt.py").write_text(source_text, encoding="utf-8")
    info = plugins / "rh_kaputt-0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rh_kaputt\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[regiohub]\nrh_kaputt = rh_kaputt\n")
    sys.path.insert(0, str(plugins))
    try:
        importlib.invalidate_caches()
        registry = build_registry()
    finally:
        sys.path.remove(str(plugins))
    failures = [f for f in registry.failures if f.name == "rh_kaputt"]
    assert failures and failures[0].stage == "import", registry.failures
    return registry


def table(outcomes: list[Outcome]) -> str:
    """The fault table as markdown."""
    lines = [
        "| Fehlerbild | erwartet | Status | Ursache | Katalog vorher | nachher | verloren "
        "| Absturz | Prüfung nötig | ok? |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        f = o.fault
        expected = f.status + (f" ({f.kind})" if f.kind else "")
        lines.append(
            f"| {f.name} | {expected} | {o.status} | {o.kind or '—'} | {o.before} | {o.after} "
            f"| {o.lost} | {o.crashed or 0} | {'ja' if o.attention else 'nein'} "
            f"| {'✓' if o.passed else '✗'} |"
        )
    crashes = sum(1 for o in outcomes if o.crashed)
    lost = sum(o.lost for o in outcomes)
    lines.append("")
    lines.append(f"{len(outcomes)} Fehlerbilder · {crashes} Abstürze · {lost} Angebote verloren")
    return "\n".join(lines)
