"""The conformance kit: one base class a connector author subclasses in a pytest module.

    from connectors.testing import ConnectorConformance

    class TestMyPortal(ConnectorConformance):
        connector = MyPortalConnector
        fixtures = Path(__file__).parent / "fixtures" / "my_portal"

        def source(self, base_url: str) -> dict:
            return {"id": "my-portal", "type": "my_portal", "kind": "course",
                    "partner": {"name": "Mein Portal"},
                    "options": {"url": f"{base_url}/kurse.json"}}

The kit serves ``fixtures`` over real HTTP on loopback (``{{BASE}}`` in a file becomes the
server's URL, ``{{OTHER}}`` the URL of a second server the connector must never reach) and
checks what every connector owes the hub: records with stable, unique keys and ids, the
required fields, the same result on a second run, a saved state that does not break the next
run, a clear ``ConnectorError`` on HTTP errors and timeouts, and no fetch outside the hosts
the source names.

Two optional checks take a variant of the fixture (a file next to the others, served by the
same server). ``bad_item_source()`` points at one with one unreadable item among good ones
(``bad_item_key`` its key, if it has one): the source must not fail, the good items must come,
the operator must be told, and the bad item must either be handed on (the pipeline flags or
quarantines it) or be protected from deletion (``context.kept_keys`` or ``context.partial``).
``duplicate_keys_source()`` points at one where two items share ``duplicate_key``: the first
is kept, the key is not yielded twice, and a note names it.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import pytest

from connectors.base import Connector, HarvestContext
from hub.config import SourceConfig
from hub.errors import ConnectorError
from hub.http import HttpClient
from hub.model import RawRecord

TEXT_SUFFIXES = (".xml", ".html", ".htm", ".json", ".ics", ".txt", ".rss", ".atom", ".jsonld")
CONTENT_TYPES = {
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".json": "application/json",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}


class FixtureServer:
    """Serves a folder over HTTP on 127.0.0.1, as a partner site would.

    ``/a/b.json?page=2`` is answered from ``a/b.json@page=2`` if that file exists, else from
    ``a/b.json``; ``x.gz`` is gzipped on the fly from ``x``; a directory answers with its
    ``index.html``; ``/a/alt.html`` answers 301 to the URL in ``a/alt.html.redirect``, if that
    file exists. Set ``fail_status`` or ``delay_s`` to make every answer misbehave.
    """

    def __init__(self, root: Path, *, other_url: str = "http://127.0.0.1:9") -> None:
        self.root = root
        self.other_url = other_url
        self.fail_status: int | None = None
        self.delay_s = 0.0
        self.hits: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                outer.hits.append((self.path, dict(self.headers)))
                if outer.delay_s:
                    time.sleep(outer.delay_s)
                if outer.fail_status:
                    self.send_error(outer.fail_status)
                    return
                target = outer.redirect(self.path)
                if target is not None:
                    self.send_response(301)
                    self.send_header("Location", target)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                found = outer.resolve(self.path)
                if found is None:
                    self.send_error(404)
                    return
                body, content_type = found
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def redirect(self, raw_path: str) -> str | None:
        """The target of ``<path>.redirect`` (one line, ``{{BASE}}`` allowed), if that exists."""
        relative = unquote(urlsplit(raw_path).path).lstrip("/")
        path = self.root / f"{relative}.redirect"
        if ".." in Path(relative).parts or not relative or not path.is_file():
            return None
        return path.read_text(encoding="utf-8").strip().replace("{{BASE}}", self.url)

    def resolve(self, raw_path: str) -> tuple[bytes, str] | None:
        parts = urlsplit(raw_path)
        relative = unquote(parts.path).lstrip("/")
        if ".." in Path(relative).parts:
            return None
        candidates = []
        if parts.query:
            query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
            candidates.append(f"{relative}@{query}")
        candidates.append(relative)
        for name in candidates:
            path = self.root / name
            if path.is_dir():
                path = path / "index.html"
            if path.is_file():
                suffix = Path(path.name.split("@")[0]).suffix
                return self._body(path), CONTENT_TYPES.get(suffix, "application/octet-stream")
        if relative.endswith(".gz") and (self.root / relative[:-3]).is_file():
            return gzip.compress(self._body(self.root / relative[:-3])), CONTENT_TYPES[".gz"]
        return None

    def _body(self, path: Path) -> bytes:
        body = path.read_bytes()
        if path.suffix in TEXT_SUFFIXES or "@" in path.name:
            other = self.other_url.encode()
            body = body.replace(b"{{BASE}}", self.url.encode()).replace(b"{{OTHER}}", other)
            body = body.replace(b"{{OFFSITE}}", other)  # the html fixture site's spelling
        return body

    def paths(self) -> list[str]:
        return [urlsplit(p).path for p, _ in self.hits]

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Harvest:
    """What one run of a connector gave: its records and its context (state, notes)."""

    records: list[RawRecord]
    context: HarvestContext
    error: ConnectorError | None = None

    @property
    def keys(self) -> list[str]:
        return [r.key for r in self.records]


def run_connector(
    connector: type[Connector], source: SourceConfig, state: dict[str, str] | None = None
) -> Harvest:
    """Run ``connector`` once as the hub does: its own HttpClient limited to the source's hosts."""
    context = HarvestContext(
        source=source, http=HttpClient(allowed_hosts=source.hosts()), state=dict(state or {})
    )
    records = list(connector(source, context).fetch())
    return Harvest(records, context)


