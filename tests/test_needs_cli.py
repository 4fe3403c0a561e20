"""The CLI says whether saved needs can send e-mail, and counts needs without addresses."""

from __future__ import annotations

from pathlib import Path

from test_cli import regiohub

from hub.needs import tokens
from hub.needs.describe import radar_keys
from hub.needs.model import NeedSpec
from hub.needs.store import NeedStore
from hub.store import SQLiteStore

SOURCES = """
[[source]]
id = "zz-feed"
type = "feed"
kind = "course"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "http://127.0.0.1:9/feed.xml"
"""


def test_status_says_when_e_mail_for_saved_needs_is_not_set_up(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = regiohub(home, "status", sources=SOURCES)
    assert "E-Mail für gespeicherte Bedarfe: nicht eingerichtet (REGIOHUB_SMTP_URL fehlt)" in (
        " ".join(result.stdout.split())
    )


def test_needs_status_counts_needs_and_shows_no_address(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = SQLiteStore(home / "catalogue.sqlite3")
    needs = NeedStore(store.path, tokens.load_secret(home))
    spec = NeedSpec(q="Excel")
    for n in range(3):
        _, token = needs.sign_up(f"firma{n}@betrieb.example", spec, radar_keys(spec))
        if n:
            needs.confirm(token, since_seq=0)
    result = regiohub(home, "needs", "status", sources=SOURCES)
    assert result.returncode == 0, result.stderr
    assert "2 bestätigte und 1 unbestätigte Bedarfe" in result.stdout
    assert "betrieb.example" not in result.stdout + result.stderr
