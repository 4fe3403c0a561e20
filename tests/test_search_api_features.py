"""The full search API over the real Tantivy index and SQLite store: every filter, problem
details, caching headers, CORS, admin token, partners and sources, feeds, JSON-LD, local docs."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import feedparser
import icalendar
import pytest
from fastapi.testclient import TestClient

from demo.server import DemoServer
from hub.config import Settings
from hub.index import open_index
from hub.model import Funding, Listing, Partner, Place, Price, Rejection, Schedule, SourceCounts
from hub.store import SQLiteStore
from search_api import create_app

SACHSEN = Partner(name="Zukunftszentrum Sachsen", url="https://zz-sachsen.example")
RUHR = Partner(name="Zukunfts-HUB Ruhr", url="https://hub-ruhr.example")
LEIPZIG = Place(street="Markt 1", postcode="04109", city="Leipzig", lat=51.34, lon=12.37)
DRESDEN = Place(postcode="01067", city="Dresden", lat=51.05, lon=13.74)
DORTMUND = Place(postcode="44135", city="Dortmund", lat=51.51, lon=7.47)
SOURCES_TOML = """
[[source]]
id = "zz-kurse"
type = "feed"
kind = "course"
[source.partner]
name = "Zukunftszentrum Sachsen"
url = "https://zz-sachsen.example"
[source.options]
url = "https://zz-sachsen.example/kurse.xml"

[[source]]
id = "zz-foerderung"
type = "feed"
kind = "funding"
[source.partner]
name = "Zukunftszentrum Sachsen"
url = "https://zz-sachsen.example"
[source.options]
url = "https://zz-sachsen.example/foerderung.xml"

