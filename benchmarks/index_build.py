"""How fast the whole index is rebuilt from the catalogue, against bare tantivy-py.

    python benchmarks/index_build.py [--listings 100000] [--old]

1. A child process generates the listings (benchmarks/relevance_data.py) into a SQLite
   catalogue (not timed).
2. Bare: a fresh child indexes the same documents with tantivy-py alone: the same schema,
   writer heap and threads, the same field values, worked out from the stored rows before the
   clock runs (batch by batch, so memory stays flat); timed are only building the Tantivy
   documents, adding them and the final commit with its merges.
3. Ours: a fresh child runs the real rebuild, ``TantivyIndex.rebuild`` fed by
   ``Store.iter_catalogue_rows`` (what ``regiohub reindex`` does): reading the store,
   building the documents and indexing them.
4. ``--old``: the rebuild fed by ``Store.iter_catalogue`` (a Listing object per row), the
   way it was done before rows were streamed.

Each child reports its wall time and peak RSS. Bare and ours alternate twice (bare, ours,
bare, ours) and the ratio is taken per pair, so load from other work hits both alike.
Targets (issue 17): ours ≤ 2× bare, peak RSS ≤ 600 MiB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_RATIO = 2.0
TARGET_RSS_MIB = 600.0
BATCH = 1000


def _generate(db: str, listings: int) -> None:
    from benchmarks.relevance_data import iter_catalogue
    from hub.store import SQLiteStore

    store = SQLiteStore(Path(db))
    batch = []
    for item in iter_catalogue(listings):
        batch.append(item.listing)
        if len(batch) == 2000:
            store.upsert_listings(batch)
            batch = []
    store.upsert_listings(batch)


def _fields(data: dict[str, Any], stored: bytes) -> list[tuple[str, str, Any]]:
    """The field values of our index document for one stored listing (as ``row_document``)."""
    from hub.index.analysis import (
        compound_text,
        coordinates,
        price_facet,
        region_paths,
        schedule_span,
    )
    from hub.index.tantivy_geo import cell_terms
    from hub.index.tantivy_schema import body_text, fold_german

    out: list[tuple[str, str, Any]] = []
    text = out.append
    title, body = data["title"], body_text(data)
    text(("t", "id", data["id"]))
    text(("t", "title", title))
    text(("t", "title_prefix", fold_german(title)))
    text(("t", "body", body))
    text(("t", "kind", data["kind"]))
    text(("t", "partner", data["partner"]["name"]))
    regions = data.get("regions") or []
    out += [("t", "region", r) for r in dict.fromkeys(regions)]
    if data.get("mode"):
        text(("t", "mode", data["mode"]))
    out += [("t", "topic", t) for t in dict.fromkeys(data.get("topics") or ())]
    out += [("t", "audience", a) for a in dict.fromkeys(data.get("audiences") or ())]
    out += [("t", "region_path", p) for p in region_paths(regions)]
    if (free := price_facet(data)) is not None:
        text(("t", "free", free))
    if parts := compound_text(title, body):
        text(("t", "parts", parts))
    start, end = schedule_span(data)
    deadline = (data.get("funding") or {}).get("deadline")
    deadline_at = datetime.fromisoformat(deadline) if deadline else None
    out += [
        ("d", n, v) for n, v in (("start", start), ("end", end), ("deadline", deadline_at)) if v
    ]
    if (point := coordinates(data)) is not None:
        out += [("f", "lat", point[0]), ("f", "lon", point[1])]
        out += [("t", "geo_cell", c) for c in cell_terms(*point)]
    out.append(("b", "doc", stored))
    return out


def _bare(db: str, path: str) -> tuple[float, float, int]:
    """tantivy-py alone: only building documents, adding them and committing is timed."""
    import tantivy

    from hub.index.tantivy import TantivyIndex
    from hub.index.tantivy_schema import SCHEMA, register_analyzers

    Path(path).mkdir(parents=True)
    index = tantivy.Index(SCHEMA, path=path)
    register_analyzers(index)
    writer = index.writer(
        heap_size=TantivyIndex.rebuild_heap_bytes, num_threads=TantivyIndex.rebuild_threads
    )
    timed = 0.0
    count = 0
    last = ""
    connection = sqlite3.connect(db)
    while True:
        rows = connection.execute(
            "SELECT id, data FROM listings WHERE id > ? AND +duplicate_of IS NULL "
            "ORDER BY id LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        prepared = [_fields(orjson.loads(data), data.encode()) for _, data in rows]
        started = time.perf_counter()
        for fields in prepared:
            doc = tantivy.Document()
            for kind, name, value in fields:
                if kind == "t":
                    doc.add_text(name, value)
                elif kind == "d":
                    doc.add_date(name, value)
                elif kind == "f":
                    doc.add_float(name, value)
                else:
                    doc.add_bytes(name, value)
            writer.add_document(doc)
        timed += time.perf_counter() - started
        count += len(rows)
    started = time.perf_counter()
    writer.commit()
    writer.wait_merging_threads()
    timed += time.perf_counter() - started
    return timed, _peak_rss_mib(), count


def _ours(db: str, path: str, rows: bool) -> tuple[float, float, int]:
    """The real rebuild from the store (rows streamed, or Listing objects with ``--old``)."""
    from hub.index.tantivy import TantivyIndex
    from hub.store import SQLiteStore

    store = SQLiteStore(Path(db))
    started = time.perf_counter()
    source = store.iter_catalogue_rows() if rows else store.iter_catalogue()
    count = TantivyIndex(path).rebuild(source)
    return time.perf_counter() - started, _peak_rss_mib(), count


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(target: Callable[..., Any], answer: Any, *args: Any) -> None:
    answer.put(target(*args))


def in_child(target: Callable[..., Any], *args: Any) -> Any:
    """Run ``target`` in a fresh interpreter, so its peak RSS is its own."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_child, args=(target, answer, *args))
    child.start()
    try:
        return answer.get(timeout=7200)
    finally:
        child.join(60)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--listings", type=int, default=100_000, help="default: 100000")
    parser.add_argument("--old", action="store_true", help="also the Listing-object rebuild")
    args = parser.parse_args(argv)
    if args.listings < 1:
        parser.error("--listings must be at least 1")
    with tempfile.TemporaryDirectory(prefix="regiohub-build-bench-") as tmp:
        db = str(Path(tmp) / "catalogue.sqlite3")
        started = time.perf_counter()
        in_child(_generate, db, args.listings)
        print(f"{args.listings:,} listings generated into the store in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        print(f"{'run':<34} {'s':>8} {'listings/s':>11} {'peak RSS MiB':>13}")
        ratios, peaks = [], []
        for round_ in range(2):
            bare_s, bare_rss, n = in_child(_bare, db, f"{tmp}/bare{round_}")
            ours_s, ours_rss, m = in_child(_ours, db, f"{tmp}/ours{round_}", True)
            assert n == m, (n, m)
            print(f"{'bare tantivy-py, same documents':<34} {bare_s:>8.1f} {n / bare_s:>11,.0f} "
                  f"{bare_rss:>13.0f}")  # fmt: skip
            print(f"{'ours: rebuild from stored rows':<34} {ours_s:>8.1f} {m / ours_s:>11,.0f} "
                  f"{ours_rss:>13.0f}")  # fmt: skip
            ratios.append(ours_s / bare_s)
            peaks.append(ours_rss)
        if args.old:
            old_s, old_rss, k = in_child(_ours, db, f"{tmp}/old", False)
            print(f"{'before: rebuild from Listings':<34} {old_s:>8.1f} {k / old_s:>11,.0f} "
                  f"{old_rss:>13.0f}")  # fmt: skip
        ratio, peak = max(ratios), max(peaks)
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        listed = " ".join(f"{r:.2f}" for r in ratios)
        print(f"build ratio ours / bare: {listed} (worst {ratio:.2f})   "
              f"target ≤ {TARGET_RATIO:.0f}×: {verdict}")  # fmt: skip
        print(f"peak RSS of our rebuild: {peak:.0f} MiB   target ≤ {TARGET_RSS_MIB:.0f}: "
              f"{'met' if peak <= TARGET_RSS_MIB else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
