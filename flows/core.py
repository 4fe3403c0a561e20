"""The harvest as ordinary functions: a test or the CLI can call them without Prefect.

harvest → normalise → store (in batches), then index what changed. A source that fails is
reported with its cause; nothing in the catalogue is deleted because a source misbehaved.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from connectors.base import HarvestContext
from flows.progress import ProgressEvent, emit
from hub.config import SourceConfig
from hub.errors import ConnectorError, RegiohubError
from hub.http import HttpClient
from hub.model import RawRecord, SourceCounts
from hub.runtime import Runtime

log = logging.getLogger(__name__)
BATCH_SIZE = 200
T = TypeVar("T")


@dataclass
class SourceHarvest:
    counts: SourceCounts
    #: ids of listings added or updated, to be (re)indexed
    changed: list[str] = field(default_factory=list)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def harvest_source_records(runtime: Runtime, source: SourceConfig) -> SourceHarvest:
    """Fetch one source, normalise in batches, store listings and quarantine rejects."""
    store = runtime.store
    counts = SourceCounts(source_id=source.id)
    result = SourceHarvest(counts)
    counts.run_id = store.start_run(source.id)
    started = time.monotonic()
    emit(ProgressEvent(source.id, "started"))
    try:
        connector_cls = runtime.registry.connector(source.type)
        context = HarvestContext(
            source=source,
            http=HttpClient(allowed_hosts=source.hosts()),
            state=store.get_state(source.id),
        )
        connector = connector_cls(source, context)
        records: Iterator[RawRecord] = connector.fetch()
        for batch in batched(records, BATCH_SIZE):
            _process_batch(runtime, source, batch, result)
            emit(ProgressEvent(source.id, "batch", len(batch)))
        if context.not_modified:
            counts.unchanged = store.touch_source(source.id)
            counts.notes.append("source reports no change since the last harvest (HTTP 304)")
        counts.notes.extend(context.notes)
        store.save_state(source.id, context.state)
        counts.status = "ok"
    except ConnectorError as exc:
        counts.status, counts.error, counts.error_kind = "failed", str(exc), exc.kind
    except RegiohubError as exc:
        counts.status, counts.error, counts.error_kind = "failed", str(exc), "config"
    except Exception as exc:  # never let one source take the hub down; keep the cause
        log.exception("harvest of %s failed unexpectedly", source.id)
        counts.status, counts.error_kind = "failed", "internal"
        counts.error = f"internal error: {type(exc).__name__}: {exc}"
    counts.duration_s = round(time.monotonic() - started, 3)
    store.finish_run(counts.run_id, counts)
    stage = "finished" if counts.status == "ok" else "failed"
    emit(ProgressEvent(source.id, stage, message=counts.error or ""))
    return result


def _process_batch(
    runtime: Runtime, source: SourceConfig, batch: list[RawRecord], result: SourceHarvest
) -> None:
    counts = result.counts
    counts.fetched += len(batch)
    listings, rejections = runtime.pipeline.process_many(batch, source)
    stored = runtime.store.upsert_listings(listings)
    counts.added += len(stored.added)
    counts.updated += len(stored.updated)
    counts.unchanged += len(stored.unchanged)
    result.changed.extend(stored.added + stored.updated)
    counts.quarantined += runtime.store.quarantine(rejections, counts.run_id)
    runtime.store.release_from_quarantine(source.id, [lst.source_key for lst in listings])


def index_listings(runtime: Runtime, ids: list[str]) -> int:
    """Project changed listings from the store into the search index.

    The index is a projection: if it does not hold exactly what the store holds afterwards
    (a new or lost index, a crash between store and index), it is rebuilt from the store.
    """
    written = 0
    for batch in batched(runtime.store.iter_listings(ids), 1000):
        written += runtime.index.upsert(batch)
    if runtime.index.count() != runtime.store.count_listings():
        log.info("index out of step with the store; rebuilding it")
        written = reindex(runtime)
    return written


def reindex(runtime: Runtime) -> int:
    """Rebuild the whole index from the store as a new generation, then switch to it."""
    return runtime.index.rebuild(runtime.store.iter_listings())


def harvest_plain(runtime: Runtime, sources: list[SourceConfig]) -> list[SourceCounts]:
    """Harvest sources one after another and index the changes (no Prefect; for tests and tools)."""
    harvests = [harvest_source_records(runtime, s) for s in sources]
    index_listings(runtime, [i for h in harvests for i in h.changed])
    return [h.counts for h in harvests]
