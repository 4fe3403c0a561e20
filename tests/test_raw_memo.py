"""A re-harvest normalises only what changed: an entry whose raw record (and pipeline) is the
same as when its listing was stored is only marked as seen; a changed, new or returning entry,
a full harvest and a changed pipeline or source configuration normalise again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from faults import feed
from servers import Route, ScriptedServer

from flows.core import harvest_plain
from hub.config import Settings, SourceConfig
from hub.hookspecs import hookimpl
from hub.model import RawRecord, SourceCounts
from hub.plugins import build_registry
from hub.runtime import Runtime
from pipelines import build_pipeline
from pipelines.base import Draft
from pipelines.raw_memo import fingerprint, raw_hash

SOURCE = """
[[source]]
id = "va-feed"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
"""


class Seen:
    """A plugin step that notes the key of every record the pipeline normalises."""

    name, order = "seen_by_test", 99

    def __init__(self) -> None:
        self.keys: list[str] = []

    def __call__(self, draft: Draft) -> None:
        self.keys.append(draft.raw.key)


def _runtime(tmp_path: Path, url: str) -> tuple[Runtime, Seen]:
    home = tmp_path / "h"
    home.mkdir()
    (home / "sources.toml").write_text(SOURCE.format(url=url), encoding="utf-8")
    env = {"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(home / "sources.toml")}
    runtime = Runtime(Settings.from_env(env))
    seen = Seen()

    class Plugin:
        @hookimpl
        def register_steps(self, register: Any) -> None:
            register(seen)

    runtime.pipeline = build_pipeline(build_registry(entry_points=False, extra=[Plugin()]))
    return runtime, seen


def test_an_unchanged_reharvest_normalises_nothing_and_a_change_only_itself(
    tmp_path: Path,
) -> None:
    with ScriptedServer() as partner:
        runtime, seen = _runtime(tmp_path, partner.url)

        def harvest(body: bytes, *, full: bool = False) -> SourceCounts:
            partner.routes["/feed.xml"] = Route(body)  # no ETag: the feed is read each time
            seen.keys.clear()
            (counts,) = harvest_plain(runtime, runtime.sources.sources, full=full)
            return counts

        first = harvest(feed(10))
        assert first.added == 10 and len(seen.keys) == 10
        stored = {lst.id: lst for lst in runtime.store.iter_listings()}

        again = harvest(feed(10))
        assert (again.fetched, again.unchanged, again.updated, seen.keys) == (10, 10, 0, [])
        after = {lst.id: lst for lst in runtime.store.iter_listings()}
        assert after.keys() == stored.keys()
        # marked as seen
        assert all(str(after[i].last_seen) > str(stored[i].last_seen) for i in stored)
        assert [a.content_hash for a in after.values()] == [s.content_hash for s in stored.values()]

        changed = feed(10).replace(b"Werkstatt 3:", b"Werkstatt 3 (neu):")
        update = harvest(changed)
        assert (update.updated, update.unchanged, seen.keys) == (1, 9, ["wz-003"])
        listing = runtime.store.get_listing(first_id(runtime, "wz-003"))
        assert listing is not None and "Werkstatt 3 (neu)" in listing.title

        everything = harvest(changed, full=True)  # a full harvest normalises every record
        assert len(seen.keys) == 10 and everything.unchanged == 10


def test_a_deleted_listing_that_returns_unchanged_is_stored_again(tmp_path: Path) -> None:
    with ScriptedServer() as partner:
        runtime, seen = _runtime(tmp_path, partner.url)
        for body in (feed(10), feed(9), feed(9)):  # missing on two full harvests: gone
            partner.routes["/feed.xml"] = Route(body)
            harvest_plain(runtime, runtime.sources.sources)
        assert runtime.store.count_listings() == 9

        partner.routes["/feed.xml"] = Route(feed(10))
        seen.keys.clear()
        (back,) = harvest_plain(runtime, runtime.sources.sources)
    assert (back.added, back.unchanged, seen.keys) == (1, 9, ["wz-009"])
    assert runtime.store.count_listings() == 10 and runtime.index.count() == 10


def test_the_raw_hash_follows_the_record_and_the_pipeline(tmp_path: Path) -> None:
    runtime = Runtime(
        Settings.from_env({"REGIOHUB_HOME": str(tmp_path), "REGIOHUB_SOURCES": "/nonexistent"})
    )
    steps = runtime.pipeline.steps
    source = _source(tmp_path, "Zukunftszentrum")
    other_partner = _source(tmp_path, "Kammer")
    record = RawRecord(source_id="s", key="k", fields={"title": "A", "topics": ["x", "y"]})
    later = record.model_copy(update={"fetched_at": record.fetched_at.replace(year=2030)})
    edited = record.model_copy(update={"fields": {"title": "B", "topics": ["x", "y"]}})

    mark = fingerprint(steps, source)
    assert raw_hash(record, mark) == raw_hash(later, mark)  # when it was fetched is no change
    assert raw_hash(record, mark) != raw_hash(edited, mark)
    assert fingerprint(steps, other_partner) != mark  # the partner is part of each listing
    assert fingerprint(steps[:-1], source) != mark  # so is every step


def first_id(runtime: Runtime, key: str) -> str:
    return next(lst.id for lst in runtime.store.iter_listings() if lst.source_key == key)


def _source(tmp_path: Path, partner: str) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "s",
            "type": "feed",
            "kind": "event",
            "partner": {"name": partner},
            "options": {"url": "http://127.0.0.1/feed.xml"},
        }
    )
