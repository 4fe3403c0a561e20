"""A partner that misbehaves: its run fails (or is held by the circuit breaker) with the cause,
the other sources complete, and nothing already in the catalogue is deleted.

The full suite of fault scenarios lives in tests/faults.py; `benchmarks/faults_table.py`
prints it as a table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import FAULTS as SCENARIOS
from faults import Fault, run_fault, table
from servers import Route, ScriptedServer

from demo.server import DemoServer
from flows.harvest import harvest_all
from hub.errors import HarvestFailed
from hub.index.base import SearchQuery

pytestmark = pytest.mark.slow
RSS = (Path(__file__).parent / "fixtures" / "feeds" / "rss.xml").read_bytes()


def flaky_source(url: str) -> str:
    return f"""
[[source]]
id = "flaky-feed"
type = "feed"
kind = "event"
[source.partner]
name = "Wackelzentrum"
[source.options]
url = "{url}/feed.xml"
timeout = 1.0
kind_categories = {{ "Veranstaltung" = "event", "Weiterbildung" = "course" }}
"""


def healthy_source(demo: DemoServer) -> str:
    text = demo.sources_toml()
    start = text.index('[[source]]\nid = "zz-sachsen-feed"')
    end = text.index("[[source]]", start + 10)
    return text[start:end]


FAULTS = {
    "http 500": (Route(b"Internal Server Error", status=500), "http_status", "HTTP 500"),
    "timeout": (Route(RSS, delay_s=3), "timeout", "nicht innerhalb von"),
    "broken xml": (
        Route(b"<?xml version='1.0'?><rss><channel><item><title>kap"),
        "parse",
        "wohlgeformt",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_misbehaving_partner_fails_alone_and_deletes_nothing(
    fault: str, demo_server: DemoServer, make_runtime
) -> None:
    route, kind, message = FAULTS[fault]
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(RSS)
        runtime = make_runtime(flaky_source(partner.url) + healthy_source(demo_server))
        first = {r["source_id"]: r for r in harvest_all()}
        assert first["flaky-feed"]["status"] == "ok" and first["flaky-feed"]["added"] == 3
        listings_before = runtime.store.count_listings()
        indexed_before = runtime.index.count()

        partner.routes["/feed.xml"] = route
        with pytest.raises(HarvestFailed) as failed_run:
            harvest_all()
        second = {r["source_id"]: r for r in failed_run.value.rows}

    failed = second["flaky-feed"]
    assert failed["status"] == "failed"
    assert failed["error_kind"] == kind and message in failed["error"]
    assert second["zz-sachsen-feed"]["status"] == "ok"
    assert runtime.store.count_listings() == listings_before
    assert runtime.index.count() == indexed_before
    still = runtime.index.search(
        SearchQuery(text="Datenschutz Handwerk", partner=("Wackelzentrum",))
    )
    assert still.total == 1
    (last_run,) = runtime.store.runs("flaky-feed", limit=1)
    assert last_run.status == "failed" and message in last_run.counts["error"]


def test_a_flow_run_with_a_failed_source_ends_failed_after_doing_the_rest(
    demo_server: DemoServer, make_runtime
) -> None:
    """As the runs `regiohub harvest` records: Failed, naming the source; the artifact is
    written and what the healthy source brought is indexed."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(b"Internal Server Error", status=500)
        runtime = make_runtime(flaky_source(partner.url) + healthy_source(demo_server))
        state = harvest_all(return_state=True)

    assert state.is_failed()
    assert state.message and "Fehlgeschlagen: flaky-feed." in state.message
    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        stored = client.read_flow_run(flow_run_id)
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    assert stored.state is not None and stored.state.is_failed()
    assert "flaky-feed" in (stored.state.message or "")
    reports = [str(a.data) for a in artifacts if a.flow_run_id == flow_run_id]
    assert any(
        "| flaky-feed | failed |" in text and "| zz-sachsen-feed | ok |" in text for text in reports
    ), reports
    assert runtime.index.count() == runtime.store.count_catalogue() > 0


@pytest.mark.parametrize("fault", SCENARIOS, ids=[f.name for f in SCENARIOS])
def test_fault_suite_no_crash_nothing_lost(fault: Fault, tmp_path: Path) -> None:
    outcome = run_fault(fault, tmp_path / "home")
    print("\n" + table([outcome]))
    assert outcome.crashed is None
    assert outcome.lost == 0 and outcome.after == outcome.before
    assert outcome.other_ok, "the other source must complete"
    assert outcome.status == fault.status, outcome.notes
    if fault.kind:
        assert outcome.kind == fault.kind
    assert bool(outcome.attention) == fault.attention
    if fault.name == "abgeschnittenes XML":
        assert "nichts wurde gelöscht" in " ".join(outcome.notes)
