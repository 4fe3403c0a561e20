"""A real PostgreSQL server for tests and benchmarks: Debian's `postgresql` package, no mock.

``initdb`` + ``pg_ctl`` on a fresh temporary directory, listening on a free loopback port with
its unix socket in that directory, trust authentication for one superuser. PostgreSQL refuses
to run as root, and tests run as root here and in CI: then the server runs as the unprivileged
system user ``regiohub-pg`` (created with ``useradd --system`` when missing); otherwise as the
current user.

Fixtures (registered for every test file in ``tests/conftest.py``):

- ``pg_url`` (session): the server's base URL, ``postgresql://regiohub@127.0.0.1:PORT/postgres``.
- ``pg_database`` (function): the URL of a fresh empty database, dropped afterwards.

Without PostgreSQL installed the tests that need it are skipped on a developer's machine and
fail in CI (``CI`` set), with the package to install. ``make postgresql`` installs it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SUPERUSER = "regiohub"
SYSTEM_USER = "regiohub-pg"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30
INSTALL_HINT = (
    "PostgreSQL is not installed: run `make postgresql` "
    "(apt-get install postgresql, which provides /usr/lib/postgresql/*/bin/initdb)"
)

# For tests: durability costs time and buys nothing on a throwaway directory.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class PostgresNotInstalled(RuntimeError):
    """No initdb/pg_ctl found on this machine."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name)) or (0,)


def find_bin_dir() -> Path:
    """The newest PostgreSQL's bin directory (Debian keeps one per major version)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version_key)
    if candidates:
        return candidates[-1].parent
    on_path = shutil.which("initdb")  # other systems put it on PATH
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    raise PostgresNotInstalled(INSTALL_HINT)


def _run_as() -> str | None:
    """The user to run the server as: None for ourselves, the system user when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )
    return SYSTEM_USER


class PostgresServer:
    """``with PostgresServer() as pg: pg.url`` — initialised, started, stopped and removed.

    ``settings`` are passed as ``-c name=value``; tests use FAST_SETTINGS, a benchmark that
    compares with SQLite's durable commits passes ``{}`` to keep PostgreSQL's defaults.
    """

    def __init__(self, *, settings: dict[str, str] | None = None, attempts: int = 3) -> None:
        self.bin_dir = find_bin_dir()
        self.settings = FAST_SETTINGS if settings is None else settings
        self.attempts = attempts
        self.user = _run_as()
        self.port = 0
        self.base: Path | None = None
        self._started = False

    @property
    def data_dir(self) -> Path:
        assert self.base is not None
        return self.base / "data"

    @property
    def log_path(self) -> Path:
        assert self.base is not None
        return self.base / "server.log"

    @property
    def url(self) -> str:
        """The base URL, on the always-present ``postgres`` database."""
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{name}"

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _command(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        # subprocess drops to the user itself (setgroups/setgid/setuid), like runuser/setpriv
        extra: dict[str, Any] = {}
        if self.user is not None:
            extra = {"user": self.user, "group": pwd.getpwnam(self.user).pw_gid, "extra_groups": []}
        return subprocess.run(
            args,
            cwd=self.base,  # not root's home, which the server user cannot enter
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=check,
            env={**os.environ, "LC_ALL": "C.UTF-8", "PGTZ": "UTC"},
            **extra,
        )

    def start(self) -> None:
        """initdb, then pg_ctl start on a free port (retried: a port can be taken meanwhile)."""
        # Its own directory under /tmp: pytest's tmp_path lives under a root-only 0700 folder
        # that the server user could not enter.
        self.base = Path(tempfile.mkdtemp(prefix="regiohub-pg-"))
        atexit.register(self.stop)  # no orphan server even if the session dies in a fixture
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        initdb = self._command(
            str(self.bin_dir / "initdb"),
            "--pgdata",
            str(self.data_dir),
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
            check=False,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed ({initdb.returncode}): {initdb.stderr.strip()}")
        problem = ""
        for _ in range(self.attempts):
            self.port = free_port()
            options = [
                "-c listen_addresses=127.0.0.1",
                f"-c port={self.port}",
                f"-c unix_socket_directories={self.base}",
                *(f"-c {name}={value}" for name, value in self.settings.items()),
            ]
            started = self._command(
                str(self.bin_dir / "pg_ctl"),
                "start",
                "--pgdata",
                str(self.data_dir),
                "--log",
                str(self.log_path),
                "--wait",
                "--timeout",
                str(START_TIMEOUT_S),
                "-o",
                " ".join(options),
                check=False,
            )
            if started.returncode == 0:
                self._started = True
                return
            problem = started.stderr.strip() or started.stdout.strip()
            self._pg_ctl_stop("immediate")
        log = self._log_tail()
        self.stop()
        raise RuntimeError(
            f"PostgreSQL did not start after {self.attempts} attempts: {problem}\n"
            f"--- log ---\n{log}"
        )

    def _pg_ctl_stop(self, mode: str) -> bool:
        if self.base is None or not (self.data_dir / "postmaster.pid").exists():
            return True
        stopped = self._command(
            str(self.bin_dir / "pg_ctl"),
            "stop",
            "--pgdata",
            str(self.data_dir),
            "--mode",
            mode,
            "--wait",
            "--timeout",
            str(STOP_TIMEOUT_S),
            check=False,
        )
        return stopped.returncode == 0

    def stop(self) -> None:
        """Fast shutdown (open sessions are disconnected), immediate if that hangs; then remove."""
        if self.base is None:
            return
        if not self._pg_ctl_stop("fast"):
            self._pg_ctl_stop("immediate")
        self._started = False
        shutil.rmtree(self.base, ignore_errors=True)
        self.base = None
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far: postmaster, live backends, ended backends."""
        if self.base is None:
            return 0.0
        postmaster = int((self.data_dir / "postmaster.pid").read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            pid, parent = int(stat.parent.name), int(fields[1])
            if pid == postmaster:  # utime, stime and its reaped children's (the old backends)
                total += sum(int(f) for f in fields[11:15]) / tick
            elif parent == postmaster:
                total += sum(int(f) for f in fields[11:13]) / tick
        return total

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        self._admin(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        """Drop it even if a test left connections open (PostgreSQL 13+: WITH (FORCE))."""
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]  (names are ours, quoted)

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; in CI a missing PostgreSQL must be a red test."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole test session; tests use their own databases."""
    try:
        server = PostgresServer()
    except PostgresNotInstalled as exc:
        _unavailable(str(exc))
        raise  # not reached: skip/fail raise
    try:
        server.start()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"The PostgreSQL test server could not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server: PostgresServer) -> str:
    """``postgresql://regiohub@127.0.0.1:PORT/postgres`` of the session's server."""
    return pg_server.url


@pytest.fixture
def pg_database(pg_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh empty database for this test, dropped after it."""
    stem = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40].strip("_")
    name = f"t_{stem}_{uuid.uuid4().hex[:8]}"
    url = pg_server.create_database(name)
    try:
        yield url
    finally:
        pg_server.drop_database(name)
