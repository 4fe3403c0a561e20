"""Harvest cost at scale: N feeds × M items from one loopback server, against a bare loop.

    python benchmarks/harvest_scale.py [--sizes 1000,10000] [--large] [--feeds 100]

For each size (listings = feeds × items per feed), one loopback server (connectors.testing's
FixtureServer: ETag and 304 like a good server) serves generated RSS feeds of realistic German
offers (shaped like the demo's: title, guid, categories, a description naming date, place,
format, price and audience). Each run is a fresh process, so its peak RSS is its own:

- **bare**: a fetch + ``feedparser.parse`` loop over the same feeds (one httpx client, the
  feedparser options the feed connector uses), the floor of what reading the feeds costs;
- **initial**: the first ``harvest_plain`` (no Prefect) of every feed into an empty hub;
  with ``--processes N`` (default: one a core) also in N worker processes
  (flows/processes.py) into another empty hub, plain and through the ``harvest_all`` flow
  (each into a hub of its own), beside the bare loop split over N processes;
- **1 % changed**: one item in every hundred changed (spread over the feeds), harvested again;
- **all 304**: nothing changed, every feed answers 304;
- both re-harvests also through Prefect (the ``harvest_all`` flow, one task per source, its
  server started before the clock as a running hub has it), interleaved with the plain ones.
  The plain re-harvests do what ``regiohub harvest`` does (flows/recorded.py, without its
  REST calls): sources in parallel threads, saved needs told, like the flow. (Until Dec 2026
  they ran ``harvest_plain``, one source after another and without saved needs, so a changed
  re-harvest looked cheaper through Prefect than without it.)

Printed: wall time, items/s, peak RSS, the time per stage (fetch, parse, normalise, store,
regroup, index; measured by timing those functions, the rest is "other") and the ratios to
the bare loop in the same run. ``--large`` adds the 100k size. Targets (issue 17): initial
≥ 0.5× the bare loop's items/s with peak RSS ≤ 400 MiB at 100k; an unchanged re-harvest
costs little more than the fetches, and does not grow with the catalogue.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.child import TreeRss, in_child, peak_rss_mib

TOPICS = [
    ("KI im Mittelstand", "Digitalisierung"), ("Datenschutz im Betrieb", "Recht"),
    ("Stressmanagement im digitalen Arbeitsalltag", "Gesundheit"),
    ("Fördermittel für die Digitalisierung", "Förderung"), ("Cybersicherheit für KMU", "IT"),
    ("Nachfolge im Handwerk planen", "Beratung"), ("Energieeffizienz in der Produktion", "Energie"),
    ("Agiles Arbeiten im Team", "Arbeit"), ("Fachkräfte gewinnen und halten", "Personal"),
    ("Online-Marketing für Betriebe", "Marketing"),
]  # fmt: skip
CITIES = [
    ("Leipzig", "04109", "Petersstraße 12"), ("Dresden", "01067", "Wilsdruffer Straße 8"),
    ("Chemnitz", "09111", "Brückenstraße 5"), ("Bochum", "44787", "Kortumstraße 20"),
    ("Essen", "45127", "Kettwiger Straße 3"), ("Online", "", ""),
]  # fmt: skip
KINDS = ["Veranstaltung", "Weiterbildung", "Beratung", "Förderung"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "September", "Oktober"]
STAGES = ("fetch", "parse", "normalise", "store", "regroup", "index")
#: rounds of the re-harvests, plain and Prefect interleaved (``--rounds``)
ROUNDS = 2


def _item(feed: int, i: int, version: int) -> str:
    rng = random.Random(feed * 100_003 + i)
    topic, category = rng.choice(TOPICS)
    city, postcode, street = rng.choice(CITIES)
    day, month = rng.randint(1, 28), rng.choice(MONTHS)
    place = "Online (Zoom)" if city == "Online" else f"Zukunftszentrum, {street}, {postcode} {city}"
    price = rng.choice(["kostenfrei", "kostenlos", "49 € zzgl. MwSt.", "120 Euro"])
    changed = f" (aktualisiert {version})" if version else ""
    description = (
        f"<p>{topic}: In dieser Veranstaltung zeigen Betriebe aus der Region, wie sie das Thema "
        f"angehen, und wir diskutieren, was kleine Unternehmen brauchen.{changed}</p>"
        f"<p><strong>Termin:</strong> {day}. {month} 2027, 10:00 – 12:00 Uhr</p>"
        f"<p><strong>Ort:</strong> {place}</p>"
        f"<p><strong>Format:</strong> {'Online-Seminar' if city == 'Online' else 'Präsenz'}</p>"
        f"<p><strong>Kosten:</strong> {price}</p>"
        "<p><strong>Zielgruppe:</strong> KMU, Führungskräfte</p>"
    )
    return (
        f"<item><title>{escape(topic)} – Termin {i}</title>"
        f"<link>{{{{BASE}}}}/feeds/{feed}/angebot-{i}.html</link>"
        f'<guid isPermaLink="false">f{feed}-{i}</guid>'
        f"<category>{rng.choice(KINDS)}</category><category>{category}</category>"
        f"<description><![CDATA[{description}]]></description></item>"
    )


def write_feeds(root: Path, feeds: int, items: int, changed: set[tuple[int, int]]) -> None:
    for feed in range(feeds):
        body = "".join(
            _item(feed, i, 1 if (feed, i) in changed else 0) for i in range(items)
        )  # fmt: skip
        (root / "feeds").mkdir(parents=True, exist_ok=True)
        (root / "feeds" / f"{feed}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Zentrum {feed}</title><link>{{{{BASE}}}}/feeds/</link>"
            f"<description>Angebote</description><language>de-de</language>{body}"
            "</channel></rss>",
            encoding="utf-8",
        )


def sources_toml(url: str, feeds: int) -> str:
    return "".join(
        f'[[source]]\nid = "feed-{f}"\ntype = "feed"\nkind = "event"\n'
        f'[source.partner]\nname = "Zukunftszentrum {f}"\n'
        f'[source.options]\nurl = "{url}/feeds/{f}.xml"\n'
        'kind_categories = { "Veranstaltung" = "event", "Weiterbildung" = "course", '
        '"Förderung" = "funding", "Beratung" = "advice" }\n\n'
        for f in range(feeds)
    )


def _bare(url: str, feeds: int, first: int = 0, step: int = 1) -> dict[str, Any]:
    import feedparser
    import httpx

    started = time.perf_counter()
    entries = 0
    with httpx.Client(trust_env=False) as client:
        for f in range(first, feeds, step):
            response = client.get(f"{url}/feeds/{f}.xml")
            # the work the feed connector asks of feedparser: no sanitising (the pipeline
            # does it) and no relative-URI rewriting (these feeds have none in their HTML)
            parsed = feedparser.parse(
                response.content,
                response_headers={"content-type": response.headers["content-type"]},
                sanitize_html=False,
                resolve_relative_uris=False,
            )
            entries += len(parsed.entries)
    return {"wall": time.perf_counter() - started, "items": entries, "rss": peak_rss_mib()}


def _bare_processes(url: str, feeds: int, processes: int) -> dict[str, Any]:
    """The bare loop split over ``processes`` spawned workers, their start on the clock as
    the harvest's workers' is; RSS: this process and its workers at once, at the peak."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    tree = TreeRss()
    started = time.perf_counter()
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        parts = list(pool.map(_bare, [url] * processes, [feeds] * processes,
                              range(processes), [processes] * processes))  # fmt: skip
    wall = time.perf_counter() - started
    return {"wall": wall, "items": sum(p["items"] for p in parts), "rss": tree.stop()}


