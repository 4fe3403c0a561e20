"""``regiohub up``: the whole region on one machine, as one process tree.

The parent supervises three children, each started with ``PR_SET_PDEATHSIG`` (see
flows/server.py): a Prefect server with its loop services (the scheduler creates the runs
of every schedule), ``regiohub flows serve`` against it (a Prefect runner that executes
those runs) and ``regiohub serve`` (the search API). Ctrl+C or SIGTERM stops all three and
everything below them; a ``kill -9`` of the parent ends them through the death signal.

A changed ``sources.toml`` restarts the runner (new schedules are registered with the
server); the search API reads the file anew by itself (hub/runtime.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from flows.server import (
    LocalPrefectServer,
    require_free_port,
    sigterm_as_exit,
    spawn,
    stop,
)
from hub.config import Settings

CLI = [sys.executable, "-m", "hub.cli"]
WATCH_SECONDS = 1.0


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def run_region(
    settings: Settings,
    *,
    host: str,
    port: int,
    prefect_port: int,
    say: Callable[[str], None],
) -> str:
    """Run until Ctrl+C/SIGTERM or until a child ends; returns why it stopped."""
    require_free_port(host, port, "--port")
    external = os.environ.get("PREFECT_API_URL")
    if not external:
        require_free_port("127.0.0.1", prefect_port, "--prefect-port")
    settings.ensure_home()
    logs = settings.home / "logs"
    logs.mkdir(exist_ok=True)
    server = None if external else LocalPrefectServer(settings.home, port=prefect_port, ui=True)
    children: list[subprocess.Popen] = []
    try:
        with sigterm_as_exit():
            if server:
                say(f"Starte den Prefect-Server (Datenbank unter {server.home}) …")
                server.start()
            api_url = external or (server.api_url if server else "")
            env = {**os.environ, "PREFECT_API_URL": api_url}
            env.setdefault("REGIOHUB_HOME", str(settings.home))
            env.setdefault("REGIOHUB_SOURCES", str(settings.sources_file))
            api = spawn([*CLI, "serve", "--host", host, "--port", str(port)], env, logs / "api.log")
            runner = spawn([*CLI, "flows", "serve"], env, logs / "flows.log")
            children = [api, runner]
            if server:
                say(f"Prefect-Oberfläche: {server.ui_url} (geplante und gelaufene Ernten)")
            else:
                say(f"Prefect-Server: {external} (aus PREFECT_API_URL)")
            say(f"Suche: http://{host}:{port}/ · Betrieb: http://{host}:{port}/betrieb")
            say(f"Protokolle: {logs} · Beenden mit Strg+C")
            seen = _mtime(settings.sources_file)
            while True:
                if api.poll() is not None:
                    return f"Die Such-API hat sich beendet (Protokoll: {logs / 'api.log'})."
                changed = _mtime(settings.sources_file)
                if changed != seen:
                    seen = changed
                    say(f"{settings.sources_file.name} geändert: Zeitpläne werden neu gelesen.")
                    stop(runner)
                    runner = children[1] = spawn([*CLI, "flows", "serve"], env, logs / "flows.log")
                # a runner that ended (e.g. no source has a schedule yet) is started again
                # with the next change of sources.toml
                time.sleep(WATCH_SECONDS)
    except KeyboardInterrupt:
        return "Beendet auf Wunsch."
    finally:
        for child in reversed(children):
            stop(child)
        if server:
            server.stop()
