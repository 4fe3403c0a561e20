"""``regiohub sources test SOURCE_ID``: a dry run shows listings and problems, writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from connectors.testing import FixtureServer
from hub.cli import app
from hub.errors import UnknownSourceError

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureServer]:
    with FixtureServer(FEEDS) as served:
        yield served


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    def invoke(home: Path, sources: str, *args: str) -> Result:
        home.mkdir(parents=True, exist_ok=True)
        (home / "sources.toml").write_text(sources, encoding="utf-8")
        monkeypatch.setenv("REGIOHUB_HOME", str(home))
        monkeypatch.setenv("COLUMNS", "200")
        monkeypatch.delenv("REGIOHUB_SOURCES", raising=False)
        return CliRunner().invoke(app, ["sources", "test", *args])

    return invoke


def feed(url: str) -> str:
    return (
        '[[source]]\nid = "tz-feed"\ntype = "feed"\nkind = "event"\n'
        f'[source.partner]\nname = "Testzentrum"\n[source.options]\nurl = "{url}"\n'
        'kind_categories = { "Förderung" = "funding" }\n'
    )


def test_shows_the_first_listings_and_every_problem_and_writes_nothing(
    tmp_path: Path, server: FixtureServer, run
) -> None:
    home = tmp_path / "home"
    done = run(home, feed(f"{server.url}/rss.xml"), "tz-feed", "--limit", "2", "--json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["fetched"] == 3 and result["accepted"] == 3
    assert [x["title"] for x in result["listings"]] == [
        "Datenschutz im Handwerk",
        "Förderprogramm Digitalbonus",
    ]
    assert result["listings"][1]["kind"] == "funding"
    assert result["problems"] == []
    assert sorted(p.name for p in home.iterdir()) == ["sources.toml"]  # no catalogue, no index


def test_a_failing_source_is_reported_with_exit_code_1(
    tmp_path: Path, server: FixtureServer, run
) -> None:
    done = run(tmp_path / "home", feed(f"{server.url}/fehlt.xml"), "tz-feed")
    assert done.exit_code == 1
    assert "Abruf fehlgeschlagen (http_status)" in done.stdout
    assert "404" in done.stdout


def test_an_unknown_source_is_a_clear_error(tmp_path: Path, server: FixtureServer, run) -> None:
    done = run(tmp_path / "home", feed(f"{server.url}/rss.xml"), "gibt-es-nicht")
    assert isinstance(done.exception, UnknownSourceError)  # main() prints it as one sentence
    assert "Unbekannte Quellen-ID 'gibt-es-nicht'" in str(done.exception)
