"""Scale-out: the scheduled deployments go to a real Prefect server (started here on loopback)
in a process work pool, and a worker — a separate process, as on another machine — runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import free_port
from faults import feed
from servers import Route, ScriptedServer

from hub.config import Settings
from hub.store import SQLiteStore

PREFECT = str(Path(sys.executable).with_name("prefect"))
POOL = "regiohub-test"

SOURCES = """
[[source]]
id = "verteilt"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
[source.schedule]
interval_minutes = 1440
"""


class PrefectServer:
    """``prefect server start`` on a free loopback port, its home and database in ``home``."""

    def __init__(self, home: Path) -> None:
        self.port = free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        self.env.update(
            PREFECT_HOME=str(home),
            PREFECT_SERVER_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{home / 'prefect.db'}",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_UI_ENABLED="false",
            PREFECT_LOGGING_LEVEL="WARNING",
        )
        self.log = home / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def client_env(self, **extra: str) -> dict[str, str]:
        """The environment of a machine that talks to this server (CLI, worker)."""
        return {**self.env, "PREFECT_API_URL": self.api_url, **extra}

    def __enter__(self) -> PrefectServer:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prefect server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"prefect server did not answer: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with PrefectServer(tmp_path_factory.mktemp("prefect-server")) as server:
        yield server


def run(args: list[str], env: dict[str, str], timeout: float = 90) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


@pytest.mark.slow
def test_a_worker_of_a_process_pool_harvests_a_deployed_source_once_at_a_time(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    """Two runs of one source are asked for while it harvests: the worker (a separate process,
    as on another machine) runs one of them, which fills the catalogue; the other is cancelled
    by the deployment's concurrency limit instead of harvesting the source a second time."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    home = tmp_path / "home"
    home.mkdir()
    with ScriptedServer() as partner:
        # slow enough that the second run is proposed while the first still harvests
        partner.routes["/feed.xml"] = Route(feed(6), delay_s=3)
        (home / "sources.toml").write_text(SOURCES.format(url=partner.url), encoding="utf-8")
        env = prefect_server.client_env(
            REGIOHUB_HOME=str(home), REGIOHUB_SOURCES=str(home / "sources.toml")
        )
        # exactly the commands of docs/operators.md
        run([PREFECT, "work-pool", "create", POOL, "--type", "process"], env)
        deployed = run([sys.executable, "-m", "hub.cli", "flows", "deploy", "--pool", POOL], env)
        assert "harvest-source/harvest-verteilt" in deployed

        with temporary_settings({PREFECT_API_URL: prefect_server.api_url}):
            with get_client(sync_client=True) as client:
                deployment = client.read_deployment_by_name("harvest-source/harvest-verteilt")
            assert deployment.work_pool_name == POOL
            assert deployment.entrypoint == "flows.harvest.harvest_source"
            runs = [run_deployment(deployment.id, timeout=0).id for _ in range(2)]

            # takes the runs from the pool, waits for them and exits
            run([PREFECT, "worker", "start", "--pool", POOL, "--run-once"], env, timeout=120)
            states = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with get_client(sync_client=True) as client:
                    states = [client.read_flow_run(r).state for r in runs]
                if all(s is not None and s.is_final() for s in states):
                    break
                time.sleep(0.5)
    kinds = sorted(s.type for s in states if s is not None)
    assert kinds == sorted([StateType.COMPLETED, StateType.CANCELLED]), states
    assert len(partner.hits) == 1, "both runs harvested the source"
    store = SQLiteStore(Settings.from_env({"REGIOHUB_HOME": str(home)}).db_path)
    assert store.count_listings("verteilt") == 6


@pytest.mark.slow
def test_flows_deploy_refuses_without_server_or_pool_in_one_sentence(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    from test_cli import assert_one_clear_error

    home = tmp_path / "home"
    home.mkdir()
    (home / "sources.toml").write_text(SOURCES.format(url="http://127.0.0.1:9"), encoding="utf-8")
    env = prefect_server.client_env(
        REGIOHUB_HOME=str(home), REGIOHUB_SOURCES=str(home / "sources.toml"), COLUMNS="200"
    )
    args = [sys.executable, "-m", "hub.cli", "flows", "deploy", "--pool", "gibt-es-nicht"]
    missing = subprocess.run(args, env=env, capture_output=True, text=True, timeout=90)
    assert_one_clear_error(
        missing, "Work-Pool 'gibt-es-nicht' gibt es auf", "prefect work-pool create"
    )
    del env["PREFECT_API_URL"]
    unset = subprocess.run(args, env=env, capture_output=True, text=True, timeout=90)
    assert_one_clear_error(unset, "PREFECT_API_URL ist nicht gesetzt")
