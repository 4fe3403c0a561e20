"""Sources that answer 304 cost a request, not a Prefect task run each (flows/unchanged.py):
the same records as a harvest of their own, one request each, and every other source still
harvested in its own task."""

from __future__ import annotations

import pytest
from faults import feed, feed_sources
from servers import Route, ScriptedServer

from flows.core import harvest_plain, harvest_source_records
from flows.harvest import harvest_all
from flows.unchanged import harvest_unchanged
from hub.http import HttpClient

IDS = ["nord", "sued", "west"]


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
        runtime = make_runtime(feed_sources(partner.url, IDS))
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
    # the changed one: its new answer, read by the look, harvested whole in its own task
    assert (rows["sued"]["status"], rows["sued"]["added"], asked["sued"]) == ("ok", 1, 1)
    assert runtime.index.count() == runtime.store.count_catalogue() == 10

    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    names = sorted(r.name for r in runs)
    assert names == ["harvest sued", "index changes", "sources answering 304"], names


def test_changed_answers_are_kept_within_the_budget_and_the_rest_is_asked_again(
    make_runtime,
) -> None:
    with ScriptedServer() as partner:
        _serve(partner, {})
        runtime = make_runtime(feed_sources(partner.url, IDS))
        harvest_plain(runtime, runtime.sources.sources)
        _serve(partner, {i: 2 for i in IDS})  # all three changed
        sizes = {i: len(partner.routes[f"/{i}.xml"].body) for i in IDS}  # type: ignore[union-attr]
        before = len(partner.hits)
        # room for the smallest answer only: the others are not read, only their headers
        looked = harvest_unchanged(runtime, runtime.sources.sources, keep_bytes=sizes["nord"])
        assert looked.unchanged == {} and list(looked.answers) == ["nord"]
        (answer,) = looked.answers["nord"].values()
        assert (answer.status, len(answer.body), answer.complete) == (200, sizes["nord"], True)
        results = {
            s.id: harvest_source_records(runtime, s, primed=looked.answers.get(s.id))
            for s in runtime.sources.sources
        }
        asked = [path for path, _ in partner.hits[before:]]
    assert {i: (r.counts.status, r.counts.added) for i, r in results.items()} == {
        "nord": ("ok", 1),
        "sued": ("ok", 1),
        "west": ("ok", 1),
    }
    # nord: the look only; sued and west: the look (headers) and their own harvest
    assert sorted(asked) == ["/nord.xml", "/sued.xml", "/sued.xml", "/west.xml", "/west.xml"]


def test_a_full_harvest_and_sources_without_validators_are_never_looked_at(
    make_runtime,
) -> None:
    with ScriptedServer() as partner:
        _serve(partner, {})
        runtime = make_runtime(feed_sources(partner.url, IDS))
        sources = runtime.sources.sources
        # nothing harvested yet, so no ETag saved: nothing to ask, no request, no run
        looked = harvest_unchanged(runtime, sources, threads=2)
        assert (looked.unchanged, looked.answers) == ({}, {})
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
            kept = http.probe(f"{partner.url}/a.xml", etag='"a0"', last_modified=None,
                              keep_up_to=len(feed(2)))  # fmt: skip
            http.primed[(f"{partner.url}/a.xml", '"a1"', None)] = known  # type: ignore[assignment]
            again = http.get(f"{partner.url}/a.xml", etag='"a1"')
            other = http.get(f"{partner.url}/a.xml", etag='"a1"')
    assert known is not None and known.not_modified
    assert (changed, failing, nothing) == (None, None, None)
    assert kept is not None and (kept.status, kept.body) == (200, feed(2))
    assert again is known, "a primed answer is given once, without a request"
    assert other.not_modified and other is not known
    paths = [p for p, _ in partner.hits]
    # a1, a0: looked at; boom: once (no retry); no validators: none; kept: one;
    # the primed get: none; the other get: one
    assert paths == ["/a.xml", "/a.xml", "/boom.xml", "/a.xml", "/a.xml"], paths
