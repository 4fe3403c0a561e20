"""Schedules per source: validated in sources.toml, listed by the CLI, and registered with a
Prefect server as one deployment per source."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import feed
from test_cli import assert_one_clear_error, regiohub

from flows.deploy import build_deployments
from hub.config import parse_sources
from hub.errors import ConfigError

SCHEDULED = """
[[source]]
id = "stuendlich"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "http://127.0.0.1:9/feed.xml"
[source.schedule]
interval_minutes = 60

[[source]]
id = "werktags"
type = "feed"
kind = "course"
[source.partner]
name = "Kammer"
[source.options]
url = "http://127.0.0.1:9/kurse.xml"
[source.schedule]
cron = "0 6 * * 1-5"
[source.sync]
gone_after = 3
max_shrink = 0.5

[[source]]
id = "ohne-plan"
type = "feed"
kind = "event"
[source.partner]
name = "Verein"
[source.options]
url = "http://127.0.0.1:9/va.xml"
"""

PLANNED = """
[[source]]
id = "geplant"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
[source.schedule]
interval_minutes = 1440
"""


def test_schedule_and_sync_policy_are_read_from_sources_toml() -> None:
    sources = {s.id: s for s in parse_sources(SCHEDULED, Path("sources.toml")).sources}
    assert sources["stuendlich"].schedule and sources["stuendlich"].schedule.interval_minutes == 60
    assert sources["werktags"].schedule and sources["werktags"].schedule.cron == "0 6 * * 1-5"
    assert (sources["werktags"].sync.gone_after, sources["werktags"].sync.max_shrink) == (3, 0.5)
    assert sources["ohne-plan"].schedule is None and sources["ohne-plan"].sync.gone_after == 2


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ('interval_minutes = 5\ncron = "0 6 * * *"', "genau eines von"),
        ('cron = "jeden Morgen"', "cron-Ausdruck"),
        ("interval_minutes = -1", "größer als 0"),
    ],
)
def test_a_bad_schedule_is_one_clear_config_error(schedule: str, message: str) -> None:
    text = SCHEDULED.replace("interval_minutes = 60", schedule)
    with pytest.raises(ConfigError, match=message) as error:
        parse_sources(text, Path("sources.toml"))
    assert "'stuendlich'" in str(error.value) and "schedule" in str(error.value)


@pytest.mark.slow
def test_flows_list_shows_the_schedules_and_serve_refuses_without_any(tmp_path: Path) -> None:
    listed = regiohub(tmp_path / "h", "flows", "list", sources=SCHEDULED)
    assert listed.returncode == 0, listed.stderr
    assert "harvest-stuendlich" in listed.stdout and "alle 60 min" in listed.stdout
    assert "cron 0 6 * * 1-5" in listed.stdout and "ohne-plan" not in listed.stdout
    unscheduled = SCHEDULED.split("[source.schedule]")[0]
    refused = regiohub(tmp_path / "h2", "flows", "serve", sources=unscheduled)
    assert_one_clear_error(refused, "Keine Quelle", "hat einen Zeitplan")


@pytest.mark.slow
def test_deployments_register_with_a_prefect_server_with_their_schedules(make_runtime) -> None:
    """Against the Prefect API of this test session (its server runs on loopback)."""
    from prefect.client.orchestration import get_client

    runtime = make_runtime(SCHEDULED)
    deployments = build_deployments(runtime.sources.sources)
    assert [d.name for d in deployments] == ["harvest-stuendlich", "harvest-werktags"]
    for deployment in deployments:
        deployment.apply()
    with get_client(sync_client=True) as client:
        hourly = client.read_deployment_by_name("harvest-source/harvest-stuendlich")
        weekdays = client.read_deployment_by_name("harvest-source/harvest-werktags")
    assert hourly.parameters == {"source_id": "stuendlich"}
    assert hourly.entrypoint == "flows.harvest.harvest_source"
    (hourly_schedule,) = hourly.schedules
    assert hourly_schedule.schedule.interval.total_seconds() == 3600  # type: ignore[union-attr]
    (weekday_schedule,) = weekdays.schedules
    assert weekday_schedule.schedule.cron == "0 6 * * 1-5"  # type: ignore[union-attr]
    assert weekday_schedule.schedule.timezone == "Europe/Berlin"  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_served_deployment_harvests_its_source(make_runtime) -> None:
    """What `regiohub flows serve` does: a Prefect runner picks up the deployment's run, which
    harvests the source in a child process built from the environment alone."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.runner import Runner
    from servers import Route, ScriptedServer

    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(feed(5))
        runtime = make_runtime(PLANNED.format(url=partner.url))
        (deployment,) = build_deployments(runtime.sources.sources)

        async def serve_once() -> str:
            runner = Runner(query_seconds=1, pause_on_shutdown=False)
            deployment_id = await runner.add_deployment(deployment)
            flow_run = await run_deployment(deployment_id, timeout=0)
            await runner.start(run_once=True)
            return str(flow_run.id)

        run_id = asyncio.run(serve_once())
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(run_id).state
    assert state is not None and state.is_completed(), state
    assert runtime.store.count_listings("geplant") == 5
