"""Prefect flows: ``harvest_source`` and ``harvest_all`` (sources in parallel).

One Prefect task per source (records are processed in batches inside it, never one task per
listing), then one task that projects the changes into the search index — a single index
writer, however many sources ran in parallel.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.core import SourceHarvest, harvest_source_records, index_listings
from hub.runtime import Runtime

MAX_PARALLEL_SOURCES = 4


def _runtime() -> Runtime:
    # Built inside the flow from the environment, so a deployment on another machine works
    # the same as a local call.
    return Runtime.from_env()


@task(name="harvest-source", cache_policy=NONE, task_run_name="harvest {source_id}")
def harvest_source_task(source_id: str) -> SourceHarvest:
    runtime = _runtime()
    return harvest_source_records(runtime, runtime.sources.get(source_id))


@task(name="index-changes", cache_policy=NONE)
def index_changes_task(ids: list[str]) -> int:
    return index_listings(_runtime(), ids)


@flow(name="harvest-source", log_prints=True)
def harvest_source(source_id: str) -> dict[str, Any]:
    """Harvest one source and index what changed; returns that source's counts."""
    harvest = harvest_source_task(source_id)
    index_changes_task(harvest.changed)
    return harvest.counts.as_row()


@flow(
    name="harvest-all",
    log_prints=True,
    task_runner=ThreadPoolTaskRunner(max_workers=MAX_PARALLEL_SOURCES),  # type: ignore[arg-type]  # Prefect 3.8 stub: generic TaskRunner[Never]
)
def harvest_all(source_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Harvest the given sources (default: all enabled) in parallel; returns per-source counts."""
    runtime = _runtime()
    selected = [s.id for s in runtime.sources.select(source_ids)]
    futures = harvest_source_task.map(selected)
    harvests: list[SourceHarvest] = [f.result() for f in futures]
    index_changes_task([i for h in harvests for i in h.changed])
    return [h.counts.as_row() for h in harvests]
