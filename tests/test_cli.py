"""The command line: clear one-sentence errors at the edges, never a traceback; the demo twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port

GOOD = """
[[source]]
id = "zz-feed"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "http://127.0.0.1:9/feed.xml"
"""


def regiohub(home: Path, *args: str, sources: str | None = None, timeout: float = 120):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIOHUB_")}
    env.update(REGIOHUB_HOME=str(home), COLUMNS="200")
    if sources is not None:
        path = home / "sources.toml"
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(sources, encoding="utf-8")
        env["REGIOHUB_SOURCES"] = str(path)
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=home.parent,
    )


def assert_one_clear_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_unknown_source_id_is_one_clear_sentence(tmp_path: Path) -> None:
    result = regiohub(tmp_path / "h", "harvest", "nope", sources=GOOD)
    assert_one_clear_error(result, "Unbekannte Quellen-ID 'nope'", "zz-feed")


def test_malformed_sources_file_names_file_and_line(tmp_path: Path) -> None:
    result = regiohub(tmp_path / "h", "harvest", sources='[[source]]\nid = "x"\nkind = = 3\n')
    assert_one_clear_error(result, "sources.toml ist kein gültiges TOML", "line 3")


def test_unknown_connector_type_is_named(tmp_path: Path) -> None:
    result = regiohub(
        tmp_path / "h", "harvest", sources=GOOD.replace('type = "feed"', 'type = "rss"')
    )
    assert_one_clear_error(result, "Unbekannter Connector-Typ 'rss'", "feed")


def test_missing_sources_file_says_where_it_looked(tmp_path: Path) -> None:
    result = regiohub(tmp_path / "h", "sources")
    assert_one_clear_error(result, "Keine Quellendatei", "REGIOHUB_SOURCES")


def test_bad_kind_for_search_is_explained(tmp_path: Path) -> None:
    result = regiohub(tmp_path / "h", "search", "Excel", "--kind", "party")
    assert_one_clear_error(result, "Unbekannte Art 'party'")


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = regiohub(tmp_path / "h", "--help")
    assert result.returncode == 0
    for command in (
        "demo",
        "harvest",
        "serve",
        "search",
        "sources",
        "plugins",
        "reindex",
        "quarantine",
    ):
        assert command in result.stdout


@pytest.mark.slow
def test_demo_once_twice_reports_everything_unchanged_the_second_time(tmp_path: Path) -> None:
    expected = json.loads((Path(__file__).parents[1] / "demo" / "expected.json").read_text("utf-8"))
    home, port = tmp_path / "home", str(free_port())
    first = regiohub(home, "demo", "--once", "--json", "--demo-port", port, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    second = regiohub(home, "demo", "--once", "--json", "--demo-port", port, timeout=300)
    assert second.returncode == 0, second.stderr[-2000:]
    rows = {row["source_id"]: row for row in json.loads(second.stdout)}
    for source_id, facts in expected["sources"].items():
        assert (rows[source_id]["added"], rows[source_id]["updated"]) == (0, 0)
        assert rows[source_id]["unchanged"] == facts["valid"]

    # after the demo, the other commands find the demo's sources in the same home
    listed = regiohub(home, "quarantine", "--json")
    assert listed.returncode == 0, listed.stderr
    quarantined = json.loads(listed.stdout)
    assert len(quarantined) == expected["totals"]["broken"]
    assert all(entry["reason"] for entry in quarantined)
    overview = regiohub(home, "sources")
    assert overview.returncode == 0 and "erzgebirge-kurse" in overview.stdout
    search = regiohub(home, "search", "Datenschutz", "--json")
    assert search.returncode == 0, search.stderr
    hits = json.loads(search.stdout)["hits"]
    assert len({h["partner"]["name"] for h in hits}) >= 2
    assert len({h["id"] for h in hits}) == len(hits)  # no duplicates


def test_top_level_help_is_german_lists_plugin_commands_and_imports_nothing_heavy() -> None:
    """`regiohub --help` must be quick: no search API, Elasticsearch or extruct imported,
    while commands that plugins register (here the built-in `postcodes`) are still listed."""
    probe = (
        "import sys\n"
        "sys.argv = ['regiohub', '--help']\n"
        "from hub.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('search_api.app', 'elasticsearch', 'extruct', 'prefect', 'scrapy',"
        " 'pydantic') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert "HEAVY []" in done.stdout, done.stdout[-500:]
    assert "postcodes" in done.stdout and "Ernte" in done.stdout
    version = subprocess.run(
        [sys.executable, "-m", "hub.cli", "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0 and version.stdout.startswith("regiohub ")


def test_help_and_usage_errors_speak_german(tmp_path: Path) -> None:
    """Typer's own texts (panel titles, usage line, --help text, usage errors) are German,
    and a mistyped command or a missing argument is one sentence with exit 2."""
    helped = regiohub(tmp_path / "home", "--help")
    assert helped.returncode == 0, helped.stderr
    for german in ("Aufruf: regiohub", "Optionen", "Befehle", "Diese Hilfe anzeigen und beenden."):
        assert german in helped.stdout, helped.stdout
    for english in ("Usage:", "Options", "Commands", "Show this message"):
        assert english not in helped.stdout
    sub = regiohub(tmp_path / "home", "sources", "test", "--help")
    assert "Diese Hilfe anzeigen und beenden." in sub.stdout and "Argumente" in sub.stdout
    assert_one_clear_error(
        regiohub(tmp_path / "home", "harvset"), "Unbekannter Befehl 'harvset'", "regiohub --help"
    )
    assert_one_clear_error(
        regiohub(tmp_path / "home", "search"), "Argument 'query' fehlt", "regiohub search --help"
    )
    assert_one_clear_error(
        regiohub(tmp_path / "home", "search", "x", "--bogus"), "Unbekannte Option '--bogus'"
    )


def test_counts_are_printed_with_the_right_german_plural() -> None:
    from hub.cli_tables import plural

    assert plural(1, "Angebot", "Angebote") == "1 Angebot"
    assert plural(2, "Angebot", "Angebote") == "2 Angebote"
    assert plural(0, "Quelle", "Quellen") == "0 Quellen"
    assert plural(1, "Eintrag", "Einträge") == "1 Eintrag"


def test_the_harvest_table_fits_80_columns_with_long_source_ids() -> None:
    """A long id is cut in the middle (both ends stay readable), the errors follow as a caption,
    and no line is wider than the terminal."""
    from rich.console import Console

    from hub.cli_tables import counts_table

    long_id = "landesverband-der-volkshochschulen-sachsen-anhalt-kurse-2027"
    rows = [
        {"source_id": long_id, "status": "ok", "fetched": 12345, "added": 12000, "quarantined": 3},
        {"source_id": "kurz", "status": "failed", "error": "Zeitlimit überschritten: " * 6},
    ]
    console = Console(width=80, record=True, force_terminal=False)
    console.print(counts_table(rows, width=console.width))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80, text
    shown = next(line for line in text.splitlines() if "…" in line)
    assert "│ landesv…" in shown and "-2027 │" in shown and "12345" in shown, text
    assert "kurz: Zeitlimit überschritten" in text and "│ kurz " in text
