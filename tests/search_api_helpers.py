"""Shared parts of the search API tests: an in-memory index, a small catalogue and a client.

``ListIndex`` stands in for the Tantivy backend, which is written in parallel; end-to-end tests
against the real index live with that backend. Kept out of the test modules so the JSON API
tests and the web page tests build on exactly the same catalogue.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter
from fastapi.testclient import TestClient

from hub.config import Settings
from hub.errors import IndexError_
from hub.index.base import FACET_FIELDS, FacetValue, Hit, SearchQuery, SearchResults
from hub.model import Listing, Partner, Place, Price, Schedule
from hub.store import SQLiteStore
from search_api import create_app

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
    store = SQLiteStore(home / "catalogue.sqlite3")
    store.upsert_listings(listings)
    app = create_app(
        index if index is not None else ListIndex(listings),
        store,
        settings=settings_for(home),
        routers=routers or [],
    )
    return TestClient(app)


def hrefs(page: str) -> dict[str, str]:
    """Link text (tags stripped) → href, from an HTML page."""
    links = {}
    for href, inner in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', page, re.S):
        text = " ".join(re.sub(r"<[^>]+>", "", inner).split())
        links[html.unescape(text)] = html.unescape(href)
    return links
