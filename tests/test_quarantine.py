"""Quarantine after a fix: list, show one entry in full, re-run the stored raw records.

Real pipeline, real store, real Tantivy index and a real partner server on loopback. The "fix"
is a plugin step that rejected records at harvest time and is gone at re-run time, exactly as
an operator would remove or correct a faulty rule; a record with an impossible date still
fails and keeps its entry with the new reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from servers import Route, ScriptedServer
from test_cli import regiohub

from flows.core import harvest_plain, rerun_quarantine
from hub.config import Settings
from hub.hookspecs import hookimpl
from hub.index.base import SearchQuery
from hub.plugins import build_registry
from hub.runtime import Runtime
from pipelines.base import Draft, Reject

ITEMS = [
    {"id": "ki-1", "titel": "KI im Mittelstand", "termin": "03.06.2027"},
    {"id": "excel-1", "titel": "Excel für Fortgeschrittene", "termin": "10.06.2027"},
    {"id": "dsgvo-1", "titel": "Datenschutz kompakt", "termin": "31.02.2027"},
]
SOURCE_ID = "kurse"
RULE = "Kurse ohne Anmeldelink werden in dieser Region nicht angenommen"


class StrictRule:
    """A (faulty) regional rule: rejects everything but the KI course, before dates are read."""

    name, order = "strict_rule", 5

    def __call__(self, draft: Draft) -> None:
        if "KI" not in draft.text("title"):
            raise Reject(RULE)


class StrictPlugin:
    @hookimpl
    def register_steps(self, register: Any) -> None:
        register(StrictRule())


def sources_toml(url: str) -> str:
    return f"""
[[source]]
id = "{SOURCE_ID}"
type = "json"
kind = "course"
[source.partner]
name = "Bildungswerk Nord"
[source.options]
url = "{url}/kurse.json"
fields = {{ title = "titel", date = "termin" }}
"""


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as scripted:
        scripted.routes["/kurse.json"] = Route(
            json.dumps(ITEMS).encode(), headers={"Content-Type": "application/json"}
        )
        yield scripted


@pytest.fixture
def harvested(
    server: ScriptedServer, make_runtime: Callable[..., Runtime]
) -> tuple[Runtime, Settings]:
    """Harvest with the faulty rule: one listing, two records in quarantine."""
    plain = make_runtime(sources_toml(server.url))
    strict = Runtime(plain.settings, registry=build_registry(extra=[StrictPlugin()]))
    (counts,) = harvest_plain(strict, strict.sources.sources)
    assert (counts.status, counts.added, counts.quarantined) == ("ok", 1, 2), counts
    return strict, plain.settings


def titles(runtime: Runtime, text: str) -> list[str]:
    hits = runtime.index.search(SearchQuery(text=text)).hits
    return [hit.listing["title"] for hit in hits]


def test_rerun_after_a_fix_releases_what_now_passes_and_keeps_new_reasons(
    harvested: tuple[Runtime, Settings],
) -> None:
    strict, settings = harvested
    before = {e.record_key: e for e in strict.store.quarantined()}
    assert set(before) == {"excel-1", "dsgvo-1"}
    assert {e.reason for e in before.values()} == {RULE}
    assert titles(strict, "Excel") == []

    fixed = Runtime(settings, registry=build_registry())  # the faulty rule is gone
    result = rerun_quarantine(fixed, SOURCE_ID)

    assert (result.checked, len(result.released), result.still) == (3 - 1, 1, 1)
    assert fixed.store.count_listings(SOURCE_ID) == 2
    assert titles(fixed, "Excel") == ["Excel für Fortgeschrittene"]
    (left,) = fixed.store.quarantined()
    assert left.record_key == "dsgvo-1"
    assert "Datum '31.02.2027' existiert nicht" in left.reason, left.reason
    assert left.step != StrictRule.name
    assert left.run_id == before["dsgvo-1"].run_id, "the entry still points at its harvest"
    assert result.summary().startswith("2 Datensätze erneut geprüft: 1 übernommen, 1 weiterhin")

    again = rerun_quarantine(fixed)
    assert (again.checked, again.released, again.still) == (1, [], 1)


def test_rerun_of_one_entry_leaves_the_others_alone(harvested: tuple[Runtime, Settings]) -> None:
    _, settings = harvested
    fixed = Runtime(settings, registry=build_registry())
    result = rerun_quarantine(fixed, SOURCE_ID, "dsgvo-1")
    assert (result.checked, result.released, result.still) == (1, [], 1)
    entries = {e.record_key: e.reason for e in fixed.store.quarantined()}
    assert entries["excel-1"] == RULE, "not selected, so not re-run"
    assert "existiert nicht" in entries["dsgvo-1"]


@pytest.mark.slow
def test_cli_lists_shows_and_reruns(harvested: tuple[Runtime, Settings]) -> None:
    _, settings = harvested
    home = settings.home

    listed = regiohub(home, "quarantine", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {e["record_key"] for e in json.loads(listed.stdout)} == {"excel-1", "dsgvo-1"}

    shown = regiohub(home, "quarantine", SOURCE_ID, "excel-1")
    assert shown.returncode == 0, shown.stderr
    for needle in (SOURCE_ID, "excel-1", RULE, "strict_rule", "Excel für Fortgeschrittene"):
        assert needle in shown.stdout, (needle, shown.stdout)
    assert "10.06.2027" in shown.stdout, "the raw fields are shown as the source sent them"

    missing = regiohub(home, "quarantine", SOURCE_ID, "gibt-es-nicht")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "gibt-es-nicht" in missing.stderr

    rerun = regiohub(home, "quarantine", SOURCE_ID, "excel-1", "--rerun")
    assert rerun.returncode == 0, rerun.stderr
    assert "1 Datensatz erneut geprüft: 1 übernommen, 0 weiterhin in Quarantäne" in rerun.stdout

    found = regiohub(home, "search", "Excel")
    assert "Excel für Fortgeschrittene" in found.stdout

    unknown = regiohub(home, "quarantine", "nope", "--rerun")
    assert unknown.returncode == 2 and "Unbekannte Quellen-ID 'nope'" in unknown.stderr
