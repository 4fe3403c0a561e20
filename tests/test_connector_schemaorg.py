"""schema.org pages as partners write them: several course runs, Event subtypes, cancelled
events, nested items, aggregate prices, several course modes, shared sitemaps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from connectors.jsonld import JsonldConnector
from connectors.sitemap import SitemapConnector
from connectors.testing import FixtureServer, Harvest, run_connector
from hub.config import SourceConfig
from hub.plugins import build_registry
from pipelines import build_pipeline


def page(*items: dict[str, Any]) -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(i, ensure_ascii=False)}</script>'
        for i in items
    )
    return f'<!doctype html><html><head><meta charset="utf-8">{scripts}</head><body></body></html>'


def run(tmp_path: Path, pages: dict[str, str], **options: Any) -> tuple[Harvest, SourceConfig]:
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with FixtureServer(tmp_path) as server:
        urls = [f"{server.url}/{name}" for name in pages]
        entry = {
            "id": "zz-schema",
            "type": "jsonld",
            "kind": "course",
            "partner": {"name": "Zukunftszentrum"},
            "options": {"start_urls": urls, **options},
        }
        source = SourceConfig.model_validate(entry)
        return run_connector(JsonldConnector, source), source


def instance(start: str, town: str, postcode: str, **more: Any) -> dict[str, Any]:
    return {
        "@type": "CourseInstance",
        "startDate": start,
        "location": {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "postalCode": postcode, "addressLocality": town},
        },
        **more,
    }


COURSE = {
    "@context": "https://schema.org",
    "@type": "Course",
    "name": "Schweißen Grundkurs",
    "hasCourseInstance": [
        instance("2027-03-01", "Leipzig", "04109", courseMode="onsite"),
        instance("2027-04-01", "Dresden", "01067", courseMode=["onsite", "online"]),
        instance("2027-05-01", "Chemnitz", "09111", courseMode="MOOC"),
    ],
}


def test_one_listing_per_course_instance_with_its_own_date_place_and_mode(
    tmp_path: Path,
) -> None:
    harvest, source = run(tmp_path, {"kurs.html": page(COURSE)})
    fields = [(r.fields["date"], r.fields["place"], r.fields["mode"]) for r in harvest.records]
    assert fields == [
        ("2027-03-01", "04109 Leipzig", "Präsenz"),
        ("2027-04-01", "01067 Dresden", "Hybrid"),
        ("2027-05-01", "09111 Chemnitz", "Online"),
    ]
    assert len(set(harvest.keys)) == 3
    again, _ = run(tmp_path, {"kurs.html": page(COURSE)})
    # the same page on another run (the loopback port differs) gives the same keys
    assert [k.split("/", 3)[3] for k in again.keys] == [k.split("/", 3)[3] for k in harvest.keys]
    listings, rejections = build_pipeline(build_registry(entry_points=False)).process_many(
        harvest.records, source
    )
    assert rejections == [] and [lst.place.city for lst in listings if lst.place] == [
        "Leipzig",
        "Dresden",
        "Chemnitz",
    ]


@pytest.mark.parametrize(
    "event_type", ["ExhibitionEvent", "Hackathon", "SocialEvent", "ConferenceEvent"]
)
def test_every_event_subtype_is_an_event(tmp_path: Path, event_type: str) -> None:
    item = {"@context": "https://schema.org", "@type": event_type, "name": "Tag der Technik",
            "startDate": "2027-06-01"}  # fmt: skip
    harvest, _ = run(tmp_path, {"e.html": page(item)})
    kinds = [r.fields.get("kind") for r in harvest.records]
    # ConferenceEvent is not a schema.org type: it is neither guessed nor an error
    assert kinds == ([] if event_type == "ConferenceEvent" else ["event"])


def test_types_may_name_an_event_subtype(tmp_path: Path) -> None:
    items = [
        {"@context": "https://schema.org", "@type": "ExhibitionEvent", "name": "Messe"},
        {"@context": "https://schema.org", "@type": "Course", "name": "Kurs"},
    ]
    harvest, _ = run(tmp_path, {"m.html": page(*items)}, types=["ExhibitionEvent"])
    assert [r.fields["title"] for r in harvest.records] == ["Messe"]


def test_a_cancelled_event_is_not_listed_and_reported_deleted(tmp_path: Path) -> None:
    item = {
        "@context": "https://schema.org",
        "@type": "EducationEvent",
        "name": "Abgesagt",
        "eventStatus": "https://schema.org/EventCancelled",
        "startDate": "2027-06-01",
    }
    harvest, _ = run(tmp_path, {"a.html": page(item)})
    assert harvest.records == []
    assert len(harvest.context.deleted_keys) == 1
    assert next(iter(harvest.context.deleted_keys)).endswith("/a.html")


def test_courses_in_an_item_list_and_an_organisations_events_are_read(tmp_path: Path) -> None:
    listing = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": {"@type": "Course", "name": "Excel"}},
            {"@type": "Course", "name": "Word"},
        ],
    }
    organisation = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Handwerkskammer Dresden",
        "event": [{"@type": "Event", "name": "Meisterabend", "startDate": "2027-02-02"}],
    }
    harvest, _ = run(tmp_path, {"l.html": page(listing), "o.html": page(organisation)})
    by_title = {r.fields["title"]: r.fields for r in harvest.records}
    assert set(by_title) == {"Excel", "Word", "Meisterabend"}
    assert by_title["Meisterabend"]["provider"] == "Handwerkskammer Dresden"


def test_aggregate_offers_audience_types_and_credentials_are_read(tmp_path: Path) -> None:
    item = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": "Fachkraft Lager",
        "description": "Qualifizierung.",
        "offers": {"@type": "AggregateOffer", "lowPrice": "99.5", "priceCurrency": "EUR"},
        "audience": {"@type": "Audience", "audienceType": ["Arbeitsuchende", "Beschäftigte"]},
        "educationalCredentialAwarded": {
            "@type": "EducationalOccupationalCredential",
            "name": "IHK-Zertifikat",
        },
    }
    harvest, source = run(tmp_path, {"f.html": page(item)})
    (record,) = harvest.records
    assert record.fields["price"] == "ab 99,50 EUR"
    assert record.fields["audience"] == ["Arbeitsuchende", "Beschäftigte"]
    assert "Abschluss: IHK-Zertifikat" in record.fields["description"]
    (listing,), _ = build_pipeline(build_registry(entry_points=False)).process_many(
        harvest.records, source
    )
    assert listing.price is not None and listing.price.amount == 99.5


def test_a_dot_decimal_price_is_never_read_as_free(tmp_path: Path) -> None:
    item = {"@context": "https://schema.org", "@type": "Course", "name": "Kurs",
            "offers": {"@type": "Offer", "price": "2450.00", "priceCurrency": "EUR"}}  # fmt: skip
    harvest, source = run(tmp_path, {"p.html": page(item)})
    (listing,), _ = build_pipeline(build_registry(entry_points=False)).process_many(
        harvest.records, source
    )
    assert listing.price is not None and listing.price.amount == 2450.0
    assert listing.price.free is False


def test_a_sitemap_shared_by_two_partners_maps_pages_to_partners(tmp_path: Path) -> None:
    (tmp_path / "hwk").mkdir()
    (tmp_path / "ihk").mkdir()
    (tmp_path / "hwk" / "k.html").write_text(page({**COURSE, "hasCourseInstance": []}), "utf-8")
    (tmp_path / "ihk" / "k.html").write_text(page({"@type": "Course", "name": "IHK-Kurs"}), "utf-8")
    (tmp_path / "s.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{{BASE}}/hwk/k.html</loc></url><url><loc>{{BASE}}/ihk/k.html</loc></url>"
        "</urlset>",
        "utf-8",
    )
    with FixtureServer(tmp_path) as server:
        entry = {
            "id": "kammern",
            "type": "sitemap",
            "kind": "course",
            "partner": {"name": "Kammerportal"},
            "options": {
                "url": f"{server.url}/s.xml",
                "partners": [{"include": "/hwk/", "name": "Handwerkskammer"}],
            },
        }
        source = SourceConfig.model_validate(entry)
        harvest = run_connector(SitemapConnector, source)
    listings, _ = build_pipeline(build_registry(entry_points=False)).process_many(
        harvest.records, source
    )
    assert {lst.title: lst.partner.name for lst in listings} == {
        "Schweißen Grundkurs": "Handwerkskammer",
        "IHK-Kurs": "Kammerportal",
    }


def test_a_price_without_currency_is_not_taken_for_euros(tmp_path: Path) -> None:
    item = {"@context": "https://schema.org", "@type": "Event", "name": "Konzert",
            "offers": {"@type": "AggregateOffer", "lowPrice": "$35"}}  # fmt: skip
    harvest, source = run(tmp_path, {"d.html": page(item)})
    (listing,), _ = build_pipeline(build_registry(entry_points=False)).process_many(
        harvest.records, source
    )
    assert listing.price is None or listing.price.amount is None
