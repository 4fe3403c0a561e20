"""A rebuild streams stored rows into Tantivy without Listing objects, and indexes the same.

The whole-catalogue rebuild reads the store's JSON rows straight into index documents; the
result must be the index that rebuilding from ``Listing`` objects gives: the same stored
listings (alternates and last-seen folded in), the same hits and facets for the same searches.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.relevance_data import iter_catalogue
from hub.index.base import SearchQuery
from hub.index.tantivy import TantivyIndex
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
