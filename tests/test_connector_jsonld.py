"""The jsonld and sitemap connectors against a fixture site served over HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connectors.jsonld import JsonldConnector
from connectors.sitemap import SitemapConnector
from connectors.testing import FixtureServer, Harvest, run_connector
from hub.config import SourceConfig
from hub.errors import ConfigError
from hub.plugins import build_registry
from pipelines import build_pipeline

ROOT = Path(__file__).parent / "fixtures" / "connectors" / "site"


def source(source_type: str, options: dict[str, Any]) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "zz-sachsen-seiten",
            "type": source_type,
            "kind": "course",
            "partner": {"name": "Zukunftszentrum Sachsen"},
            "options": options,
        }
    )


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FixtureServer, FixtureServer]]:
    with FixtureServer(ROOT) as other, FixtureServer(ROOT, other_url=other.url) as server:
        yield server, other


@pytest.fixture(scope="module")
def server(servers: tuple[FixtureServer, FixtureServer]) -> FixtureServer:
    return servers[0]


@pytest.fixture(scope="module")
def from_list(server: FixtureServer) -> Harvest:
    options = {
        "start_urls": [f"{server.url}/kurse/index.html"],
        "item_links": "a.detail::attr(href)",
        "next_page": "a.weiter::attr(href)",
    }
    return run_connector(JsonldConnector, source("jsonld", options))


def test_list_pages_lead_to_every_schema_org_item(from_list: Harvest, server: FixtureServer):
    base = server.url
    assert from_list.keys == [
        f"{base}/kurse/cybersicherheit.html#kurs",  # JSON-LD @id
        f"{base}/kurse/barcamp.html",  # microdata, one item: the page
        f"{base}/foerderung/digitalbonus.html",  # RDFa
        f"{base}/foerderung/beratung.html#dienst",  # JSON-LD @graph
    ]


def test_course_with_course_instance_and_offer(from_list: Harvest) -> None:
    assert from_list.records[0].fields == {
        "title": "Cybersicherheit für kleine Betriebe",
        "description": "Grundlagen der IT-Sicherheit für KMU.",
        "date": "2027-03-01/2027-03-05",
        "place": "Bildungswerk Leipzig, Markt 1, 04109 Leipzig",
        "mode": "Hybrid",
        "price": "490,00 EUR",
        "provider": "Bildungswerk Leipzig",
        "kind": "course",
        "topics": ["IT-Sicherheit", "Digitalisierung"],
    }


def test_microdata_education_event(from_list: Harvest) -> None:
    assert from_list.records[1].fields == {
        "title": "Barcamp Arbeit 4.0",
        "description": "Offenes Format zur Zukunft der Arbeit.",
        "date": "2027-04-15T09:00:00+02:00/2027-04-15T16:00:00+02:00",
        "place": "Zukunftszentrum Sachsen, Hauptstraße 5, 01067 Dresden",
        "mode": "Präsenz",
        "price": "kostenfrei",
        "provider": "Zukunftszentrum Sachsen",
        "kind": "event",
    }


def test_rdfa_monetary_grant_and_government_service(from_list: Harvest) -> None:
    grant, service = from_list.records[2].fields, from_list.records[3].fields
    assert grant == {
        "title": "Digitalbonus Sachsen",
        "description": "Zuschuss für Digitalisierungsprojekte kleiner Unternehmen.",
        "provider": "Sächsische Aufbaubank",
        "kind": "funding",
        "deadline": "2027-06-30",
        "funding": "bis 50.000,00 EUR",
    }
    assert service["kind"] == "advice"
    assert service["audience"] == ["Beschäftigte"]
    assert service["provider"] == "Zukunftszentrum Sachsen"


def test_an_off_site_link_is_refused_and_noted(
    from_list: Harvest, servers: tuple[FixtureServer, FixtureServer]
) -> None:
    assert servers[1].hits == []
    refused = "steht nicht in der Konfiguration"
    assert any("fremd.html" in n and refused in n for n in from_list.context.notes)
    assert from_list.context.partial  # a page it could not read is not a page that is gone


def test_the_catalogue_gets_correct_listings(from_list: Harvest) -> None:
    pipeline = build_pipeline(build_registry(entry_points=False))
    listings, rejections = pipeline.process_many(
        from_list.records, source("jsonld", {"sitemap": "http://x.example/s.xml"})
    )
    assert rejections == []
    kinds = {x.title: x.kind for x in listings}
    assert kinds == {
        "Cybersicherheit für kleine Betriebe": "course",
        "Barcamp Arbeit 4.0": "event",
        "Digitalbonus Sachsen": "funding",
        "Weiterbildungsberatung für Beschäftigte": "advice",
    }
    course = listings[0]
    assert course.mode == "hybrid" and course.price is not None and course.price.amount == 490
    assert course.place is not None and course.place.postcode == "04109"


def test_sitemap_index_with_gzip_hands_pages_to_jsonld(
    servers: tuple[FixtureServer, FixtureServer],
):
    server, other = servers
    harvest = run_connector(
        SitemapConnector, source("sitemap", {"url": f"{server.url}/sitemap.xml"})
    )
    assert [r.fields["title"] for r in harvest.records] == [
        "Cybersicherheit für kleine Betriebe",
        "Barcamp Arbeit 4.0",
        "Digitalbonus Sachsen",
        "Weiterbildungsberatung für Beschäftigte",
    ]
    assert "/sitemap-kurse.xml.gz" in server.paths()
    assert other.hits == []  # the index's foreign sitemap was not fetched
    assert harvest.context.partial  # … and what it lists may still be published
    assert harvest.context.state == {"lastmod": "2026-11-20T09:00:00+00:00"}


def test_sitemap_lastmod_makes_the_next_run_incremental(server: FixtureServer) -> None:
    entry = source(
        "sitemap", {"url": f"{server.url}/sitemap.xml", "include": "/(kurse|foerderung)/"}
    )
    first = run_connector(SitemapConnector, entry)
    assert not first.context.incremental
    later = run_connector(SitemapConnector, entry, {"lastmod": "2026-11-05T00:00:00+00:00"})
    # barcamp changed after the saved date; beratung has no lastmod, so it is always read
    assert [r.fields["title"] for r in later.records] == [
        "Barcamp Arbeit 4.0",
        "Weiterbildungsberatung für Beschäftigte",
    ]
    assert later.context.incremental  # the flow must not delete what it did not look at
    assert later.context.state["lastmod"] == "2026-11-20T09:00:00+00:00"


def test_sitemap_with_html_selectors(server: FixtureServer) -> None:
    options = {
        "url": f"{server.url}/sitemap-kurse.xml",
        "extract": "html",
        "fields": {"title": "h1.titel::text", "date": "p.termin::text"},
    }
    harvest = run_connector(SitemapConnector, source("sitemap", options))
    assert [(r.key, r.fields) for r in harvest.records] == [
        (
            f"{server.url}/kurse/cybersicherheit.html",
            {"title": "Cybersicherheit für kleine Betriebe", "date": "01.03.2027 bis 05.03.2027"},
        ),
        (
            f"{server.url}/kurse/barcamp.html",
            {"title": "Barcamp Arbeit 4.0", "date": "15.04.2027, 9–16 Uhr"},
        ),
    ]


@pytest.mark.parametrize(
    ("source_type", "options", "message"),
    [
        ("jsonld", {}, "entweder start_urls"),
        (
            "jsonld",
            {"sitemap": "http://x.example/s.xml", "types": ["Recipe"]},
            "nicht unterstützte Typen",
        ),
        ("sitemap", {"url": "http://x.example/s.xml", "extract": "html"}, "title"),
        ("sitemap", {"url": "http://x.example/s.xml", "include": "("}, "kein regulärer Ausdruck"),
    ],
)
def test_bad_options_are_config_errors(source_type: str, options: dict[str, Any], message: str):
    connector = JsonldConnector if source_type == "jsonld" else SitemapConnector
    with pytest.raises(ConfigError, match=message):
        run_connector(connector, source(source_type, options))
