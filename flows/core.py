"""The harvest as ordinary functions: a test or the CLI can call them without Prefect.

harvest → normalise → store (in batches, one transaction each), synchronise deletions, then
index what changed. A source that fails is reported with its cause; nothing in the catalogue
is deleted because a source misbehaved: only a successful, complete full harvest may remove
listings, and only through the store's safe synchronisation (``Store.sync_full``). The one
exception is a deletion the source reports itself (``HarvestContext.deleted_keys``, e.g. a
tombstone in another hub's change feed): that is a statement, not an inference, so it is
applied after any successful run, incremental ones included.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from connectors.base import HarvestContext
from flows.health import health_of
from flows.progress import ProgressEvent, emit
from flows.report import notify, turned_bad
from hub.config import SourceConfig
from hub.errors import (
    ConnectorError,
    RegiohubError,
    SourceBusyError,
    StoreError,
    store_message,
)
from hub.http import FetchResult, HttpClient
from hub.model import RawRecord, SourceCounts, listing_id
from hub.runtime import Runtime
from hub.store import store_errors, store_location
from pipelines import raw_memo

log = logging.getLogger(__name__)
BATCH_SIZE = 200
#: more changed listings than this, and at least half the catalogue: rebuild the index instead
REBUILD_AT = 2000
MAX_ERROR_SAMPLES = 5
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


def harvest_source_records(
    runtime: Runtime,
    source: SourceConfig,
    *,
    full: bool = False,
    primed: dict[tuple[str, str | None, str | None], FetchResult] | None = None,
) -> SourceHarvest:
    """Fetch one source, normalise and store in batches, then synchronise deletions.

    ``full`` starts the connector without its saved state (no ETag, cursor or ``lastmod``),
    so it reads the whole source: a full harvest on demand. ``primed`` are answers already
    fetched (``HttpClient.primed``; a 304 from flows/unchanged.py).
    """
    counts = SourceCounts(source_id=source.id)
    result = SourceHarvest(counts)
    started = time.monotonic()
    with ExitStack() as held:
        try:
            # opened here, inside the per-source handling: a store that cannot be opened
            # (locked, disk full) fails this source with its cause instead of the whole flow
            store = runtime.store
            # one harvest of a source at a time, on any machine (released however we end)
            held.enter_context(store.source_lock(source.id))
            run_id = counts.run_id = store.start_run(source.id)
        except SourceBusyError as exc:
            counts.status, counts.error, counts.error_kind = "busy", str(exc), "busy"
            emit(ProgressEvent(source.id, "failed", message=counts.error))
            return result
        except store_errors() as exc:
            # every source shares this catalogue: stop the harvest with one sentence for the
            # operator instead of failing each source in turn on the same cause
            raise StoreError(store_message(exc, store_location(runtime.settings.store))) from None
        except StoreError:  # e.g. the PostgreSQL server is not reachable: one sentence, stop
            raise
        except Exception as exc:
            log.exception("the catalogue could not be opened for %s", source.id)
            _failed(
                counts,
                f"Katalog nicht verfügbar ({type(exc).__name__}: {exc}); prüfen Sie Speicherort "
                "und Rechte des Katalogs und ernten Sie dann erneut",
                "internal",
            )
            counts.duration_s = round(time.monotonic() - started, 3)
            emit(ProgressEvent(source.id, "failed", message=counts.error or ""))
            return result
        return _harvest_run(runtime, source, full, result, run_id, started, primed or {})


def _harvest_run(
    runtime: Runtime,
    source: SourceConfig,
    full: bool,
    result: SourceHarvest,
    run_id: int,
    started: float,
    primed: dict[tuple[str, str | None, str | None], FetchResult],
) -> SourceHarvest:
    """The run itself, once its lock is held and its run opened."""
    store, counts = runtime.store, result.counts
    emit(ProgressEvent(source.id, "started", run_id=counts.run_id))
    http: HttpClient | None = None
    try:
        connector_cls = runtime.registry.connector(source.type)
        # one connection pool for the run
        http = HttpClient(
            allowed_hosts=source.hosts(), allow_private=source.allow_private_hosts, primed=primed
        )
        http.check_configured_hosts()  # before any connection, for every connector type
        context = HarvestContext(
            source=source,
            http=http,
            state={} if full else store.get_state(source.id),
        )
        connector = connector_cls(source, context)
        records: Iterator[RawRecord] = bounded(
            _capped(connector.fetch(), source.max_records, context), source, started
        )
        # a full harvest normalises every record again; otherwise records whose listing was
        # stored from the same raw record (and the same pipeline) are only marked as seen
        known = None if full else raw_memo.fingerprint(runtime.pipeline.steps, source)
        for batch in batched(records, BATCH_SIZE):
            _process_batch(runtime, source, batch, result, known)
            store.renew_lease(run_id)  # alive: other workers must not close the run
            emit(ProgressEvent(source.id, "batch", len(batch)))
        counts.notes.extend(context.notes)
        # items still listed but unreadable this time count as seen: their listings stay
        result.seen.update(listing_id(source.id, key) for key in context.kept_keys)
        if context.deleted_keys:
            _apply_deletions(runtime, source, context.deleted_keys, result)
        if context.not_modified:
            counts.mode = "unchanged"
            counts.unchanged = store.touch_source(source.id)
            counts.notes.append("Quelle meldet keine Änderung seit der letzten Ernte (HTTP 304)")
        elif context.incremental:
            counts.mode = "incremental"  # only changes were listed: absence proves nothing
        elif context.partial:  # a broken feed, a failed page, a crawl cut at max_pages
            counts.mode = "partial"
            counts.notes.append("Quelle nur teilweise gelesen; nichts wurde gelöscht")
        else:
            _synchronise(runtime, source, result)
        store.save_state(source.id, context.state)
        counts.status = "ok"
    except ConnectorError as exc:
        _failed(counts, str(exc), exc.kind)
    except store_errors() as exc:  # each batch is one transaction: what failed is rolled back
        _failed(counts, store_message(exc, store.location), "store")
    except RegiohubError as exc:
        _failed(counts, str(exc), "config")
    except Exception as exc:  # never let one source take the hub down; keep the cause
        log.exception("harvest of %s failed unexpectedly", source.id)
        _failed(
            counts,
            f"Interner Fehler ({type(exc).__name__}: {exc}); die Einzelheiten stehen im Log "
            "des Hubs – bitte dem Betrieb melden",
            "internal",
        )
    finally:
        if http is not None:
            http.close()
    counts.duration_s = round(time.monotonic() - started, 3)
    try:
        store.finish_run(run_id, counts)
    except store_errors() as exc:  # the next harvest of this source closes the run as crashed
        raise StoreError(store_message(exc, store.location)) from None
    if counts.error_kind == "store":
        # nothing more can be written; say so once instead of failing on every next source
        raise StoreError(counts.error or "")
    stage = "finished" if counts.status == "ok" else "failed"
    emit(ProgressEvent(source.id, stage, message=counts.error or ""))
    return result


def _capped(
    records: Iterator[RawRecord], limit: int, context: HarvestContext
) -> Iterator[RawRecord]:
    """At most ``limit`` records; a source with more is cut there and the run is partial."""
    for number, record in enumerate(records):
        if number >= limit:
            context.partial = True  # what was not read may still be listed: nothing deleted
            context.notes.append(
                f"nach max_records = {limit} Datensätzen abgebrochen; die Quelle hat mehr – "
                "erhöhen Sie max_records, wenn alle gebraucht werden"
            )
            close = getattr(records, "close", None)
            if close is not None:
                close()  # the connector's generator stops fetching now
            return
        yield record


class _Raised:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_END = object()


def bounded(
    records: Iterator[RawRecord], source: SourceConfig, started: float
) -> Iterator[RawRecord]:
    """The connector's records, read in a thread of their own, until the source's wall-clock
    limit (``max_minutes``, counted from ``started``) has passed: then ``ConnectorError``
    (``timeout``). A connector that never returns cannot be stopped in Python; its daemon
    thread is left behind and ends with the process, while this source fails and the others
    go on.
    """
    # whole batches: a hand-over per record costs two lock round trips between the threads
    inbox: queue.Queue[object] = queue.Queue(maxsize=2)

    def pump() -> None:
        try:
            for chunk in batched(records, BATCH_SIZE):
                inbox.put(chunk)
            inbox.put(_END)
        except BaseException as exc:  # handed to the harvest, which records it
            inbox.put(_Raised(exc))

    threading.Thread(target=pump, name=f"fetch-{source.id}", daemon=True).start()
    deadline = started + source.max_minutes * 60
    while True:
        try:
            left = deadline - time.monotonic()
            if left <= 0:  # also while records keep coming: the limit is wall-clock
                raise queue.Empty
            item = inbox.get(timeout=left)
        except queue.Empty:
            raise ConnectorError(
                f"Zeitlimit überschritten: die Quelle lieferte nach {source.max_minutes:g} "
                "Minuten nicht fertig (max_minutes in sources.toml).",
                kind="timeout",
            ) from None
        if item is _END:
            return
        if isinstance(item, _Raised):
            raise item.exc
        yield from item  # type: ignore[misc]


def _failed(counts: SourceCounts, error: str, kind: str) -> None:
    counts.status, counts.error, counts.error_kind = "failed", error, kind
    counts.errors[kind] = counts.errors.get(kind, 0) + 1
    if len(counts.error_samples) < MAX_ERROR_SAMPLES:
        counts.error_samples.append(error)


def _apply_deletions(
    runtime: Runtime, source: SourceConfig, keys: set[str], result: SourceHarvest
) -> None:
    """Delete what the source itself reported deleted (never inferred; safe when incremental)."""
    ids = sorted(listing_id(source.id, key) for key in keys)
    gone = runtime.store.delete_listings(ids, run_id=result.counts.run_id)
    result.gone.extend(gone)
    result.counts.gone += len(gone)


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
    counts.gone += len(sync.gone)
    counts.missing = len(sync.pending)
    if sync.tripped:
        counts.attention = f"Schutzschalter: {sync.tripped}"
        counts.notes.append(counts.attention)
        log.warning("source %s needs attention: %s", source.id, sync.tripped)


def _process_batch(
    runtime: Runtime,
    source: SourceConfig,
    batch: list[RawRecord],
    result: SourceHarvest,
    fingerprint: str | None = None,
) -> None:
    counts = result.counts
    counts.fetched += len(batch)
    fresh: list[RawRecord] = batch
    kept: list[RawRecord] = []
    hashes: dict[str, str] = {}
    if fingerprint is not None:
        fresh, kept, hashes = raw_memo.split_known(
            batch, fingerprint, runtime.store.known_raw_hashes
        )
    listings, rejections = runtime.pipeline.process_many(fresh, source)
    applied = runtime.store.apply_batch(
        listings, rejections, counts.run_id, raw_hashes=hashes, kept=kept
    )
    stored = applied.stored
    counts.added += len(stored.added)
    counts.updated += len(stored.updated)
    counts.unchanged += len(stored.unchanged)
    counts.quarantined += applied.quarantined
    result.changed.extend(stored.added + stored.updated)
    result.seen.update(lst.id for lst in listings)
    result.seen.update(r.listing_id for r in kept)
    result.seen.update(listing_id(source.id, r.key) for r in rejections)


def index_listings(runtime: Runtime, ids: list[str], gone: list[str] | None = None) -> int:
    """Project changed listings from the store into the search index; remove gone ones.

    The index is a projection: if it does not hold exactly what the store holds afterwards
    (a new or lost index, a crash between store and index), it is rebuilt from the store.
    """
    wanted, folded = regroup_duplicates(runtime, ids, gone)
    if len(wanted) > REBUILD_AT and len(wanted) * 2 >= runtime.store.count_catalogue():
        # most of the catalogue changed (a first harvest): one streamed rebuild costs far less
        # than writing it again in upserts of 1,000, each with its own writer and commit
        return reindex(runtime)
    if gone or folded:
        runtime.index.delete([*(gone or []), *folded])
    written = 0
    for batch in batched(runtime.store.iter_catalogue(wanted), 1000):
        written += runtime.index.upsert(batch)
    if runtime.index.count() != runtime.store.count_catalogue():
        log.info("index out of step with the store; rebuilding it")
        written = reindex(runtime)
    return written


def reindex(runtime: Runtime) -> int:
    """Rebuild the whole index from the store as a new generation, then switch to it."""
    if getattr(runtime.index, "rebuilds_from_rows", False):
        # stored rows stream straight into the index, with no Listing object per row (and
        # undecoded, so helper processes can build their documents)
        return runtime.index.rebuild(runtime.store.iter_stored_rows())  # type: ignore[arg-type]
    return runtime.index.rebuild(runtime.store.iter_catalogue())


def regroup_duplicates(
    runtime: Runtime, changed: list[str], gone: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Group the same offer across sources anew; return ids to (re)index and ids to drop.

    Only canonical listings are indexed, with their alternate sources folded in: a canonical
    listing whose group changed is re-indexed, a listing that became an alternate leaves the
    index, and one whose canonical record is gone becomes canonical itself. Only listings
    connected to what changed or went are regrouped (the store's duplicate index), so an
    unchanged harvest does no regrouping work at all.
    """
    regrouped = runtime.store.regroup_duplicates(changed, gone or [])
    old, new = regrouped.old, regrouped.new
    # the store has saved these already, in the regrouping's own transaction
    moved = {i: new.get(i) for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    wanted = set(changed) | {new[i] for i in changed if i in new}
    folded = []
    for lid, canonical in moved.items():
        if lid in old:
            wanted.add(old[lid])  # its group shrank
        if canonical is None:
            wanted.add(lid)
        else:
            wanted.add(canonical)
            folded.append(lid)
    return sorted(wanted), sorted(folded)


@dataclass
class QuarantineRerun:
    """What re-running quarantined records through the current pipeline did."""

    checked: int = 0
    #: ids of listings that now pass: stored, indexed and out of quarantine
    released: list[str] = field(default_factory=list)
    #: records that still fail, kept in quarantine with their new reason
    still: int = 0
    #: sources whose entries were left alone because sources.toml no longer defines them
    unknown_sources: list[str] = field(default_factory=list)

    def summary(self) -> str:
        from hub.cli_tables import plural

        text = (
            f"{plural(self.checked, 'Datensatz', 'Datensätze')} erneut geprüft: "
            f"{len(self.released)} übernommen, "
            f"{self.still} weiterhin in Quarantäne."
        )
        if self.unknown_sources:
            text += " Nicht mehr konfigurierte Quellen übersprungen: "
            text += ", ".join(self.unknown_sources) + "."
        return text


def rerun_quarantine(
    runtime: Runtime, source_id: str | None = None, record_key: str | None = None
) -> QuarantineRerun:
    """Put stored raw records of quarantine through the current pipeline, e.g. after a fix.

    Records that now pass become listings (store and index) and leave quarantine, in the same
    transaction; those that still fail keep their entry with the new reason. The raw record is
    re-used as stored, so no source is fetched again.
    """
    if source_id:
        runtime.sources.get(source_id)  # a clear error for an unknown source id
    entries = runtime.store.quarantined(source_id)
    if record_key is not None:
        entries = [e for e in entries if e.record_key == record_key]
    result = QuarantineRerun()
    by_source: dict[str, list[RawRecord]] = {}
    for entry in entries:
        by_source.setdefault(entry.source_id, []).append(RawRecord.model_validate(entry.record))
    for sid, raws in by_source.items():
        try:
            source = runtime.sources.get(sid)
        except RegiohubError:
            result.unknown_sources.append(sid)
            continue
        for batch in batched(raws, BATCH_SIZE):
            listings, rejections = runtime.pipeline.process_many(batch, source)
            runtime.store.apply_batch(listings, rejections, run_id=None)
            result.checked += len(batch)
            result.released.extend(lst.id for lst in listings)
            result.still += len(rejections)
    if result.released:
        index_listings(runtime, result.released)
    return result


def harvest_plain(
    runtime: Runtime, sources: list[SourceConfig], *, full: bool = False
) -> list[SourceCounts]:
    """Harvest sources one after another, or in worker processes (flows/processes.py), and
    index the changes (no Prefect; ``regiohub harvest --no-prefect``, tests and tools)."""
    from flows.processes import harvest_sources

    before = health_of(runtime.store, sources)
    harvests = harvest_sources(runtime, sources, full=full)
    index_listings(
        runtime, [i for h in harvests for i in h.changed], [i for h in harvests for i in h.gone]
    )
    notify(turned_bad(before, health_of(runtime.store, sources)))
    return [h.counts for h in harvests]
