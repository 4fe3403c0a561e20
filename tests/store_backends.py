"""The store backends for the contract suite and the store command tests.

SQLite on a temporary file, PostgreSQL on a real server (``pg_server``: Debian's package,
initdb + pg_ctl on loopback) with a fresh database per test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hub.model import Listing, Partner, Place, Schedule, listing_id
from hub.store import Store, open_store

BACKENDS = ["sqlite", "postgresql"]


class Backend:
    """Opens stores of one backend on one fresh catalogue; closes them at teardown."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url
        self.opened: list[Store] = []

    def open(self, **options: Any) -> Store:
        store = open_store(self.url, **options)
        self.opened.append(store)
        return store

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement straight on the database, as another program would."""
        if self.name == "sqlite":
            with sqlite3.connect(self.url.removeprefix("sqlite://")) as db:
                return [tuple(r) for r in db.execute(statement, params).fetchall()]
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            cursor = db.execute(statement.replace("?", "%s"), params)
            return [tuple(r) for r in cursor.fetchall()] if cursor.description else []

    def close(self) -> None:
        for store in self.opened:
            store.close()


def open_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """The body of a ``backend`` fixture parametrised over ``BACKENDS``."""
    if request.param == "sqlite":
        url = f"sqlite://{tmp_path / 'catalogue.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_database")
    opened = Backend(request.param, url)
    yield opened
    opened.close()


def make_listing(key: str, title: str = "Datenschutz kompakt", source: str = "src") -> Listing:
    return Listing(
        id=listing_id(source, key),
        source_id=source,
        source_key=key,
        kind="course",
        partner=Partner(name="Testzentrum"),
        title=title,
    ).with_hash()


def full_harvest(store: Store, keys: list[str], **policy: Any) -> tuple[list[str], str | None]:
    """What a successful full harvest that listed ``keys`` does: upsert them, then sync."""
    store.upsert_listings([make_listing(k) for k in keys])
    result = store.sync_full("src", [listing_id("src", k) for k in keys], **policy)
    return result.gone, result.tripped


def _offer(source: str, key: str) -> Listing:
    return Listing(
        id=listing_id(source, key),
        source_id=source,
        source_key=key,
        kind="course",
        partner=Partner(name=source),
        title="KI im Mittelstand",
        schedule=Schedule(start=datetime(2027, 6, 1, 9, tzinfo=UTC)),
        place=Place(city="Leipzig"),
    ).with_hash()
