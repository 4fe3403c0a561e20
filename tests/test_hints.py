"""Quality hints reach partner and operator: `regiohub hinweise`, the status JSON, the store."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from test_cli import regiohub

from hub.config import SourceConfig
from hub.model import Listing, RawRecord
from hub.plugins import build_registry
from hub.store import SQLiteStore
from pipelines import build_pipeline
from pipelines.dates import BERLIN

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
SOURCE = SourceConfig.model_validate(
    {"id": "zz-feed", "type": "feed", "kind": "course", "partner": {"name": "Zukunftszentrum"}}
)


def _catalogue(home: Path) -> None:
    pipeline = build_pipeline(build_registry(entry_points=False))
    fetched = datetime(2026, 9, 1, tzinfo=BERLIN)
    listings = []
    for key, date_text in (("a", "Termin folgt im Frühjahr"), ("b", "03.06.2027")):
        raw = RawRecord(source_id="zz-feed", key=key, fetched_at=fetched,
                        fields={"title": f"Kurs {key}", "date": date_text})  # fmt: skip
        result = pipeline.process(raw, SOURCE)
        assert isinstance(result, Listing)
        listings.append(result)
    home.mkdir(parents=True, exist_ok=True)
    SQLiteStore(home / "catalogue.sqlite3").upsert_listings(listings)


def test_store_lists_flagged_listings_per_source(tmp_path: Path) -> None:
    _catalogue(tmp_path / "h")
    store = SQLiteStore(tmp_path / "h" / "catalogue.sqlite3")
    hints = store.quality_hints()
    assert [h.title for h in hints] == ["Kurs a"]
    assert "nicht lesbar" in hints[0].flags[0]
    assert store.quality_hints("other") == []
    assert store.quality_counts() == {"zz-feed": 1}


def test_hinweise_command_shows_hints_per_source_and_listing(tmp_path: Path) -> None:
    _catalogue(tmp_path / "h")
    result = regiohub(tmp_path / "h", "hinweise", "--json", sources=SOURCES)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["sources"] == {"zz-feed": 1}
    assert document["listings"][0]["title"] == "Kurs a"
    table = regiohub(tmp_path / "h", "hinweise", "zz-feed", sources=SOURCES)
    assert "Kurs a" in table.stdout and "nicht lesbar" in table.stdout
    unknown = regiohub(tmp_path / "h", "hinweise", "nope", sources=SOURCES)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


def test_status_json_counts_hints_per_source(tmp_path: Path) -> None:
    _catalogue(tmp_path / "h")
    result = regiohub(tmp_path / "h", "status", "--json", sources=SOURCES)
    rows = json.loads(result.stdout)
    assert rows[0]["source_id"] == "zz-feed" and rows[0]["hints"] == 1
