"""The PostgreSQL test server itself: a real server, reachable, one database per test."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
from pg_server import PostgresServer


def test_server_accepts_connections_and_runs_unprivileged(pg_url: str) -> None:
    assert pg_url.startswith("postgresql://regiohub@127.0.0.1:")
    with psycopg.connect(pg_url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        owner = conn.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
    assert version is not None and int(version[0]) >= 130000  # DROP DATABASE ... WITH (FORCE)
    assert owner == (True,)


def test_each_test_gets_its_own_empty_database(pg_database: str, pg_server: PostgresServer) -> None:
    with psycopg.connect(pg_database) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE listing (id text PRIMARY KEY, title text NOT NULL)")
        conn.execute("INSERT INTO listing VALUES ('a', 'Gründungsberatung')")

    other = pg_server.create_database("t_smoke_other")
    try:
        with psycopg.connect(other) as conn:
            seen = conn.execute("SELECT to_regclass('public.listing')").fetchone()
        assert seen == (None,)  # the table exists only in the first database
    finally:
        pg_server.drop_database("t_smoke_other")

    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT title FROM listing").fetchall() == [("Gründungsberatung",)]


def test_database_is_dropped_even_with_a_connection_left_open(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("t_smoke_left_open")
    left_open = psycopg.connect(url)  # a test that forgot to close its pool
    pg_server.drop_database("t_smoke_left_open")
    left_open.close()
    with psycopg.connect(pg_server.url) as conn:
        found = conn.execute(
            "SELECT count(*) FROM pg_database WHERE datname = 't_smoke_left_open'"
        ).fetchone()
    assert found == (0,)


def test_stop_leaves_no_server_and_no_directory(pg_url: str) -> None:
    server = PostgresServer()
    server.start()
    base, data = server.base, server.data_dir
    assert base is not None
    pid = int((data / "postmaster.pid").read_text().split()[0])
    server.stop()
    assert not base.exists()
    assert _gone(pid)


def _gone(pid: int, timeout: float = 5.0) -> bool:
    """The process has exited (a zombie waiting for init to reap it counts as gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    return False
