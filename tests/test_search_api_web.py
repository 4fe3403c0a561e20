"""The German web pages of the search API and its German formatting helpers.

Same real SQLite store, in-memory index and catalogue as the JSON API tests
(``search_api_helpers.py``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from search_api_helpers import (
    CATALOGUE,
    BrokenIndex,
    hrefs,
    make_client,
    make_listing,
)

from hub.model import Partner, Price
from search_api.formatting import (
    format_date,
    format_datetime,
    format_money,
    format_period,
    format_price,
)
from search_api.labels import REGION_LABELS


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path, CATALOGUE)


# -- HTML pages --------------------------------------------------------------------------------


def test_search_page_shows_count_partner_links_facets_and_a_labelled_search_box(
    client: TestClient,
) -> None:
    response = client.get("/suche", params={"q": "datenschutz"})

    assert response.status_code == 200
    page = response.text
    assert '<html lang="de">' in page
    assert '<label for="q">Suche</label>' in page
    assert re.search(r'<input id="q" name="q" type="search" value="datenschutz"', page)
    assert 'placeholder="z. B. Datenschutz, Excel, Förderung"' in page
    assert "3 Angebote gefunden" in page
    links = hrefs(page)
    assert links["Zukunftszentrum Sachsen"] == "https://zz-sachsen.example"
    assert links["Zukunftszentrum NRW"] == "https://zz-nrw.example"
    assert links["Datenschutz im Betrieb"] == f"/angebote/{CATALOGUE[0].id}"
    assert links["Details zu „Datenschutz im Betrieb“"] == f"/angebote/{CATALOGUE[0].id}"
    assert links["Beim Partner ansehen („Datenschutz im Betrieb“)"] == CATALOGUE[0].url
    assert links["Weiterbildung (1)"] == "/suche?q=datenschutz&kind=course"
    assert links["Sachsen (2)"] == "/suche?q=datenschutz&region=DE-SN"
    assert "<mark>Datenschutz</mark> im Betrieb" in page
    assert "Mi., 2. Juni 2027, 17:00–19:00 Uhr" in page
    assert "Markt 1, 04109 Leipzig" in page
    assert "150,00 €" in page
    assert "kostenfrei" in page
    assert "regiohub · Open Source (EUPL-1.2) · API:" in page


def test_facet_links_add_a_filter_and_active_filters_can_be_removed(client: TestClient) -> None:
    start = hrefs(client.get("/suche").text)
    assert "5 Angebote gefunden" in client.get("/suche").text

    narrowed = client.get(start["Veranstaltung (2)"])
    assert "2 Angebote gefunden" in narrowed.text
    assert "Excel für Einsteiger" in narrowed.text
    assert "Datenschutz im Betrieb" not in narrowed.text
    assert '<input type="hidden" name="kind" value="event">' in narrowed.text

    remove = hrefs(narrowed.text)["× entfernen (Veranstaltung)"]
    assert remove == "/suche"
    assert "5 Angebote gefunden" in client.get(remove).text


def test_search_page_pages_with_back_and_next_links(tmp_path: Path) -> None:
    courses = [make_listing(f"kurs-{n:02d}", f"Kurs {n:02d}") for n in range(45)]
    client = make_client(tmp_path, courses)

    page = client.get("/suche", params={"page": 2}).text

    assert "Seite 2 von 3" in page
    links = hrefs(page)
    assert links["← Zurück"] == "/suche"
    assert links["Weiter →"] == "/suche?page=3"
    assert "Kurs 20" in page and "Kurs 19" not in page


def test_search_page_shows_an_empty_state(client: TestClient) -> None:
    page = client.get("/suche", params={"q": "Unterwasserkorbflechten"}).text

    assert "Keine Angebote gefunden. Versuchen Sie einen anderen Suchbegriff." in page
    assert "Angebote gefunden</h2>" not in page


def test_script_in_the_query_is_escaped_on_the_search_page(client: TestClient) -> None:
    response = client.get("/suche", params={"q": "<script>alert(1)</script>"})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "script-src 'self';" in response.headers["content-security-policy"]


def test_markup_and_javascript_urls_from_partners_are_neutralised(tmp_path: Path) -> None:
    hostile = make_listing(
        "boese",
        'Kurs <img src=x onerror="alert(1)">',
        Partner(name="Böse GmbH", url="javascript:alert(1)"),
        url="javascript:alert(2)",
        description_text="Kurs mit Inhalt",
    )
    client = make_client(tmp_path, [hostile])

    for page in (client.get("/suche?q=kurs").text, client.get(f"/angebote/{hostile.id}").text):
        assert "<img" not in page
        assert "javascript:" not in page
    assert "&lt;img src=x" in client.get("/suche?q=kurs").text


def test_invalid_parameters_on_the_search_page_get_a_german_message(client: TestClient) -> None:
    response = client.get("/suche", params={"page": "0", "q": "Excel"})

    assert response.status_code == 422
    assert "Die Seitenzahl muss zwischen 1 und 1000 liegen." in response.text
    assert 'value="Excel"' in response.text


def test_search_page_says_so_when_the_index_fails(tmp_path: Path) -> None:
    client = make_client(tmp_path, CATALOGUE, index=BrokenIndex(CATALOGUE))

    response = client.get("/suche", params={"q": "Excel"})

    assert response.status_code == 503
    assert "Die Suche ist gerade nicht verfügbar." in response.text


def test_detail_page_shows_all_fields_and_links_to_the_partner_offer(client: TestClient) -> None:
    listing = CATALOGUE[0]

    response = client.get(f"/angebote/{listing.id}")

    assert response.status_code == 200
    page = response.text
    assert hrefs(page)["Zum Angebot beim Partner"] == listing.url
    assert "<h1>Datenschutz im Betrieb</h1>" in page
    assert "<p>Grundlagen der <strong>DSGVO</strong> für kleine Unternehmen.</p>" in page
    assert "Weiterbildung" in page
    assert "Mi., 2. Juni 2027, 17:00–19:00 Uhr" in page
    assert "Sachsen" in page and "DE-SN" not in page
    assert "Hybrid" in page
    assert "KMU, Führungskräfte" in page
    assert "150,00 €" in page


def test_detail_page_of_a_funding_programme_shows_its_terms(tmp_path: Path) -> None:
    from hub.model import Funding

    funding = make_listing(
        "invest",
        "Investitionszuschuss",
        kind="funding",
        funding=Funding(funder="Land Sachsen", max_amount=50000, share_percent=37.5),
    )
    page = make_client(tmp_path, [funding]).get(f"/angebote/{funding.id}").text

    assert "Land Sachsen" in page
    assert "50.000,00 €" in page
    assert "37,5 %" in page


def test_unknown_detail_page_is_a_german_404(client: TestClient) -> None:
    response = client.get("/angebote/gibt-es-nicht")

    assert response.status_code == 404
    assert "Angebot nicht gefunden" in response.text


def test_static_stylesheet_is_served(client: TestClient) -> None:
    response = client.get("/static/style.css")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert ":focus-visible" in response.text
    assert "http" not in response.text  # no fonts or images from elsewhere


# -- German formatting -------------------------------------------------------------------------


def test_dates_are_german_in_berlin_time_in_summer_and_winter() -> None:
    summer = datetime(2027, 6, 2, 15, 0, tzinfo=UTC)  # CEST, UTC+2
    winter = datetime(2027, 1, 13, 16, 0, tzinfo=UTC)  # CET, UTC+1

    assert format_datetime(summer) == "Mi., 2. Juni 2027, 17:00 Uhr"
    assert format_datetime(winter) == "Mi., 13. Januar 2027, 17:00 Uhr"
    assert format_date(datetime(2027, 3, 1, 12, 0, tzinfo=UTC)) == "Mo., 1. März 2027"


def test_periods_and_date_only_values_read_naturally() -> None:
    start = datetime(2027, 6, 2, 15, 0, tzinfo=UTC)
    same_day = datetime(2027, 6, 2, 17, 30, tzinfo=UTC)
    next_day = datetime(2027, 6, 3, 10, 0, tzinfo=UTC)
    midnight = datetime(2027, 12, 31, 23, 0, tzinfo=UTC)  # 00:00 in Berlin on 1 January

    assert format_period(start, same_day) == "Mi., 2. Juni 2027, 17:00–19:30 Uhr"
    assert format_period(start, next_day) == (
        "Mi., 2. Juni 2027, 17:00 Uhr – Do., 3. Juni 2027, 12:00 Uhr"
    )
    assert format_datetime(midnight) == "Sa., 1. Januar 2028"


def test_prices_are_german() -> None:
    assert format_price(Price(free=True)) == "kostenfrei"
    assert format_price(Price(amount=0)) == "kostenfrei"
    assert format_price(Price(amount=150, currency="EUR")) == "150,00 €"
    assert format_price(Price(amount=1250.5)) == "1.250,50 €"
    assert format_price(Price(text="auf Anfrage")) == "auf Anfrage"
    assert format_price(None) is None
    assert format_money(99, "CHF") == "99,00 CHF"


def test_all_sixteen_laender_have_german_names() -> None:
    laender = {code: name for code, name in REGION_LABELS.items() if code.startswith("DE-")}

    assert len(laender) == 16
    assert laender["DE-SN"] == "Sachsen"
    assert laender["DE-NW"] == "Nordrhein-Westfalen"
    assert laender["DE-TH"] == "Thüringen"
