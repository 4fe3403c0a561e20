"""``regiohub store migrate`` and ``store copy`` on both backends, the store's configuration,
and what only PostgreSQL promises (writers on different sources never wait for each other)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_backends import BACKENDS, Backend, _offer, make_listing, open_backend

from hub.model import Rejection, SourceCounts, listing_id
from hub.needs.model import NeedSpec
from hub.needs.store import NeedStore, RadarKeys
from hub.store import Store, open_store
from hub.store.migrations import LATEST


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    yield from open_backend(request, tmp_path)


# -- the store command ----------------------------------------------------------------------


def test_store_migrate_creates_then_finds_the_schema_current(
    backend: Backend, tmp_path: Path
) -> None:
    from test_cli import regiohub

    created = regiohub(tmp_path / "home", "store", "migrate", "--url", backend.url)
    assert created.returncode == 0, created.stderr
    assert f"jetzt auf Version {LATEST}" in created.stdout and "Grundschema" in created.stdout
    again = regiohub(tmp_path / "home", "store", "migrate", "--url", backend.url)
    assert (
        again.returncode == 0 and "ist aktuell" in again.stdout and "nichts zu tun" in again.stdout
    )
    assert backend.sql("SELECT COUNT(*) FROM schema_version") == [(LATEST,)]


def _filled(store: Store) -> None:
    """A catalogue with something in every kind of table."""
    a, b = _offer("a", "1"), _offer("b", "1")
    run = store.start_run("src")
    store.apply_batch([make_listing(str(i)) for i in range(30)] + [a, b], [], run)
    store.quarantine([Rejection(source_id="src", key="q", reason="r", step="s", record={})], run)
    store.finish_run(run, SourceCounts(source_id="src", status="ok", added=32))
    store.save_state("src", {"etag": "x"})
    store.delete_listings([listing_id("src", "0")])
    store.sync_full("src", [])  # trips the breaker: an attention mark
    store.regroup_duplicates([a.id, b.id], [])
    needs = NeedStore(store, b"s" * 32)  # type: ignore[arg-type]
    keys = RadarKeys("Datenschutz", None, "DE-SN", "course", None, "2027-03")
    needs.sign_up("a@example.org", NeedSpec(q="Datenschutz"), keys)


@pytest.mark.parametrize("direction", ["to", "from"])
def test_store_copy_moves_a_catalogue_to_the_other_backend_and_verifies_it(
    backend: Backend, tmp_path: Path, direction: str
) -> None:
    from test_cli import regiohub

    other = f"sqlite://{tmp_path / 'other.sqlite3'}"
    source, target = (other, backend.url) if direction == "to" else (backend.url, other)
    filled = open_store(source)
    _filled(filled)
    filled.close()
    copied = regiohub(tmp_path / "home", "store", "copy", "--from", source, "--to", target)
    assert copied.returncode == 0, copied.stderr
    assert "stimmen überein" in copied.stdout and "ABWEICHEND" not in copied.stdout
    before, after = open_store(source), open_store(target)
    assert [c.listing_id for c in after.changes()] == [c.listing_id for c in before.changes()]
    assert after.last_change() == before.last_change() and after.attention() == before.attention()
    assert after.duplicate_links() == before.duplicate_links() and after.tombstones()
    assert after.count_catalogue() == before.count_catalogue() == 30
    # the target's own counters go on after the copied ones
    assert after.start_run("src") > before.runs("src")[0].id
    after.upsert_listings([make_listing("neu")])
    assert after.changes(after=before.last_change())[0].listing_id == listing_id("src", "neu")
    refused = regiohub(tmp_path / "home", "store", "copy", "--from", source, "--to", target)
    assert refused.returncode == 2 and "nicht leer" in refused.stderr
    forced = regiohub(tmp_path / "home", "store", "copy", "--from", source, "--to", target,
                      "--force")  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    replaced = open_store(target)
    assert replaced.count_listings() == before.count_listings()
    assert NeedStore(replaced, b"s" * 32).counts()["unconfirmed"] == 1  # type: ignore[arg-type]
    for store in (before, after, replaced):
        store.close()


# -- PostgreSQL only ------------------------------------------------------------------------


def test_postgresql_workers_on_different_sources_never_wait_for_each_other(
    pg_database: str,
) -> None:
    first, second = open_store(pg_database), open_store(pg_database)
    first.upsert_listings([make_listing(str(i), source="a") for i in range(50)])
    started, finish = threading.Event(), threading.Event()

    def long_batch() -> None:  # a harvest of source a in the middle of a long transaction
        with first._transaction() as db:  # type: ignore[attr-defined]
            from hub.store.sql import upsert_rows

            upsert_rows(
                db, [make_listing(str(i), "neu", "a") for i in range(50)], datetime.now(UTC)
            )
            started.set()
            finish.wait(30)

    worker = threading.Thread(target=long_batch)
    worker.start()
    try:
        assert started.wait(30)
        began = time.monotonic()
        run = second.start_run("b")
        second.apply_batch([make_listing(str(i), source="b") for i in range(50)], [], run)
        second.sync_full("b", [listing_id("b", str(i)) for i in range(50)], run_id=run)
        second.finish_run(run, SourceCounts(source_id="b", status="ok"))
        assert second.changes()  # a reader is not held up either
        assert time.monotonic() - began < 5, "source b waited for source a's transaction"
    finally:
        finish.set()
        worker.join()
    assert second.count_listings("a") == 50 and second.count_listings("b") == 50
    first.close()
    second.close()


# -- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["mysql://regiohub@db/regiohub", "postgresql://db:99999/regiohub", "sqlite://"]
)
def test_a_bad_store_url_is_one_german_sentence(tmp_path: Path, url: str) -> None:
    from test_cli import assert_one_clear_error, regiohub

    from hub.config import Settings
    from hub.errors import ConfigError

    with pytest.raises(ConfigError, match="Adresse des Katalogspeichers"):
        Settings.from_env({"REGIOHUB_HOME": str(tmp_path), "REGIOHUB_STORE": url})
    result = regiohub(tmp_path / "home", "store", "migrate", "--url", url)
    assert_one_clear_error(result, "Adresse des Katalogspeichers", url)


def test_an_unreachable_postgresql_server_is_one_german_sentence(tmp_path: Path) -> None:
    from pg_server import free_port
    from test_cli import assert_one_clear_error, regiohub

    url = f"postgresql://regiohub@127.0.0.1:{free_port()}/regiohub"
    result = regiohub(tmp_path / "home", "store", "migrate", "--url", url)
    assert_one_clear_error(result, "nicht erreichbar", "127.0.0.1")


def test_regiohub_store_selects_the_backend(tmp_path: Path, pg_database: str) -> None:
    from hub.config import Settings
    from hub.runtime import Runtime
    from hub.store.postgres import PostgresStore
    from hub.store.sqlite import SQLiteStore

    default = Settings.from_env({"REGIOHUB_HOME": str(tmp_path)})
    assert default.store == f"sqlite://{tmp_path / 'catalogue.sqlite3'}"
    assert isinstance(Runtime(default).store, SQLiteStore)
    chosen = Settings.from_env({"REGIOHUB_HOME": str(tmp_path), "REGIOHUB_STORE": pg_database})
    store = Runtime(chosen).store
    assert isinstance(store, PostgresStore) and chosen.store_url == pg_database
    store.close()
