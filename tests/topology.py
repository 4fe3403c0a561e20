"""The production topology on loopback, as separate processes: the harness of test_topology.py.

One catalogue store (PostgreSQL, or a shared SQLite file), one Elasticsearch-compatible index
(noida-db), a Prefect server with a process work pool, workers that take the harvests from the
pool, and API processes serving the search — each process started the way an operator starts
it on its own machine (``prefect worker start``, ``regiohub serve``), with its own
``REGIOHUB_HOME`` and ``PREFECT_HOME`` where the store allows it, and only the environment
connecting it to the others::

    with Topology(root, sources_file, store_url="postgresql://…") as region:
        run = region.run_source("kammer-kurse")           # a flow run in the work pool
        region.wait_final([run])                          # a worker ran it
        region.api_get(region.api_urls[1], "/api/v1/search", q="Datenschutz")

Every process carries ``REGIOHUB_TOPOLOGY=<tag>`` in its environment, inherited by what it
starts (a worker's flow-run processes, uvicorn's), so ``leftovers()`` finds each one still
running after ``stop()``, also one that was re-parented to init when its parent was killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from es_server import NoidaElasticsearch

from flows.server import LocalPrefectServer, descendants, free_port, healthy, spawn, stop

TAG = "REGIOHUB_TOPOLOGY"
CLI = [sys.executable, "-m", "hub.cli"]
PREFECT = [sys.executable, "-m", "prefect"]
FLOW = "harvest-source"
#: a worker, an API process or the Prefect server may take this long to answer on a busy box
READY_TIMEOUT_S = 180.0
#: Prefect's client retries these (prefect.client.base); so does the harness
RETRY_CODES = {429, 502, 503}
RETRIES = 8
FINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


class TaggedPrefectServer(LocalPrefectServer):
    """regiohub's local Prefect server (flows/server.py) in a home of its own, tagged."""

    def __init__(self, home: Path, tag: str) -> None:
        super().__init__(home, services=False, announce=False)
        self.home = home  # whatever PREFECT_HOME this process has
        self.log = home / "server.log"
        self.tag = tag

    def environment(self) -> dict[str, str]:
        return {**super().environment(), TAG: self.tag}