[[source]]
id = "ruhr-events"
type = "feed"
kind = "event"
enabled = false
[source.partner]
name = "Zukunfts-HUB Ruhr"
url = "https://hub-ruhr.example"
[source.options]
url = "https://hub-ruhr.example/events.xml"
"""


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2027, month, day, hour, 0, tzinfo=UTC)


def make(key: str, title: str, source_id: str, partner: Partner = SACHSEN, **fields: object):
    values: dict[str, object] = {
        "id": f"{source_id}-{key}",
        "source_id": source_id,
        "source_key": key,
        "kind": "course",
        "partner": partner,
        "title": title,
        "url": f"{partner.url}/{key}",
        "regions": ["DE-SN"],
    }
    values.update(fields)
    return Listing.model_validate(values).with_hash()


CATALOGUE = [
    make(
        "dsgvo",
        "Datenschutz im Betrieb",
        "zz-kurse",
        description_text="Grundlagen der DSGVO für kleine und mittlere Unternehmen.",
        topics=["Datenschutz"],
        audiences=["KMU"],
        place=LEIPZIG,
        mode="in_person",
        schedule=Schedule(start=at(6, 2, 15), end=at(6, 2, 17)),
        price=Price(amount=150.0, currency="EUR", free=False),
    ),
    make(
        "excel",
        "Excel für Einsteiger",
        "zz-kurse",
        description_text="Tabellen, Formeln und Diagramme.",
        topics=["Digitalisierung"],
        audiences=["Beschäftigte"],
        place=DRESDEN,
        mode="hybrid",
        schedule=Schedule(start=at(3, 10), end=at(3, 10, 15)),
        price=Price(free=True),
    ),
    make(
        "bonus",
        "Digitalbonus Sachsen",
        "zz-foerderung",
        kind="funding",
        description_text="Zuschuss für Digitalisierung in kleinen Betrieben.",
        topics=["Digitalisierung"],
        audiences=["KMU"],
        funding=Funding(funder="Land Sachsen", max_amount=50000, deadline=at(12, 31)),
    ),
    make(
        "netz",
        "Netzwerktreffen Führung",
        "ruhr-events",
        RUHR,
        kind="event",
        description_text="Austausch über Führung im Wandel.",
        regions=["DE-NW"],
        place=DORTMUND,
        mode="in_person",
        schedule=Schedule(start=at(9, 1, 16), end=at(9, 1, 19)),
        price=Price(free=True),
    ),
]
BY_KEY = {listing.source_key: listing for listing in CATALOGUE}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "sources.toml").write_text(SOURCES_TOML, encoding="utf-8")
    return tmp_path


def build(home: Path, *, token: str | None = None, cors: tuple[str, ...] = ()) -> TestClient:
    store = SQLiteStore(home / "catalogue.sqlite3")
    store.upsert_listings(CATALOGUE)
    index = open_index(f"tantivy://{home / 'index'}")
    index.ensure()
    index.upsert(CATALOGUE)
    settings = Settings(
        home=home,
        sources_file=home / "sources.toml",
        index_url=f"tantivy://{home / 'index'}",
        admin_token=token,
        cors_origins=cors,
    )
    return TestClient(create_app(index, store, settings=settings))


@pytest.fixture
def client(home: Path) -> TestClient:
    return build(home)


def keys(client: TestClient, **params: object) -> list[str]:
    response = client.get("/api/v1/search", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return [hit["id"].rsplit("-", 1)[-1] for hit in response.json()["hits"]]


# -- search options ----------------------------------------------------------------------------


def test_every_search_option_reaches_the_index(client: TestClient) -> None:
    assert sorted(keys(client)) == ["bonus", "dsgvo", "excel", "netz"]
    assert sorted(keys(client, topic="Digitalisierung")) == ["bonus", "excel"]
    assert sorted(keys(client, audience="KMU")) == ["bonus", "dsgvo"]
    assert sorted(keys(client, free=True)) == ["excel", "netz"]
    assert keys(client, date_from="2027-06-01", date_to="2027-06-30") == ["dsgvo"]
    assert keys(client, near="Leipzig", radius=50) == ["dsgvo"]
    assert sorted(keys(client, near="04109 Leipzig", radius=150)) == ["dsgvo", "excel"]
    assert keys(client, sort="date", kind=["course", "event"]) == ["excel", "dsgvo", "netz"]
    assert keys(client, near="Dortmund", sort="distance", kind="event") == ["netz"]


def test_hits_carry_distance_topics_and_deadline_and_facets_cover_every_field(
    client: TestClient,
) -> None:
    body = client.get("/api/v1/search", params={"near": "Leipzig", "sort": "distance"}).json()

    first = body["hits"][0]
    assert first["title"] == "Datenschutz im Betrieb"
    assert first["distance_km"] is not None and first["distance_km"] < 1
    assert first["topics"] == ["Datenschutz"] and first["audiences"] == ["KMU"]
    assert set(body["facets"]) == {
        "kind",
        "topic",
        "audience",
        "partner",
        "region",
        "mode",
        "free",
        "deadline",
    }
    free = {f["value"]: (f["label"], f["count"]) for f in body["facets"]["free"]}
    assert free == {"free": ("kostenfrei", 2), "paid": ("kostenpflichtig", 1)}
    bonus = client.get("/api/v1/search", params={"kind": "funding"}).json()["hits"][0]
    assert datetime.fromisoformat(bonus["deadline"]) == at(12, 31)


def test_cursor_pages_through_all_hits_without_repeats(client: TestClient) -> None:
    seen: list[str] = []
    params: dict[str, object] = {"size": 3, "sort": "date"}
    for _ in range(5):
        body = client.get("/api/v1/search", params=params).json()  # type: ignore[arg-type]
        seen += [hit["id"] for hit in body["hits"]]
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    assert sorted(seen) == sorted(listing.id for listing in CATALOGUE)


def test_facets_and_suggest_endpoints(client: TestClient) -> None:
    facets = client.get("/api/v1/facets", params={"region": "DE-SN"}).json()
    assert facets["total"] == 3
    assert {f["value"]: f["count"] for f in facets["facets"]["kind"]} == {
        "course": 2,
        "funding": 1,
    }

    suggest = client.get("/api/v1/suggest", params={"q": "Daten"}).json()
    assert suggest == {"prefix": "Daten", "suggestions": ["Datenschutz im Betrieb"]}


@pytest.mark.parametrize(
    ("query", "parameter", "reason"),
    [
        ("date_from=2027-13-01", "date_from", "muss ein Datum der Form JJJJ-MM-TT sein"),
        ("near=Leipzig&radius=-5", "radius", "muss größer als 0 sein"),
        ("near=Leipzig&radius=900", "radius", "darf höchstens 500 sein"),
        ("near=Atlantis", "near", "unbekannter Ort 'Atlantis'"),
        ("near=04109", "near", "eine Postleitzahl allein lässt sich nicht verorten"),
        ("sort=price", "sort", "muss einer dieser Werte sein: 'relevance'"),
        ("free=vielleicht", "free", "muss ein Wahrheitswert sein"),
        ("page=zwei", "page", "muss eine ganze Zahl sein"),
    ],
)
def test_bad_parameters_get_a_problem_naming_the_parameter_and_why(
    client: TestClient, query: str, parameter: str, reason: str
) -> None:
    response = client.get(f"/api/v1/search?{query}")

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422 and problem["instance"] == "/api/v1/search"
    assert [e["parameter"] for e in problem["errors"]] == [parameter]
    assert reason in problem["errors"][0]["reason"]
    assert f"Parameter '{parameter}'" in problem["detail"]


@pytest.mark.parametrize(
    ("query", "echoed"),
    [
        # OpenAPI cannot declare a dependency between parameters: accepted, documented
        ("radius=25", {"radius": None}),
        ("sort=distance", {"sort": "relevance"}),
        ("date_from=2027-06-10&date_to=2027-06-01", {"date_to": "2027-06-01"}),
    ],
)
def test_parameters_that_need_another_are_accepted_and_ignored_without_it(
    client: TestClient, query: str, echoed: dict[str, object]
) -> None:
    response = client.get(f"/api/v1/search?{query}")

    assert response.status_code == 200
    body = response.json()
    assert {k: body["query"][k] for k in echoed} == echoed
    if "date_to" in echoed:  # an empty period has no dated offers in it
        assert all(hit["start"] is None for hit in body["hits"])


def test_the_html_search_explains_bad_places_in_german(client: TestClient) -> None:
    response = client.get("/suche", params={"near": "04109"})

    assert response.status_code == 422
    assert "Eine Postleitzahl allein können wir nicht zuordnen" in response.text


# -- caching and CORS --------------------------------------------------------------------------


def test_reads_carry_an_etag_and_answer_304_when_it_matches(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"q": "Excel"})
    etag = first.headers["etag"]

    again = client.get("/api/v1/search", params={"q": "Excel"}, headers={"If-None-Match": etag})
    other = client.get("/api/v1/search", params={"q": "Daten"}, headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert other.status_code == 200 and other.headers["etag"] != etag


def test_a_listing_has_last_modified_and_honours_if_modified_since(client: TestClient) -> None:
    url = f"/api/v1/listings/{BY_KEY['dsgvo'].id}"
    response = client.get(url)
    last_modified = response.headers["last-modified"]
    assert last_modified.endswith(" GMT")

    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200


def test_search_last_modified_is_the_end_of_the_newest_harvest(home: Path) -> None:
    client = build(home)
    assert "last-modified" not in client.get("/api/v1/search").headers
    store = SQLiteStore(home / "catalogue.sqlite3")
    run = store.start_run("zz-kurse")
    store.finish_run(run, SourceCounts(source_id="zz-kurse", status="ok"))
    finished = datetime.fromisoformat(store.latest_runs()["zz-kurse"].finished_at)

    response = build(home).get("/api/v1/search")

    assert response.headers["last-modified"] == format_datetime(
        finished.replace(microsecond=0), usegmt=True
    )


def test_cors_allows_only_the_configured_origins(home: Path) -> None:
    open_client = build(home, cors=("https://portal.example",))
    allowed = open_client.get("/api/v1/search", headers={"Origin": "https://portal.example"})
    other = open_client.get("/api/v1/search", headers={"Origin": "https://evil.example"})
    closed = build(home).get("/api/v1/search", headers={"Origin": "https://portal.example"})

    assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
    assert "ETag" in allowed.headers["access-control-expose-headers"]
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in closed.headers


# -- admin -------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "s3cret-admin-token"])
@pytest.mark.parametrize("sent", [None, "Bearer wrong", "Basic czNjcmV0", "Bearer "])
def test_admin_without_the_right_token_is_a_bare_401(
    home: Path, token: str | None, sent: str | None
) -> None:
    client = build(home, token=token)
    headers = {"Authorization": sent} if sent else {}

    for method, path in (("GET", "quarantine"), ("POST", "harvest"), ("GET", "harvest")):
        response = client.request(method, f"/api/v1/admin/{path}", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == 'Bearer realm="regiohub-admin"'
        assert response.json()["detail"].startswith("Anmeldung nötig")
        assert "s3cret" not in response.text


def test_admin_reads_the_quarantine_with_the_token(home: Path) -> None:
    client = build(home, token="s3cret-admin-token")
    SQLiteStore(home / "catalogue.sqlite3").quarantine(
        [Rejection(source_id="zz-kurse", key="k1", reason="no title", step="validate", record={})],
        run_id=None,
    )

    response = client.get(
        "/api/v1/admin/quarantine", headers={"Authorization": "Bearer s3cret-admin-token"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert (body["entries"][0]["record_key"], body["entries"][0]["reason"]) == ("k1", "no title")


def test_admin_harvest_rejects_unknown_sources_by_name(home: Path) -> None:
    client = build(home, token="t0ken")

    response = client.post(
        "/api/v1/admin/harvest",
        json={"sources": ["gibt-es-nicht"]},
        headers={"Authorization": "Bearer t0ken"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "sources"
    assert "gibt-es-nicht" in response.json()["detail"]


# -- partners and sources ----------------------------------------------------------------------


def test_partners_lists_centres_with_their_sources_and_counts(client: TestClient) -> None:
    body = client.get("/api/v1/partners").json()

    sachsen, ruhr = body["partners"]
    assert (sachsen["name"], sachsen["url"], sachsen["listings"]) == (
        "Zukunftszentrum Sachsen",
        "https://zz-sachsen.example",
        3,
    )
    assert [(s["id"], s["kind_label"], s["listings"]) for s in sachsen["sources"]] == [
        ("zz-kurse", "Weiterbildung", 2),
        ("zz-foerderung", "Förderung", 1),
    ]
    assert sachsen["search_url"] == "/suche?partner=Zukunftszentrum+Sachsen"
    assert (ruhr["name"], ruhr["sources"][0]["enabled"]) == ("Zukunfts-HUB Ruhr", False)


def test_sources_report_last_successful_harvest_and_counts(home: Path) -> None:
    client = build(home)
    store = SQLiteStore(home / "catalogue.sqlite3")
    good = store.start_run("zz-kurse")
    store.finish_run(good, SourceCounts(source_id="zz-kurse", status="ok"))
    bad = store.start_run("zz-kurse")
    store.finish_run(bad, SourceCounts(source_id="zz-kurse", status="failed", error="secret"))

    rows = {row["id"]: row for row in client.get("/api/v1/sources").json()["sources"]}

    kurse = rows["zz-kurse"]
    assert (kurse["listings"], kurse["last_run_status"]) == (2, "failed")
    assert kurse["last_success_at"] == store.runs("zz-kurse")[1].finished_at
    assert rows["zz-foerderung"]["last_success_at"] is None
    assert "secret" not in json.dumps(rows)


# -- feeds and JSON-LD -------------------------------------------------------------------------


def test_atom_feed_of_a_search_lists_its_hits(client: TestClient) -> None:
    response = client.get("/api/v1/search.atom", params={"region": "DE-SN"})

    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "regiohub: Angebote"
    assert {entry.title for entry in feed.entries} == {
        "Datenschutz im Betrieb",
        "Excel für Einsteiger",
        "Digitalbonus Sachsen",
    }
    assert any(e.link == "https://zz-sachsen.example/dsgvo" for e in feed.entries)


def test_icalendar_has_one_event_per_dated_hit(client: TestClient) -> None:
    response = client.get("/api/v1/search.ics")

    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "Datenschutz im Betrieb",
        "Excel für Einsteiger",
        "Netzwerktreffen Führung",
    }
    course = events["Datenschutz im Betrieb"]
    assert course.decoded("dtstart") == at(6, 2, 15)
    assert course.decoded("dtend") == at(6, 2, 17)
    assert str(course["location"]) == "Markt 1, 04109 Leipzig"
    assert str(course["uid"]) == f"{BY_KEY['dsgvo'].id}@testserver"


def test_csv_opens_as_a_german_spreadsheet_and_neutralises_formulas(home: Path) -> None:
    CATALOGUE.append(make("formel", '=HYPERLINK("http://x")', "zz-kurse"))
    try:
        client = build(home)
        response = client.get("/api/v1/search.csv", params={"kind": "course"})
    finally:
        CATALOGUE.pop()

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    titles = {row["titel"]: row for row in rows}
    assert titles["Datenschutz im Betrieb"]["kosten"] == "150,00 €"
    assert titles["Datenschutz im Betrieb"]["ort"] == "Markt 1, 04109 Leipzig"
    assert '\'=HYPERLINK("http://x")' in titles


@pytest.mark.parametrize(
    ("key", "schema_type", "field"),
    [
        ("dsgvo", "Course", "hasCourseInstance"),
        ("netz", "Event", "startDate"),
        ("bonus", "MonetaryGrant", "funder"),
    ],
)
def test_listing_pages_carry_schema_org_json_ld(
    client: TestClient, key: str, schema_type: str, field: str
) -> None:
    page = client.get(f"/angebote/{BY_KEY[key].id}").text

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["name"] == BY_KEY[key].title
    assert field in data


# -- documentation and pages -------------------------------------------------------------------


def test_docs_page_loads_swagger_ui_from_this_server_only(client: TestClient) -> None:
    page = client.get("/docs").text

    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") for a in assets), assets
    assert "cdn" not in page.lower()
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_openapi_documents_every_endpoint_and_problem_json_errors(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()

    for path in (
        "/api/v1/search",
        "/api/v1/search.atom",
        "/api/v1/search.ics",
        "/api/v1/search.csv",
        "/api/v1/facets",
        "/api/v1/suggest",
        "/api/v1/partners",
        "/api/v1/sources",
        "/api/v1/admin/harvest",
        "/api/v1/admin/quarantine",
    ):
        assert path in schema["paths"], path
    search = schema["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"topic", "audience", "free", "date_from", "near", "radius", "sort", "cursor"} <= names
    assert "application/problem+json" in search["responses"]["422"]["content"]


def test_start_page_offers_entry_points_by_kind_with_counts(client: TestClient) -> None:
    page = client.get("/").text

    assert '<form class="search" action="/suche"' in page
    for kind, label in (
        ("course", "Weiterbildung"),
        ("funding", "Förderung"),
        ("advice", "Beratung"),
        ("event", "Veranstaltung"),
        ("good_practice", "Praxisbeispiel"),
    ):
        assert f'href="/suche?kind={kind}"' in page
        assert f'<span class="entry-title">{label}</span>' in page
    assert '<span class="entry-count">2 Angebote</span>' in page


def test_results_page_links_feeds_sort_and_removable_place_filter(client: TestClient) -> None:
    page = client.get("/suche", params={"q": "Datenschutz", "near": "Leipzig", "radius": 25}).text

    assert "1 Angebot gefunden" in page
    assert 'href="/api/v1/search.atom?q=Datenschutz&amp;near=Leipzig&amp;radius=25"' in page
    assert 'href="/api/v1/search.ics?q=Datenschutz&amp;near=Leipzig&amp;radius=25"' in page
    assert "In der Nähe von: Leipzig, Umkreis 25 km" in page
    assert 'href="/suche?q=Datenschutz"' in page  # removes place and radius together
    assert 'href="/suche?q=Datenschutz&amp;near=Leipzig&amp;radius=25&amp;sort=distance"' in page
    assert "km entfernt" in page


def test_partner_page_lists_centres_and_links_to_their_offers(client: TestClient) -> None:
    page = client.get("/partner").text

    assert "<h2>Zukunftszentrum Sachsen</h2>" in page
    assert 'href="https://zz-sachsen.example"' in page
    assert 'href="/suche?partner=Zukunftszentrum+Sachsen">3 Angebote durchsuchen</a>' in page
    assert "derzeit nicht abgerufen" in page


def test_unknown_html_page_is_a_german_404(client: TestClient) -> None:
    response = client.get("/gibt-es-nicht")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text


@pytest.mark.slow
def test_admin_harvest_fills_the_catalogue_and_the_public_status(
    demo_server: DemoServer, make_runtime
) -> None:
    expected = json.loads((Path(__file__).parents[1] / "demo" / "expected.json").read_text())
    runtime = make_runtime(demo_server.sources_toml())
    settings = replace(runtime.settings, admin_token="t0ken")
    app = create_app(runtime.index, runtime.store, settings=settings, runtime=runtime)
    client = TestClient(app)
    auth = {"Authorization": "Bearer t0ken"}

    source_id, facts = sorted(expected["sources"].items())[0]

    started = client.post("/api/v1/admin/harvest", json={"sources": [source_id]}, headers=auth)
    assert started.status_code == 202
    assert started.json()["started"] == [source_id]
    app.state.context.harvests.wait(180)

    status = client.get("/api/v1/admin/harvest", headers=auth).json()
    assert status["running"] is False and status["error"] is None
    assert [(row["source_id"], row["status"]) for row in status["last"]] == [(source_id, "ok")]
    search = client.get("/api/v1/search", params={"upcoming": False, "size": 1}).json()
    assert search["total"] == facts["valid"]
    sources = {row["id"]: row for row in client.get("/api/v1/sources").json()["sources"]}
    assert (
        sources[source_id]["last_success_at"] and sources[source_id]["listings"] == facts["valid"]
    )
    assert all(row["last_success_at"] is None for sid, row in sources.items() if sid != source_id)
    quarantine = client.get("/api/v1/admin/quarantine", headers=auth).json()
    assert quarantine["total"] == facts["broken"]


def test_links_of_the_first_version_still_show_results(client: TestClient) -> None:
    page = client.get("/", params={"q": "Excel"}).text

    assert "1 Angebot gefunden" in page
    assert "Wonach suchen Sie?" not in page
