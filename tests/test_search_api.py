"""The search API and the German web pages, over the real SQLite store and an in-memory index.

``ListIndex`` stands in for the Tantivy backend, which is written in parallel; end-to-end tests
against the real index live with that backend.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from hub.config import Settings
from hub.errors import IndexError_
from hub.index.base import FACET_FIELDS, FacetValue, Hit, SearchQuery, SearchResults
from hub.model import Listing, Partner, Place, Price, Schedule
from hub.store import Store
from search_api import create_app
from search_api.formatting import (
    format_date,
    format_datetime,
    format_money,
    format_period,
    format_price,
)
from search_api.labels import REGION_LABELS

# -- an in-memory SearchIndex ------------------------------------------------------------------


def _mark(text: str, terms: list[str]) -> str | None:
    """``text`` HTML-escaped with every term wrapped in <mark>, or None if no term occurs."""
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    if not pieces:
        return None
    pieces.append(html.escape(text[last:]))
    return "".join(pieces)


def _facet_values(listing: Listing, field: str) -> list[str]:
    if field == "partner":
        return [listing.partner.name]
    if field == "region":
        return list(listing.regions)
    value = getattr(listing, field)
    return [value] if value else []


class ListIndex:
    """A SearchIndex over a list: every term must occur in title or description (any case)."""

    def __init__(self, listings: Iterable[Listing] = ()) -> None:
        self.listings: dict[str, Listing] = {}
        self.upsert(listings)

    def ensure(self) -> None:
        pass

    def upsert(self, listings: Iterable[Listing]) -> int:
        items = list(listings)
        self.listings.update((listing.id, listing) for listing in items)
        return len(items)

    def delete(self, ids: Iterable[str]) -> int:
        wanted = list(ids)
        for listing_id in wanted:
            self.listings.pop(listing_id, None)
        return len(wanted)

    def _matches(self, listing: Listing, query: SearchQuery, terms: list[str]) -> bool:
        text = f"{listing.title} {listing.description_text}".lower()
        if not all(term in text for term in terms):
            return False
        for field in FACET_FIELDS:
            wanted = getattr(query, field)
            if wanted and not set(wanted) & set(_facet_values(listing, field)):
                return False
        return True

    def search(self, query: SearchQuery) -> SearchResults:
        terms = query.text.lower().split()
        found = [x for x in self.listings.values() if self._matches(x, query, terms)]

        def score(listing: Listing) -> float:
            text = f"{listing.title} {listing.description_text}".lower()
            return float(sum(text.count(term) for term in terms)) or 1.0

        found.sort(key=lambda x: (-score(x), x.title))
        facets = {}
        for field in FACET_FIELDS:
            counts = Counter(v for x in found for v in _facet_values(x, field))
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            facets[field] = [FacetValue(value, count) for value, count in ordered]
        hits = []
        for listing in found[query.offset : query.offset + query.size]:
            highlights = {}
            if terms:
                for field in ("title", "description_text"):
                    snippet = _mark(getattr(listing, field), terms)
                    if snippet:
                        highlights[field] = snippet
            dump = listing.model_dump(mode="json")
            hits.append(Hit(listing.id, score(listing), dump, highlights))
        return SearchResults(len(found), hits, facets, query.page, query.size)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        titles = sorted(x.title for x in self.listings.values())
        return [t for t in titles if t.lower().startswith(prefix.lower())][:limit]

    def count(self) -> int:
        return len(self.listings)

    def rebuild(self, listings: Iterable[Listing]) -> int:
        self.listings.clear()
        return self.upsert(listings)

    def close(self) -> None:
        pass


class BrokenIndex(ListIndex):
    """An index whose files cannot be opened."""

    def search(self, query: SearchQuery) -> SearchResults:
        raise IndexError_("index directory /srv/regiohub/index is locked")

    def count(self) -> int:
        raise IndexError_("index directory /srv/regiohub/index is locked")


# -- a small German catalogue ------------------------------------------------------------------

ZZ_SACHSEN = Partner(name="Zukunftszentrum Sachsen", url="https://zz-sachsen.example")
ZZ_NRW = Partner(name="Zukunftszentrum NRW", url="https://zz-nrw.example")
IHK = Partner(name="IHK Chemnitz", url="https://ihk-chemnitz.example")


def make_listing(key: str, title: str, partner: Partner = ZZ_SACHSEN, **fields: object) -> Listing:
    source_id = partner.name.lower().replace(" ", "-")
    values: dict[str, object] = {
        "id": f"{source_id}-{key}",
        "source_id": source_id,
        "source_key": key,
        "kind": "course",
        "partner": partner,
        "title": title,
        "url": f"{partner.url}/angebote/{key}",
    }
    values.update(fields)
    return Listing.model_validate(values).with_hash()


CATALOGUE = [
    make_listing(
        "datenschutz",
        "Datenschutz im Betrieb",
        description_text="Grundlagen der DSGVO für kleine und mittlere Unternehmen.",
        description_html="<p>Grundlagen der <strong>DSGVO</strong> für kleine Unternehmen.</p>",
        regions=["DE-SN"],
        mode="hybrid",
        place=Place(street="Markt 1", postcode="04109", city="Leipzig"),
        schedule=Schedule(
            start=datetime(2027, 6, 2, 15, 0, tzinfo=UTC),
            end=datetime(2027, 6, 2, 17, 0, tzinfo=UTC),
        ),
        price=Price(amount=150.0, currency="EUR", free=False),
        audiences=["KMU", "Führungskräfte"],
    ),
    make_listing(
        "excel",
        "Excel für Einsteiger",
        IHK,
        kind="event",
        description_text="Tabellen, Formeln und Diagramme – ein Abend zum Mitmachen.",
        regions=["DE-SN"],
        mode="in_person",
        price=Price(free=True),
    ),
    make_listing(
        "digitalbonus",
        "Digitalbonus Sachsen",
        kind="funding",
        description_text="Zuschuss für Digitalisierung und Datenschutz in kleinen Betrieben.",
        regions=["DE-SN"],
    ),
    make_listing(
        "sprechstunde",
        "Datenschutz-Sprechstunde",
        ZZ_NRW,
        kind="advice",
        description_text="Offene Beratung zu Fragen rund um Beschäftigtendaten.",
        regions=["DE-NW"],
        mode="online",
        price=Price(free=True),
    ),
    make_listing(
        "ki",
        "KI im Mittelstand",
        ZZ_NRW,
        kind="event",
        description_text="Was künstliche Intelligenz heute im Betrieb leisten kann.",
        regions=["DE-NW"],
        mode="online",
    ),
]


def settings_for(home: Path) -> Settings:
    return Settings(home=home, sources_file=home / "sources.toml", index_url="memory://")


def make_client(
    home: Path,
    listings: list[Listing],
    index: ListIndex | None = None,
    routers: list[APIRouter] | None = None,
) -> TestClient:
    store = Store(home / "catalogue.sqlite3")
    store.upsert_listings(listings)
    app = create_app(
        index if index is not None else ListIndex(listings),
        store,
        settings=settings_for(home),
        routers=routers or [],
    )
    return TestClient(app)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path, CATALOGUE)


def hrefs(page: str) -> dict[str, str]:
    """Link text (tags stripped) → href, from an HTML page."""
    links = {}
    for href, inner in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', page, re.S):
        text = " ".join(re.sub(r"<[^>]+>", "", inner).split())
        links[html.unescape(text)] = html.unescape(href)
    return links


# -- JSON API ----------------------------------------------------------------------------------


def test_search_returns_hits_total_and_facets_with_counts_and_german_labels(
    client: TestClient,
) -> None:
    response = client.get("/api/v1/search", params={"q": "datenschutz"})

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3
    assert body["pages"] == 1
    assert body["query"]["q"] == "datenschutz"
    titles = {hit["title"] for hit in body["hits"]}
    assert titles == {"Datenschutz im Betrieb", "Datenschutz-Sprechstunde", "Digitalbonus Sachsen"}
    kinds = {f["value"]: (f["label"], f["count"]) for f in body["facets"]["kind"]}
    assert kinds == {
        "course": ("Weiterbildung", 1),
        "advice": ("Beratung", 1),
        "funding": ("Förderung", 1),
    }
    regions = {f["value"]: (f["label"], f["count"]) for f in body["facets"]["region"]}
    assert regions == {"DE-SN": ("Sachsen", 2), "DE-NW": ("Nordrhein-Westfalen", 1)}
    modes = {f["label"]: f["count"] for f in body["facets"]["mode"]}
    assert modes == {"Hybrid": 1, "Online": 1}


def test_search_hit_carries_labels_links_price_and_highlights(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "Datenschutz im Betrieb"}).json()

    hit = body["hits"][0]
    listing = CATALOGUE[0]
    assert hit["id"] == listing.id
    assert hit["kind_label"] == "Weiterbildung"
    assert hit["partner"] == {
        "name": "Zukunftszentrum Sachsen",
        "url": "https://zz-sachsen.example",
    }
    assert hit["url"] == listing.url
    assert hit["detail_url"] == f"/angebote/{listing.id}"
    assert hit["api_url"] == f"/api/v1/listings/{listing.id}"
    assert datetime.fromisoformat(hit["start"]) == datetime(2027, 6, 2, 15, 0, tzinfo=UTC)
    assert hit["place"]["city"] == "Leipzig"
    assert hit["regions"] == ["DE-SN"]
    assert (hit["mode"], hit["mode_label"]) == ("hybrid", "Hybrid")
    assert (hit["price"], hit["free"]) == ("150,00 €", False)
    assert (
        hit["highlights"]["title"]
        == "<mark>Datenschutz</mark> <mark>im</mark> <mark>Betrieb</mark>"
    )
    assert hit["score"] > 0


def test_repeatable_filters_narrow_results(client: TestClient) -> None:
    both_kinds = client.get("/api/v1/search?kind=course&kind=event").json()
    assert {hit["kind"] for hit in both_kinds["hits"]} == {"course", "event"}
    assert both_kinds["total"] == 3
    assert both_kinds["query"]["kind"] == ["course", "event"]

    in_saxony = client.get("/api/v1/search?kind=course&kind=event&region=DE-SN").json()
    assert in_saxony["total"] == 2
    assert {hit["title"] for hit in in_saxony["hits"]} == {
        "Datenschutz im Betrieb",
        "Excel für Einsteiger",
    }

    online_nrw = client.get(
        "/api/v1/search", params={"partner": "Zukunftszentrum NRW", "mode": ["online", "hybrid"]}
    ).json()
    assert online_nrw["total"] == 2


def test_paging_returns_the_requested_page_and_the_page_count(tmp_path: Path) -> None:
    courses = [make_listing(f"kurs-{n:02d}", f"Kurs {n:02d}") for n in range(25)]
    client = make_client(tmp_path, courses)

    first = client.get("/api/v1/search", params={"size": 10}).json()
    second = client.get("/api/v1/search", params={"size": 10, "page": 2}).json()
    last = client.get("/api/v1/search", params={"size": 10, "page": 3}).json()

    assert (second["total"], second["page"], second["size"], second["pages"]) == (25, 2, 10, 3)
    assert [hit["title"] for hit in second["hits"]] == [f"Kurs {n:02d}" for n in range(10, 20)]
    assert not {hit["id"] for hit in first["hits"]} & {hit["id"] for hit in second["hits"]}
    assert len(last["hits"]) == 5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=workshop", "kind"),
        ("kind=course&kind=nonsense", "kind"),
        ("mode=remote", "mode"),
        ("size=0", "size"),
        ("size=101", "size"),
        ("page=0", "page"),
        ("page=1001", "page"),
        ("page=zwei", "page"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_invalid_search_input_is_rejected_with_422_naming_the_parameter(
    client: TestClient, query: str, field: str
) -> None:
    response = client.get(f"/api/v1/search?{query}")

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (422, "Unprocessable Content")
    assert [(e["parameter"], e["location"]) for e in problem["errors"]] == [(field, "query")]
    assert problem["errors"][0]["reason"]
    assert f"Parameter '{field}'" in problem["detail"]


def test_unknown_listing_is_404_with_a_detail(client: TestClient) -> None:
    response = client.get("/api/v1/listings/nirgendwo-0000")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No listing with id 'nirgendwo-0000'. Search with /api/v1/search to find ids.",
        "instance": "/api/v1/listings/nirgendwo-0000",
        "errors": [],
    }


def test_listing_by_id_returns_the_full_listing_json(client: TestClient) -> None:
    listing = CATALOGUE[0]

    response = client.get(f"/api/v1/listings/{listing.id}")

    assert response.status_code == 200
    stored = Listing.model_validate(response.json())
    assert stored.model_dump(exclude=set(Listing.BOOKKEEPING)) == listing.model_dump(
        exclude=set(Listing.BOOKKEEPING)
    )
    assert response.json()["description_html"] == listing.description_html
    assert stored.last_seen is not None


def test_search_api_answers_503_when_the_index_fails(tmp_path: Path) -> None:
    client = make_client(tmp_path, CATALOGUE, index=BrokenIndex(CATALOGUE))

    response = client.get("/api/v1/search", params={"q": "Excel"})

    assert response.status_code == 503
    assert "locked" in response.json()["detail"]


def test_health_reports_store_and_index_counts(tmp_path: Path) -> None:
    client = make_client(tmp_path, CATALOGUE, index=ListIndex(CATALOGUE[:3]))

    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "listings": 5, "indexed": 3}


def test_health_is_503_degraded_when_the_index_raises(tmp_path: Path) -> None:
    client = make_client(tmp_path, CATALOGUE, index=BrokenIndex(CATALOGUE))

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "detail": "IndexError_: index directory /srv/regiohub/index is locked",
    }


def test_openapi_lists_search_and_listing_routes_with_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()

    assert schema["info"]["title"] == "regiohub"
    assert "/api/v1/search" in schema["paths"]
    assert "/api/v1/listings/{listing_id}" in schema["paths"]
    assert "/health" in schema["paths"]
    assert "/" not in schema["paths"]
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert parameters["kind"]["schema"]["type"] == "array"
    assert "Datenschutz" in str(parameters["q"])
    assert client.get("/docs").status_code == 200


def test_plugin_routers_are_mounted_but_cannot_shadow_built_in_pages(tmp_path: Path) -> None:
    plugin = APIRouter()

    @plugin.get("/plugin/ping")
    def ping() -> dict[str, str]:
        return {"pong": "ja"}

    @plugin.get("/health")
    def fake_health() -> dict[str, str]:
        return {"status": "plugin"}

    client = make_client(tmp_path, CATALOGUE, routers=[plugin])

    assert client.get("/plugin/ping").json() == {"pong": "ja"}
    assert client.get("/health").json()["status"] == "ok"


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
