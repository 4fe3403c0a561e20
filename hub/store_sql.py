"""Former home of the store's SQL helpers; kept so existing imports go on working."""

from hub.store.migrations import MIGRATED_INDEXES, MIGRATIONS
from hub.store.sql import (
    HOST,
    UpsertResult,
    alive,
    alternate_rows,
    attach_alternates,
    catalogue_rows,
    delete_listings,
    log_change,
    quarantine_rows,
    upsert_rows,
)
from hub.store.sqlite import connect, transaction

__all__ = [
    "HOST",
    "MIGRATED_INDEXES",
    "MIGRATIONS",
    "UpsertResult",
    "alive",
    "alternate_rows",
    "attach_alternates",
    "catalogue_rows",
    "connect",
    "delete_listings",
    "log_change",
    "quarantine_rows",
    "transaction",
    "upsert_rows",
]
