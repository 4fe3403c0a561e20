"""A local Elasticsearch-compatible server for tests: noida-db on a free loopback port.

noida-db (PyPI, a dev dependency) is one small binary that answers the Elasticsearch REST API
well enough for the official client: index/alias management, bulk, bool/match/phrase queries
with BM25, aggregations, highlighting and custom analyzers with German normalisation and
stemming. Known gaps are listed in docs/elasticsearch.md.

The fixture fails (never skips) when the server cannot start, so a missing install shows up
as a red test with the reason instead of silently untested code.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
_INSTALL_HINT = "install the test dependencies (pip install -e '.[dev]', which pins noida-db)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def noida_binary() -> Path:
    """The noida-db server binary itself.

    The ``noida-db`` console script is a Python wrapper that runs the binary as a child and does
    not pass SIGTERM on, so stopping the wrapper would leave the server running: start the
    binary directly instead.
    """
    name = "noida-db.exe" if os.name == "nt" else "noida-db"
    try:
        binary = Path(str(resources.files("noida_db").joinpath(name)))
    except ModuleNotFoundError:
        binary = None
    if binary is None or not binary.is_file():
        raise RuntimeError(f"noida-db is not installed for {sys.executable}; {_INSTALL_HINT}.")
    if not os.access(binary, os.X_OK):
        binary.chmod(0o755)  # wheels unpacked without the executable bit; the wrapper does this too
    return binary


class NoidaElasticsearch:
    """``with NoidaElasticsearch(tmp) as es: es.url`` — started, ready, and stopped at the end."""

    def __init__(self, data_dir: Path, *, attempts: int = 3) -> None:
        self.data_dir = data_dir
        self.attempts = attempts
        self.port = 0
        self.url = ""
        self.version = ""
        self.log_path = data_dir.parent / f"{data_dir.name}.log"
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> NoidaElasticsearch:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start on a free port and wait until it answers; RuntimeError with its log if not."""
        binary = noida_binary()
        problems = []
        for _ in range(self.attempts):  # a free port can be taken between probe and bind
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            problem = self._start(binary)
            if problem is None:
                return
            problems.append(problem)
            self.stop()
        raise RuntimeError(
            f"noida-db did not start after {self.attempts} attempts: {problems[-1]}\n"
            f"--- {self.log_path} ---\n{self._log_tail()}"
        )

    def _start(self, binary: Path) -> str | None:
        """Start the server and wait until it answers; the reason it did not, or None."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            str(binary),
            "start",
            "--only",
            "elasticsearch",
            "--host",
            "127.0.0.1",
            "--data-dir",
            str(self.data_dir),
            "--elasticsearch-port",
            str(self.port),
        ]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the test run must not reach it first
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                return f"it exited with status {code}"
            with contextlib.suppress(OSError, ValueError):
                with urllib.request.urlopen(self.url, timeout=1) as answer:
                    info = json.load(answer)
                self.version = str(info["version"]["number"])
                return None
            time.sleep(0.05)
        return f"it did not answer on {self.url} within {STARTUP_TIMEOUT_S:.0f} s"

    def stop(self) -> None:
        """SIGTERM (noida-db saves and exits), SIGKILL if it has not gone after a while."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT_S)

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def es_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NoidaElasticsearch]:
    """One noida-db Elasticsearch for the whole test session; tests use their own prefixes."""
    server = NoidaElasticsearch(tmp_path_factory.mktemp("noida") / "data")
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(f"The Elasticsearch test server could not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()
