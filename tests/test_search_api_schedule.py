"""Offers without fixed dates ("nach Vereinbarung", "laufend"): filter, labels, never past."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from test_search_api_features import SOURCES_TOML, make

from hub.config import Settings
from hub.index import open_index
from hub.model import Schedule
from hub.store import SQLiteStore
from search_api import create_app

CATALOGUE = [
    make("beratung", "Sprechstunde Datenschutz", "zz-kurse", kind="advice",
         schedule=Schedule(text="nach Vereinbarung", kind="on_request")),
    make("lernpfad", "Lernpfad Datenschutz", "zz-kurse",
         schedule=Schedule(text="Einstieg jederzeit", kind="ongoing", ongoing=True)),
    make("alt", "Datenschutz kompakt", "zz-kurse",
         schedule=Schedule(start=datetime(2020, 3, 3, 9, tzinfo=UTC))),
]  # fmt: skip


def client(home: Path) -> TestClient:
    (home / "sources.toml").write_text(SOURCES_TOML, encoding="utf-8")
    SQLiteStore(home / "catalogue.sqlite3").upsert_listings(CATALOGUE)
    index = open_index(f"tantivy://{home / 'index'}")
    index.ensure()
    index.upsert(CATALOGUE)
    settings = Settings(home=home, sources_file=home / "sources.toml",
                        index_url=f"tantivy://{home / 'index'}")  # fmt: skip
    return TestClient(create_app(index, SQLiteStore(home / "catalogue.sqlite3"), settings=settings))


def test_schedule_filter_labels_and_undated_offers_stay_upcoming(tmp_path: Path) -> None:
    api = client(tmp_path)
    hits = api.get("/api/v1/search", params={"q": "Datenschutz"}).json()["hits"]
    assert {h["title"]: h["schedule_label"] for h in hits} == {
        "Sprechstunde Datenschutz": "nach Vereinbarung",
        "Lernpfad Datenschutz": "laufend buchbar",
    }, "the 2020 course is past; the undated offers never are"
    ongoing = api.get("/api/v1/search", params={"q": "Datenschutz", "schedule": "ongoing"})
    assert [h["title"] for h in ongoing.json()["hits"]] == ["Lernpfad Datenschutz"]
    assert ongoing.json()["hits"][0]["schedule_kind"] == "ongoing"
    bad = api.get("/api/v1/search", params={"schedule": "morgen"})
    assert bad.status_code in (400, 422)
    page = api.get("/suche", params={"q": "Datenschutz", "schedule": "on_request"})
    assert page.status_code == 200
    assert "Sprechstunde Datenschutz" in page.text and "Lernpfad" not in page.text
    assert "nach Vereinbarung" in page.text
    detail = api.get(hits[0]["detail_url"])
    assert detail.status_code == 200 and hits[0]["schedule_label"] in detail.text
