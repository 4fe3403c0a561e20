"""The harvest as ordinary functions: a test or the CLI can call them without Prefect.

harvest → normalise → store (in batches, one transaction each), synchronise deletions, then
index what changed. A source that fails is reported with its cause; nothing in the catalogue
is deleted because a source misbehaved: only a successful, complete full harvest may remove
listings, and only through the store's safe synchronisation (``Store.sync_full``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from connectors.base import HarvestContext
from flows.health import health_of
from flows.progress import ProgressEvent, emit
from flows.report import notify, turned_bad
from hub.config import SourceConfig
from hub.errors import ConnectorError, RegiohubError
from hub.http import HttpClient
from hub.model import RawRecord, SourceCounts, listing_id
from hub.runtime import Runtime

log = logging.getLogger(__name__)
BATCH_SIZE = 200
MAX_ERROR_SAMPLES = 5
#: what connectors note when they read a source only in part without setting
#: ``context.partial`` (a feed that was not well-formed, a crawl cut at max_pages)
PARTIAL_MARKS = ("is not a well-formed feed", "stopped after max_pages")
T = TypeVar("T")


@dataclass
class SourceHarvest:
    counts: SourceCounts
    #: ids of listings added or updated, to be (re)indexed
    changed: list[str] = field(default_factory=list)
    #: ids of listings deleted (tombstoned), to be removed from the index
    gone: list[str] = field(default_factory=list)
    #: ids of every record the source listed this time (listings and rejects)
    seen: set[str] = field(default_factory=set)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def harvest_source_records(runtime: Runtime, source: SourceConfig) -> SourceHarvest:
    """Fetch one source, normalise and store in batches, then synchronise deletions."""
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
        counts.notes.extend(context.notes)
        if context.not_modified:
            counts.mode = "unchanged"
            counts.unchanged = store.touch_source(source.id)
            counts.notes.append("source reports no change since the last harvest (HTTP 304)")
        elif context.incremental:
            counts.mode = "incremental"  # only changes were listed: absence proves nothing
        elif _partial(context):
            counts.mode = "partial"
            counts.notes.append("the source could only be read in part; nothing was deleted")
        else:
            _synchronise(runtime, source, result)
        store.save_state(source.id, context.state)
        counts.status = "ok"
    except ConnectorError as exc:
        _failed(counts, str(exc), exc.kind)
    except RegiohubError as exc:
        _failed(counts, str(exc), "config")
    except Exception as exc:  # never let one source take the hub down; keep the cause
        log.exception("harvest of %s failed unexpectedly", source.id)
        _failed(counts, f"internal error: {type(exc).__name__}: {exc}", "internal")
    counts.duration_s = round(time.monotonic() - started, 3)
    store.finish_run(counts.run_id, counts)
    stage = "finished" if counts.status == "ok" else "failed"
    emit(ProgressEvent(source.id, stage, message=counts.error or ""))
    return result


def _failed(counts: SourceCounts, error: str, kind: str) -> None:
    counts.status, counts.error, counts.error_kind = "failed", error, kind
    counts.errors[kind] = counts.errors.get(kind, 0) + 1
    if len(counts.error_samples) < MAX_ERROR_SAMPLES:
        counts.error_samples.append(error)


def _partial(context: HarvestContext) -> bool:
    """Whether the connector read the source only in part (then absence proves nothing)."""
    if context.partial:
        return True
    return any(mark in note for note in context.notes for mark in PARTIAL_MARKS)


def _synchronise(runtime: Runtime, source: SourceConfig, result: SourceHarvest) -> None:
    counts = result.counts
    sync = runtime.store.sync_full(
        source.id,
        result.seen,
        gone_after=source.sync.gone_after,
        max_shrink=source.sync.max_shrink,
        run_id=counts.run_id,
    )
    result.gone.extend(sync.gone)
    counts.gone, counts.missing = len(sync.gone), len(sync.pending)
    if sync.tripped:
        counts.attention = f"circuit breaker: {sync.tripped}"
        counts.notes.append(counts.attention)
        log.warning("source %s needs attention: %s", source.id, sync.tripped)


def _process_batch(
    runtime: Runtime, source: SourceConfig, batch: list[RawRecord], result: SourceHarvest
) -> None:
    counts = result.counts
    counts.fetched += len(batch)
    listings, rejections = runtime.pipeline.process_many(batch, source)
    applied = runtime.store.apply_batch(listings, rejections, counts.run_id)
    stored = applied.stored
    counts.added += len(stored.added)
    counts.updated += len(stored.updated)
    counts.unchanged += len(stored.unchanged)
    counts.quarantined += applied.quarantined
    result.changed.extend(stored.added + stored.updated)
    result.seen.update(lst.id for lst in listings)
    result.seen.update(listing_id(source.id, r.key) for r in rejections)


def index_listings(runtime: Runtime, ids: list[str], gone: list[str] | None = None) -> int:
    """Project changed listings from the store into the search index; remove gone ones.

    The index is a projection: if it does not hold exactly what the store holds afterwards
    (a new or lost index, a crash between store and index), it is rebuilt from the store.
    """
    if gone:
        runtime.index.delete(gone)
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
    before = health_of(runtime.store, sources)
    harvests = [harvest_source_records(runtime, s) for s in sources]
    index_listings(
        runtime, [i for h in harvests for i in h.changed], [i for h in harvests for i in h.gone]
    )
    notify(turned_bad(before, health_of(runtime.store, sources)))
    return [h.counts for h in harvests]
