"""The OpenAPI schema says what the API answers, and the answers hold no caller's Host.

schemathesis runs against the running app (uvicorn on loopback, real Tantivy index and SQLite
store) over every operation, schema-valid and schema-violating requests, all checks on; the
examples per operation are few so the run stays within seconds. Beside it, the findings of
the hardening issue one by one: cursor bounds, documented problems, OPTIONS, the public URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from conftest import ApiServer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.schemas import OpenApiSchema

from hub.config import Settings
from hub.errors import ConfigError
from hub.index import open_index
from hub.model import Listing, Partner, Place, Price, Schedule
from hub.plugins import build_registry
from hub.store import SQLiteStore
from search_api import create_app
from search_api.schemas import PLACE_FORMAT

#: examples per operation: enough to reach each parameter, few enough for CI
EXAMPLES = 12
TOKEN = "schema-test-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
SOURCES = """
[[source]]
id = "zz-kurse"
type = "feed"
kind = "course"
[source.partner]
name = "Zukunftszentrum Sachsen"
url = "https://zz-sachsen.example"
[source.options]
url = "https://zz-sachsen.example/kurse.xml"
"""


def _listings() -> list[Listing]:
    partner = Partner(name="Zukunftszentrum Sachsen", url="https://zz-sachsen.example")
    return [
        Listing(
            id=f"zz-kurse-{n}",
            source_id="zz-kurse",
            source_key=str(n),
            kind=kind,  # type: ignore[arg-type]
            partner=partner,
            title=f"Datenschutz und Digitalisierung {n}",
            description_text="Grundlagen für kleine und mittlere Unternehmen.",
            url=f"https://zz-sachsen.example/{n}",
            topics=["Datenschutz"],
            regions=["DE-SN"],
            place=Place(city="Leipzig", postcode="04109", lat=51.34, lon=12.37),
            mode="hybrid",
            schedule=Schedule(start=datetime(2027, 5, n + 1, 9, tzinfo=UTC)),
            price=Price(amount=10.0 * n, currency="EUR"),
        ).with_hash()
        for n, kind in enumerate(("course", "event", "funding", "advice", "good_practice"))
    ]


def make_app(home: Path, public_url: str | None = None) -> FastAPI:
    if not (home / "catalogue.sqlite3").exists():
        (home / "sources.toml").write_text(SOURCES, encoding="utf-8")
        listings = _listings()
        SQLiteStore(home / "catalogue.sqlite3").upsert_listings(listings)
        index = open_index(f"tantivy://{home / 'index'}")
        index.ensure()
        index.upsert(listings)
    config = Settings(
        home=home,
        sources_file=home / "sources.toml",
        index_url="tantivy://",
        admin_token=TOKEN,
        public_url=public_url,
    )
    index = open_index(f"tantivy://{home / 'index'}")
    store = SQLiteStore(home / "catalogue.sqlite3")
    # the built-in plugin routers too (change feed, metrics, operator page), as `serve` has them
    return create_app(index, store, settings=config, routers=build_registry().routers)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("schema-home")


@pytest.fixture(scope="module")
def api_schema(home: Path) -> Iterator[OpenApiSchema]:
    with ApiServer(make_app(home)) as server:
        yield schemathesis.openapi.from_url(f"{server.url}/openapi.json")


@pytest.fixture(scope="module")
def client(home: Path) -> TestClient:
    return TestClient(make_app(home), base_url="http://127.0.0.1:8000")


#: what a person types into "near": towns, "PLZ Ort", coordinates (the schema's place format)
PLACES = ["Leipzig", "04109 Leipzig", "Dresden", "Chemnitz", "51.34,12.37", "Dortmund"]
schemathesis.openapi.format(PLACE_FORMAT, st.sampled_from(PLACES))


def checked(operation: Any, mode: GenerationMode, calls: list[int]) -> Callable[[], None]:
    """One hypothesis run over ``operation``: every built-in check on every answer."""
    # reads behind the admin token are checked with it; starting a harvest is not (it
    # would fetch the sources), so that operation is checked for its documented 401
    headers = ADMIN if operation.method.upper() == "GET" else {}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def answers_within_schema(case: schemathesis.Case) -> None:
        calls.append(1)
        case.call_and_validate(headers=headers)

    return answers_within_schema


@pytest.mark.slow
def test_every_operation_answers_within_its_schema(api_schema: OpenApiSchema) -> None:
    # schemathesis' own pytest fixture loader does not run on pytest 9 yet, so each
    # operation gets its own hypothesis run here, against the live server, with every
    # built-in check on: no 5xx, answers match the schema (status, content type, headers,
    # body), schema-valid requests are accepted and schema-violating ones refused
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    calls: list[int] = []
    runs = [(o, m) for o in operations for m in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    for operation, mode in runs:
        try:
            checked(operation, mode, calls)()
        except Unsatisfiable:  # no parameters: there is no schema-violating request to make
            assert mode is GenerationMode.NEGATIVE and not operation.query
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure
            failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert not failures, "\n\n".join(failures)
    assert len(calls) >= len(runs) * 3


# -- the findings one by one -------------------------------------------------------------------


def test_a_cursor_beyond_the_stores_integers_is_a_documented_422(client: TestClient) -> None:
    response = client.get("/api/v1/changes", params={"after": "1" * 22})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["parameter"] == "after"
    documented = client.get("/openapi.json").json()["paths"]["/api/v1/changes"]["get"]
    problem = documented["responses"]["422"]["content"]["application/problem+json"]
    assert problem["schema"]["$ref"].endswith("/ProblemOut")


def test_admin_answers_are_documented_with_their_401_and_400(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/betrieb", "/api/v1/ops/sources", "/api/v1/admin/quarantine"):
        assert "401" in paths[path]["get"]["responses"], path
        assert client.get(path).status_code == 401
    assert "text/html" in paths["/betrieb"]["get"]["responses"]["401"]["content"]
    harvest = paths["/api/v1/admin/harvest"]["post"]["responses"]
    assert {"400", "401", "409", "422"} <= set(harvest)
    bad = client.post(
        "/api/v1/admin/harvest",
        content=b"{kein json",
        headers={**ADMIN, "Content-Type": "application/json"},
    )
    assert (
        bad.status_code in (400, 422) and bad.headers["content-type"] == "application/problem+json"
    )


def test_metrics_are_documented_as_the_text_they_are(client: TestClient) -> None:
    documented = client.get("/openapi.json").json()["paths"]["/metrics"]["get"]["responses"]
    assert list(documented["200"]["content"]) == ["text/plain"]
    assert client.get("/metrics").headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/v1/admin/harvest", "GET, OPTIONS, POST"),
        ("/api/v1/search", "GET, OPTIONS"),
        ("/angebote/zz-kurse-0", "GET, OPTIONS"),
        ("/static/style.css", "GET, HEAD, OPTIONS"),
    ],
)
def test_options_names_every_method_of_the_path(client: TestClient, path: str, allow: str) -> None:
    response = client.options(path)
    assert response.status_code == 204
    assert response.headers["allow"] == allow


def test_options_on_an_unknown_path_is_still_a_404(client: TestClient) -> None:
    assert client.options("/gibt-es-nicht").status_code == 404


def test_a_forged_host_header_reaches_no_link(home: Path) -> None:
    # REGIOHUB_PUBLIC_URL unset; uvicorn on loopback, the request naming another host
    with ApiServer(make_app(home)) as server:
        found = {
            path: httpx.get(server.url + path, headers={"Host": "evil.example"}).text
            for path in (
                "/angebote/zz-kurse-0",
                "/api/v1/search.atom",
                "/api/v1/search.ics",
                "/api/v1/search.csv",
            )
        }
    for path, text in found.items():
        assert "evil.example" not in text, path
    # the address the server is bound to instead, which no caller chooses
    assert f'"@id":"{server.url}/angebote/zz-kurse-0"' in found["/angebote/zz-kurse-0"]


def test_links_use_the_configured_public_url(home: Path) -> None:
    public = TestClient(
        make_app(home, "https://weiterbildung-sachsen.example"), base_url="http://evil.example"
    )
    page = public.get("/angebote/zz-kurse-0").text
    assert '"@id":"https://weiterbildung-sachsen.example/angebote/zz-kurse-0"' in page
    atom = public.get("/api/v1/search.atom", params={"q": "Datenschutz"}).text
    assert 'href="https://weiterbildung-sachsen.example/api/v1/search.atom?q=Datenschutz"' in atom
    ics = public.get("/api/v1/search.ics").text
    assert "@weiterbildung-sachsen.example" in ics


def test_on_loopback_the_request_gives_the_address(client: TestClient) -> None:
    page = client.get("/angebote/zz-kurse-0").text
    assert '"@id":"http://127.0.0.1:8000/angebote/zz-kurse-0"' in page


def test_a_public_url_that_is_no_web_address_is_one_clear_sentence() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"REGIOHUB_PUBLIC_URL": "weiterbildung.example"})
    assert "REGIOHUB_PUBLIC_URL='weiterbildung.example' ist keine Webadresse" in str(caught.value)
