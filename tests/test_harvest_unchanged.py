"""Sources that answer 304 cost a request, not a Prefect task run each (flows/unchanged.py):
the same records as a harvest of their own, one request each, and every other source still
harvested in its own task."""

from __future__ import annotations

import pytest
from faults import feed
from servers import Route, ScriptedServer

from flows.harvest import harvest_all
from flows.unchanged import harvest_unchanged
from hub.http import HttpClient

SOURCE = """
[[source]]
id = "{id}"
type = "feed"
kind = "event"
[source.partner]
name = "Zentrum {id}"
[source.options]
url = "{url}/{id}.xml"
"""
IDS = ["nord", "sued", "west"]


def _sources(url: str, ids: list[str]) -> str:
    return "".join(SOURCE.format(id=i, url=url) for i in ids)


def _serve(partner: ScriptedServer, version: dict[str, int]) -> None:
    for n, i in enumerate(IDS):
        v = version.get(i, 1)
        body = feed(2 + n + (v - 1), start=20 * n)  # a new version lists one more offer
        partner.routes[f"/{i}.xml"] = Route(body, headers={"ETag": f'"{i}-v{v}"'})


def _hits(partner: ScriptedServer, source_id: str) -> int:
    return sum(1 for path, _ in partner.hits if path == f"/{source_id}.xml")


@pytest.mark.slow
def test_a_prefect_reharvest_records_304_sources_in_one_task_and_the_changed_in_their_own(
    make_runtime,
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with ScriptedServer() as partner:
        _serve(partner, {})
        runtime = make_runtime(_sources(partner.url, IDS))
        first = {r["source_id"]: r for r in harvest_all()}
        assert {i: (r["status"], r["added"]) for i, r in first.items()} == {
            "nord": ("ok", 2),
            "sued": ("ok", 3),
            "west": ("ok", 4),
        }
        _serve(partner, {"sued": 2})  # one source has a new offer
        before = {i: _hits(partner, i) for i in IDS}
        state = harvest_all(return_state=True)
        rows = {r["source_id"]: r for r in state.result()}
        asked = {i: _hits(partner, i) - before[i] for i in IDS}

    # the unchanged ones: exactly what their own harvest records, from one request each
    for i, items in (("nord", 2), ("west", 4)):
        assert (rows[i]["status"], rows[i]["mode"], rows[i]["unchanged"]) == (
            "ok",
            "unchanged",
            items,
        )
        assert "HTTP 304" in " ".join(rows[i]["notes"])
        assert runtime.store.latest_runs()[i].status == "ok"
    assert asked["nord"] == asked["west"] == 1, asked
    # the changed one: looked at (headers only), then harvested whole in its own task
    assert (rows["sued"]["status"], rows["sued"]["added"], asked["sued"]) == ("ok", 1, 2)
    assert runtime.index.count() == runtime.store.count_catalogue() == 10

    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    names = sorted(r.name for r in runs)
    assert names == ["harvest sued", "index changes", "sources answering 304"], names


def test_a_full_harvest_and_sources_without_validators_are_never_looked_at(
    make_runtime,
) -> None:
    with ScriptedServer() as partner:
        _serve(partner, {})
        runtime = make_runtime(_sources(partner.url, IDS))
        sources = runtime.sources.sources
        # nothing harvested yet, so no ETag saved: nothing to ask, no request, no run
        assert harvest_unchanged(runtime, sources, threads=2) == {}
        assert partner.hits == [] and runtime.store.latest_runs() == {}


def test_the_look_reads_headers_only_and_never_retries(make_runtime) -> None:
    with ScriptedServer() as partner:
        partner.routes["/a.xml"] = Route(feed(2), headers={"ETag": '"a1"'})
        partner.routes["/boom.xml"] = Route(b"kaputt", status=503)
        http = HttpClient(allowed_hosts={partner.url.split("//")[1]}, allow_private=True)
        with http:
            known = http.probe(f"{partner.url}/a.xml", etag='"a1"', last_modified=None)
            changed = http.probe(f"{partner.url}/a.xml", etag='"a0"', last_modified=None)
            failing = http.probe(f"{partner.url}/boom.xml", etag='"b1"', last_modified=None)
            nothing = http.probe(f"{partner.url}/a.xml", etag=None, last_modified=None)
            http.primed[(f"{partner.url}/a.xml", '"a1"', None)] = known  # type: ignore[assignment]
            again = http.get(f"{partner.url}/a.xml", etag='"a1"')
            other = http.get(f"{partner.url}/a.xml", etag='"a1"')
    assert known is not None and known.not_modified
    assert (changed, failing, nothing) == (None, None, None)
    assert again is known, "a primed answer is given once, without a request"
    assert other.not_modified and other is not known
    paths = [p for p, _ in partner.hits]
    # a1: looked at, a0: looked at, boom: once (no retry), primed get: none, other: one
    assert paths == ["/a.xml", "/a.xml", "/boom.xml", "/a.xml"], paths
