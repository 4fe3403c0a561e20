"""What every catalogue store offers (``Store``) and the records it hands out.

Two backends implement it: ``SQLiteStore`` (one file, the embedded default) and
``PostgresStore`` (a database server every machine reaches). Both share their SQL
(``hub.store.core``); only connections, locks and the change feed's cursor differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from hub.hints import QualityHint
from hub.model import Listing, RawRecord, Rejection, SourceCounts, StoredRow
from hub.store.sql import UpsertResult

if TYPE_CHECKING:
    from pipelines.duplicates_index import Regrouping

#: run counts summed for metrics
COUNTED = ("fetched", "added", "updated", "unchanged", "gone", "quarantined", "failed")


@dataclass(frozen=True)
class QuarantineEntry:
    source_id: str
    record_key: str
    run_id: int | None
    reason: str
    step: str
    record: dict[str, Any]
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class RunRecord:
    id: int
    source_id: str
    started_at: str
    finished_at: str | None
    status: str
    counts: dict[str, Any]
    mode: str = "full"


@dataclass(frozen=True)
class BatchResult:
    """What one batch did: listings upserted and records quarantined, in one transaction."""

    stored: UpsertResult
    quarantined: int


@dataclass(frozen=True)
class SyncResult:
    """What a full harvest's synchronisation did to listings the source no longer lists."""

    #: listings deleted now (missing on ``gone_after`` consecutive full harvests)
    gone: list[str]
    #: listings missing this time but kept until they are missing often enough
    pending: list[str]
    #: why the circuit breaker refused to delete anything, or None
    tripped: str | None = None


@dataclass(frozen=True)
class Change:
    """One entry of the change feed (see ``Store.changes``)."""

    seq: int
    op: Literal["upsert", "delete"]
    listing_id: str
    source_id: str
    at: str
    #: the listing as stored now (``upsert``) or as last stored before deletion (``delete``)
    listing: Listing


@runtime_checkable
class Store(Protocol):
    """The catalogue: listings by stable id, runs, quarantine, state, tombstones, change feed.

    Safe to use from several threads and processes; each call is its own transaction.
    """

    #: where the catalogue lives, for messages (a file path, or a URL without password)
    location: str
    #: rows read into Python by catalogue-wide reads and regrouping (tests, benchmarks)
    rows_read: int

    def close(self) -> None: ...

    # -- listings
    def upsert_listings(
        self, listings: Iterable[Listing], seen_at: datetime | None = None
    ) -> UpsertResult: ...
    def apply_batch(
        self,
        listings: Iterable[Listing],
        rejections: Iterable[Rejection],
        run_id: int | None,
        seen_at: datetime | None = None,
        *,
        raw_hashes: dict[str, str] | None = None,
        kept: Iterable[RawRecord] = (),
    ) -> BatchResult: ...
    def known_raw_hashes(self, ids: list[str]) -> dict[str, str]: ...
    def touch_source(self, source_id: str, seen_at: datetime | None = None) -> int: ...
    def get_listing(self, listing_id: str) -> Listing | None: ...
    def duplicate_links(self) -> dict[str, str]: ...
    def set_duplicate_links(self, links: dict[str, str | None]) -> None: ...
    def regroup_duplicates(self, changed: Iterable[str], gone: Iterable[str]) -> Regrouping: ...
    def iter_catalogue(self, ids: Iterable[str] | None = None) -> Iterator[Listing]: ...
    def iter_catalogue_rows(self, batch: int = 1000) -> Iterator[dict[str, Any]]: ...
    def iter_stored_rows(self, batch: int = 1000) -> Iterator[StoredRow]: ...
    def count_catalogue(self) -> int: ...
    def count_listings(self, source_id: str | None = None) -> int: ...
    def counts_by_source(self) -> dict[str, int]: ...
    def counts_by_kind(self) -> dict[str, int]: ...
    def iter_listings(
        self, ids: Iterable[str] | None = None, batch: int = 500
    ) -> Iterator[Listing]: ...

    # -- runs
    def source_lock(self, source_id: str) -> AbstractContextManager[None]:
        """Held while one harvest of ``source_id`` runs; raises ``SourceBusyError`` if taken."""
        ...

    def start_run(self, source_id: str, mode: str = "full") -> int: ...
    def renew_lease(self, run_id: int) -> None: ...
    def finish_run(self, run_id: int, counts: SourceCounts) -> None: ...
    def latest_runs(self) -> dict[str, RunRecord]: ...
    def runs(self, source_id: str, limit: int = 20) -> list[RunRecord]: ...
    def last_success(self) -> dict[str, RunRecord]: ...
    def run_totals(self) -> list[dict[str, Any]]: ...
    def run_durations(self) -> dict[str, list[float]]: ...

    # -- safe synchronisation, tombstones, change feed
    def sync_full(
        self,
        source_id: str,
        seen_ids: Iterable[str],
        *,
        gone_after: int = 2,
        max_shrink: float = 0.3,
        run_id: int | None = None,
    ) -> SyncResult: ...
    def delete_listings(self, ids: Iterable[str], run_id: int | None = None) -> list[str]: ...
    def attention(self) -> dict[str, tuple[str, str]]: ...
    def tombstones(self, source_id: str | None = None) -> list[tuple[str, str, str]]: ...
    def changes(self, after: int = 0, limit: int = 500) -> list[Change]: ...
    def last_change(self) -> int: ...

    # -- quarantine, hints, connector state
    def quarantine(self, rejections: Iterable[Rejection], run_id: int | None) -> int: ...
    def release_from_quarantine(self, source_id: str, keys: Iterable[str]) -> int: ...
    def quarantine_counts(self) -> dict[str, int]: ...
    def quarantined(self, source_id: str | None = None) -> list[QuarantineEntry]: ...
    def quality_hints(self, source_id: str | None = None) -> list[QualityHint]: ...
    def quality_counts(self) -> dict[str, int]: ...
    def get_state(self, source_id: str) -> dict[str, str]: ...
    def save_state(self, source_id: str, state: dict[str, str]) -> None: ...