def _timed(owner: Any, name: str, stage: str, spent: dict[str, float]) -> None:
    """Wrap ``owner.name`` to add its time to ``spent[stage]`` (outermost call only)."""
    original = getattr(owner, name)
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[stage] += time.perf_counter() - started

    setattr(owner, name, wrapper)


#: a flow run of one task on a settled server takes about 0.1 s; a server just started is
#: still at its own start-up work for seconds (block types, its database) and answers slowly
SETTLED_S = 0.3


def _warm_up(limit_s: float = 30.0) -> None:
    """Start Prefect's server for this process before the clock and wait until it has
    settled (two flow runs of one task in a row within ``SETTLED_S``): a hub's server runs
    already (``regiohub up``), so its start-up work is not the harvest's cost."""
    from prefect import flow, task

    @task(persist_result=False)
    def nothing() -> None:
        return None

    @flow(persist_result=False)
    def warm_up() -> None:
        nothing()

    quick, deadline = 0, time.monotonic() + limit_s
    while quick < 2 and time.monotonic() < deadline:
        started = time.perf_counter()
        warm_up()
        quick = quick + 1 if time.perf_counter() - started < SETTLED_S else 0


class _Unrecorded:
    """A FlowRunRecord that tells no server: the plain path without its REST calls."""

    def task_started(self, key: str, name: str) -> None: ...
    def task_finished(self, key: str, ok: bool, message: str | None = None) -> None: ...
    def log(self, message: str, level: int = 0) -> None: ...
    def artifact(self, markdown: str) -> None: ...


