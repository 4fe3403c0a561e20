"""Prefect flows: ``harvest_source`` and ``harvest_all`` (sources in parallel).

One Prefect task per source (records are processed in batches inside it, never one task per
listing) — except the sources that answer 304 to their conditional request: those are
recorded together in one task run (flows/unchanged.py) — then one task that projects the
changes into the search index — a single index writer, however many sources ran in parallel.
Every flow run leaves a markdown artifact with the per-source counts, and tells the webhook
about sources that turned failing.

A run in which a source failed ends Failed, like the runs ``regiohub harvest`` records
(flows/recorded.py): the artifact, the index and saved needs are done first, then
``HarvestFailed`` is raised with every source's row (``.rows``) for callers that want them.

What a run costs beyond the harvest (issue 17): Prefect's own per task run (a local task run
with its state changes sent as events, its context, logging) is most of it and no task
setting removes it; ours is kept off it — the Runtime is built once per flow run, tasks
persist, cache and capture prints of nothing, a harvest that changed nothing checks the
index in the flow itself instead of in a task run, and saved needs reuse the flow's Runtime.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Prefect cannot create its home under a folder that does not exist yet (a fresh
# REGIOHUB_HOME): make it before Prefect is imported.
Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)

from prefect import flow, task, unmapped  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from flows import prefect_fixes  # noqa: E402

prefect_fixes.apply()  # a flow run ends when its work does (flows/prefect_fixes.py)

from flows.core import SourceHarvest, harvest_source_records, index_listings  # noqa: E402
from flows.health import SourceHealth, health_of  # noqa: E402
from flows.notify import after_harvest  # noqa: E402
from flows.processes import WorkerPool, process_count  # noqa: E402
from flows.recorded import MAX_PARALLEL_SOURCES, run_title  # noqa: E402
from flows.report import markdown_table, notify, turned_bad  # noqa: E402
from flows.unchanged import Primed, harvest_unchanged  # noqa: E402
from hub.errors import HarvestFailed  # noqa: E402
from hub.runtime import Runtime  # noqa: E402


def run_name() -> str:
    """A flow run is named after what it harvests and when (Berlin time), e.g.
    ``kammer-kurse 2026-05-04 06:00:03``, so the Prefect UI reads like the harvest log."""
    from prefect.runtime import flow_run

    params = flow_run.parameters or {}
    ids = [params["source_id"]] if params.get("source_id") else params.get("source_ids") or []
    return run_title(ids)  # the same names as the runs `regiohub harvest` records


#: flow run id → the Runtime its tasks share while it runs
_RUNTIMES: dict[str, Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def _runtime() -> Runtime:
    # Built inside the flow from the environment, so a deployment on another machine works
    # the same as a local call; built once per flow run and shared by its tasks (reading
    # sources.toml, opening the store and loading the plugins once per task was most of
    # Prefect's cost on a re-harvest of 100 sources).
    from prefect.runtime import flow_run

    run_id = str(flow_run.id or "")
    if not run_id:
        return Runtime.from_env()
    with _RUNTIMES_LOCK:
        runtime = _RUNTIMES.get(run_id)
        if runtime is None:
            runtime = _RUNTIMES[run_id] = Runtime.from_env()
        return runtime


def _forget_runtime() -> None:
    from prefect.runtime import flow_run

    run_id = str(flow_run.id or "")
    with _RUNTIMES_LOCK:
        _RUNTIMES.pop(run_id, None)
        _ANSWERS.pop(run_id, None)


#: flow run id → source id → the answer its look already read (flows/unchanged.py), for the
#: source's own task; a task that finds none (another process, say) simply asks again
_ANSWERS: dict[str, dict[str, Primed]] = {}


#: flow run id → the worker processes its source tasks hand their harvests to
_WORKERS: dict[str, WorkerPool] = {}


def _workers() -> WorkerPool | None:
    from prefect.runtime import flow_run

    with _RUNTIMES_LOCK:
        return _WORKERS.get(str(flow_run.id or ""))


@contextmanager
def _worker_processes(runtime: Runtime, source_ids: list[str], full: bool) -> Iterator[None]:
    """Worker processes for this flow run's source tasks where flows/processes.py says they
    pay (a first or full harvest of many sources, a large catalogue): each task then waits
    on a worker that parses and normalises on a core of its own, instead of sharing this
    process's interpreter lock with the other tasks' threads."""
    from prefect.runtime import flow_run

    sources = [runtime.sources.get(i) for i in source_ids]
    processes = min(process_count(runtime, sources, full=full), MAX_PARALLEL_SOURCES)
    run_id = str(flow_run.id or "")
    if processes <= 1 or not run_id:
        yield
        return
    with WorkerPool(runtime, processes) as pool:
        with _RUNTIMES_LOCK:
            _WORKERS[run_id] = pool
        try:
            yield
        finally:
            with _RUNTIMES_LOCK:
                _WORKERS.pop(run_id, None)


def _answer(source_id: str) -> Primed | None:
    from prefect.runtime import flow_run

    with _RUNTIMES_LOCK:
        return _ANSWERS.get(str(flow_run.id or ""), {}).pop(source_id, None)


# no result is persisted: the flow reads each task's result in memory and nothing is cached;
# no print capture either (nothing here prints), one setting less per task run
@task(
    name="harvest-source",
    cache_policy=NONE,
    persist_result=False,
    log_prints=False,
    task_run_name="harvest {source_id}",
)
def harvest_source_task(source_id: str, full: bool = False) -> SourceHarvest:
    runtime = _runtime()
    primed = None if full else _answer(source_id)
    source = runtime.sources.get(source_id)
    if (workers := _workers()) is not None:  # this task waits while a worker process harvests
        return workers.harvest(source, full, primed)
    return harvest_source_records(runtime, source, full=full, primed=primed)


@task(
    name="unchanged-sources",
    cache_policy=NONE,
    persist_result=False,
    log_prints=False,
    task_run_name="sources answering 304",
)
def unchanged_sources_task(source_ids: list[str]) -> dict[str, SourceHarvest]:
    """One task run for every source that answers 304 (flows/unchanged.py): they cost a
    request each, not a task run each; the changed answers it read wait for their tasks."""
    from prefect.runtime import flow_run

    runtime = _runtime()
    sources = [runtime.sources.get(i) for i in source_ids]
    looked = harvest_unchanged(runtime, sources, threads=MAX_PARALLEL_SOURCES)
    with _RUNTIMES_LOCK:
        _ANSWERS[str(flow_run.id or "")] = looked.answers
    return looked.unchanged


@task(
    name="index-changes",
    cache_policy=NONE,
    persist_result=False,
    log_prints=False,
    task_run_name="index changes",
)
def index_changes_task(ids: list[str], gone: list[str] | None = None) -> int:
    return index_listings(_runtime(), ids, gone)


def _index(runtime: Runtime, harvests: list[SourceHarvest]) -> None:
    changed = [i for h in harvests for i in h.changed]
    gone = [i for h in harvests for i in h.gone]
    if changed or gone:
        index_changes_task(changed, gone)
    else:  # only the check that index and store agree: no task run for that
        index_listings(runtime, changed, gone)


def _finish(
    runtime: Runtime, source_ids: list[str], before: list[SourceHealth], rows: list[dict[str, Any]]
) -> None:
    """Artifact, webhook, saved needs; then a run with a failed source ends Failed, as the
    runs ``regiohub harvest`` records do (``HarvestFailed`` carries every source's row)."""
    create_markdown_artifact(
        markdown=markdown_table(rows),
        key="harvest-report",
        description="regiohub: Ernte je Quelle",
    )
    notify(turned_bad(before, health_of(runtime.store, runtime.sources.select(source_ids))))
    after_harvest(runtime)  # saved needs hear about new offers (flows/notify.py)
    if any(row["status"] != "ok" for row in rows):
        raise HarvestFailed(rows)


@flow(name="harvest-source", log_prints=True, flow_run_name=run_name, persist_result=False)
def harvest_source(source_id: str, full: bool = False) -> dict[str, Any]:
    """Harvest one source and index what changed; returns that source's counts.

    ``full`` re-reads the whole source, ignoring saved ETags, cursors and lastmod dates.
    Raises ``HarvestFailed`` (the run ends Failed) when the source failed."""
    runtime = _runtime()
    try:
        before = health_of(runtime.store, [runtime.sources.get(source_id)])
        harvest = harvest_source_task(source_id, full)
        _index(runtime, [harvest])
        row = harvest.counts.as_row()
    finally:
        _forget_runtime()
    _finish(runtime, [source_id], before, [row])
    return row


@flow(
    name="harvest-all",
    log_prints=True,
    persist_result=False,
    flow_run_name=run_name,
    task_runner=ThreadPoolTaskRunner(max_workers=MAX_PARALLEL_SOURCES),  # type: ignore[arg-type]  # Prefect 3.8 stub: generic TaskRunner[Never]
)
def harvest_all(source_ids: list[str] | None = None, full: bool = False) -> list[dict[str, Any]]:
    """Harvest the given sources (default: all enabled) in parallel; returns per-source counts.

    ``full`` re-reads every source whole instead of incrementally where a source allows it.
    Raises ``HarvestFailed`` (the run ends Failed, its ``rows`` hold every source's counts)
    when a source failed; the others are stored, indexed and reported all the same."""
    runtime = _runtime()
    try:
        selected = [s.id for s in runtime.sources.select(source_ids)]
        before = health_of(runtime.store, runtime.sources.select(selected))
        # sources that answer 304 are recorded in one task; the others get one each
        done = {} if full else unchanged_sources_task(selected)
        rest = [i for i in selected if i not in done]
        if rest:
            with _worker_processes(runtime, rest, full):
                futures = harvest_source_task.map(rest, full=unmapped(full))
                done.update(zip(rest, [f.result() for f in futures], strict=True))
        harvests: list[SourceHarvest] = [done[i] for i in selected]
        _index(runtime, harvests)
        rows = [h.counts.as_row() for h in harvests]
    finally:
        _forget_runtime()
    _finish(runtime, selected, before, rows)
    return rows
