"""The Bedarfsradar: anonymous demand per cell (never fewer than 5), offers beside it, and the
state hub's view over regional hubs' summaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ApiServer
from needs_helpers import Hub, listing

from hub.needs import tokens
from hub.needs.describe import radar_keys
from hub.needs.model import NeedSpec
from hub.needs.store import NeedStore
from hub.needs.summary import MIN_CELL, counts, read_summaries


def register(hub: Hub, count: int, **spec: object) -> None:
    needs = NeedStore(hub.store.path, tokens.load_secret(hub.home))
    for n in range(count):
        need = NeedSpec.model_validate(spec)
        _, token = needs.sign_up(
            f"firma{n}@{spec.get('near', 'x')}.example", need, radar_keys(need)
        )
        needs.confirm(token, since_seq=0)


@pytest.fixture
def hub(tmp_path: Path) -> Hub:
    return Hub(tmp_path / "home")


def test_cells_with_fewer_than_five_needs_are_never_shown(hub: Hub) -> None:
    register(hub, MIN_CELL, topic=["Datenschutz"], near="Erzgebirgskreis", radius=25)
    register(hub, MIN_CELL - 1, topic=["Office-Anwendungen"], near="Leipzig", radius=25)
    register(hub, 3, topic=["Datenschutz"], near="Leipzig", radius=25)

    data = hub.client.get("/api/v1/needs/summary").json()
    assert data["min_cell"] == 5
    assert [(c["keys"], c["needs"]) for c in data["cells"]] == [
        ({"topic": "Datenschutz", "area": "Erzgebirgskreis"}, 5)
    ]
    by_topic = hub.client.get("/api/v1/needs/summary?by=topic").json()["cells"]
    assert [(c["keys"]["topic"], c["needs"]) for c in by_topic] == [("Datenschutz", 8)]
    page = hub.client.get("/bedarfe").text
    assert "Office-Anwendungen" not in page and "Leipzig" not in page
    assert "@" not in json.dumps(data) and "firma" not in page


def test_demand_is_shown_next_to_matching_offers_with_a_chart(hub: Hub) -> None:
    register(hub, 12, topic=["Datenschutz"], near="Erzgebirgskreis", radius=25)
    hub.add(listing("1", "Datenschutz für Beschäftigte"))  # Chemnitz, ~22 km from the centre
    hub.add(listing("2", "Excel kompakt", topics=("Office-Anwendungen",)))

    [cell] = hub.client.get("/api/v1/needs/summary").json()["cells"]
    assert (cell["needs"], cell["offers"]) == (12, 1)
    page = hub.client.get("/bedarfe").text
    assert "12 Betriebe im Erzgebirgskreis suchen Datenschutz, 1 passendes Angebot" in page
    assert "<svg" in page and 'class="needs"' in page and 'class="offers"' in page


def test_operators_get_counts_and_no_addresses(hub: Hub) -> None:
    register(hub, 2, q="Excel")
    found = counts(hub.store.path, hub.home)
    assert found == {"confirmed": 2, "unconfirmed": 0, "messages_sent": 0, "matches_queued": 0}


def test_a_state_hub_reads_regional_summaries_with_provenance(tmp_path: Path) -> None:
    west, east = Hub(tmp_path / "west"), Hub(tmp_path / "east")
    register(west, 6, topic=["Datenschutz"], near="Chemnitz", radius=25)
    register(east, 7, topic=["Datenschutz"], near="Dresden", radius=25)
    register(east, 2, topic=["Führung"], near="Dresden", radius=25)
    with ApiServer(west.app) as one, ApiServer(east.app) as two:
        [cell] = read_summaries([one.url, two.url])
    assert cell.keys == {"topic": "Datenschutz", "area": "DE-SN"}
    assert cell.needs == 13 and cell.sources == {one.url: 6, two.url: 7}
