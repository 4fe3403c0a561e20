"""How fast the whole index is rebuilt from the catalogue, against bare tantivy-py.

    python benchmarks/index_build.py [--listings 100000] [--old]

1. A child process generates the listings (benchmarks/relevance_data.py) into a SQLite
   catalogue (not timed).
2. Bare: a child works out the field values of every document our rebuild makes (with
   ``row_document`` itself, for the rows ``Store.iter_catalogue_rows`` yields) and spools
   them to a file (not timed). A fresh child indexes them with tantivy-py alone: the same
   schema, writer heap and threads; timed are only building the Tantivy documents, adding
   them and the final commit with its merges (not reading the spool, see ``_bare``).
3. Ours: a fresh child runs the real rebuild, ``TantivyIndex.rebuild`` fed by
   ``Store.iter_stored_rows`` (what ``regiohub reindex`` does): reading the store,
   building the documents (from 20,000 rows on in helper processes, one a core: their CPU
   and memory are counted with ours) and indexing them.
4. ``--old``: the rebuild fed by ``Store.iter_catalogue`` (a Listing object per row), the
   way it was done before rows were streamed.

Each child reports its wall time, its CPU time (all threads) and peak RSS. Bare and ours
alternate twice (bare, ours, bare, ours) and the ratio is taken per pair, so load from other
work hits both alike; the CPU ratio is the steadier figure on a loaded machine.
Targets (issue 17): ours ≤ 2× bare, peak RSS ≤ 600 MiB.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.child import TreeRss, in_child, peak_rss_mib

TARGET_RATIO = 2.0
TARGET_RSS_MIB = 600.0
BATCH = 1000
#: documents bare holds in memory at a time (about 1 GB at 200,000)
CHUNK = 200_000


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


def _spool(db: str, spool: str) -> int:
    """Write the field values of every document our rebuild makes into ``spool`` (untimed).

    The values are taken from ``row_document`` itself (``Document.to_dict``), for the rows
    ``Store.iter_catalogue_rows`` yields, so bare indexes exactly our documents: every field,
    the same text, the same stored JSON. Pickled ``BATCH`` documents at a time.
    """
    from hub.index.tantivy_schema import row_document
    from hub.store import SQLiteStore

    count = 0
    batch: list[dict[str, list[Any]]] = []
    with open(spool, "wb") as out:
        for row in SQLiteStore(Path(db)).iter_catalogue_rows():
            batch.append(row_document(row).to_dict())
            if len(batch) == BATCH:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                count += len(batch)
                batch = []
        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    return count + len(batch)


def _bare(spool: str, path: str) -> tuple[float, float, float, int]:
    """tantivy-py alone: building the documents, adding them and committing is timed.

    The field values are read from the spool ``CHUNK`` documents at a time with the clock
    stopped. Tantivy's writer queues at most 10,000 added documents, so while a chunk is
    read its threads can index at most that many untimed: nothing at 100k, ≤ 5 % at 1M.
    """
    import tantivy

    from hub.index.tantivy import TantivyIndex
    from hub.index.tantivy_schema import SCHEMA, register_analyzers

    Path(path).mkdir(parents=True)
    index = tantivy.Index(SCHEMA, path=path)
    register_analyzers(index)
    writer = index.writer(
        heap_size=TantivyIndex.rebuild_heap_bytes, num_threads=TantivyIndex.rebuild_threads
    )
    timed = cpu = 0.0
    count = 0
    with open(spool, "rb") as source:
        while chunk := _read_chunk(source):
            started, cpu_started = time.perf_counter(), time.process_time()
            for fields in chunk:
                doc = tantivy.Document()  # value by value: the cheapest way in tantivy-py
                for name, values in fields.items():
                    for value in values:
                        if isinstance(value, str):
                            doc.add_text(name, value)
                        elif isinstance(value, datetime):
                            doc.add_date(name, value)
                        elif isinstance(value, float):
                            doc.add_float(name, value)
                        else:
                            doc.add_bytes(name, value)
                writer.add_document(doc)
            timed += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            count += len(chunk)
            del chunk
    started, cpu_started = time.perf_counter(), time.process_time()
    writer.commit()
    writer.wait_merging_threads()
    timed += time.perf_counter() - started
    cpu += time.process_time() - cpu_started
    return timed, cpu, peak_rss_mib(), count


def _read_chunk(source: BinaryIO) -> list[dict[str, list[Any]]]:
    chunk: list[dict[str, list[Any]]] = []
    while len(chunk) < CHUNK:
        try:
            chunk += pickle.load(source)
        except EOFError:
            break
    return chunk


def _ours(db: str, path: str, rows: bool) -> tuple[float, float, float, int]:
    """The real rebuild from the store (stored rows, as ``regiohub reindex`` streams them,
    their documents built in helper processes from ``HELPERS_FROM`` rows on; or Listing
    objects with ``--old``). CPU and peak RSS count the helpers too."""
    import resource

    from hub.index.tantivy import TantivyIndex
    from hub.store import SQLiteStore

    store = SQLiteStore(Path(db))
    tree = TreeRss()
    started, cpu = time.perf_counter(), time.process_time()
    source = store.iter_stored_rows() if rows else store.iter_catalogue()
    count = TantivyIndex(path).rebuild(source)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)  # ended and waited for by now
    return wall, cpu + helpers.ru_utime + helpers.ru_stime, tree.stop(), count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--listings", type=int, default=100_000, help="default: 100000")
    parser.add_argument("--old", action="store_true", help="also the Listing-object rebuild")
    args = parser.parse_args(argv)
    if args.listings < 1:
        parser.error("--listings must be at least 1")
    with tempfile.TemporaryDirectory(prefix="regiohub-build-bench-") as tmp:
        db, spool = str(Path(tmp) / "catalogue.sqlite3"), str(Path(tmp) / "documents.pickle")
        started = time.perf_counter()
        in_child(_generate, db, args.listings)
        in_child(_spool, db, spool)
        print(f"{args.listings:,} listings generated into the store and their documents "
              f"spooled for bare in {time.perf_counter() - started:.0f} s")  # fmt: skip
        print(f"{'run':<34} {'wall s':>8} {'CPU s':>7} {'listings/s':>11} {'peak RSS MiB':>13}")

        def row(label: str, wall: float, cpu: float, rss: float, n: int) -> None:
            print(f"{label:<34} {wall:>8.1f} {cpu:>7.1f} {n / wall:>11,.0f} {rss:>13.0f}")

        ratios, cpu_ratios, peaks = [], [], []
        for round_ in range(2):
            bare_s, bare_cpu, bare_rss, n = in_child(_bare, spool, f"{tmp}/bare{round_}")
            ours_s, ours_cpu, ours_rss, m = in_child(_ours, db, f"{tmp}/ours{round_}", True)
            assert n == m, (n, m)
            row("bare tantivy-py, same documents", bare_s, bare_cpu, bare_rss, n)
            row("ours: rebuild from stored rows", ours_s, ours_cpu, ours_rss, m)
            ratios.append(ours_s / bare_s)
            cpu_ratios.append(ours_cpu / bare_cpu)
            peaks.append(ours_rss)
        if args.old:
            old_s, old_cpu, old_rss, k = in_child(_ours, db, f"{tmp}/old", False)
            row("before: rebuild from Listings", old_s, old_cpu, old_rss, k)
        ratio, peak = max(ratios), max(peaks)
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        listed = " ".join(f"{r:.2f}" for r in ratios)
        print(f"build ratio ours / bare: {listed} (worst {ratio:.2f})   "
              f"target ≤ {TARGET_RATIO:.0f}×: {verdict}")  # fmt: skip
        print("CPU ratio ours / bare (all threads; less sensitive to other load): "
              + " ".join(f"{r:.2f}" for r in cpu_ratios))  # fmt: skip
        print(f"peak RSS of our rebuild: {peak:.0f} MiB   target ≤ {TARGET_RSS_MIB:.0f}: "
              f"{'met' if peak <= TARGET_RSS_MIB else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
