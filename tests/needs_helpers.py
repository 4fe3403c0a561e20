"""A hub for the saved-needs tests: real store and Tantivy index, the app, a listing maker."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from mail_server import MailSink, text_of

from hub.config import Settings
from hub.index import open_index
from hub.index.base import SearchIndex
from hub.model import Listing, Partner, Place, Price, Schedule
from hub.plugins import get_registry
from hub.store import SQLiteStore
from search_api import create_app

PARTNER = Partner(name="Zukunftszentrum Sachsen", url="https://zz-sachsen.example")
START = datetime(2031, 3, 2, 9, 0, tzinfo=UTC)


def listing(
    key: str,
    title: str,
    *,
    topics: tuple[str, ...] = ("Datenschutz",),
    kind: str = "course",
    price: Price | None = None,
    city: str = "Chemnitz",
    days: int = 0,
    partner: Partner = PARTNER,
    source: str = "zz-kurse",
) -> Listing:
    return Listing.model_validate(
        {
            "id": f"{source}-{key}",
            "source_id": source,
            "source_key": key,
            "kind": kind,
            "partner": partner,
            "title": title,
            "description_text": f"{title}: praxisnah für kleine und mittlere Unternehmen.",
            "url": f"https://zz-sachsen.example/angebote/{key}",
            "topics": list(topics),
            "regions": ["DE-SN"],
            "place": Place(city=city, lat=50.83, lon=12.92),
            "mode": "in_person",
            "schedule": Schedule(start=START + timedelta(days=days)),
            "price": price or Price(amount=120, currency="EUR"),
        }
    ).with_hash()


class Hub:
    def __init__(self, home: Path, public_url: str | None = None) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.store = SQLiteStore(home / "catalogue.sqlite3")
        self.index: SearchIndex = open_index(f"tantivy://{home / 'index'}")
        self.index.ensure()
        self.settings = Settings(
            home=home,
            sources_file=home / "sources.toml",
            index_url="tantivy://",
            public_url=public_url,
        )
        self.app = create_app(
            self.index, self.store, settings=self.settings, routers=get_registry().routers
        )
        self.client = TestClient(self.app)

    def add(self, *listings: Listing) -> None:
        self.store.upsert_listings(listings)
        self.index.upsert(listings)


def sign_up(client: TestClient, email: str, **fields: object) -> str:
    form: dict[str, object] = {"email": email, "consent": "1", "frequency": "sofort"}
    form.update(fields)
    response = client.post("/bedarf", data=form)
    return response.text


def link_in(message_text: str, kind: str) -> str:
    match = re.search(rf"https?://\S+/bedarf/{kind}/\S+", message_text)
    assert match, message_text
    return urlsplit(match[0]).path


def confirm(client: TestClient, sink: MailSink, email: str) -> None:
    path = link_in(text_of(sink.to(email)[-1]), "bestaetigen")
    page = client.get(path)
    assert "Jetzt bestätigen" in page.text
    done = client.post(path)
    assert done.status_code == 200 and "Ihr Bedarf ist gespeichert" in done.text
