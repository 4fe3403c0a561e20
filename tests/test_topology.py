"""The production topology end to end on loopback (tests/topology.py starts it): one store, an
Elasticsearch-compatible index, a Prefect server whose process work pool feeds two workers,
and two API processes. Sources are harvested through the workers, searched through both APIs,
and a worker is killed mid-harvest without a listing lost or duplicated."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from faults import feed, feed_sources
from pg_server import PostgresServer
from servers import Route, ScriptedServer
from topology import Topology

from hub.store import Store, open_store

pytestmark = pytest.mark.slow

FAST = {"nord": 0, "mitte": 100, "sued": 200}  # feed sources and the first number of their items
FEED_ITEMS = 40
SLOW = "langsam"
PAGES, PAGE_SIZE = 4, 150
#: the slow partner answers this page only when the test lets it: the worker is killed while
#: the harvest waits for it, with the first batch (200 listings) already stored
HELD_PAGE = 3
BATCH = 200
#: a run not renewed for this long is crashed (REGIOHUB_RUN_LEASE_SECONDS; 600 s in production)
LEASE_S = 5

FEED_OPTIONS = """kind_categories = { "Veranstaltung" = "event" }
[source.schedule]
interval_minutes = 1440
"""

SLOW_SOURCE = """
[[source]]
id = "{id}"
type = "json"
kind = "course"
[source.partner]
name = "Langsames Zentrum"
[source.options]
url = "{url}/api/seite-{{page}}.json"
pagination = "page"
page_size = {page_size}
items = "kurse"
total_pages = "seiten"
timeout = 150
fields = {{ title = "titel", url = "link", date = "beginn", place = "ort" }}
[source.schedule]
interval_minutes = 1440
"""


def slow_page(page: int) -> bytes:
    first = (page - 1) * PAGE_SIZE
    items = [
        {
            "id": f"k-{n}",
            "titel": f"Lehrgang {n}: Schweißtechnik für Fortgeschrittene",
            "link": f"http://example.invalid/kurse/{n}",
            "beginn": f"2027-09-{1 + n % 28:02d}",
            "ort": "Zwickau",
        }
        for n in range(first, first + PAGE_SIZE)
    ]
    return json.dumps({"seiten": PAGES, "kurse": items}).encode()


@dataclass
class Harvested:
    """What the harvest through the workers did, for the tests to check."""

    topology: Topology
    store: Store
    expected: dict[str, int]
    fast_states: dict[str, str]
    killed_run: str
    killed_worker: str
    killed_pids: list[int]
    stored_before_kill: int
    rerun: str
    rerun_state: str
    #: a run of the slow source asked for while Prefect still took the killed one as running
    blocked_state: str
    #: the killed run in the store right after the kill, before any other run of its source
    status_after_kill: str
    #: how often the slow partner's first page was read (killed run and rerun: twice)
    first_page_reads: int
    workers: dict[str, str | None] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def wait_for(check: object, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


@pytest.fixture(scope="module")
def harvested(
    tmp_path_factory: pytest.TempPathFactory, pg_server: PostgresServer
) -> Iterator[Harvested]:
    root = tmp_path_factory.mktemp("topologie")
    database = f"topologie_{uuid.uuid4().hex[:8]}"
    store_url = pg_server.create_database(database)
    try:
        yield from _harvest(root, store_url)
    finally:
        pg_server.drop_database(database)


def _harvest(root: Path, store_url: str) -> Iterator[Harvested]:
    held = threading.Event()
    with ScriptedServer() as partners:
        for source_id, start in FAST.items():
            partners.routes[f"/{source_id}.xml"] = Route(feed(FEED_ITEMS, start=start))
        for page in range(1, PAGES + 1):
            gate = held if page == HELD_PAGE else None
            partners.routes[f"/api/seite-{page}.json"] = Route(slow_page(page), gate=gate)
        sources = root / "sources.toml"
        text = feed_sources(partners.url, list(FAST), FEED_OPTIONS)
        text += SLOW_SOURCE.format(id=SLOW, url=partners.url, page_size=PAGE_SIZE)
        sources.write_text(text, encoding="utf-8")

        began = time.monotonic()
        topology = Topology(
            root / "region",
            sources,
            store_url=store_url,
            env={"REGIOHUB_RUN_LEASE_SECONDS": str(LEASE_S)},
        )
        with topology:
            seconds = {"start": time.monotonic() - began}
            store = open_store(store_url)
            slow_run = topology.run_source(SLOW)
            fast_runs = {s: topology.run_source(s) for s in FAST}
            fast_states = topology.wait_final(list(fast_runs.values()))
            held_page = f"/api/seite-{HELD_PAGE}.json"
            wait_for(
                lambda: held_page in partners.paths() and store.count_listings(SLOW) >= BATCH,
                "the slow harvest did not reach the held page",
            )
            stored_before_kill = store.count_listings(SLOW)
            seconds["harvest"] = time.monotonic() - began - seconds["start"]
            killed_worker = topology.worker_of(slow_run) or ""
            killed_pids = topology.kill_worker(killed_worker)
            killed_at = time.monotonic()
            status_after_kill = store.runs(SLOW)[0].status
            held.set()
            # Prefect still sees the killed run running: it holds its deployment's slot
            blocked = topology.run_source(SLOW)
            blocked_state = topology.wait_final([blocked])[blocked]
            topology.mark_crashed(slow_run, "Arbeiter im Test beendet (kill -9)")
            # the killed run renewed its lease last before the kill: gone by now
            time.sleep(max(0.0, killed_at + LEASE_S - time.monotonic()))
            rerun = topology.run_source(SLOW)
            rerun_state = topology.wait_final([rerun])[rerun]
            seconds["rerun"] = time.monotonic() - began - seconds["start"] - seconds["harvest"]
            workers = {r: topology.worker_of(r) for r in [slow_run, *fast_runs.values(), rerun]}
            expected = {s: FEED_ITEMS for s in FAST} | {SLOW: PAGES * PAGE_SIZE}
            first_page_reads = partners.paths().count("/api/seite-1.json")
            yield Harvested(
                topology=topology,
                store=store,
                expected=expected,
                fast_states={s: fast_states[r] for s, r in fast_runs.items()},
                killed_run=slow_run,
                killed_worker=killed_worker,
                killed_pids=killed_pids,
                stored_before_kill=stored_before_kill,
                rerun=rerun,
                rerun_state=rerun_state,
                blocked_state=blocked_state,
                status_after_kill=status_after_kill,
                first_page_reads=first_page_reads,
                workers=workers,
                seconds=seconds,
            )
            store.close()


def test_sources_are_harvested_by_both_workers_of_the_pool(harvested: Harvested) -> None:
    assert harvested.fast_states == {s: "COMPLETED" for s in FAST}
    assert harvested.rerun_state == "COMPLETED"
    assert set(harvested.workers.values()) == set(harvested.topology.worker_names)
    # the run after the kill was taken by the worker that was left
    survivor = harvested.workers[harvested.rerun]
    assert survivor and survivor != harvested.killed_worker


def test_a_run_asked_for_while_the_dead_run_holds_its_slot_is_cancelled(
    harvested: Harvested,
) -> None:
    """Until the dead run is marked crashed (Prefect's zombie detection in production), its
    deployment's concurrency slot is taken: a new run is cancelled, not run beside it."""
    assert harvested.blocked_state == "CANCELLED"
    assert harvested.first_page_reads == 2  # the killed run and the rerun, not the cancelled


def test_a_worker_killed_mid_harvest_loses_and_duplicates_no_listing(
    harvested: Harvested,
) -> None:
    store = harvested.store
    assert BATCH <= harvested.stored_before_kill < PAGES * PAGE_SIZE  # killed halfway
    assert store.counts_by_source() == harvested.expected
    ids = [hit for hit in harvested.topology.all_ids(harvested.topology.api_urls[0])]
    assert len(ids) == len(set(ids)) == sum(harvested.expected.values())
    assert set(ids) == {lst.id for lst in store.iter_catalogue()}
    assert store.count_catalogue() == sum(harvested.expected.values())


def test_the_killed_run_is_closed_as_crashed_and_the_rerun_is_ok(harvested: Harvested) -> None:
    # on PostgreSQL by lease expiry: the next run of the source closes a run nobody renewed
    assert harvested.status_after_kill == "running"  # nothing closes it but the next run
    runs = harvested.store.runs(SLOW)
    assert [r.status for r in runs][:2] == ["ok", "crashed"]
    # the rerun found what the killed run had stored and added only the rest
    rerun = runs[0].counts
    assert rerun["unchanged"] == harvested.stored_before_kill
    assert rerun["added"] == PAGES * PAGE_SIZE - harvested.stored_before_kill
    assert harvested.topology.state(harvested.killed_run) == "CRASHED"
    # the flow-run process went down with its worker (Prefect records its pid, or host:pid)
    flow_run_pid = harvested.topology.flow_run(harvested.killed_run)["infrastructure_pid"]
    assert int(flow_run_pid.rsplit(":", 1)[-1]) in harvested.killed_pids


def test_both_api_processes_give_the_same_answers(harvested: Harvested) -> None:
    first, second = harvested.topology.api_urls
    for params in ({"q": "Schweißtechnik"}, {"q": "Werkstatt Digitalisierung"}, {"kind": "event"}):
        answers = [
            harvested.topology.api_get(api, "/api/v1/search", **params) for api in (first, second)
        ]
        assert answers[0]["total"] > 0
        assert answers[0]["total"] == answers[1]["total"]
        assert [h["id"] for h in answers[0]["hits"]] == [h["id"] for h in answers[1]["hits"]]
    health = [harvested.topology.api_get(api, "/health") for api in (first, second)]
    assert health[0] == health[1]
    assert health[0]["listings"] == health[0]["indexed"] == sum(harvested.expected.values())


def test_stopping_the_topology_leaves_no_process_behind(harvested: Harvested) -> None:
    topology = harvested.topology
    began = time.monotonic()
    topology.stop()
    stopped = time.monotonic() - began
    print(f"topology: start {topology.timings}, {harvested.seconds}, stop {stopped:.1f} s")
    assert topology.leftovers() == []
