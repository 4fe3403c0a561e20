"""The store on both backends side by side, and two harvest workers on PostgreSQL against one.

    python benchmarks/store.py [--listings 100000] [--sources 20] [--backends sqlite,postgresql]

The listings are the relevance catalogue's generator (benchmarks/relevance_data.py), spread
over ``--sources`` sources, generated once into a JSON-lines file (not timed). SQLite is a file
in a temporary directory; PostgreSQL is a real server started for the run (tests/pg_server.py,
Debian's package, durable commits like SQLite's: fsync and synchronous_commit on). Each store
is opened through ``open_store(url)``, as the hub opens it.

1. **Side by side**, phase by phase, SQLite then PostgreSQL on their own fresh catalogues (so
   load from other work hits both alike): *upsert* (every listing new, batches of 200 through
   ``apply_batch``), *upsert again* (nothing changed), *safe sync* (``sync_full`` for every
   source, 1 % of the listings missing, deleted at once), *change feed* (``changes()`` paged
   from 0 to the end). Printed: seconds, rows/s and the ratio PG / SQLite (target ≤ 2×).
2. **Workers**: a first harvest of every source the way a harvest worker does it
   (``start_run``, batches of 200 through ``apply_batch``, ``sync_full``, ``finish_run``), by
   one process and then by two processes that share the sources between them, each on a fresh
   catalogue. Target: two workers on PostgreSQL ≥ 1.6× one worker's throughput. SQLite's
   figures are printed beside them: its single writer is the baseline that cannot scale.
   Store only: each worker decodes its sources' listings from the file *before* the clock
   (a harvest has them from its pipeline), so the timed part is the store's side alone.
   Real harvest (``benchmarks/store_harvest.py``; ``--harvest-listings``, default 10,000
   over the same number of sources; 0 skips it): the same comparison for a whole first
   harvest through ``flows.core.harvest_source_records``, the feeds served on loopback;
   fetching, parsing and normalising scale with the worker's own CPU, so this row shows
   what the store leaves of a harvest's scaling. Both rows print the CPU time spent and
   the share of the machine's cores busy: on a machine other work keeps busy, a second
   worker only takes CPU time from that work, and no figure scales.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(ROOT))

from flows.core import batched  # noqa: E402  (the harvest's own batching)
from hub.model import Listing, SourceCounts, listing_id  # noqa: E402

BACKENDS = ("sqlite", "postgresql")
LABELS = {"sqlite": "SQLite", "postgresql": "PG"}
BATCH = 200  # flows/core.py's BATCH_SIZE: what one normalised harvest batch stores
PAGE = 500  # the change feed's default page
MISSING_SHARE = 0.01
TARGET_PG_RATIO = 2.0
TARGET_WORKER_SCALING = 1.6


# -- listings --------------------------------------------------------------------------------


def source_name(number: int) -> str:
    return f"zentrum-{number:03d}"


def generate(path: Path, listings: int, sources: int) -> None:
    """The relevance generator's listings, dealt round-robin to ``sources`` sources."""
    from benchmarks.relevance_data import iter_catalogue

    with path.open("w", encoding="utf-8") as out:
        for n, item in enumerate(iter_catalogue(listings)):
            source = source_name(n % sources)
            key = item.listing.source_key
            listing = item.listing.model_copy(
                update={"source_id": source, "id": listing_id(source, key)}
            ).with_hash()
            out.write(listing.model_dump_json() + "\n")