@dataclass
class Role:
    """One process of the topology and where its output goes."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path


class Topology:
    """Start, use and stop the whole topology; see the module docstring."""

    def __init__(
        self,
        root: Path,
        sources_file: Path,
        *,
        store_url: str | None = None,
        workers: tuple[str, ...] = ("arbeiter-1", "arbeiter-2"),
        apis: int = 2,
        pool: str = "regiohub",
        worker_limit: int = 2,
        env: dict[str, str] | None = None,
    ) -> None:
        self.root = root
        self.sources_file = sources_file
        #: ``REGIOHUB_STORE``; None: every process shares one SQLite file (one machine only)
        self.store_url = store_url
        self.worker_names = workers
        self.api_count = apis
        self.pool = pool
        self.worker_limit = worker_limit
        #: more environment for every process (e.g. ``REGIOHUB_RUN_LEASE_SECONDS``)
        self.extra_env = dict(env or {})
        self.tag = uuid.uuid4().hex
        self.es = NoidaElasticsearch(root / "noida" / "data")
        self.prefect: TaggedPrefectServer | None = None
        self.workers: dict[str, Role] = {}
        self.apis: list[Role] = []
        self.api_urls: list[str] = []
        self.index_url = ""
        self._http = httpx.Client(timeout=30)
        #: seconds each step of ``start()`` took, for the report of a slow start
        self.timings: dict[str, float] = {}

    # -- the environment of each machine -------------------------------------------------

    def home(self, role: str) -> Path:
        """``REGIOHUB_HOME`` of a role: its own, unless the store is a file they must share."""
        return self.root / ("shared" if self.store_url is None else role)

    def env(self, role: str, **extra: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "REGIOHUB_"))}
        home = self.home(role)
        base.update(
            {
                TAG: self.tag,
                "REGIOHUB_HOME": str(home),
                "REGIOHUB_SOURCES": str(self.sources_file),
                "REGIOHUB_INDEX": self.index_url,
                "PREFECT_HOME": str(self.root / role / "prefect"),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PREFECT_LOGGING_LEVEL": "INFO",
            }
        )
        if self.store_url:
            base["REGIOHUB_STORE"] = self.store_url
        if self.prefect:
            base["PREFECT_API_URL"] = self.prefect.api_url
        base.update(self.extra_env)
        base.update(extra)
        return base

    # -- start and stop ------------------------------------------------------------------

    def start(self) -> Topology:
        """Index first, then API processes and the Prefect server side by side (the APIs
        need only store and index), then the work pool, the deployments and the workers."""
        self.root.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()

        def done(step: str) -> None:
            self.timings[step] = round(time.monotonic() - began, 1)

        try:
            self.es.start()
            done("index")
            self.index_url = f"elasticsearch://127.0.0.1:{self.es.port}?prefix=topologie"
            for number in range(1, self.api_count + 1):
                self._start_api(f"api-{number}")
            # no loop services: runs are created here, not by schedules, and start faster
            self.prefect = TaggedPrefectServer(self.root / "prefect-server", self.tag)
            self.prefect.start()
            done("prefect server")
            self._cli("pool", [*PREFECT, "work-pool", "create", self.pool, "--type", "process"])
            done("work pool")
            deploy = self._spawn("deploy", [*CLI, "flows", "deploy", "--pool", self.pool])
            for name in self.worker_names:
                self._start_worker(name)
            self._wait(deploy, "deploy")
            done("deployments")
            self._wait_until(self._workers_polling, "workers polling the pool")
            done("workers")
            self._wait_until(self._apis_answering, "API processes answering")
            done("apis")
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, role: str, args: list[str], **env: str) -> Role:
        log = self.root / "logs" / f"{role}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        self.home(role).mkdir(parents=True, exist_ok=True)
        (self.root / role / "prefect").mkdir(
            parents=True, exist_ok=True
        )  # Prefect makes no parents
        return Role(role, spawn(args, self.env(role, **env), log=log), log)

    def _cli(self, role: str, args: list[str]) -> None:
        self._wait(self._spawn(role, args), role)

    def _wait(self, role: Role, what: str, timeout: float = READY_TIMEOUT_S) -> None:
        code = role.process.wait(timeout)
        if code != 0:
            raise RuntimeError(f"{what} exited with {code}:\n{tail(role.log)}")

    def _start_api(self, name: str) -> None:
        port = free_port()
        role = self._spawn(name, [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)])
        self.apis.append(role)
        self.api_urls.append(f"http://127.0.0.1:{port}")

    def _start_worker(self, name: str) -> None:
        args = [*PREFECT, "worker", "start", "--pool", self.pool, "--type", "process"]
        args += ["--name", name, "--limit", str(self.worker_limit)]
        # poll every second instead of every 10 s: a run waits for a worker at most that long
        self.workers[name] = self._spawn(name, args, PREFECT_WORKER_QUERY_SECONDS="1")

    def _wait_until(self, ready: Any, what: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not ready():
            dead = [r for r in self.roles() if r.process.poll() is not None]
            if dead:
                raise RuntimeError(
                    f"{dead[0].name} ended while waiting for {what}:\n{tail(dead[0].log)}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            time.sleep(0.3)

    def _workers_polling(self) -> bool:
        answer = self.prefect_api("POST", f"/work_pools/{self.pool}/workers/filter", json={})
        return set(self.worker_names) <= {w["name"] for w in answer}

    def _apis_answering(self) -> bool:
        return all(healthy(url) for url in self.api_urls)

    def roles(self) -> list[Role]:
        return [*self.workers.values(), *self.apis]

    def stop(self) -> None:
        """Workers first (no run is taken any more), then APIs, Prefect server and index."""
        for role in self.roles():
            stop(role.process)
        if self.prefect:
            self.prefect.stop()
        self.es.stop()
        self._http.close()

    def __enter__(self) -> Topology:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def leftovers(self) -> list[str]:
        """Processes still running that one of ours started (found by the tag), as
        ``pid cmdline``; empty after a clean ``stop()``."""
        found = []
        needle = f"{TAG}={self.tag}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                if needle in (entry / "environ").read_bytes().split(b"\0") and _alive(entry):
                    cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                    found.append(f"{entry.name} {cmdline.decode(errors='replace')[:200]}")
        return found

    # -- the Prefect side ----------------------------------------------------------------

    def prefect_api(self, method: str, path: str, **kwargs: Any) -> Any:
        """A call of the Prefect REST API, retried as Prefect's own client does: a server on
        SQLite answers 503 when its database is busy (a loaded machine, two workers polling)."""
        assert self.prefect is not None, "the Prefect server is not running"
        for attempt in range(RETRIES):
            try:
                answer = self._http.request(method, self.prefect.api_url + path, **kwargs)
            except httpx.TransportError:
                if attempt == RETRIES - 1:
                    raise
            else:
                if answer.status_code not in RETRY_CODES or attempt == RETRIES - 1:
                    answer.raise_for_status()
                    return answer.json() if answer.content else None
            time.sleep(min(2**attempt * 0.2, 3.0))
        raise AssertionError("unreachable")

    def run_source(self, source_id: str) -> str:
        """A flow run of the source's deployment, scheduled now; a worker takes it."""
        deployment = self.prefect_api("GET", f"/deployments/name/{FLOW}/harvest-{source_id}")
        run = self.prefect_api("POST", f"/deployments/{deployment['id']}/create_flow_run", json={})
        return str(run["id"])

    def flow_run(self, run_id: str) -> dict[str, Any]:
        return dict(self.prefect_api("GET", f"/flow_runs/{run_id}"))

    def state(self, run_id: str) -> str:
        return str((self.flow_run(run_id).get("state") or {}).get("type"))

    def wait_final(self, run_ids: list[str], timeout: float = READY_TIMEOUT_S) -> dict[str, str]:
        """Wait until every run has ended; their final state types by id."""
        deadline = time.monotonic() + timeout
        while True:
            states = {run: self.state(run) for run in run_ids}
            if set(states.values()) <= FINAL:
                return states
            if time.monotonic() > deadline:
                raise TimeoutError(f"flow runs not finished: {states}")
            time.sleep(0.5)

    def worker_of(self, run_id: str) -> str | None:
        """The name of the worker that took the run (Prefect labels each run it submits)."""
        return self.flow_run(run_id).get("labels", {}).get("prefect.worker.name")

    def kill_worker(self, name: str) -> list[int]:
        """SIGKILL a worker and its flow-run processes at once, as a machine that loses power;
        returns the pids killed."""
        role = self.workers[name]
        tree = [role.process.pid, *descendants(role.process.pid)]
        for pid in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        role.process.wait(10)
        return tree

    def mark_crashed(self, run_id: str, message: str) -> None:
        """Close a flow run whose process was killed as Crashed, which frees its deployment's
        concurrency slot at once. In production Prefect's zombie detection does this (flow-run
        heartbeats and an automation, docs/deploy.md); without it the slot stays taken until its
        lease (300 s) runs out and a new run of the source is cancelled meanwhile."""
        state = {"type": "CRASHED", "name": "Crashed", "message": message}
        self.prefect_api(
            "POST", f"/flow_runs/{run_id}/set_state", json={"state": state, "force": True}
        )

    # -- the API side ----------------------------------------------------------------------

    def api_get(self, api_url: str, path: str, **params: Any) -> Any:
        answer = self._http.get(api_url + path, params=params)
        answer.raise_for_status()
        return answer.json()

    def all_ids(self, api_url: str, page_size: int = 100) -> list[str]:
        """Every listing id the search finds through one API process, page by page."""
        ids: list[str] = []
        params: dict[str, Any] = {"size": page_size}
        while True:
            answer = self.api_get(api_url, "/api/v1/search", **params)
            ids.extend(hit["id"] for hit in answer["hits"])
            if not answer.get("next_cursor") or not answer["hits"]:
                return ids
            params["cursor"] = answer["next_cursor"]


