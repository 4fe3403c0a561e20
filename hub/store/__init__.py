"""The catalogue store: the system of record, behind the ``Store`` protocol.

``open_store(url_or_path)`` picks the backend: a path or ``sqlite://PATH`` opens the
embedded SQLite file (the default, ``$REGIOHUB_HOME/catalogue.sqlite3``),
``postgresql://user@host:port/db`` a PostgreSQL server that every machine reaches
(``REGIOHUB_STORE``, ``Settings.store_url``). Both run the same SQL (``hub.store.core``)
and pass one contract suite (``tests/test_store_contract.py``).
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hub.errors import ConfigError
from hub.store.base import (
    COUNTED,
    BatchResult,
    Change,
    QuarantineEntry,
    RunRecord,
    Store,
    SyncResult,
)
from hub.store.sql import UpsertResult
from hub.store.sqlite import SQLiteStore

__all__ = [
    "COUNTED",
    "BatchResult",
    "Change",
    "QuarantineEntry",
    "RunRecord",
    "SQLiteStore",
    "Store",
    "SyncResult",
    "UpsertResult",
    "open_store",
    "store_errors",
    "store_location",
]


@lru_cache(maxsize=1)
def store_errors() -> tuple[type[Exception], ...]:
    """The driver errors a store operation can raise (SQLite's, and psycopg's if installed).

    A function, so that psycopg is imported only when an error is matched
    (``except store_errors() as exc:`` evaluates it then).
    """
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite://`` URL or plain path; None for another scheme."""
    if "://" not in url:
        return Path(url).expanduser()
    scheme, rest = url.split("://", 1)
    if scheme.lower() != "sqlite":
        return None
    return Path(unquote(rest)).expanduser() if rest else None


def check_store_url(url: str) -> str:
    """``url`` if it names a store we can open, else a ``ConfigError`` in one German sentence."""
    text = str(url).strip()
    if not text:
        raise ConfigError(
            "Die Adresse des Katalogspeichers ist leer; erwartet wird sqlite://PFAD oder "
            "postgresql://BENUTZER@HOST:PORT/DATENBANK."
        )
    if "://" not in text or text.split("://", 1)[0].lower() == "sqlite":
        if sqlite_path(text) is None:
            raise ConfigError(
                f"Die Adresse des Katalogspeichers '{text}' nennt keine Datei (sqlite://PFAD)."
            )
        return text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("postgresql", "postgres"):
        raise ConfigError(
            f"Die Adresse des Katalogspeichers '{_redact(text)}' wird nicht unterstützt "
            "(REGIOHUB_STORE oder --url): erwartet wird "
            "sqlite://PFAD oder postgresql://BENUTZER@HOST:PORT/DATENBANK."
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (not parts.hostname and not parts.query) or port == -1 or not parts.path.strip("/"):
        raise ConfigError(
            f"Die Adresse des Katalogspeichers '{_redact(text)}' ist keine vollständige "
            "PostgreSQL-Adresse: "
            "erwartet wird postgresql://BENUTZER@HOST:PORT/DATENBANK."
        )
    return text


def store_location(url: str) -> str:
    """Where a store is, as it may be printed: the file, or the URL without its password."""
    path = sqlite_path(url)
    return str(path) if path is not None else _redact(url)


def _redact(url: str) -> str:
    """A URL as it may be printed: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def open_store(url_or_path: str | Path, *, lease_s: float | None = None) -> Store:
    """The store at ``url_or_path`` (a path, ``sqlite://PATH`` or ``postgresql://…``),
    created or migrated to the current schema on opening."""
    if isinstance(url_or_path, Path):
        return SQLiteStore(url_or_path, lease_s=lease_s)
    url = check_store_url(url_or_path)
    path = sqlite_path(url)
    if path is not None:
        return SQLiteStore(path, lease_s=lease_s)
    from hub.store.postgres import PostgresStore

    return PostgresStore(url, lease_s=lease_s)
