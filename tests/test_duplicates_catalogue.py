"""The same course from a provider and from a portal is one listing with two sources.

Real flows, real store, real Tantivy index, real partner servers on loopback and the real
detail page: one hit, both sources visible on it, and the alternate steps in when the
canonical record is gone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from servers import Route, ScriptedServer

from flows.core import harvest_plain, index_listings
from hub.index.base import SearchQuery
from hub.runtime import Runtime
from search_api import create_app

PROVIDER = [
    {"id": "p-1", "titel": "KI im Mittelstand", "termin": "03.06.2027", "ort": "Leipzig"},
]
PORTAL = [
    {"id": "x-7", "titel": "Webinar: KI im Mittelstand", "termin": "03.06.2027", "ort": "Leipzig"},
    {"id": "x-8", "titel": "KI im Mittelstand", "termin": "01.07.2027", "ort": "Leipzig"},
]


def source(sid: str, partner: str, url: str) -> str:
    return f"""
[[source]]
id = "{sid}"
type = "json"
kind = "course"
[source.partner]
name = "{partner}"
[source.options]
url = "{url}"
fields = {{ title = "titel", date = "termin", place = "ort", url = "link" }}
"""


def feed(items: list[dict[str, Any]], base: str) -> Route:
    body = [{**item, "link": f"{base}/kurse/{item['id']}"} for item in items]
    return Route(json.dumps(body).encode(), headers={"Content-Type": "application/json"})


@pytest.fixture
def runtime(make_runtime: Callable[..., Runtime]) -> Iterator[Runtime]:
    """Portal harvested first (so its record is canonical: seen first), then the provider."""
    with ScriptedServer() as server:
        server.routes["/provider.json"] = feed(PROVIDER, server.url)
        server.routes["/portal.json"] = feed(PORTAL, server.url)
        toml = source("portal", "Bildungsportal Sachsen", f"{server.url}/portal.json")
        toml += source("anbieter", "Zukunftszentrum Leipzig", f"{server.url}/provider.json")
        runtime = make_runtime(toml)
        portal, provider = runtime.sources.sources
        harvest_plain(runtime, [portal])
        harvest_plain(runtime, [provider])
        yield runtime


def hits(runtime: Runtime, text: str) -> list[dict[str, Any]]:
    return [h.listing for h in runtime.index.search(SearchQuery(text=text)).hits]


def test_one_hit_with_both_sources(runtime: Runtime) -> None:
    assert runtime.store.count_listings() == 3, "every source's record is kept in the store"
    found = [
        h for h in hits(runtime, "KI Mittelstand") if h["schedule"]["start"][:10] == "2027-06-03"
    ]
    assert len(found) == 1, found
    (hit,) = found
    assert hit["source_id"] == "portal", "canonical is the record seen first"
    assert [a["source_id"] for a in hit["alternates"]] == ["anbieter"]
    assert hit["alternates"][0]["partner"]["name"] == "Zukunftszentrum Leipzig"
    assert hit["alternates"][0]["url"].endswith("/kurse/p-1")
    assert runtime.index.count() == 2, "the July course is another offer, not a duplicate"

    app = create_app(runtime.index, runtime.store, settings=runtime.settings, routers=[])
    page = TestClient(app).get(f"/angebote/{hit['id']}")
    assert page.status_code == 200
    assert "Auch angeboten bei" in page.text and "Zukunftszentrum Leipzig" in page.text


def test_reharvest_keeps_the_grouping_and_the_alternate_steps_in_when_canonical_goes(
    runtime: Runtime,
) -> None:
    harvest_plain(runtime, runtime.sources.sources)  # both again: nothing moves
    (hit,) = [h for h in hits(runtime, "KI Mittelstand") if "2027-06-03" in h["schedule"]["start"]]
    assert hit["source_id"] == "portal" and len(hit["alternates"]) == 1

    gone = runtime.store.delete_listings([hit["id"]])
    index_listings(runtime, [], gone)
    (hit,) = [h for h in hits(runtime, "KI Mittelstand") if "2027-06-03" in h["schedule"]["start"]]
    assert hit["source_id"] == "anbieter" and hit["alternates"] == []
    assert runtime.index.count() == runtime.store.count_listings() == 2