def _alive(entry: Path) -> bool:
    try:
        stat = (entry / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def with_schedules(sources_toml: str, minutes: int = 1440) -> str:
    """``sources.toml`` text with a schedule on every source: only scheduled sources get a
    deployment (flows/deploy.py). A server without loop services never fires it."""
    header, *sources = sources_toml.split("[[source]]")
    schedule = f"\n[source.schedule]\ninterval_minutes = {minutes}\n"
    return "[[source]]".join([header, *(s.rstrip() + "\n" + schedule for s in sources)])


def main() -> None:
    """``python tests/topology.py``: the topology on the demo partner sites (demo/), every
    source harvested once through the workers, then serving until Ctrl+C."""
    import tempfile
    import tomllib

    from pg_server import PostgresServer

    from demo.server import DemoServer

    root = Path(tempfile.mkdtemp(prefix="regiohub-topologie-"))
    with DemoServer() as demo, PostgresServer() as postgres:
        sources = root / "sources.toml"
        sources.write_text(with_schedules(demo.sources_toml()), encoding="utf-8")
        ids = [s["id"] for s in tomllib.loads(sources.read_text(encoding="utf-8"))["source"]]
        store_url = postgres.create_database("regiohub")
        with Topology(root / "region", sources, store_url=store_url) as region:
            print(f"gestartet in {region.timings['apis']:.0f} s; Protokolle: {root}/region/logs")
            runs = {source_id: region.run_source(source_id) for source_id in ids}
            states = region.wait_final(list(runs.values()))
            for source_id, run in runs.items():
                print(f"  {source_id}: {states[run]} ({region.worker_of(run)})")
            assert region.prefect is not None
            print(f"Prefect: {region.prefect.api_url} · Store: {store_url}")
            print("Suche: " + " · ".join(region.api_urls) + " · Beenden mit Strg+C")
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()


if __name__ == "__main__":
    main()
