"""Federation: the change feed and the ``hub`` connector, with three real hubs on loopback.

Two regional hubs harvest their partners' feeds; a state hub harvests both regional hubs
through ``GET /api/v1/changes``. After adds, edits and deletes upstream, the state hub holds
exactly what the regional hubs hold, each listing still credited to its original partner.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import ApiServer

from connectors.testing import FixtureServer
from flows.core import harvest_plain
from hub.config import Settings
from hub.model import listing_id
from hub.runtime import Runtime
from search_api import routes_changes
from search_api.app import create_app

SYNC = "[source.sync]\ngone_after = 1\nmax_shrink = 1.0\n"


def rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid><title>{title}</title>'
        f"<description>Angebot {title}</description></item>"
        for guid, title in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"{entries}</channel></rss>"
    )


def feed_source(source_id: str, partner: str, url: str) -> str:
    return (
        f'[[source]]\nid = "{source_id}"\ntype = "feed"\nkind = "event"\n'
        f'[source.partner]\nname = "{partner}"\n[source.options]\nurl = "{url}"\n{SYNC}'
    )


def hub_source(source_id: str, url: str) -> str:
    return (
        f'[[source]]\nid = "{source_id}"\ntype = "hub"\nkind = "event"\n'
        f'[source.partner]\nname = "Landesportal"\n[source.options]\nurl = "{url}"\n'
        f"page_size = 2\n{SYNC}"
    )


def make_hub(home: Path, sources_toml: str) -> Runtime:
    home.mkdir(parents=True, exist_ok=True)
    (home / "sources.toml").write_text(sources_toml, encoding="utf-8")
    return Runtime(Settings.from_env({"REGIOHUB_HOME": str(home)}))


def harvest(runtime: Runtime) -> None:
    counts = harvest_plain(runtime, runtime.sources.sources)
    assert all(c.status == "ok" for c in counts), [c.error for c in counts]


def catalogue(runtime: Runtime) -> set[tuple[str, str, str]]:
    return {(x.partner.name, x.title, x.kind) for x in runtime.store.iter_listings()}


@pytest.fixture
def feeds(tmp_path: Path) -> Iterator[tuple[Path, FixtureServer]]:
    folder = tmp_path / "feeds"
    folder.mkdir()
    with FixtureServer(folder) as server:
        yield folder, server


def test_the_change_feed_pages_with_a_cursor_and_reports_deletions(
    tmp_path: Path, feeds: tuple[Path, FixtureServer]
) -> None:
    folder, server = feeds
    (folder / "a.xml").write_text(rss([("a1", "Eins"), ("a2", "Zwei"), ("a3", "Drei")]))
    hub = make_hub(tmp_path / "a", feed_source("a-feed", "Zentrum A", f"{server.url}/a.xml"))
    harvest(hub)
    hub.store.delete_listings([listing_id("a-feed", "a2")])
    app = create_app(hub.index, hub.store, settings=hub.settings, routers=[routes_changes.router])
    with ApiServer(app) as api:
        first = httpx.get(f"{api.url}/api/v1/changes", params={"limit": 2}).json()
        second = httpx.get(f"{api.url}/api/v1/changes", params={"after": first["next"]}).json()
        empty = httpx.get(f"{api.url}/api/v1/changes", params={"after": second["next"]}).json()
        bad = httpx.get(f"{api.url}/api/v1/changes", params={"limit": 0})
    assert len(first["changes"]) == 2 and len(second["changes"]) == 1
    changes = first["changes"] + second["changes"]
    assert [c["seq"] for c in changes] == sorted(c["seq"] for c in changes)
    ops = {c["listing"]["title"]: c["op"] for c in changes}
    assert ops == {"Eins": "upsert", "Drei": "upsert", "Zwei": "delete"}
    assert changes[0]["listing"]["partner"]["name"] == "Zentrum A"
    assert empty == {"changes": [], "next": second["next"]}
    assert bad.status_code == 422


@pytest.mark.slow
def test_three_hubs_stay_consistent_after_adds_edits_and_deletes(
    tmp_path: Path, feeds: tuple[Path, FixtureServer]
) -> None:
    folder, server = feeds
    (folder / "a.xml").write_text(
        rss([("a1", "Excel kompakt"), ("a2", "Datenschutz"), ("a3", "KI")])
    )
    (folder / "b.xml").write_text(rss([("b1", "Schweißen"), ("b2", "Führung")]))
    hub_a = make_hub(tmp_path / "a", feed_source("a-feed", "Zentrum A", f"{server.url}/a.xml"))
    hub_b = make_hub(tmp_path / "b", feed_source("b-feed", "Zentrum B", f"{server.url}/b.xml"))
    routers = [routes_changes.router]
    app_a = create_app(hub_a.index, hub_a.store, settings=hub_a.settings, routers=routers)
    app_b = create_app(hub_b.index, hub_b.store, settings=hub_b.settings, routers=routers)
    with ApiServer(app_a) as api_a, ApiServer(app_b) as api_b:
        state = make_hub(
            tmp_path / "state", hub_source("hub-a", api_a.url) + hub_source("hub-b", api_b.url)
        )
        for hub in (hub_a, hub_b, state):
            harvest(hub)
        assert catalogue(state) == catalogue(hub_a) | catalogue(hub_b)
        assert len(catalogue(state)) == 5
        # provenance: the original partner, under the state hub's own stable ids
        upstream_id = listing_id("a-feed", "a1")
        federated = state.store.get_listing(listing_id("hub-a", upstream_id))
        assert federated is not None and federated.partner.name == "Zentrum A"
        assert federated.source_id == "hub-a" and federated.source_key == upstream_id

        # edit a1, delete a2, add b3
        (folder / "a.xml").write_text(rss([("a1", "Excel für Fortgeschrittene"), ("a3", "KI")]))
        (folder / "b.xml").write_text(
            rss([("b1", "Schweißen"), ("b2", "Führung"), ("b3", "Löten")])
        )
        for hub in (hub_a, hub_b, state):
            harvest(hub)
        titles = {title for _, title, _ in catalogue(state)}
        assert titles == {"Excel für Fortgeschrittene", "KI", "Schweißen", "Führung", "Löten"}
        assert catalogue(state) == catalogue(hub_a) | catalogue(hub_b)
        again = state.store.get_listing(listing_id("hub-a", upstream_id))
        assert again is not None and again.first_seen == federated.first_seen
