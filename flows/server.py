"""A local Prefect server under REGIOHUB_HOME, and the child processes of ``regiohub up``.

Why not Prefect's ephemeral server: in Prefect 3.8.8 it runs no loop services, so schedules
never fire, and it is started by Prefect as a child that outlives a ``kill -9`` of its parent.
Here ``prefect server start`` runs as our child with ``PR_SET_PDEATHSIG`` (it ends when we
end, however we end), its database in ``$REGIOHUB_HOME/prefect/prefect.db``, and its address
in ``$REGIOHUB_HOME/prefect/server.json``, so a ``regiohub harvest`` started meanwhile uses it
instead of starting a server of its own.

Nothing here imports Prefect: the children do, the parent only supervises them.
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
from collections.abc import Iterator, Sequence
from pathlib import Path

from hub.children import die_with_parent
from hub.errors import RegiohubError

SERVER_FILE = "server.json"
#: how long a starting Prefect server may take (migrations on a slow, shared machine)
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 8.0


def prefect_home(regiohub_home: Path) -> Path:
    return Path(os.environ.get("PREFECT_HOME") or regiohub_home / "prefect")


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def require_free_port(host: str, port: int, option: str) -> None:
    """One sentence naming the option, before any work starts."""
    if not port_is_free(host, port):
        raise RegiohubError(
            f"Port {port} auf {host} ist schon belegt; wählen Sie mit {option} einen anderen."
        )


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def spawn(args: Sequence[str], env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    """A child that dies with this process; its output goes to ``log`` (or ours)."""
    parent = os.getpid()
    out = log.open("ab") if log else None
    try:
        return subprocess.Popen(
            list(args),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            stdin=subprocess.DEVNULL,
            preexec_fn=lambda: die_with_parent(parent),
            # Ctrl+C goes to the terminal's process group; we stop the children ourselves,
            # in order, so a flow run is not killed halfway by the same keypress
            start_new_session=True,
        )
    finally:
        if out:
            out.close()


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children first found, grandchildren after), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def stop(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM the child and everything below it, then SIGKILL what is left after ``timeout``."""
    if process.poll() is not None:
        return
    tree = [process.pid, *descendants(process.pid)]
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()
        if not any(_alive(pid) for pid in tree):
            break
        time.sleep(0.1)
    for pid in [*tree, *descendants(process.pid)]:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)


def healthy(api_url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def running_server(regiohub_home: Path) -> str | None:
    """The API address of a Prefect server ``regiohub up`` (or a harvest) runs now, or None."""
    try:
        info = json.loads((prefect_home(regiohub_home) / SERVER_FILE).read_text())
        api_url, pid = str(info["api_url"]), int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(pid) or not healthy(api_url):
        return None
    return api_url


class LocalPrefectServer:
    """``prefect server start`` on loopback as a child of this process.

    ``services`` runs Prefect's loop services (the scheduler among them): ``regiohub up``
    needs them; a harvest that only needs somewhere to record its run does not, and starts
    faster without. ``announce`` writes ``server.json`` so other commands find the server.
    """

    def __init__(
        self,
        regiohub_home: Path,
        *,
        port: int | None = None,
        host: str = "127.0.0.1",
        services: bool = True,
        ui: bool = False,
        announce: bool = True,
    ) -> None:
        self.home = prefect_home(regiohub_home)
        self.host = host
        self.port = port or free_port(host)
        self.api_url = f"http://{host}:{self.port}/api"
        self.ui_url = f"http://{host}:{self.port}"
        self.services = services
        self.ui = ui
        self.announce = announce
        self.log = self.home / "server.log"
        self.process: subprocess.Popen | None = None
        self.started = 0.0

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(
            PREFECT_HOME=str(self.home),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_UI_ENABLED=str(self.ui).lower(),
            PREFECT_SERVER_UI_ENABLED=str(self.ui).lower(),
            PREFECT_UI_API_URL=self.api_url,
            # a changed schedule is planned within seconds, not a minute
            PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5",
        )
        env.setdefault(
            "PREFECT_SERVER_DATABASE_CONNECTION_URL",
            f"sqlite+aiosqlite:///{self.home / 'prefect.db'}",
        )
        return env

    def start(self) -> LocalPrefectServer:
        return self.launch().wait_ready()

    def launch(self) -> LocalPrefectServer:
        """Start the server process and return at once (``wait_ready`` waits for it)."""
        self.home.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, "-m", "prefect", "server", "start"]
        args += ["--host", self.host, "--port", str(self.port)]
        args += ["--analytics-off"] if self.services else ["--no-services"]
        self.started = time.monotonic()
        self.process = spawn(args, self.environment(), log=self.log)
        return self

    def wait_ready(self) -> LocalPrefectServer:
        """Wait until the launched server answers; a server that does not start is stopped."""
        assert self.process is not None, "launch() first"
        deadline = self.started + START_TIMEOUT_S
        while not healthy(self.api_url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-600:] if self.log.exists() else ""
                self.stop()
                raise RegiohubError(
                    f"Der Prefect-Server unter {self.api_url} ist nicht gestartet "
                    f"(Protokoll: {self.log}): {tail.strip().splitlines()[-1:] or ''}"
                )
            time.sleep(0.2)
        if self.announce:
            info = {"api_url": self.api_url, "ui_url": self.ui_url, "pid": self.process.pid}
            (self.home / SERVER_FILE).write_text(json.dumps(info), encoding="utf-8")
        return self

    def stop(self) -> None:
        if self.announce:
            with contextlib.suppress(OSError):
                info = json.loads((self.home / SERVER_FILE).read_text())
                if self.process and info.get("pid") == self.process.pid:
                    (self.home / SERVER_FILE).unlink()
        if self.process:
            stop(self.process)

    def __enter__(self) -> LocalPrefectServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """SIGTERM ends this process like Ctrl+C: through every ``finally`` block."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def connect(regiohub_home: Path) -> str | None:
    """The Prefect API to use: ``PREFECT_API_URL`` if set, else the address of a local server
    that is running now (exported as ``PREFECT_API_URL`` for Prefect, which must not have been
    imported yet); None when there is neither."""
    if url := os.environ.get("PREFECT_API_URL"):
        return url
    if url := running_server(regiohub_home):
        os.environ["PREFECT_API_URL"] = url
        return url
    return None


@contextlib.contextmanager
def prefect_api(regiohub_home: Path, *, services: bool, ui: bool = False) -> Iterator[str]:
    """A Prefect API for the length of the block: the configured or running one, else a local
    server started for it (and stopped after it, also when we are killed)."""
    if url := connect(regiohub_home):
        yield url
        return
    server = LocalPrefectServer(regiohub_home, services=services, ui=ui, announce=services)
    with server:
        os.environ["PREFECT_API_URL"] = server.api_url
        try:
            yield server.api_url
        finally:
            del os.environ["PREFECT_API_URL"]
