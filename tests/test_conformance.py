"""Every built-in connector passes the conformance kit partners run on their own connectors."""

from __future__ import annotations

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

    def source(self, base_url: str) -> dict[str, Any]:
        return entry("feed", "event", {"url": f"{base_url}/rss.xml"})


@pytest.mark.slow
class TestHtmlConformance(ConnectorConformance):
    connector = HtmlConnector
    fixtures = FIXTURES / "html_site"

    def source(self, base_url: str) -> dict[str, Any]:
        return entry(
            "html",
            "course",
            {
                "start_urls": [f"{base_url}/erzgebirge/kurse/index.html"],
                "item_links": "ul.kursliste a.kurs-link::attr(href)",
                "next_page": "a.weiter::attr(href)",
                "download_delay": 0,
                "fields": {"title": "h1.kurs-titel::text", "date": "dd.termin::text"},
            },
        )


class TestIcalConformance(ConnectorConformance):
    connector = IcalConnector
    fixtures = CONNECTORS / "ical"

    def source(self, base_url: str) -> dict[str, Any]:
        return entry(
            "ical", "event", {"url": f"{base_url}/kalender.ics", "window_start": "2026-12-01"}
        )


class TestJsonConformance(ConnectorConformance):
    connector = JsonConnector
    fixtures = CONNECTORS / "json"

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


class TestJsonldConformance(ConnectorConformance):
    connector = JsonldConnector
    fixtures = CONNECTORS / "site"

    def source(self, base_url: str) -> dict[str, Any]:
        return entry(
            "jsonld",
            "course",
            {
                "start_urls": [f"{base_url}/kurse/index.html"],
                "item_links": "a.detail::attr(href)",
                "next_page": "a.weiter::attr(href)",
            },
        )


class TestSitemapConformance(ConnectorConformance):
    connector = SitemapConnector
    fixtures = CONNECTORS / "site"
    min_records: ClassVar[int] = 4

    def source(self, base_url: str) -> dict[str, Any]:
        return entry("sitemap", "course", {"url": f"{base_url}/sitemap.xml"})


class TestBaWeiterbildungConformance(ConnectorConformance):
    connector = BaWeiterbildungConnector
    fixtures = CONNECTORS / "ba"

    @pytest.fixture(autouse=True)
    def _api_key(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("REGIOHUB_BA_API_KEY", "test-key")

    def source(self, base_url: str) -> dict[str, Any]:
        return entry(
            "ba_weiterbildung",
            "course",
            {
                "url": f"{base_url}/infosysbub/wbsuche/pc/v2/bildungsangebot",
                "keyword": "Schweissen",
                "place": "Leipzig",
                "radius": "25",
                "page_size": 2,
            },
        )
