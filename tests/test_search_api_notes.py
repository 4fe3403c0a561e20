"""The API and the results page say what the search did: relaxed, corrected, understood, series.

On the real Tantivy index (the notes come from it), through the app's HTTP interface.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from search_api_helpers import hrefs, make_client, make_listing

from hub.index.tantivy import TantivyIndex
from hub.model import Listing, Place, Schedule

FIRST = datetime(2031, 10, 7, 16, 0, tzinfo=UTC)


def _series() -> list[Listing]:
    return [
        make_listing(
            f"kassenbuch@bb.example@{(FIRST + timedelta(weeks=w)).isoformat()}",
            "Abendkurs Kassenbuch",
            description_text="Belege und Kassenbuch an sechs Abenden.",
            schedule=Schedule(start=FIRST + timedelta(weeks=w)),
            kind="event",
        )
        for w in range(6)
    ]


CATALOGUE = [
    make_listing(
        "datenschutz",
        "Datenschutz im Verein",
        description_text="Was Vereine zur DSGVO wissen müssen.\nOrt: Markt 1, 04109 Leipzig",
        place=Place(city="Leipzig", postcode="04109"),
        regions=["DE-SN"],
    ),
    make_listing(
        "cottbus",
        "Buchhaltung für Selbstständige",
        description_text="Belege, Kassenbuch und Abschluss.",
        place=Place(city="Cottbus"),
        regions=["DE-BB"],
    ),
    *_series(),
]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    index = TantivyIndex(tmp_path / "index")
    index.rebuild(CATALOGUE)
    return make_client(tmp_path, CATALOGUE, index=index)  # type: ignore[arg-type]


def test_the_api_says_what_was_relaxed(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "Datenschutz Quatschwort"}).json()
    assert body["relaxed"]["missing"] == ["Quatschwort"]
    assert (
        body["relaxed"]["message"]
        == "Keine Treffer für „Quatschwort“; Ergebnisse für „Datenschutz“"
    )
    assert [h["partial"] for h in body["hits"]] == [True]


def test_a_kind_word_with_a_place_names_both_and_finds_courses_there(client: TestClient) -> None:
    body = client.get(
        "/api/v1/search", params={"q": "Weiterbildung in der Nähe von Cottbus"}
    ).json()
    assert body["hits"][0]["title"] == "Buchhaltung für Selbstständige"
    labels = {u["label"]: u["q_without"] for u in body["understood"]}
    assert labels["Art: Weiterbildung"] == "in der Nähe von Cottbus"
    assert labels["Ort: Cottbus"] == "Weiterbildung in der Nähe von"


def test_the_page_offers_the_corrected_search(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "Datenschuts"}).json()
    assert body["did_you_mean"]["q"] == "Datenschutz"
    assert "<mark>Datenschutz</mark>" in body["hits"][0]["highlights"]["title"]
    page = client.get("/suche", params={"q": "Datenschuts"}).text
    assert "Meinten Sie" in page
    assert hrefs(page)["„Datenschutz“"] == "/suche?q=Datenschutz"


def test_understood_words_are_removable_filters_on_the_page(client: TestClient) -> None:
    page = client.get("/suche", params={"q": "kostenlose Kurse Leipzig"}).text
    assert "Aus Ihrer Suche erkannt:" in page and "Kosten: kostenfrei" in page
    assert hrefs(page)["× entfernen („kostenlose“)"] == "/suche?q=Kurse+Leipzig"


def test_a_series_is_one_hit_its_dates_on_the_detail_page_and_in_ical(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "Abendkurs", "upcoming": "false"}).json()
    assert len(body["hits"]) == 1
    hit = body["hits"][0]
    assert hit["dates_label"] == "6 Termine ab 7. Oktober 2031" and len(hit["dates"]) == 6
    detail = client.get(hit["detail_url"]).text
    assert "Alle Termine der Reihe (6)" in detail
    ics = client.get("/api/v1/search.ics", params={"q": "Abendkurs", "upcoming": "false"}).text
    assert ics.count("BEGIN:VEVENT") == 6
