"""Seeing what happened: stored runs, `regiohub status`, the operator page, /metrics, the
webhook and the Prefect artifact — each against real harvests of loopback partners."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import ApiServer
from faults import feed
from servers import Route, ScriptedServer
from test_cli import regiohub

from flows.core import harvest_plain
from flows.health import health_of
from hub.config import Settings
from hub.runtime import Runtime
from search_api.app import create_app
from search_api.routes_ops import instrument

TOKEN = "geheim-123"


def sources_toml(url: str) -> str:
    return "".join(
        f"""
[[source]]
id = "{source_id}"
type = "feed"
kind = "event"
[source.partner]
name = "{partner}"
[source.options]
url = "{url}/{source_id}.xml"
timeout = 1.0
"""
        for source_id, partner in (("gut", "Gutzentrum"), ("wackel", "Wackelzentrum"))
    )


@pytest.fixture
def partner() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        server.routes["/gut.xml"] = Route(feed(4))
        server.routes["/wackel.xml"] = Route(feed(10, start=50))
        yield server


def runtime_at(home: Path, url: str, **env: str) -> Runtime:
    home.mkdir(parents=True, exist_ok=True)
    (home / "sources.toml").write_text(sources_toml(url), encoding="utf-8")
    base = {"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(home / "sources.toml")}
    return Runtime(Settings.from_env({**base, **env}))


def health(runtime: Runtime) -> dict[str, str]:
    return {h.source_id: h.health for h in health_of(runtime.store, runtime.sources.sources)}


def test_health_follows_the_runs_of_each_source(tmp_path: Path, partner: ScriptedServer) -> None:
    runtime = runtime_at(tmp_path / "h", partner.url)
    assert health(runtime) == {"gut": "never", "wackel": "never"}
    harvest_plain(runtime, runtime.sources.sources)
    assert health(runtime) == {"gut": "ok", "wackel": "ok"}

    partner.routes["/wackel.xml"] = Route(b"kaputt", status=404)
    harvest_plain(runtime, runtime.sources.sources)
    assert health(runtime) == {"gut": "ok", "wackel": "failing"}
    (run,) = runtime.store.runs("wackel", limit=1)
    assert run.counts["errors"] == {"http_status": 1}
    assert "HTTP 404" in run.counts["error_samples"][0]
    assert run.counts["duration_s"] > 0

    partner.routes["/wackel.xml"] = Route(feed(10, start=50))
    harvest_plain(runtime, runtime.sources.sources)
    assert health(runtime)["wackel"] == "degraded"  # recovered, but failed recently

    partner.routes["/wackel.xml"] = Route(feed(3, start=50))
    (_, counts) = harvest_plain(runtime, runtime.sources.sources)
    assert counts.attention and "7 ihrer 10" in counts.attention
    assert health(runtime)["wackel"] == "needs_attention"
    assert runtime.store.count_listings("wackel") == 10


@pytest.mark.slow
def test_status_prints_health_in_german_and_as_json(
    tmp_path: Path, partner: ScriptedServer
) -> None:
    home = tmp_path / "h"
    runtime = runtime_at(home, partner.url)
    partner.routes["/wackel.xml"] = Route(b"", status=500)
    harvest_plain(runtime, runtime.sources.sources)

    table = regiohub(home, "status", sources=sources_toml(partner.url))
    assert table.returncode == 1, table.stderr  # a failing source: a monitor notices
    for label in ("Quelle", "Zustand", "Letzter Lauf", "Letzter Erfolg", "Quar."):
        assert label in table.stdout
    assert "wackel: " in table.stdout and "HTTP 500" in table.stdout  # below the table
    assert "gestört" in table.stdout and "in Ordnung" in table.stdout

    as_json = regiohub(home, "status", "--json", sources=sources_toml(partner.url))
    rows = {r["source_id"]: r for r in json.loads(as_json.stdout)}
    assert rows["gut"]["health"] == "ok" and rows["gut"]["listings"] == 4
    assert rows["gut"]["last_success"] and rows["gut"]["counts"]["added"] == 4
    assert rows["wackel"]["health"] == "failing" and "HTTP 500" in rows["wackel"]["latest_error"]


def test_operator_page_and_metrics(tmp_path: Path, partner: ScriptedServer) -> None:
    runtime = runtime_at(tmp_path / "h", partner.url, REGIOHUB_ADMIN_TOKEN=TOKEN)
    partner.routes["/wackel.xml"] = Route(b"", status=503)
    harvest_plain(runtime, runtime.sources.sources)
    app = instrument(
        create_app(
            runtime.index,
            runtime.store,
            settings=runtime.settings,
            routers=runtime.registry.routers,
        )
    )
    with ApiServer(app) as api:
        assert httpx.get(f"{api.url}/betrieb").status_code == 401
        wrong = {"Authorization": "Bearer falsch"}
        assert httpx.get(f"{api.url}/betrieb", headers=wrong).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        page = httpx.get(f"{api.url}/betrieb", headers=auth)
        assert page.status_code == 200 and "Zustand der Quellen" in page.text
        assert "gestört" in page.text and "HTTP 503" in page.text
        assert httpx.get(f"{api.url}/api/v1/ops/sources").status_code == 401
        rows = httpx.get(f"{api.url}/api/v1/ops/sources", headers=auth).json()
        assert [r["health"] for r in rows] == ["ok", "failing"]

        httpx.get(f"{api.url}/health")
        metrics = httpx.get(f"{api.url}/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'regiohub_harvest_runs_total{source="gut",status="ok"} 1.0' in text
    assert 'regiohub_harvest_runs_total{source="wackel",status="failed"} 1.0' in text
    assert 'regiohub_harvest_records_total{outcome="added",source="gut"} 4.0' in text
    assert 'regiohub_harvest_duration_seconds_count{source="gut"} 1.0' in text
    assert 'regiohub_listings{kind="event"} 4.0' in text
    assert 'regiohub_source_health{health="failing",source="wackel"} 1.0' in text
    assert (
        'regiohub_http_request_duration_seconds_count{method="GET",route="/health",status="200"}'
        in text
    )


@pytest.mark.slow
def test_webhook_is_told_once_when_a_source_turns_failing(
    tmp_path: Path, partner: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGIOHUB_WEBHOOK_URL", f"{partner.url}/hook")
    runtime = runtime_at(tmp_path / "h", partner.url)
    harvest_plain(runtime, runtime.sources.sources)
    assert partner.posts == []
    partner.routes["/wackel.xml"] = Route(b"", status=500)
    harvest_plain(runtime, runtime.sources.sources)
    harvest_plain(runtime, runtime.sources.sources)  # still failing: no second message
    (post,) = partner.posts
    message = json.loads(post[1])
    assert post[0] == "/hook" and "wackel" in message["text"]
    assert [s["health"] for s in message["sources"]] == ["failing"]


@pytest.mark.slow
def test_each_prefect_run_leaves_a_markdown_artifact(partner: ScriptedServer, make_runtime) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.harvest import harvest_source

    make_runtime(sources_toml(partner.url))
    row = harvest_source("gut")
    assert row["status"] == "ok" and row["added"] == 4
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["harvest-report"])),
        )
    newest = max(artifacts, key=lambda a: a.created or 0)
    assert newest.type == "markdown"
    assert "| Quelle |" in str(newest.data) and "| gut | ok | full | 4 | 4 |" in str(newest.data)
