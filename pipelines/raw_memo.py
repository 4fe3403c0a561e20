"""Which raw record each stored listing was normalised from, so unchanged entries skip the pipeline.

A feed that changed in one entry still lists all the others again; normalising each of them
anew only to find its content hash unchanged was most of the cost of a re-harvest. So every
listing a harvest stores is filed with a hash of its raw record *and* of everything else the
pipeline's answer depends on (the source's configuration and the pipeline's steps and code:
``fingerprint``). When a later harvest brings a record with the same hash, its listing is
only marked as seen.

The table is kept by ``Store.apply_batch`` in the batch's own transaction, and it only ever
describes the listing row as it is: storing a listing without a raw hash (e.g. from the
quarantine re-run) removes its entry, deleting a listing removes it in the same transaction
(``hub.store.sql.delete_listings``), and a lookup joins ``listings`` all the same. Records
whose normalisation depends on the harvest day (a date without a year in a record without a
publication date takes the harvest day as reference) keep the reading of their first harvest
until they change; ``--full`` normalises everything again.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from hub.config import SourceConfig
from hub.model import RawRecord

if TYPE_CHECKING:  # the store's connection (hub.store imports this module)
    from hub.store.db import Db

SCHEMA = """
CREATE TABLE IF NOT EXISTS raw_hashes (
    listing_id TEXT PRIMARY KEY,
    raw_hash TEXT NOT NULL
)
"""
#: ids per ``IN (...)`` (well below SQLite's variable limit)
CHUNK = 500


def raw_hash(record: RawRecord, fingerprint: str) -> str:
    """A short hash of what the source said in ``record`` under one pipeline ``fingerprint``."""
    content = orjson.dumps(
        [fingerprint, record.source_id, record.key, record.url, record.fields],
        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
        default=str,
    )
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def fingerprint(steps: Sequence[object], source: SourceConfig) -> str:
    """What a listing depends on besides its raw record: the source's configuration, the
    pipeline's steps in order, and the code of the modules they (and the built-in pipeline)
    live in. Changing any of them makes every record of the source normalise again."""
    parts = [source.model_dump_json(), *(_step_code(step) for step in steps)]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _step_code(step: object) -> str:
    function = getattr(step, "fn", None)
    owner = function if function is not None else type(step)
    module = getattr(owner, "__module__", "") or ""
    name = getattr(owner, "__qualname__", type(owner).__name__)
    return f"{getattr(step, 'name', '')}:{getattr(step, 'order', '')}:{module}.{name}:" + (
        _module_hash(module) + _module_hash("pipelines")
    )


@lru_cache(maxsize=256)
def _module_hash(name: str) -> str:
    """The hash of a module's source file (a package: every file under it)."""
    module = sys.modules.get(name)
    where = getattr(module, "__file__", None)
    if not where:
        return ""
    path = Path(where)
    files = [path]
    if path.name == "__init__.py":  # a package: its code and its data files
        files = sorted(f for f in path.parent.rglob("*") if f.is_file() and f.suffix != ".pyc")
    digest = hashlib.blake2b(digest_size=16)
    for file in files:
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(str(file).encode())
    return digest.hexdigest()


def known(db: Db, ids: list[str]) -> dict[str, str]:
    """Listing id → the raw hash it was normalised from, for the ids still stored."""
    found: dict[str, str] = {}
    for chunk in _chunks(ids):
        where, params = db.is_in("r.listing_id", chunk)
        rows = db.execute(
            "SELECT r.listing_id, r.raw_hash FROM raw_hashes r JOIN listings l "
            f"ON l.id = r.listing_id WHERE {where}",
            params,
        ).fetchall()
        found.update((row[0], row[1]) for row in rows)
    return found


def remember(db: Db, hashes: dict[str, str], stored: Iterable[str]) -> None:
    """File the raw hash of each listing just ``stored``; forget those stored without one."""
    stored = list(dict.fromkeys(stored))  # one statement may not hit a key twice
    db.insert_many(
        "INSERT INTO raw_hashes (listing_id, raw_hash) VALUES",
        [(i, hashes[i]) for i in stored if i in hashes],
        "ON CONFLICT (listing_id) DO UPDATE SET raw_hash = excluded.raw_hash",
        types=("text", "text"),
    )
    forget(db, [i for i in stored if i not in hashes])


def forget(db: Db, ids: list[str]) -> None:
    """Drop the raw hashes of ``ids`` (one statement a chunk)."""
    for chunk in _chunks(ids):
        where, params = db.is_in("listing_id", chunk)
        db.execute(f"DELETE FROM raw_hashes WHERE {where}", params)


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def split_known(
    batch: list[RawRecord], fingerprint: str, lookup: Callable[[list[str]], dict[str, str]]
) -> tuple[list[RawRecord], list[RawRecord], dict[str, str]]:
    """``batch`` as (records to normalise, records whose listing is stored from the same raw
    record, listing id → raw hash of every record); ``lookup`` is ``Store.known_raw_hashes``."""
    hashes = {record.listing_id: raw_hash(record, fingerprint) for record in batch}
    stored = lookup(list(hashes))
    fresh: list[RawRecord] = []
    kept: list[RawRecord] = []
    for record in batch:
        same = stored.get(record.listing_id) == hashes[record.listing_id]
        (kept if same else fresh).append(record)
    return fresh, kept, hashes
