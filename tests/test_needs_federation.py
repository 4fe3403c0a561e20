"""The state-wide Bedarfsradar: a state hub sums its upstream hubs' published cells (its
``hub`` sources) with its own, over real HTTP, with provenance and the minimum cell rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ApiServer, free_port
from needs_helpers import Hub
from test_needs_radar import register

from hub.needs import federation
from hub.needs.mail import public_url


def hub_source(source_id: str, name: str, url: str, extra: str = "") -> str:
    return (
        f'[[source]]\nid = "{source_id}"\ntype = "hub"\nkind = "course"\n'
        f'[source.partner]\nname = "{name}"\n[source.options]\nurl = "{url}"\n{extra}'
    )


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    federation.clear_cache()


def test_a_state_hub_sums_its_upstream_hubs_with_provenance(tmp_path: Path) -> None:
    west, east, state = Hub(tmp_path / "west"), Hub(tmp_path / "east"), Hub(tmp_path / "state")
    register(west, 6, topic=["Datenschutz"], near="Chemnitz", radius=25)
    register(east, 7, topic=["Datenschutz"], near="Dresden", radius=25)
    register(state, 5, topic=["Datenschutz"], near="Leipzig", radius=25)
    # under the minimum everywhere: 4 + 4 + 3 = 11 together, but no hub published its part
    register(west, 4, topic=["Führung"], near="Chemnitz", radius=25)
    register(east, 4, topic=["Führung"], near="Dresden", radius=25)
    register(state, 3, topic=["Führung"], near="Leipzig", radius=25)
    dead = f"http://127.0.0.1:{free_port()}"
    with ApiServer(west.app) as one, ApiServer(east.app) as two:
        (state.home / "sources.toml").write_text(
            hub_source("hub-west", "Hub Westsachsen", one.url)
            + hub_source("hub-ost", "Hub Ostsachsen", two.url)
            + hub_source("hub-nord", "Hub Nordsachsen", dead)
        )
        own = state.client.get("/api/v1/needs/summary").json()
        data = state.client.get("/api/v1/needs/summary?scope=federated").json()
        page = state.client.get("/bedarfe?scope=federated").text

    assert [(c["keys"]["topic"], c["needs"]) for c in own["cells"]] == [("Datenschutz", 5)]
    [cell] = data["cells"]
    assert cell["keys"] == {"topic": "Datenschutz", "area": "DE-SN"}
    assert cell["needs"] == 18
    assert cell["sources"] == {public_url(state.settings): 5, one.url: 6, two.url: 7}
    assert "Führung" not in str(data) and "Führung" not in page
    status = {u["id"]: u["status"] for u in data["upstreams"]}
    assert status == {"hub-west": "ok", "hub-ost": "ok", "hub-nord": "unreachable"}
    assert "18 Betriebe in Sachsen suchen Datenschutz" in page
    assert "Hub Westsachsen: 6" in page and "Hub Ostsachsen: 7" in page
    assert "dieser Hub: 5" in page
    assert "Bedarfe von Hub Nordsachsen" in page and "nicht erreichbar" in page


def test_upstream_answers_are_cached_and_a_source_can_opt_out(tmp_path: Path) -> None:
    west, state = Hub(tmp_path / "west"), Hub(tmp_path / "state")
    register(west, 6, topic=["Datenschutz"], near="Chemnitz", radius=25)
    with ApiServer(west.app) as one:
        (state.home / "sources.toml").write_text(hub_source("hub-west", "Hub West", one.url))
        first = state.client.get("/api/v1/needs/summary?scope=federated").json()
    # the upstream is gone, the cached answer still serves within CACHE_SECONDS
    again = state.client.get("/api/v1/needs/summary?scope=federated").json()
    assert first["cells"] == again["cells"] and first["cells"][0]["sources"] == {one.url: 6}
    assert again["upstreams"][0]["status"] == "ok"

    (state.home / "sources.toml").write_text(
        hub_source("hub-west", "Hub West", one.url, "needs_summary = false\n")
    )
    off = state.client.get("/api/v1/needs/summary?scope=federated").json()
    assert off["cells"] == [] and off["upstreams"] == []


def test_an_upstream_cell_under_the_minimum_is_never_shown(tmp_path: Path) -> None:
    """An upstream that (wrongly, or in an older version) publishes a small cell."""
    from fastapi import FastAPI

    small = FastAPI()

    @small.get("/api/v1/needs/summary")
    def _summary() -> dict[str, object]:
        cell = {"keys": {"topic": "Datenschutz", "area": "DE-SN"}, "needs": 2, "sources": {}}
        return {"min_cell": 1, "by": ["topic", "area"], "cells": [cell]}

    state = Hub(tmp_path / "state")
    register(state, 5, topic=["Datenschutz"], near="Leipzig", radius=25)
    with ApiServer(small) as upstream:
        (state.home / "sources.toml").write_text(hub_source("hub-alt", "Alter Hub", upstream.url))
        [cell] = state.client.get("/api/v1/needs/summary?scope=federated").json()["cells"]
    assert cell["needs"] == 5 and cell["sources"] == {public_url(state.settings): 5}
