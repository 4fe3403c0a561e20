"""A harvest run in this process and recorded as a flow run on a Prefect server.

``regiohub harvest`` does not import Prefect: its flow engine alone costs 5–10 s of imports
on a loaded machine, more than a small harvest takes (benchmarks/harvest_startup.py). The
work is what the flows in flows/harvest.py do — sources in parallel threads, one index writer
after them, the markdown artifact, the webhook for sources that turned failing, saved needs
told — and the server hears of it over its REST API (standard library, loopback): a flow run
named after the source and the time, ``Running`` then ``Completed``, ``Failed`` or
``Cancelled``, one task run per source, a log line per source and the artifact.

The calls go out from a thread of their own, so the harvest never waits for the server; a
server that cannot record says so once on stderr and the harvest goes on without it.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import queue
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flows.core import index_listings
from flows.health import health_of
from flows.processes import harvest_sources
from flows.progress import ProgressEvent, listening
from flows.report import markdown_table, notify, turned_bad
from hub.config import SourceConfig
from hub.runtime import Runtime

log = logging.getLogger(__name__)
MAX_PARALLEL_SOURCES = 4
BERLIN = ZoneInfo("Europe/Berlin")
#: how long the end of a harvest waits for the server to take the last calls
FLUSH_TIMEOUT_S = 30.0
API_TIMEOUT_S = 10.0


def run_title(source_ids: list[str]) -> str:
    """A flow run is named after what it harvests and when (Berlin time), e.g.
    ``kammer-kurse 2026-05-04 06:00:03``, so the Prefect UI reads like the harvest log."""
    ids = list(source_ids)
    what = ", ".join(ids[:3]) + (f" +{len(ids) - 3}" if len(ids) > 3 else "") or "alle Quellen"
    return f"{what} {datetime.now(BERLIN):%Y-%m-%d %H:%M:%S}"


class PrefectApi:
    """The few REST calls a recorded run needs (``PREFECT_API_KEY`` / ``…_AUTH_STRING`` sent)."""

    def __init__(self, url: str, timeout: float = API_TIMEOUT_S) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.headers = {"Content-Type": "application/json"}
        if key := os.environ.get("PREFECT_API_KEY"):
            self.headers["Authorization"] = f"Bearer {key}"
        elif auth := os.environ.get("PREFECT_API_AUTH_STRING"):
            self.headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()

    def post(self, path: str, body: Any) -> Any:
        import urllib.request

        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), headers=self.headers, method="POST"
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:
            text = answer.read()
        return json.loads(text) if text else None


def _state(kind: str, message: str | None = None) -> dict[str, Any]:
    return {"type": kind, "name": kind.capitalize(), "message": message}


class FlowRunRecord:
    """One flow run on the server, told from a background thread in the order of the calls.

    ``ready`` is called first in that thread (a server of our own that is still starting).
    """

    def __init__(
        self,
        api: PrefectApi,
        flow: str,
        name: str,
        parameters: dict[str, Any],
        ready: Callable[[], object] | None = None,
        warn: Callable[[str], None] = log.warning,
    ) -> None:
        self.api = api
        self.flow_run_id: str | None = None
        self.problem: str | None = None
        self.finished = False
        self._warn = warn
        self._calls: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._tasks: dict[str, str] = {}
        self._thread = threading.Thread(target=self._work, name="prefect-record", daemon=True)
        self._thread.start()

        def create() -> None:
            if ready is not None:
                ready()
            flow_id = self.api.post("/flows/", {"name": flow})["id"]
            body = {
                "flow_id": flow_id,
                "name": name,
                "parameters": parameters,
                "tags": ["regiohub", "cli"],
                "state": _state("RUNNING"),
            }
            self.flow_run_id = str(self.api.post("/flow_runs/", body)["id"])

        self._calls.put(create)

    def _work(self) -> None:
        while (call := self._calls.get()) is not None:
            if self.problem is None:
                try:
                    call()
                except Exception as exc:  # recording is a courtesy; the harvest goes on
                    self.problem = f"{type(exc).__name__}: {exc}"
                    self._warn(
                        f"Der Prefect-Server unter {self.api.url} nahm den Lauf nicht an "
                        f"({self.problem}); die Ernte läuft ohne Aufzeichnung weiter."
                    )

    def task_started(self, key: str, name: str) -> None:
        task_id = self._tasks.setdefault(key, str(uuid.uuid4()))
        self._calls.put(
            lambda: self.api.post(
                "/task_runs/",
                {
                    "id": task_id,
                    "name": name,
                    "flow_run_id": self.flow_run_id,
                    "task_key": f"regiohub-cli-{key.split(':')[0]}",
                    "dynamic_key": key,
                    "state": _state("RUNNING"),
                },
            )
        )

    def task_finished(self, key: str, ok: bool, message: str | None = None) -> None:
        task_id = self._tasks.get(key)
        if task_id is None:
            return
        state = _state("COMPLETED" if ok else "FAILED", message)
        self._calls.put(
            lambda: self.api.post(
                f"/task_runs/{task_id}/set_state", {"state": state, "force": True}
            )
        )

    def log(self, message: str, level: int = logging.INFO) -> None:
        when = datetime.now(UTC).isoformat()
        self._calls.put(
            lambda: self.api.post(
                "/logs/",
                [
                    {
                        "name": "regiohub",
                        "level": level,
                        "message": message,
                        "timestamp": when,
                        "flow_run_id": self.flow_run_id,
                    }
                ],
            )
        )

    def artifact(self, markdown: str) -> None:
        self._calls.put(
            lambda: self.api.post(
                "/artifacts/",
                {
                    "key": "harvest-report",
                    "type": "markdown",
                    "description": "regiohub: Ernte je Quelle",
                    "data": markdown,
                    "flow_run_id": self.flow_run_id,
                },
            )
        )

    def finish(
        self, kind: str, message: str | None = None, timeout: float = FLUSH_TIMEOUT_S
    ) -> None:
        """Set the run's final state and wait (at most ``timeout``) until the server has it."""
        if self.finished:
            return
        self.finished = True
        state = _state(kind, message)
        self._calls.put(
            lambda: self.api.post(
                f"/flow_runs/{self.flow_run_id}/set_state", {"state": state, "force": True}
            )
        )
        self._calls.put(None)
        self._thread.join(timeout)


