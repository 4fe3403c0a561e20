"""Federation: the change feed and the ``hub`` connector, with three real hubs on loopback.

Two regional hubs harvest their partners' feeds; a state hub harvests both regional hubs
through ``GET /api/v1/changes``. After adds, edits and deletes upstream, ONE more run of the
state hub — reading only the changes after its saved cursor — makes it hold exactly what the
regional hubs hold, each listing still credited to its original partner.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from conftest import ApiServer
from fastapi import FastAPI, Request, Response

from connectors.testing import FixtureServer
from flows.core import harvest_plain
from hub.config import Settings
from hub.index.base import SearchQuery
from hub.model import SourceCounts, listing_id
from hub.runtime import Runtime
from search_api import routes_changes
from search_api.app import create_app

SYNC = "[source.sync]\ngone_after = 1\nmax_shrink = 1.0\n"
#: the state hub would need three full harvests to infer a deletion: it must not need them
HUB_SYNC = "[source.sync]\ngone_after = 3\nmax_shrink = 1.0\n"


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
        f"page_size = 2\n{HUB_SYNC}"
    )


def make_hub(home: Path, sources_toml: str) -> Runtime:
    home.mkdir(parents=True, exist_ok=True)
    (home / "sources.toml").write_text(sources_toml, encoding="utf-8")
    return Runtime(Settings.from_env({"REGIOHUB_HOME": str(home)}))


def harvest(runtime: Runtime, *, full: bool = False) -> dict[str, SourceCounts]:
    counts = harvest_plain(runtime, runtime.sources.sources, full=full)
    assert all(c.status == "ok" for c in counts), [c.error for c in counts]
    return {c.source_id: c for c in counts}


def recording_cursors(app: FastAPI, seen: list[int]) -> FastAPI:
    """Note the ``after`` cursor of every change-feed request the app answers."""

    @app.middleware("http")
    async def note_after(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path == "/api/v1/changes":
            seen.append(int(request.query_params.get("after", "0")))
        return await call_next(request)

    return app


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
    after_a: list[int] = []
    after_b: list[int] = []
    app_a = create_app(hub_a.index, hub_a.store, settings=hub_a.settings, routers=routers)
    app_b = create_app(hub_b.index, hub_b.store, settings=hub_b.settings, routers=routers)
    with (
        ApiServer(recording_cursors(app_a, after_a)) as api_a,
        ApiServer(recording_cursors(app_b, after_b)) as api_b,
    ):
        state = make_hub(
            tmp_path / "state", hub_source("hub-a", api_a.url) + hub_source("hub-b", api_b.url)
        )
        harvest(hub_a), harvest(hub_b)
        first = harvest(state)
        assert catalogue(state) == catalogue(hub_a) | catalogue(hub_b)
        assert len(catalogue(state)) == 5
        # the first run reads from the start (a full harvest) and keeps the upstream cursor
        assert after_a[0] == 0 and after_b[0] == 0
        assert first["hub-a"].mode == "full" and first["hub-a"].fetched == 3
        cursor_a = int(state.store.get_state("hub-a")["cursor"])
        cursor_b = int(state.store.get_state("hub-b")["cursor"])
        assert (cursor_a, cursor_b) == (hub_a.store.last_change(), hub_b.store.last_change())
        # provenance: the original partner, under the state hub's own stable ids
        upstream_id = listing_id("a-feed", "a1")
        federated = state.store.get_listing(listing_id("hub-a", upstream_id))
        assert federated is not None and federated.partner.name == "Zentrum A"
        assert federated.source_id == "hub-a" and federated.source_key == upstream_id

        # upstream: edit a1, delete a2, add b3
        (folder / "a.xml").write_text(rss([("a1", "Excel für Fortgeschrittene"), ("a3", "KI")]))
        (folder / "b.xml").write_text(
            rss([("b1", "Schweißen"), ("b2", "Führung"), ("b3", "Löten")])
        )
        harvest(hub_a), harvest(hub_b)
        after_a.clear(), after_b.clear()
        second = harvest(state)  # ONE more run

        # it asked only for what came after its cursors, and got only the changes
        assert after_a[0] == cursor_a and min(after_a) == cursor_a
        assert after_b[0] == cursor_b and min(after_b) == cursor_b
        assert second["hub-a"].mode == second["hub-b"].mode == "incremental"
        assert (second["hub-a"].fetched, second["hub-a"].gone) == (1, 1)  # a1 edited, a2 gone
        assert (second["hub-b"].fetched, second["hub-b"].gone) == (1, 0)  # b3 added
        titles = {title for _, title, _ in catalogue(state)}
        assert titles == {"Excel für Fortgeschrittene", "KI", "Schweißen", "Führung", "Löten"}
        assert catalogue(state) == catalogue(hub_a) | catalogue(hub_b)
        again = state.store.get_listing(listing_id("hub-a", upstream_id))
        assert again is not None and again.first_seen == federated.first_seen
        assert again.partner.name == "Zentrum A" and again.title == "Excel für Fortgeschrittene"

        # the upstream deletion was applied at once (gone_after = 3 would need three runs),
        # removed from the index, and tombstoned here so a hub of hubs passes it on
        gone_id = listing_id("hub-a", listing_id("a-feed", "a2"))
        assert [t[0] for t in state.store.tombstones("hub-a")] == [gone_id]
        assert state.index.search(SearchQuery(text="Datenschutz")).total == 0
        assert state.index.count() == state.store.count_listings() == 5
        passed_on = [c for c in state.store.changes() if c.op == "delete"]
        assert [(c.listing_id, c.listing.partner.name) for c in passed_on] == [
            (gone_id, "Zentrum A")
        ]

        # nothing new upstream: the next run asks from the newest cursor and changes nothing
        after_a.clear()
        idle = harvest(state)
        assert after_a == [hub_a.store.last_change()] and idle["hub-a"].fetched == 0

        # a full harvest on demand reads from the start again and keeps the catalogue
        after_a.clear()
        full = harvest(state, full=True)
        assert after_a[0] == 0 and full["hub-a"].mode == "full" and full["hub-a"].gone == 0
        assert catalogue(state) == catalogue(hub_a) | catalogue(hub_b)