@dataclass
class _Runs:
    """The class's harvests, made once and shared by its checks (crawls can be slow)."""

    kit: ConnectorConformance
    server: FixtureServer
    other: FixtureServer
    cache: dict[str, Harvest] = field(default_factory=dict)

    def source(self) -> SourceConfig:
        return SourceConfig.model_validate(self.kit.source(self.server.url))

    def get(self, name: str) -> Harvest:
        if name not in self.cache:
            state = self.get("first").context.state if name == "incremental" else None
            self.cache[name] = run_connector(self.kit.connector, self.source(), state)
        return self.cache[name]


class ConnectorConformance:
    """Subclass this in a test module; set ``connector`` and ``fixtures``, write ``source()``."""

    #: the connector class under test
    connector: ClassVar[type[Connector]]
    #: folder served over HTTP as the partner's site (see FixtureServer)
    fixtures: ClassVar[Path]
    #: fields every record must carry (besides its key)
    required_fields: ClassVar[tuple[str, ...]] = ("title",)
    #: the fixture must give at least this many records
    min_records: ClassVar[int] = 1
    #: options merged into ``source()``'s options for the timeout check
    timeout_options: ClassVar[dict[str, Any]] = {"timeout": 0.5}
    #: how long the fixture server stalls in the timeout check (above the timeout above)
    stall_s: ClassVar[float] = 2.0

    #: key of the unreadable item in ``bad_item_source()``'s fixture (None: it has none);
    #: ``{{BASE}}`` stands for the fixture server's URL, here and in ``duplicate_key``
    bad_item_key: ClassVar[str | None] = None
    #: the key two items share in ``duplicate_keys_source()``'s fixture
    duplicate_key: ClassVar[str] = ""

    def source(self, base_url: str) -> dict[str, Any]:
        """The ``[[source]]`` entry (as a dict) harvesting the fixture served at ``base_url``."""
        raise NotImplementedError(
            "source(base_url) fehlt: geben Sie den [[source]]-Eintrag zurück, der base_url erntet"
        )

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        """A source whose fixture has one unreadable item among good ones (optional)."""
        return None

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        """A source whose fixture has two items sharing ``duplicate_key`` (optional)."""
        return None

    @pytest.fixture(scope="class")
    @classmethod
    def runs(cls) -> Any:
        with (
            FixtureServer(cls.fixtures) as other,
            FixtureServer(cls.fixtures, other_url=other.url) as server,
        ):
            yield _Runs(cls(), server, other)

    def _misbehaving(self, **how: Any) -> tuple[FixtureServer, SourceConfig]:
        server = FixtureServer(self.fixtures)
        for name, value in how.items():
            setattr(server, name, value)
        return server, SourceConfig.model_validate(self.source(server.url))

    # -- the checks ------------------------------------------------------------------------

    def test_conformance_yields_records_with_unique_keys(self, runs: _Runs) -> None:
        first = runs.get("first")
        assert len(first.records) >= self.min_records, (
            f"die Beispieldaten ergaben {len(first.records)} Datensätze, erwartet sind mindestens "
            f"{self.min_records} (min_records)"
        )
        assert all(isinstance(k, str) and k.strip() for k in first.keys), (
            "ein Datensatz hat einen leeren Schlüssel (RawRecord.key): jeder braucht einen festen"
        )
        duplicates = sorted({k for k in first.keys if first.keys.count(k) > 1})
        assert not duplicates, f"Schlüssel in einem Lauf doppelt vergeben: {duplicates}"
        source_id = runs.source().id
        assert all(r.source_id == source_id for r in first.records), (
            f"jeder Datensatz muss source_id {source_id!r} der Quelle tragen"
        )

    def test_conformance_records_carry_the_required_fields(self, runs: _Runs) -> None:
        for record in runs.get("first").records:
            missing = [f for f in self.required_fields if not record.fields.get(f)]
            assert not missing, f"Datensatz {record.key} fehlen die Pflichtfelder {missing}"
            for name, value in record.fields.items():
                ok = isinstance(value, str) or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)
                )
                assert ok, (
                    f"Datensatz {record.key}: Feld {name} ist weder Text noch eine Liste von Texten"
                )

    def test_conformance_keys_and_ids_are_stable_across_runs(self, runs: _Runs) -> None:
        first, second = runs.get("first"), runs.get("second")
        assert sorted(first.keys) == sorted(second.keys), (
            "zwei Läufe über dieselben Daten ergaben verschiedene Schlüssel: ein Schlüssel darf "
            "nicht von Uhrzeit, Reihenfolge oder Zufall abhängen"
        )
        assert {r.listing_id for r in first.records} == {r.listing_id for r in second.records}

    def test_conformance_a_second_run_gives_the_same_records(self, runs: _Runs) -> None:
        first = {r.key: (r.url, r.fields) for r in runs.get("first").records}
        second = {r.key: (r.url, r.fields) for r in runs.get("second").records}
        assert first == second, (
            "ein zweiter Lauf über dieselben Daten ergab andere Datensätze (Adresse oder Felder)"
        )

    def test_conformance_an_incremental_run_with_saved_state_is_consistent(
        self, runs: _Runs
    ) -> None:
        """With the state of a first run the connector may skip what is unchanged, but it must
        not fail and must not invent records the full run did not give."""
        first, later = runs.get("first"), runs.get("incremental")
        assert set(later.keys) <= set(first.keys), (
            "ein Lauf mit gespeichertem Zustand lieferte Datensätze, die der volle Lauf nicht hatte"
        )
        if later.context.not_modified:
            assert later.records == [], "bei HTTP 304 (not_modified) keine Datensätze liefern"
        declared = self.connector.incremental
        if "conditional_get" in declared:  # the fixture server answers If-None-Match with 304
            assert later.context.not_modified, (
                "conditional_get ist erklärt, aber der Lauf holte die Daten erneut, "
                "statt die Antwort 304 zu nutzen"
            )
        if "lastmod" in declared or "since_cursor" in declared:
            assert later.context.incremental, (
                "ein inkrementeller Lauf muss context.incremental setzen, sonst wird gelöscht"
            )
        assert all(isinstance(v, str) for v in later.context.state.values()), (
            "context.state darf nur Texte enthalten"
        )

    def _variant(
        self, runs: _Runs, entry: dict[str, Any] | None, what: str, method: str
    ) -> Harvest:
        if entry is None:
            pytest.skip(f"keine Beispieldaten mit {what}; schreiben Sie {method}()")
        try:
            return run_connector(self.connector, SourceConfig.model_validate(entry))
        except ConnectorError as exc:
            pytest.fail(f"die Beispieldaten mit {what} ließen die ganze Quelle scheitern: {exc}")

    def test_conformance_one_bad_item_never_fails_the_source(self, runs: _Runs) -> None:
        bad = self._variant(
            runs,
            self.bad_item_source(runs.server.url),
            "einem fehlerhaften Eintrag",
            "bad_item_source",
        )
        assert bad.records, (
            "die guten Einträge neben dem fehlerhaften müssen trotzdem geerntet werden"
        )
        assert bad.context.notes, (
            "eine Notiz (context.notes) muss sagen, was am fehlerhaften Eintrag falsch war"
        )

    def test_conformance_a_skipped_item_is_never_deleted(self, runs: _Runs) -> None:
        """An item the connector skipped is still listed by the partner: either its key is
        kept (``kept_keys``) or the run is partial; otherwise the sync would delete it."""
        bad = self._variant(
            runs,
            self.bad_item_source(runs.server.url),
            "einem fehlerhaften Eintrag",
            "bad_item_source",
        )
        key = (self.bad_item_key or "").replace("{{BASE}}", runs.server.url) or None
        if key is None or key in bad.keys:
            return  # nothing identifiable was skipped, or the item was handed on
        assert key in bad.context.kept_keys or bad.context.partial, (
            f"der übersprungene Eintrag {key} würde gelöscht: "
            "context.kept_keys oder context.partial setzen"
        )

    def test_conformance_duplicate_keys_are_reported(self, runs: _Runs) -> None:
        twice = self._variant(
            runs,
            self.duplicate_keys_source(runs.server.url),
            "doppelten Schlüsseln",
            "duplicate_keys_source",
        )
        key = self.duplicate_key.replace("{{BASE}}", runs.server.url)
        assert twice.keys.count(key) == 1, (
            "von zwei Einträgen mit einem Schlüssel nur den ersten behalten"
        )
        assert any(key in note for note in twice.context.notes), (
            f"keine Notiz nennt den Schlüssel {key!r}, den zwei Einträge teilten"
        )

    def test_conformance_http_errors_are_connector_errors(self) -> None:
        server, source = self._misbehaving(fail_status=500)
        with server, pytest.raises(ConnectorError) as caught:
            run_connector(self.connector, source)
        assert str(caught.value).strip(), "der ConnectorError muss sagen, was schiefging"
        assert caught.value.kind in {"http_status", "crawl", "error", "parse"}, (
            "HTTP 500 soll als http_status (oder crawl/parse/error) gemeldet werden, "
            f"nicht als {caught.value.kind}"
        )

    def test_conformance_timeouts_are_connector_errors(self) -> None:
        server, _ = self._misbehaving(delay_s=self.stall_s)
        entry = self.source(server.url)
        entry["options"] = {**entry.get("options", {}), **self.timeout_options}
        source = SourceConfig.model_validate(entry)
        with server, pytest.raises(ConnectorError) as caught:
            run_connector(self.connector, source)
        assert caught.value.kind == "timeout", (
            "eine Zeitüberschreitung muss kind='timeout' haben, "
            f"nicht {caught.value.kind}: {caught.value}"
        )

    def test_conformance_fetches_only_from_configured_hosts(self, runs: _Runs) -> None:
        runs.get("first")
        runs.get("second")
        assert runs.server.hits, "der Connector holte nichts vom Server seiner Beispieldaten"
        assert runs.other.hits == [], (
            "der Connector holte von einem Host, den seine Quelle nicht nennt: "
            f"{runs.other.paths()}"
        )
