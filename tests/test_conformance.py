"""Every built-in connector passes the conformance kit partners run on their own connectors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from connectors.ba_weiterbildung import BaWeiterbildungConnector
from connectors.feed import FeedConnector
from connectors.html import HtmlConnector
from connectors.ical import IcalConnector
from connectors.jsonapi import JsonConnector
from connectors.jsonld import JsonldConnector
from connectors.sitemap import SitemapConnector
from connectors.testing import ConnectorConformance
from hub.model import RawRecord

FIXTURES = Path(__file__).parent / "fixtures"
CONNECTORS = FIXTURES / "connectors"


def entry(source_type: str, kind: str, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"kit-{source_type.replace('_', '-')}",
        "type": source_type,
        "kind": kind,
        "partner": {"name": "Konformitätszentrum"},
        "options": options,
    }


class TestFeedConformance(ConnectorConformance):
    connector = FeedConnector
    fixtures = FIXTURES / "feeds"

    duplicate_key = "sprechstunde"

    def source(self, base_url: str) -> dict[str, Any]:
        return entry("feed", "event", {"url": f"{base_url}/rss.xml"})

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        return entry("feed", "event", {"url": f"{base_url}/abgeschnitten.xml"})

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        return entry("feed", "event", {"url": f"{base_url}/doppelt.xml"})


@pytest.mark.slow
class TestHtmlConformance(ConnectorConformance):
    connector = HtmlConnector
    fixtures = FIXTURES / "html_site"
    #: the list page links a detail page the server does not have (404)
    bad_item_key = "{{BASE}}/erzgebirge/kurse/kurs-kaputt.html"

    #: two list links, one of them an old address answering 301 to the other
    duplicate_key = "{{BASE}}/erzgebirge/kurse/kurs-1.html"

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url)

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "doppelt")

    def source(self, base_url: str, start: str = "index") -> dict[str, Any]:
        return entry(
            "html",
            "course",
            {
                "start_urls": [f"{base_url}/erzgebirge/kurse/{start}.html"],
                "item_links": "ul.kursliste a.kurs-link::attr(href)",
                "next_page": "a.weiter::attr(href)",
                "download_delay": 0,
                "fields": {"title": "h1.kurs-titel::text", "date": "dd.termin::text"},
            },
        )


class TestIcalConformance(ConnectorConformance):
    connector = IcalConnector
    fixtures = CONNECTORS / "ical"

    bad_item_key = "ohne-start@zz-thueringen.example"
    duplicate_key = "ki-werkstatt-1@zz-thueringen.example"

    def source(self, base_url: str, name: str = "kalender") -> dict[str, Any]:
        return entry(
            "ical", "event", {"url": f"{base_url}/{name}.ics", "window_start": "2026-12-01"}
        )

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "kalender-kaputt")

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "kalender-doppelt")


class TestJsonConformance(ConnectorConformance):
    connector = JsonConnector
    fixtures = CONNECTORS / "json"

    #: its title is an object, not text: skipped, its key kept
    bad_item_key = "202"
    duplicate_key = "301"

    def source(self, base_url: str) -> dict[str, Any]:
        return entry(
            "json",
            "course",
            {
                "url": f"{base_url}/api/kurse.json?page={{page}}&size={{limit}}",
                "pagination": "page",
                "page_size": 2,
                "items": "daten.kurse",
                "total_pages": "seiten",
                "fields": {"title": "titel", "date": ["termin.beginn", "termin.ende"]},
            },
        )

    def _one_page(self, base_url: str, name: str) -> dict[str, Any]:
        return entry(
            "json",
            "course",
            {
                "url": f"{base_url}/api/{name}.json",
                "items": "daten.kurse",
                "fields": {"title": "titel", "date": "termin.beginn"},
            },
        )

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        return self._one_page(base_url, "kurse-kaputt")

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        return self._one_page(base_url, "kurse-doppelt")


class TestJsonldConformance(ConnectorConformance):
    connector = JsonldConnector
    fixtures = CONNECTORS / "site"

    bad_item_key = "{{BASE}}/kurse/entfernt.html"
    duplicate_key = "{{BASE}}/kurse/cybersicherheit.html#kurs"

    def source(self, base_url: str, start: str = "index") -> dict[str, Any]:
        return entry(
            "jsonld",
            "course",
            {
                "start_urls": [f"{base_url}/kurse/{start}.html"],
                "item_links": "a.detail::attr(href)",
                "next_page": "a.weiter::attr(href)",
            },
        )

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "liste-kaputt")

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "liste-doppelt")


class TestSitemapConformance(ConnectorConformance):
    connector = SitemapConnector
    fixtures = CONNECTORS / "site"
    min_records: ClassVar[int] = 4

    bad_item_key = "{{BASE}}/kurse/entfernt.html"
    duplicate_key = "{{BASE}}/kurse/cybersicherheit.html#kurs"

    def source(self, base_url: str, name: str = "sitemap") -> dict[str, Any]:
        return entry("sitemap", "course", {"url": f"{base_url}/{name}.xml"})

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "sitemap-kaputt")

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "sitemap-doppelt")


class TestBaWeiterbildungConformance(ConnectorConformance):
    connector = BaWeiterbildungConnector
    fixtures = CONNECTORS / "ba"

    @pytest.fixture(autouse=True)
    def _api_key(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("REGIOHUB_BA_API_KEY", "test-key")

    bad_item_key = "900010"
    duplicate_key = "900001"

    def bad_item_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "Kaputt")

    def duplicate_keys_source(self, base_url: str) -> dict[str, Any] | None:
        return self.source(base_url, "Doppelt")

    def source(self, base_url: str, keyword: str = "Schweissen") -> dict[str, Any]:
        return entry(
            "ba_weiterbildung",
            "course",
            {
                "url": f"{base_url}/infosysbub/wbsuche/pc/v2/bildungsangebot",
                "keyword": keyword,
                "place": "Leipzig",
                "radius": "25",
                "page_size": 2,
            },
        )


class _EveryItemTwice(FeedConnector):
    """A connector with a bug partners make: each item handed on twice under one key."""

    def fetch(self) -> Iterator[RawRecord]:
        for record in super().fetch():
            yield record
            yield record


def test_the_kit_tells_a_partner_in_german_what_to_fix() -> None:
    from connectors.testing import FixtureServer, _Runs

    class Kit(TestFeedConformance):
        connector = _EveryItemTwice

    with FixtureServer(Kit.fixtures) as other, FixtureServer(Kit.fixtures) as server:
        runs = _Runs(Kit(), server, other)
        with pytest.raises(AssertionError, match="Schlüssel in einem Lauf doppelt vergeben"):
            Kit().test_conformance_yields_records_with_unique_keys(runs)
        Kit().test_conformance_fetches_only_from_configured_hosts(runs)  # this part is right
