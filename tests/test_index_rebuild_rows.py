"""A rebuild streams stored rows into Tantivy without Listing objects, and indexes the same.

The whole-catalogue rebuild reads the store's JSON rows straight into index documents; the
result must be the index that rebuilding from ``Listing`` objects gives: the same stored
listings (alternates and last-seen folded in), the same hits and facets for the same searches.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.relevance_data import iter_catalogue
from hub.index import tantivy_build
from hub.index.base import SearchQuery
from hub.index.tantivy import TantivyIndex
from hub.model import StoredRow
from hub.store import SQLiteStore

QUERIES = (
    SearchQuery(size=500),
    SearchQuery(text="Förderung Digitalisierung", size=50),
    SearchQuery(text="Datenschutz", kind=("course",), region=("DE-SN",), size=50),
    SearchQuery(text="Workshop", free_only=True, size=50),
    SearchQuery(date_from=date(2020, 1, 1), size=50),
)


def _everything(index: TantivyIndex) -> list[tuple[int, list[dict[str, Any]], Any]]:
    out: list[tuple[int, list[dict[str, Any]], Any]] = []
    for query in QUERIES:
        found = index.search(query)
        listings = sorted((h.listing for h in found.hits), key=lambda lst: str(lst["id"]))
        out.append((found.total, listings, found.facets))
    return out


def test_a_rebuild_from_stored_rows_indexes_what_a_rebuild_from_listings_does(
    tmp_path: Path,
) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    listings = [item.listing for item in iter_catalogue(400)]
    store.upsert_listings(listings)
    # a few are the same offer from another source: their canonical carries them as alternates
    store.set_duplicate_links({listings[i].id: listings[i + 1].id for i in range(0, 40, 4)})
    rows = list(store.iter_catalogue_rows(batch=64))
    assert len(rows) == store.count_catalogue() == 390
    by_model = {lst.id: orjson.loads(lst.model_dump_json()) for lst in store.iter_catalogue()}
    assert {r["id"]: r for r in rows} == by_model, "the same JSON as the Listing gives"
    assert sum(len(r["alternates"]) for r in rows) == 10

    from_rows = TantivyIndex(tmp_path / "rows")
    from_listings = TantivyIndex(tmp_path / "listings")
    assert from_rows.rebuild(iter(rows)) == from_listings.rebuild(store.iter_catalogue()) == 390
    assert _everything(from_rows) == _everything(from_listings)
    assert _everything(from_rows)[0][0] > 0


def _stored(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    listings = [item.listing for item in iter_catalogue(400)]
    store.upsert_listings(listings)
    store.set_duplicate_links({listings[i].id: listings[i + 1].id for i in range(0, 40, 4)})
    return store


def _helpers() -> list[int]:
    """The rebuild helpers this process has running (their pids)."""
    found = []
    for task in Path("/proc/self/task").iterdir():
        pids: list[str] = []
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            pids = (task / "children").read_text().split()
        for pid in pids:
            with contextlib.suppress(OSError):  # a process that ended meanwhile
                if b"hub.index.rebuild_helper" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(int(pid))
    return found


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def test_a_large_rebuild_builds_its_documents_in_helper_processes_and_indexes_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the thresholds of a real catalogue, scaled down: 100 rows here, the rest in 2 helpers
    monkeypatch.setattr(tantivy_build, "HELPERS_FROM", 100)
    monkeypatch.setattr(tantivy_build, "CHUNK", 40)
    store = _stored(tmp_path)
    monkeypatch.setenv("REGIOHUB_REBUILD_HELPERS", "0")
    alone = TantivyIndex(tmp_path / "alone")
    assert alone.rebuild(store.iter_stored_rows(batch=64)) == 390
    monkeypatch.setenv("REGIOHUB_REBUILD_HELPERS", "2")
    before = _children_cpu()
    helped = TantivyIndex(tmp_path / "helped")
    assert helped.rebuild(store.iter_stored_rows(batch=64)) == 390
    assert _children_cpu() > before, "helper processes did work"
    assert not _helpers(), "and have ended"
    assert _everything(helped) == _everything(alone)
    assert _everything(helped)[0][0] > 0


def test_a_rebuild_whose_helper_dies_finishes_in_its_own_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(tantivy_build, "HELPERS_FROM", 20)
    monkeypatch.setattr(tantivy_build, "CHUNK", 20)
    monkeypatch.setenv("REGIOHUB_REBUILD_HELPERS", "2")
    store = _stored(tmp_path)

    def rows() -> Iterator[StoredRow]:
        for number, row in enumerate(store.iter_stored_rows(batch=64)):
            if number == 200:  # the helpers are working: the OOM killer takes them
                helpers = _helpers()
                assert len(helpers) == 2
                for pid in helpers:
                    os.kill(pid, signal.SIGKILL)
            yield row

    index = TantivyIndex(tmp_path / "index")
    assert index.rebuild(rows()) == 390
    assert index.count() == 390
    assert "rebuild helper ended early" in caplog.text
    alone = TantivyIndex(tmp_path / "alone")
    monkeypatch.setenv("REGIOHUB_REBUILD_HELPERS", "0")
    alone.rebuild(store.iter_stored_rows())
    assert _everything(index) == _everything(alone)