def _on_progress(record: FlowRunRecord) -> Callable[[ProgressEvent], None]:
    def on_event(event: ProgressEvent) -> None:
        key = f"harvest:{event.source_id}"
        if event.stage == "started":
            record.task_started(key, f"harvest {event.source_id}")
        elif event.stage in ("finished", "failed"):
            record.task_finished(key, event.stage == "finished", event.message or None)

    return on_event


def _summary(row: dict[str, Any]) -> str:
    counts = ", ".join(
        f"{label} {row.get(key, 0)}"
        for key, label in (
            ("fetched", "abgerufen"),
            ("added", "neu"),
            ("updated", "geändert"),
            ("gone", "entfernt"),
            ("quarantined", "Quarantäne"),
        )
    )
    if row["status"] == "ok":
        return f"{row['source_id']}: {counts}"
    return f"{row['source_id']}: fehlgeschlagen ({row.get('error')}); {counts}"


def harvest_recorded(
    runtime: Runtime, sources: list[SourceConfig], record: FlowRunRecord, *, full: bool = False
) -> list[dict[str, Any]]:
    """Harvest ``sources`` in parallel (at most ``MAX_PARALLEL_SOURCES`` threads, or worker
    processes: flows/processes.py), index once, report,
    tell saved needs; every step told to ``record``. The caller ends ``record``."""
    before = health_of(runtime.store, sources)
    with listening(_on_progress(record)):
        harvests = harvest_sources(runtime, sources, full=full, threads=MAX_PARALLEL_SOURCES)
    record.task_started("index:0", "index changes")
    index_listings(
        runtime, [i for h in harvests for i in h.changed], [i for h in harvests for i in h.gone]
    )
    record.task_finished("index:0", ok=True)
    rows = [h.counts.as_row() for h in harvests]
    for row in rows:
        record.log(_summary(row), logging.INFO if row["status"] == "ok" else logging.ERROR)
    record.artifact(markdown_table(rows))
    notify(turned_bad(before, health_of(runtime.store, sources)))
    _tell_needs(runtime)
    return rows


def _tell_needs(runtime: Runtime) -> None:
    """What ``flows.notify.after_harvest`` does, as a plain call: never fails the harvest."""
    try:
        from hub.needs.notify import run_notifications

        run_notifications(
            runtime.store, runtime.settings.home, index=runtime.index, settings=runtime.settings
        )
    except Exception:
        log.exception("notifying saved needs failed; the harvest itself succeeded")
