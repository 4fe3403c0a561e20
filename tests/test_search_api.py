"""The search API's JSON endpoints, over the real SQLite store and an in-memory index.

The German web pages are tested in ``test_search_api_web.py``; the shared index, catalogue and
client live in ``search_api_helpers.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from search_api_helpers import (
    CATALOGUE,
    BrokenIndex,
    ListIndex,
    make_client,
    make_listing,
)

from hub.model import Listing


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path, CATALOGUE)


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
        "detail": "Kein Angebot mit der id 'nirgendwo-0000'. Ids finden Sie über /api/v1/search.",
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


def test_a_plugin_may_register_a_function_that_returns_its_router(tmp_path: Path) -> None:
    # called when the app is built, so processes that serve nothing never import the router
    built: list[str] = []

    def later() -> APIRouter:
        built.append("router")
        router = APIRouter()
        router.add_api_route("/plugin/later", lambda: {"spät": "ja"})
        return router

    client = make_client(tmp_path, CATALOGUE, routers=[later])

    assert built == ["router"]
    assert client.get("/plugin/later").json() == {"spät": "ja"}


def test_a_plugin_router_function_that_fails_leaves_the_search_running(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> APIRouter:
        raise RuntimeError("kaputt")

    client = make_client(tmp_path, CATALOGUE, routers=[broken])

    assert client.get("/health").json()["status"] == "ok"
    assert "its routes are missing" in caplog.text
