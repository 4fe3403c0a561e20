"""Moving a catalogue between stores (``regiohub store copy``), verified table by table.

Every table the hub keeps is copied (listings, runs, quarantine, connector state,
tombstones, the change log with its cursors, attention marks, the duplicate index and the
saved needs) in one transaction on the target, so a failed copy leaves it as it was. Then
both sides are read again and each table's row count and content hash compared: the hash
is the sum of the SHA-256 of every row (its values as JSON), which does not depend on the
order a database returns rows in. Identity counters (run ids, change cursors) continue
after the copied values, so the first harvest on the target does not reuse a number.

Run it with no harvest writing to the source: what is written during the copy may be
missing from the target (the verification then says so).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hub.errors import StoreError
from hub.store.core import SQLStore
from hub.store.db import Db

#: every table of a catalogue, parents before children
TABLES = (
    "listings",
    "runs",
    "quarantine",
    "source_state",
    "tombstones",
    "changes",
    "source_attention",
    "offer_facts",
    "offer_keys",
    "offer_index_state",
    "raw_hashes",
    "needs",
    "need_matches",
    "need_messages",
    "need_attempts",
    "needs_state",
)
BATCH = 1000


@dataclass(frozen=True)
class TableCopy:
    """One table's copy: rows on each side and whether the contents are the same."""

    table: str
    source_rows: int
    target_rows: int
    source_hash: str
    target_hash: str

    @property
    def same(self) -> bool:
        return self.source_rows == self.target_rows and self.source_hash == self.target_hash


def columns(db: Db, table: str) -> list[str]:
    """The columns of ``table`` in their declared order."""
    cursor = db.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [c[0] for c in cursor.description]  # type: ignore[attr-defined]


def _shared(source: Db, target: Db, table: str) -> list[str]:
    # PostgreSQL's change log has an ``id`` of its own; only what both have is the content
    theirs = set(columns(target, table))
    return [c for c in columns(source, table) if c in theirs and (table, c) != ("changes", "id")]


def rows(db: Db, table: str, cols: list[str]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``table`` in batches, without holding the whole table in memory."""
    statement = f"SELECT {', '.join(cols)} FROM {table}"
    if db.pg:  # a server-side cursor (we are inside a transaction)
        cursor = db.raw.cursor(name=f"copy_{table}")
        cursor.execute(statement)
    else:
        cursor = db.raw.execute(statement)
    while batch := cursor.fetchmany(BATCH):
        yield [tuple(r) for r in batch]
    cursor.close()


def content_hash(db: Db, table: str, cols: list[str]) -> tuple[int, str]:
    """(rows, hash) of a table: the sum of the rows' SHA-256, independent of their order."""
    total, count = 0, 0
    for batch in rows(db, table, cols):
        for row in batch:
            digest = hashlib.sha256(json.dumps(list(row), default=str).encode()).digest()
            total = (total + int.from_bytes(digest, "big")) % (1 << 256)
            count += 1
    return count, f"{total:064x}"


def _is_empty(db: Db) -> bool:
    return all(db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is None for t in TABLES)


def _continue_counters(db: Db) -> None:
    """Let the target's own counters go on after the copied run ids and change cursors."""
    if not db.pg:
        return  # SQLite's AUTOINCREMENT continues after the largest key inserted
    db.execute(
        "SELECT setval(pg_get_serial_sequence('runs', 'id'), "
        "GREATEST((SELECT COALESCE(MAX(id), 0) FROM runs), 1), "
        "(SELECT COUNT(*) > 0 FROM runs))"
    )
    db.execute(
        "SELECT setval('changes_seq', GREATEST((SELECT COALESCE(MAX(seq), 0) FROM changes), 1), "
        "(SELECT COUNT(*) > 0 FROM changes))"
    )


def copy_store(source: SQLStore, target: SQLStore, *, force: bool = False) -> list[TableCopy]:
    """Copy every table from ``source`` to ``target``, then verify counts and hashes.

    Refuses a target that holds anything unless ``force`` (then its rows are replaced).
    Raises ``StoreError`` (German) when the target is not empty or the check fails.
    """
    source.last_change()  # PostgreSQL: every committed change gets its cursor first
    with source._transaction() as src, target._transaction() as dst:
        if not _is_empty(dst):
            if not force:
                raise StoreError(
                    f"Der Zielspeicher {target.location} ist nicht leer; nichts wurde kopiert "
                    "(mit --force werden seine Daten ersetzt)."
                )
            for table in reversed(TABLES):
                dst.execute(f"DELETE FROM {table}")
        for table in TABLES:
            cols = _shared(src, dst, table)
            marks = ", ".join("?" * len(cols))
            insert = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})"
            for batch in rows(src, table, cols):
                dst.executemany(insert, batch)
        _continue_counters(dst)
    report = []
    with source._transaction() as src, target._transaction() as dst:
        for table in TABLES:
            cols = _shared(src, dst, table)
            n_src, h_src = content_hash(src, table, cols)
            n_dst, h_dst = content_hash(dst, table, cols)
            report.append(TableCopy(table, n_src, n_dst, h_src, h_dst))
    return report
