"""schemathesis against the running app's OpenAPI: no 5xx, every answer matches the schema.

The app runs under uvicorn on loopback over the real Tantivy index and SQLite store; examples
per operation are few so the whole run stays within seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from conftest import ApiServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.schemas import OpenApiSchema

from hub.config import Settings
from hub.index import open_index
from hub.model import Listing, Partner, Place, Price, Schedule
from hub.plugins import build_registry
from hub.store import Store
from search_api import create_app
from search_api.schemas import PLACE_FORMAT

pytestmark = pytest.mark.slow
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


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenApiSchema]:
    home: Path = tmp_path_factory.mktemp("schema-home")
    (home / "sources.toml").write_text(SOURCES, encoding="utf-8")
    listings = _listings()
    store = Store(home / "catalogue.sqlite3")
    store.upsert_listings(listings)
    index = open_index(f"tantivy://{home / 'index'}")
    index.ensure()
    index.upsert(listings)
    config = Settings(
        home=home, sources_file=home / "sources.toml", index_url="tantivy://", admin_token=TOKEN
    )
    # the built-in plugin routers too (change feed, metrics, operator page), as `serve` has them
    routers = build_registry().routers
    with ApiServer(create_app(index, store, settings=config, routers=routers)) as server:
        yield schemathesis.openapi.from_url(f"{server.url}/openapi.json")


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
