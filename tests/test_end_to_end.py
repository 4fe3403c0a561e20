"""The whole path on real parts: demo partners over loopback HTTP → real Prefect flow →
SQLite catalogue → Tantivy index → the search API over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from conftest import ApiServer

from demo.server import DemoServer
from flows.harvest import harvest_all, harvest_source
from search_api.app import create_app

pytestmark = pytest.mark.slow
EXPECTED = json.loads((Path(__file__).parents[1] / "demo" / "expected.json").read_text("utf-8"))


def test_demo_partners_flow_into_the_index_and_the_api(
    demo_server: DemoServer, make_runtime
) -> None:
    runtime = make_runtime(demo_server.sources_toml())
    rows = {row["source_id"]: row for row in harvest_all()}

    assert set(rows) == set(EXPECTED["sources"])
    for source_id, facts in EXPECTED["sources"].items():
        row = rows[source_id]
        assert row["status"] == "ok", row
        assert (row["fetched"], row["added"], row["quarantined"]) == (
            facts["valid"] + facts["broken"],
            facts["valid"],
            facts["broken"],
        ), source_id
    total = EXPECTED["totals"]["valid"]
    assert runtime.store.count_listings() == total
    assert runtime.index.count() == total

    app = create_app(runtime.index, runtime.store, settings=runtime.settings)
    with ApiServer(app) as api:
        found = httpx.get(
            f"{api.url}/api/v1/search", params={"q": "Datenschutz", "size": 50}
        ).json()
        partners = {hit["partner"]["name"] for hit in found["hits"]}
        assert len(partners) >= 2, partners
        titles = {hit["title"] for hit in found["hits"]}
        assert set(EXPECTED["datenschutz_titles"]) <= titles
        assert found["facets"]["partner"], "facets come with counts"

        one = found["hits"][0]
        listing = httpx.get(f"{api.url}/api/v1/listings/{one['id']}").json()
        assert listing["title"] == one["title"] and listing["url"].startswith(demo_server.base_url)

        page = httpx.get(f"{api.url}/", params={"q": "Datenschutz"})
        assert page.status_code == 200 and "Datenschutz" in page.text
        assert demo_server.base_url in page.text  # links back to the partners
        assert httpx.get(f"{api.url}/health").json()["status"] == "ok"


def test_a_second_harvest_reports_everything_unchanged_and_adds_no_duplicates(
    demo_server: DemoServer, make_runtime
) -> None:
    runtime = make_runtime(demo_server.sources_toml())
    harvest_all()
    again = {row["source_id"]: row for row in harvest_all()}
    for source_id, facts in EXPECTED["sources"].items():
        row = again[source_id]
        assert (row["added"], row["updated"], row["unchanged"]) == (0, 0, facts["valid"]), row
    assert runtime.index.count() == runtime.store.count_listings() == EXPECTED["totals"]["valid"]
    feed = EXPECTED["sources"]["zz-sachsen-feed"]
    assert again["zz-sachsen-feed"]["fetched"] == 0, "the feed answered 304 to the saved ETag"
    (full,) = harvest_all(["zz-sachsen-feed"], full=True)
    assert full["fetched"] == feed["valid"] + feed["broken"], "a full harvest re-reads the source"
    assert (full["added"], full["unchanged"]) == (0, feed["valid"])


def test_broken_demo_records_wait_in_quarantine_with_their_reasons(
    demo_server: DemoServer, make_runtime
) -> None:
    runtime = make_runtime(demo_server.sources_toml())
    harvest_source("erzgebirge-kurse")
    harvest_source("ruhr-hub-atom")
    entries = {e.record_key: e for e in runtime.store.quarantined()}
    for source_id in ("erzgebirge-kurse", "ruhr-hub-atom"):
        for broken in EXPECTED["sources"][source_id]["broken_records"]:
            key = broken["key"]
            match = [k for k in entries if k == key or k.endswith(key)]
            assert match, f"{key} not in quarantine"
            assert entries[match[0]].reason, "every quarantined record has a reason"
    reasons = " ".join(e.reason for e in entries.values())
    assert "Titel fehlt" in reasons and "Datum '31.02.2027' existiert nicht" in reasons
    # an unreadable date is no reason to lose the offer: listed, searchable, with a hint
    flagged = [x for s in EXPECTED["sources"].values() for x in s["listings"] if x.get("flag")]
    assert flagged and not any(k.endswith(flagged[0]["key"]) for k in entries)
    hints = {h.title: h.flags for h in runtime.store.quality_hints("ruhr-hub-atom")}
    assert any("nicht lesbar" in f for f in hints[flagged[0]["title"]])


def test_malicious_partner_html_is_sanitised_in_store_and_api(
    demo_server: DemoServer, make_runtime
) -> None:
    runtime = make_runtime(demo_server.sources_toml())
    harvest_source("zz-sachsen-feed")
    (bad,) = EXPECTED["malicious_html"]
    listing = next(lst for lst in runtime.store.iter_listings() if lst.source_key == bad["key"])
    for needle in bad["must_not_contain_after_sanitising"]:
        assert needle not in listing.description_html
    assert listing.description_text  # the harmless text survives