def read_listings(path: Path, sources: set[str] | None = None) -> dict[str, list[Listing]]:
    """The generated listings by source (only ``sources``, when given), in file order."""
    by_source: dict[str, list[Listing]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            listing = Listing.model_validate_json(line)
            if sources is None or listing.source_id in sources:
                by_source.setdefault(listing.source_id, []).append(listing)
    return by_source


# -- stores ----------------------------------------------------------------------------------


def open_url(url: str) -> Any:
    """The store behind ``url``, as the hub opens it."""
    from hub.store import open_store

    return open_store(url)


def postgres_available() -> bool:
    return _pg_server_module() is not None


def _pg_server_module() -> Any:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import pg_server
    except ImportError:
        return None
    finally:
        sys.path.remove(str(ROOT / "tests"))
    try:
        pg_server.find_bin_dir()
    except pg_server.PostgresNotInstalled:
        return None
    return pg_server


class Catalogues:
    """Fresh, empty catalogues on demand: a new SQLite file or a new PostgreSQL database."""

    def __init__(self, tmp: Path, backends: Sequence[str]) -> None:
        self.tmp = tmp
        self.count = 0
        self.pg: Any = None
        if "postgresql" in backends:
            module = _pg_server_module()
            assert module is not None
            self.pg = module.PostgresServer(settings={})  # durable commits, like SQLite's
            self.pg.start()

    def new(self, backend: str) -> str:
        self.count += 1
        if backend == "sqlite":
            return f"sqlite://{self.tmp / f'catalogue-{self.count}.sqlite'}"
        url = self.pg.create_database(f"bench_{self.count}")
        open_url(url).close()  # the schema is made here, outside the timed part
        return str(url)

    def with_server_cpu(self, backend: str, run: Callable[..., Timed], *args: Any) -> Timed:
        """``run(url, *args)`` on a new catalogue, the database server's CPU time added."""
        url = self.new(backend)
        before = self.pg.cpu_seconds() if backend == "postgresql" else 0.0
        timed = run(url, *args)
        if backend == "postgresql":
            timed.cpu += self.pg.cpu_seconds() - before
        return timed

    def close(self) -> None:
        if self.pg is not None:
            self.pg.stop()


# -- side by side ----------------------------------------------------------------------------


@dataclass
class Timed:
    rows: int
    seconds: float
    #: CPU seconds spent: the workers' processes (and the database server's, when added)
    cpu: float = 0.0
    #: share of the machine's CPU time that was idle meanwhile (0: others used every core)
    idle: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _timed(work: Callable[[], int]) -> Timed:
    started = time.perf_counter()
    rows = work()
    return Timed(rows, time.perf_counter() - started)


def upsert_all(store: Any, by_source: dict[str, list[Listing]]) -> int:
    rows = 0
    for listings in by_source.values():
        for batch in batched(listings, BATCH):
            store.apply_batch(batch, [], None)
            rows += len(batch)
    return rows


def sync_all(store: Any, by_source: dict[str, list[Listing]]) -> int:
    """``sync_full`` for every source with 1 % of its listings missing; deleted at once."""
    rows = gone = 0
    for source, listings in by_source.items():
        keep = len(listings) - max(1, int(len(listings) * MISSING_SHARE))
        result = store.sync_full(source, [lst.id for lst in listings[:keep]], gone_after=1)
        rows += len(listings)
        gone += len(result.gone)
    assert gone, "the safe sync deleted nothing: the benchmark would not measure deletes"
    return rows


def read_feed(store: Any) -> int:
    after, rows = 0, 0
    while page := store.changes(after, PAGE):
        rows += len(page)
        after = page[-1].seq
    return rows


PHASES: tuple[tuple[str, Callable[[Any, dict[str, list[Listing]]], int]], ...] = (
    ("upsert (all new)", upsert_all),
    ("upsert again (unchanged)", upsert_all),
    ("safe sync (1 % gone)", sync_all),
    ("change feed (to the end)", lambda store, _: read_feed(store)),
)


def side_by_side(catalogues: Catalogues, data: Path, backends: Sequence[str]) -> list[float]:
    by_source = read_listings(data)
    stores = {backend: open_url(catalogues.new(backend)) for backend in backends}
    print(f"{'phase':<26} "
          + " ".join(f"{LABELS[b] + ' s':>12} {LABELS[b] + ' rows/s':>14}" for b in backends)
          + ("   PG/SQLite" if len(backends) == 2 else ""))  # fmt: skip
    ratios = []
    try:
        for name, phase in PHASES:
            timed = {b: _timed(partial(phase, stores[b], by_source)) for b in backends}
            line = f"{name:<26} " + " ".join(
                f"{timed[b].seconds:>12.2f} {timed[b].rate:>14,.0f}" for b in backends
            )
            if len(backends) == 2:
                ratio = timed["postgresql"].seconds / timed["sqlite"].seconds
                ratios.append(ratio)
                line += f"   {ratio:>9.2f}×"
            print(line, flush=True)
    finally:
        for store in stores.values():
            store.close()
    return ratios


# -- workers ---------------------------------------------------------------------------------


def harvest(store: Any, by_source: dict[str, list[Listing]]) -> int:
    """What a harvest worker does with each of its sources, minus fetching and normalising."""
    rows = 0
    for source, listings in by_source.items():
        with store.source_lock(source):  # one harvest of a source at a time, on any machine
            rows += _harvest_source(store, source, listings)
    return rows


def _harvest_source(store: Any, source: str, listings: list[Listing]) -> int:
    started = time.perf_counter()
    run_id = store.start_run(source)
    counts = SourceCounts(source_id=source, run_id=run_id)
    for batch in batched(listings, BATCH):
        stored = store.apply_batch(batch, [], run_id).stored
        store.renew_lease(run_id)  # as flows/core.py does between batches
        counts.fetched += len(batch)
        counts.added += len(stored.added)
        counts.updated += len(stored.updated)
        counts.unchanged += len(stored.unchanged)
    store.sync_full(source, [lst.id for lst in listings], run_id=run_id)
    counts.status = "ok"
    counts.duration_s = time.perf_counter() - started
    store.finish_run(run_id, counts)
    return len(listings)


def _worker(url: str, data: str, sources: list[str], ready: Any, go: Any, answer: Any) -> None:
    by_source = read_listings(Path(data), set(sources))
    store = open_url(url)
    ready.release()
    go.wait()
    cpu = time.process_time()
    timed = _timed(lambda: harvest(store, by_source))
    cpu = time.process_time() - cpu
    store.close()
    answer.put((timed.rows, timed.seconds, cpu))


class MachineIdle:
    """The machine's idle CPU share from now until ``share()`` (Linux /proc/stat)."""

    def __init__(self) -> None:
        self.start = self._read()

    @staticmethod
    def _read() -> tuple[int, int]:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                ticks = [int(x) for x in stat.readline().split()[1:]]
        except OSError:
            return 0, 0
        return ticks[3] + ticks[4], sum(ticks)  # idle + iowait, all

    def share(self) -> float:
        idle, total = self._read()
        return (idle - self.start[0]) / max(1, total - self.start[1])


def run_workers(
    url: str, data: Path, sources: list[str], workers: int, target: Callable[..., None] = _worker
) -> Timed:
    """``workers`` processes, the sources dealt between them, started at one signal.

    ``target(url, str(data), share, ready, go, answer)`` is one worker: ``_worker`` (the
    store's side of a harvest) or ``store_harvest.harvest_worker`` (a real harvest; ``data``
    is then its home folder).
    """
    context = multiprocessing.get_context("spawn")
    ready, go, answer = context.Semaphore(0), context.Event(), context.Queue()
    shares = [sources[w::workers] for w in range(workers)]
    children = [
        context.Process(target=target, args=(url, str(data), share, ready, go, answer))
        for share in shares
    ]
    for child in children:
        child.start()
    for _ in children:
        if not ready.acquire(timeout=600):
            raise RuntimeError("a worker did not get ready (see its error above)")
    idle = MachineIdle()
    started = time.perf_counter()
    go.set()
    results = [answer.get(timeout=7200) for _ in children]
    wall = time.perf_counter() - started
    idle_share = idle.share()
    for child in children:
        child.join(60)
        if child.exitcode != 0:
            raise RuntimeError(f"a worker failed with exit code {child.exitcode}")
    cpu = sum(cpu for _, _, cpu in results)
    return Timed(sum(rows for rows, _, _ in results), wall, cpu, idle_share)


def workers_compared(
    catalogues: Catalogues,
    data: Path,
    backends: Sequence[str],
    sources: list[str],
    real: tuple[Path, list[str], int] | None = None,
) -> dict[str, float]:
    """The worker table: store-only rows, then (with ``real``: home folder, feed source ids
    and listings) real-harvest rows; the 2 / 1 scaling by row label."""
    print(f"\n{'harvest workers':<30} {'1 worker s':>10} {'rows/s':>8} {'CPU s':>6} "
          f"{'busy':>5} {'2 workers s':>11} {'rows/s':>8} {'CPU s':>6} {'busy':>5} "
          f"{'2 / 1':>7}")  # fmt: skip
    rows: list[tuple[str, Path, list[str], Callable[..., None]]] = [
        ("store only", data, sources, _worker)
    ]
    if real is not None:
        from benchmarks.store_harvest import harvest_worker

        rows.append(("real harvest", real[0], real[1], harvest_worker))
    scaling: dict[str, float] = {}
    for name, folder, names, target in rows:
        for backend in backends:
            one = catalogues.with_server_cpu(backend, run_workers, folder, names, 1, target)
            two = catalogues.with_server_cpu(backend, run_workers, folder, names, 2, target)
            assert one.rows == two.rows, (one.rows, two.rows)
            label = f"{name}, {LABELS[backend]}" + (" (1 writer)" if backend == "sqlite" else "")
            scaling[label] = two.rate / one.rate
            print(f"{label:<30} {one.seconds:>10.2f} {one.rate:>8,.0f} {one.cpu:>6.1f} "
                  f"{1 - one.idle:>5.0%} {two.seconds:>11.2f} {two.rate:>8,.0f} "
                  f"{two.cpu:>6.1f} {1 - two.idle:>5.0%} "
                  f"{scaling[label]:>6.2f}×", flush=True)  # fmt: skip
    if real is not None:
        print(f"(real harvest: {real[2]:,} listings in {len(real[1])} feeds; store only: "
              f"{len(sources)} sources)")  # fmt: skip
    print(f"(CPU s: the workers' processes and the PostgreSQL server's; busy: the share of "
          f"the machine's {os.cpu_count()} cores busy meanwhile,\n with anyone's work — at "
          "100 % a second worker can only take CPU time from other work)")  # fmt: skip
    return scaling


def _real_harvest(
    held: ExitStack, tmp: Path, listings: int, sources: int
) -> tuple[Path, list[str], int]:
    """Feeds for the real-harvest rows, served on loopback while ``held`` is open (not timed)."""
    from benchmarks.store_harvest import feed_names, write_home, write_site
    from connectors.testing import FixtureServer

    write_site(tmp / "site", listings, sources)
    server = held.enter_context(FixtureServer(tmp / "site"))
    write_home(tmp / "home", server.url, sources)
    return tmp / "home", feed_names(sources), listings // sources * sources


# -- main ------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--listings", type=int, default=100_000, help="default: 100000")
    parser.add_argument("--sources", type=int, default=20, help="default: 20")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="default: both")
    parser.add_argument("--no-workers", action="store_true", help="skip the worker comparison")
    parser.add_argument(
        "--harvest-listings",
        type=int,
        default=10_000,
        help="listings of the workers' real-harvest rows (default: 10000; 0: skip them)",
    )
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not backends or set(backends) - set(BACKENDS):
        parser.error(f"--backends: eine Auswahl aus {', '.join(BACKENDS)}")
    if args.listings < args.sources * 2 or args.sources < 2:
        parser.error("--listings muss mindestens doppelt so groß sein wie --sources (≥ 2)")
    if "postgresql" in backends and not postgres_available():
        print("PostgreSQL skipped: it is not installed (make postgresql)")
        backends.remove("postgresql")
        if not backends:
            return 1
    print(f"load: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="regiohub-store-bench-") as tmp:
        data = Path(tmp) / "listings.jsonl"
        started = time.perf_counter()
        generate(data, args.listings, args.sources)
        print(f"{args.listings:,} listings over {args.sources} sources generated in "
              f"{time.perf_counter() - started:.0f} s\n")  # fmt: skip
        catalogues = Catalogues(Path(tmp), backends)
        try:
            ratios = side_by_side(catalogues, data, backends)
            scaling: dict[str, float] = {}
            if not args.no_workers:
                names = [source_name(n) for n in range(args.sources)]
                with ExitStack() as held:
                    real = None
                    if args.harvest_listings > 0:
                        size = max(args.harvest_listings, args.sources)
                        real = _real_harvest(held, Path(tmp), size, args.sources)
                    scaling = workers_compared(catalogues, data, backends, names, real)
        finally:
            catalogues.close()
    if ratios:
        worst = max(ratios)
        print(f"\nPG / SQLite, worst phase: {worst:.2f}×   target ≤ {TARGET_PG_RATIO:.0f}×: "
              f"{_verdict(worst <= TARGET_PG_RATIO)}")  # fmt: skip
    for label, ratio in scaling.items():
        if label.endswith("PG"):
            verdict = _verdict(ratio >= TARGET_WORKER_SCALING)
            print(f"two PG workers / one ({label.split(',')[0]}): {ratio:.2f}×   target ≥ "
                  f"{TARGET_WORKER_SCALING}×: {verdict}")  # fmt: skip
    print(f"load afterwards: {os.getloadavg()[0]:.2f} (1 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
