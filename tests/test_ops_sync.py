"""Safe synchronisation end to end: a listing the partner dropped leaves the catalogue, the index
and the change feed only after two successful full harvests missed it; 304s and failures
in between neither count nor reset."""

from __future__ import annotations

from pathlib import Path

from faults import feed
from servers import Route, ScriptedServer

from flows.core import harvest_plain
from hub.config import Settings
from hub.index.base import SearchQuery
from hub.runtime import Runtime

SOURCE = """
[[source]]
id = "va-feed"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
timeout = 1.0
"""


def test_a_dropped_listing_goes_after_two_full_harvests_and_reaches_index_and_feed(
    tmp_path: Path,
) -> None:
    with ScriptedServer() as partner:
        home = tmp_path / "h"
        home.mkdir()
        (home / "sources.toml").write_text(SOURCE.format(url=partner.url), encoding="utf-8")
        env = {"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(home / "sources.toml")}
        runtime = Runtime(Settings.from_env(env))

        def harvest(route: Route):
            partner.routes["/feed.xml"] = route
            (counts,) = harvest_plain(runtime, runtime.sources.sources)
            return counts

        harvest(Route(feed(10)))
        cursor = runtime.store.last_change()
        dropped = Route(feed(9), headers={"ETag": '"neun"'})
        first = harvest(dropped)
        assert (first.mode, first.missing, first.gone) == ("full", 1, 0)
        assert runtime.index.count() == 10

        not_modified = harvest(dropped)  # 304: the source says nothing changed
        assert (not_modified.mode, not_modified.gone) == ("unchanged", 0)
        failed = harvest(Route(status=404))
        assert failed.status == "failed" and runtime.store.count_listings() == 10

        second = harvest(Route(feed(9)))  # no ETag any more: a full harvest again
        assert (second.mode, second.gone, second.missing) == ("full", 1, 0)

    assert runtime.store.count_listings() == 9 and runtime.index.count() == 9
    gone = runtime.index.search(SearchQuery(text="Werkstatt 9"))
    assert all(
        h.listing["title"] != "Werkstatt 9: Förderung der Digitalisierung" for h in gone.hits
    )
    (change,) = runtime.store.changes(after=cursor)
    assert change.op == "delete" and change.listing.title.startswith("Werkstatt 9")
    (tombstone,) = runtime.store.tombstones("va-feed")
    assert tombstone[0] == change.listing_id
    (run,) = runtime.store.runs("va-feed", limit=1)
    assert run.mode == "full" and run.counts["gone"] == 1
