"""Shared fixtures: real servers on loopback, a real store, index and Prefect per test session."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

# Prefect keeps its ephemeral server's database here; set before anything imports Prefect.
_session_dir = Path(tempfile.mkdtemp(prefix="regiohub-tests-"))
os.environ.setdefault("PREFECT_HOME", str(_session_dir / "prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import pytest  # noqa: E402
from pg_server import pg_database, pg_server, pg_url  # noqa: E402,F401  (fixtures for all)

from demo.server import DemoServer  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.runtime import Runtime  # noqa: E402


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

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
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