def _harvest(
    home: str, prefect: bool = False, sequential: bool = False, processes: int = 1
) -> dict[str, Any]:
    """One harvest of every source in ``home`` with its time per stage: ``harvest_plain``
    (``sequential``), the work of ``regiohub harvest`` without its REST calls, or the
    ``harvest_all`` flow (``prefect``). Stage times are this process's: a worker's are not
    timed, so with ``processes`` > 1 parse and normalise show 0 and "other" holds them."""
    os.environ["REGIOHUB_HARVEST_PROCESSES"] = str(processes)
    os.environ["REGIOHUB_HOME"] = home
    os.environ["REGIOHUB_SOURCES"] = str(Path(home) / "sources.toml")
    import feedparser

    from flows.core import harvest_plain
    from hub.http import HttpClient
    from hub.index.tantivy import TantivyIndex
    from hub.model import SourceCounts
    from hub.runtime import Runtime
    from hub.store.core import SQLStore as Store  # where the operations are defined
    from pipelines.base import Pipeline

    spent: dict[str, float] = defaultdict(float)
    _timed(HttpClient, "get", "fetch", spent)
    _timed(feedparser, "parse", "parse", spent)
    _timed(Pipeline, "process_many", "normalise", spent)
    for name in ("apply_batch", "sync_full", "touch_source", "save_state", "start_run"):
        _timed(Store, name, "store", spent)
    _timed(Store, "regroup_duplicates", "regroup", spent)
    for name in ("upsert", "delete", "rebuild"):
        _timed(TantivyIndex, name, "index", spent)
    # opened before the clock runs, like the bare loop's imports: the figure is the harvest,
    # not interpreter start and first imports (a scheduled hub process has them already)
    runtime = Runtime.from_env()
    runtime.store, runtime.index, runtime.pipeline, runtime.registry.connector("feed")
    tree = TreeRss()
    if prefect:
        # the server this process starts is cancelled at its exit, mid-flush of task events:
        # Prefect logs that as errors, which say nothing about the harvest
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
        from flows.harvest import harvest_all

        _warm_up()  # a hub runs its Prefect server already (``regiohub up``)
        started = time.perf_counter()
        rows = harvest_all()
        wall = time.perf_counter() - started
        counts = [SourceCounts.model_validate(row) for row in rows]
    elif sequential:  # the first harvest: one source after another, as before
        started = time.perf_counter()
        counts = harvest_plain(runtime, runtime.sources.sources)
        wall = time.perf_counter() - started
    else:
        # the work of ``regiohub harvest`` (flows/recorded.py) minus the REST calls: sources
        # in MAX_PARALLEL_SOURCES threads, one index writer, report, saved needs told; the
        # same as the flow does, so Prefect / plain is the cost of Prefect alone
        from flows.recorded import harvest_recorded

        started = time.perf_counter()
        rows = harvest_recorded(runtime, runtime.sources.sources, _Unrecorded())  # type: ignore[arg-type]
        wall = time.perf_counter() - started
        counts = [SourceCounts.model_validate(row) for row in rows]
    from flows.processes import process_count

    processes = process_count(runtime, runtime.sources.sources)
    rss = tree.stop()
    failed = [c.source_id for c in counts if c.status != "ok"]
    if failed:
        raise RuntimeError(f"sources failed: {failed[:5]}")
    return {
        "wall": wall,
        "items": sum(c.fetched for c in counts),
        "changed": sum(c.added + c.updated for c in counts),
        "rss": rss,
        "processes": processes,
        "stages": dict(spent),
        "rows_read": runtime.store.rows_read,
    }


def _fresh_home(home: Path, url: str, feeds: int) -> str:
    """An empty hub home whose sources are the ``feeds`` feeds at ``url``."""
    home.mkdir()
    (home / "sources.toml").write_text(sources_toml(url, feeds), encoding="utf-8")
    return str(home)


