"""What partners and operators read is German: fetch errors in run reports, harvest notes, the
``regiohub postcodes`` errors. Each test fails if one of these turns English again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port
from servers import Route, ScriptedServer

from flows.core import harvest_plain
from flows.health import health_of
from flows.report import markdown_table
from hub.errors import FetchError
from hub.http import HttpClient

RSS = (Path(__file__).parent / "fixtures" / "feeds" / "rss.xml").read_bytes()

#: words an English sentence can hardly do without, and German ones it never has
ENGLISH = re.compile(
    r"\b(the|is|are|not|could|was|has|did|than|within|only|nothing|answered|refusing|"
    r"reach|unavailable|internal|error|stopped|records|source|lists)\b",
    re.IGNORECASE,
)
GERMAN = re.compile(
    r"\b(der|die|das|ein|eine|und|mit|von|ist|sind|nicht|kein|keine|nichts|nur|wurde|Sie|Quelle)\b"
)


def assert_german(message: str) -> None:
    """German, once URLs and what others wrote (in parentheses: OS, server) are left out."""
    ours = re.sub(r"\([^)]*\)|https?://\S+|'[^']*'", " ", message)
    assert GERMAN.search(ours), message
    assert not ENGLISH.search(ours), message


def feed_source(url: str, source_id: str = "zz-feed") -> str:
    return f"""
[[source]]
id = "{source_id}"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}"
timeout = 1.0
"""


def test_an_unreachable_partner_is_reported_in_german_in_run_health_and_report(
    make_runtime,
) -> None:
    runtime = make_runtime(feed_source(f"http://127.0.0.1:{free_port()}/feed.xml"))
    (counts,) = harvest_plain(runtime, runtime.sources.sources)
    assert counts.status == "failed" and counts.error_kind == "connect"  # the kind stays
    assert "nicht erreichbar" in (counts.error or "")
    assert_german(counts.error or "")
    (health,) = health_of(runtime.store, runtime.sources.sources)
    assert_german(health.latest_error or "")
    report = markdown_table([counts.as_row()])
    assert "nicht erreichbar" in report.split("**Zu prüfen:**")[1]


def test_the_harvest_notes_of_an_unchanged_and_a_cut_source_are_german(make_runtime) -> None:
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(RSS, headers={"ETag": '"v1"'})
        url = f"{partner.url}/feed.xml"
        cut_source = feed_source(url, "zz-cut").replace("kind =", "max_records = 1\nkind =")
        runtime = make_runtime(feed_source(url) + cut_source)
        harvest_plain(runtime, runtime.sources.sources)
        unchanged, cut = harvest_plain(runtime, runtime.sources.sources)
    assert cut.mode == "partial" and unchanged.mode == "unchanged"
    assert any("max_records = 1" in note for note in cut.notes)
    assert "nichts wurde gelöscht" in " ".join(cut.notes)
    assert "keine Änderung" in " ".join(unchanged.notes)
    for note in [*cut.notes, *unchanged.notes]:
        assert_german(note)


def _failure(client: HttpClient, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        client.get(url)
    return caught.value


def test_every_kind_of_fetch_failure_is_explained_in_german() -> None:
    with ScriptedServer() as partner:
        host = partner.url.split("//")[1]
        partner.routes["/gone"] = Route(b"", status=410)
        partner.routes["/locked"] = Route(b"", status=403)
        partner.routes["/broken"] = Route(b"", status=503)
        partner.routes["/big"] = Route(b"x" * 5000)
        partner.routes["/loop"] = Route(b"", status=302, headers={"Location": "/loop"})
        partner.routes["/zip"] = Route(b"x", headers={"Content-Encoding": "br"})
        client = HttpClient(allowed_hosts={host}, retries=0, max_bytes=1024, timeout_s=2)
        failures = {
            kind: _failure(client, f"{partner.url}/{path}")
            for kind, path in [
                ("gone", "gone"),
                ("locked", "locked"),
                ("broken", "broken"),
                ("big", "big"),
                ("loop", "loop"),
                ("zip", "zip"),
            ]
        }
        failures["scheme"] = _failure(client, "ftp://example.org/kurse.xml")
        failures["host"] = _failure(client, "http://elsewhere.example/kurse.xml")
    closed = HttpClient(allowed_hosts={f"127.0.0.1:{free_port()}"}, retries=0)
    failures["unreachable"] = _failure(closed, f"http://{next(iter(closed.allowed_hosts))}/x")
    private = HttpClient(allowed_hosts={"10.1.2.3"}, retries=0)
    failures["private"] = _failure(private, "http://10.1.2.3/kurse.xml")
    kinds = {name: error.kind for name, error in failures.items()}
    assert kinds == {
        "gone": "http_status",
        "locked": "http_status",
        "broken": "http_status",
        "big": "too_large",
        "loop": "redirect_loop",
        "zip": "encoding",
        "scheme": "host_not_allowed",
        "host": "host_not_allowed",
        "unreachable": "connect",
        "private": "host_not_allowed",
    }
    for error in failures.values():
        assert_german(str(error))
    assert "prüfen Sie die Adresse" in str(failures["gone"])
    assert "max_bytes" in str(failures["big"])


def postcodes(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIOHUB_")}
    env["REGIOHUB_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", "postcodes", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_postcodes_lookup_errors_are_one_german_sentence_through_the_cli(tmp_path: Path) -> None:
    for args, needle in [
        (("lookup", "01067"), "keine Postleitzahlentabelle"),
        (("lookup", "1067x"), "keine fünfstellige Postleitzahl"),
        (("import", str(tmp_path / "missing.txt")), "liegt keine Datei"),
    ]:
        failed = postcodes(tmp_path / "home", *args)
        assert failed.returncode == 2 and "Traceback" not in failed.stderr, failed.stderr
        (line,) = [line for line in failed.stderr.splitlines() if line.strip()]
        assert needle in line
        assert_german(line)
