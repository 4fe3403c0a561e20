"""Shared fixtures: real servers on loopback, a real store, index and Prefect per test session."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

# Prefect keeps its ephemeral server's database here; set before anything imports Prefect.
_session_dir = Path(tempfile.mkdtemp(prefix="regiohub-tests-"))
# removed at exit, after Prefect's own exit handlers (registered later, so run earlier)
atexit.register(shutil.rmtree, _session_dir, True)
os.environ.setdefault("PREFECT_HOME", str(_session_dir / "prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# every process this session starts inherits the mark (the tests' child environments drop
# only REGIOHUB_* and PREFECT_*): at the end, Prefect servers that carry it are stopped
SESSION_MARK = "PYTEST_REGIOHUB_SESSION"
os.environ[SESSION_MARK] = str(_session_dir)

import pytest  # noqa: E402
from pg_server import pg_database, pg_server, pg_url  # noqa: E402,F401  (fixtures for all)

from demo.server import DemoServer  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.runtime import Runtime  # noqa: E402

PREFECT_SERVER_MARKS = (b"prefect.server.api.server:create_app", b"prefect server start")


def marked_prefect_servers(mark: str) -> list[int]:
    """Live Prefect API servers whose environment carries ``mark`` (``NAME=value``)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            if not any(m in cmdline for m in PREFECT_SERVER_MARKS):
                continue
            if mark.encode() not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No Prefect API server outlives the session: Prefect's ephemeral one of this process
    (it would end at exit anyway) and those of children a test killed on purpose (orphans)."""
    import signal

    mark = f"{SESSION_MARK}={os.environ[SESSION_MARK]}"
    servers = marked_prefect_servers(mark)
    for pid in servers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while (
        left := set(servers) & set(marked_prefect_servers(mark))
    ) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture
def make_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Build a Runtime on a fresh REGIOHUB_HOME with the given sources.toml text.

    The environment is set too, because Prefect flows build their Runtime from it.
    """

    def make(sources_toml: str, home: Path | None = None) -> Runtime:
        home = home or tmp_path / "home"
        home.mkdir(parents=True, exist_ok=True)
        sources = home / "sources.toml"
        sources.write_text(sources_toml, encoding="utf-8")
        monkeypatch.setenv("REGIOHUB_HOME", str(home))
        monkeypatch.setenv("REGIOHUB_SOURCES", str(sources))
        monkeypatch.delenv("REGIOHUB_INDEX", raising=False)
        return Runtime(Settings.from_env())

    return make


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiServer:
    """The real search API under uvicorn in a background thread."""

    def __init__(self, app: object, port: int | None = None) -> None:
        import uvicorn

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ApiServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