def run_size(listings: int, feeds: int, rounds: int = ROUNDS, processes: int = 1) -> None:
    from connectors.testing import FixtureServer

    items = max(1, listings // feeds)
    with tempfile.TemporaryDirectory(prefix="regiohub-harvest-bench-") as tmp:
        root, home = Path(tmp) / "site", Path(tmp) / "home"
        write_feeds(root, feeds, items, set())
        with FixtureServer(root) as server:
            home.mkdir()
            (home / "sources.toml").write_text(sources_toml(server.url, feeds), encoding="utf-8")
            rows = [("bare fetch + feedparser", in_child(_bare, server.url, feeds))]
            if processes > 1:
                parallel = in_child(_bare_processes, server.url, feeds, processes)
                rows.append((f"bare loop, {processes} processes", parallel))
                # the initial harvest in worker processes on a second, fresh home
                other = _fresh_home(Path(tmp) / "home-processes", server.url, feeds)
                initial = in_child(_harvest, other, False, True, processes)
                rows.append((f"initial harvest, {processes} processes", initial))
                # the same through the harvest_all flow: its source tasks wait on workers
                third = _fresh_home(Path(tmp) / "home-prefect", server.url, feeds)
                initial = in_child(_harvest, third, True, False, processes)
                rows.append((f"initial, {processes} processes, Prefect", initial))
            rows.append(("initial harvest", in_child(_harvest, str(home), False, True)))
            changed: set[tuple[int, int]] = set()
            # each round changes another 1 % of the items (one in a hundred, in every feed),
            # plain and through Prefect in turn, so neither always runs on a warmer machine
            for offset, (name, prefect) in enumerate(
                [("1 % changed", False), ("1 % changed, Prefect", True)] * rounds
            ):
                start = offset * 37 % 100  # one item in a hundred, spread over the feeds
                changed |= {(f, i) for f in range(feeds) for i in range(items)
                            if (f * items + i) % 100 == start}  # fmt: skip
                write_feeds(root, feeds, items, changed)
                rows.append((name, in_child(_harvest, str(home), prefect)))
            for name, prefect in [("all 304", False), ("all 304, Prefect", True)] * rounds:
                rows.append((name, in_child(_harvest, str(home), prefect)))
            rows.append(("bare fetch + feedparser (again)", in_child(_bare, server.url, feeds)))
    bare_wall = min(rows[0][1]["wall"], rows[-1][1]["wall"])
    print(f"\n{feeds} feeds × {items} items = {feeds * items:,} listings")
    head = f"{'run':<32} {'wall s':>7} {'items/s':>9} {'× bare':>7} {'RSS MiB':>8}  "
    print(head + " ".join(f"{s:>9}" for s in STAGES) + f" {'other':>7} {'rows':>7}")
    for name, r in rows:
        rate = r["items"] / r["wall"] if r["wall"] else 0.0
        stages = r.get("stages")
        line = (
            f"{name:<32} {r['wall']:>7.2f} {rate:>9,.0f} {r['wall'] / bare_wall:>7.2f} "
            f"{r['rss']:>8.0f}  "
        )
        if stages is not None:
            other = r["wall"] - sum(stages.values())
            line += " ".join(f"{stages.get(s, 0.0):>9.2f}" for s in STAGES)
            line += f" {other:>7.2f} {r['rows_read']:>7}"
        print(line)
    print("(× bare: wall time over the 1-process bare loop's best wall time in this run; stage")
    print(" columns: s, this process only; RSS: peak of this process and its workers together)")
    for kind in ("1 % changed", "all 304") if rounds else ():
        plain = min(r["wall"] for name, r in rows if name == kind)
        prefect = min(r["wall"] for name, r in rows if name == f"{kind}, Prefect")
        print(f"{kind}: Prefect / plain = {prefect / plain:.2f} (best of {rounds} each)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000", help="listings per size (default 1k,10k)")
    parser.add_argument("--large", action="store_true", help="add 100,000 listings")
    parser.add_argument("--feeds", type=int, default=100, help="feeds per size (default 100)")
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="re-harvest rounds (default 2; 0: initial only)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="also the initial harvest and the bare loop in this many processes "
        "(default: one a core; 1: not)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 1000,10000")
    if args.large:
        sizes.append(100_000)
    if args.feeds < 1 or any(s < args.feeds for s in sizes):
        parser.error("every size needs at least one item per feed")
    for size in sizes:
        run_size(size, args.feeds, max(0, args.rounds), max(1, args.processes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
