"""One picture: after an unchanged (304) re-harvest every view shows the same quarantine
number, and a partner added to sources.toml shows up in a running server without a restart."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from conftest import ApiServer
from servers import Route, ScriptedServer
from test_cli import regiohub

from flows.core import harvest_plain
from flows.health import health_of
from hub.config import Settings
from hub.runtime import Runtime
from search_api.app import create_app
from search_api.routes_ops import instrument

TOKEN = "geheim-456"
SOURCE = """
[[source]]
id = "{id}"
type = "feed"
kind = "event"
[source.partner]
name = "{partner}"
[source.options]
url = "{url}/feed.xml"
"""
#: two workshops and one item without a title (not a listing: it goes to quarantine)
FEED = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>VA</title>
<item><title>Werkstatt KI im Handwerk</title><guid>a1</guid><link>http://example.invalid/a1</link>
<description>Praxisabend am 03.06.2027 in Chemnitz.</description></item>
<item><title>Werkstatt Datenschutz</title><guid>a2</guid><link>http://example.invalid/a2</link>
<description>Praxisabend am 04.06.2027 in Chemnitz.</description></item>
<item><title></title><guid>a3</guid><link>http://example.invalid/a3</link>
<description>Nur ein Text ohne Titel.</description></item>
</channel></rss>"""


@pytest.mark.slow
def test_the_quarantine_number_is_the_same_everywhere_after_an_unchanged_reharvest(
    tmp_path: Path,
) -> None:
    home = tmp_path / "h"
    home.mkdir()
    with ScriptedServer() as partner:
        partner.routes["/feed.xml"] = Route(FEED, headers={"ETag": '"v1"'})
        text = SOURCE.format(id="va", partner="Zukunftszentrum", url=partner.url)
        (home / "sources.toml").write_text(text, encoding="utf-8")
        env = {"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(home / "sources.toml")}
        runtime = Runtime(Settings.from_env({**env, "REGIOHUB_ADMIN_TOKEN": TOKEN}))
        harvest_plain(runtime, runtime.sources.sources)
        (again,) = harvest_plain(runtime, runtime.sources.sources)
        assert again.mode == "unchanged" and again.quarantined == 0  # the 304 rejected nothing

        (health,) = health_of(runtime.store, runtime.sources.sources)
        status = json.loads(regiohub(home, "status", "--json").stdout)
        listed = json.loads(regiohub(home, "quarantine", "--json").stdout)
        table = regiohub(home, "sources").stdout
        app = instrument(
            create_app(
                runtime.index,
                runtime.store,
                settings=runtime.settings,
                routers=runtime.registry.routers,
            )
        )
        with ApiServer(app) as api:
            auth = {"Authorization": f"Bearer {TOKEN}"}
            ops = httpx.get(f"{api.url}/api/v1/ops/sources", headers=auth).json()
            metrics = httpx.get(f"{api.url}/metrics").text
            page = httpx.get(f"{api.url}/betrieb", headers=auth).text
    assert health.quarantined == 1
    assert status[0]["quarantined"] == 1
    assert len(listed) == 1
    (row,) = [line for line in table.splitlines() if line.startswith("│ va ")]
    assert row.split("│")[-2].strip() == "1", table
    assert ops[0]["quarantined"] == 1
    assert 'regiohub_quarantined_records{source="va"} 1.0' in metrics
    assert "<td>1</td>" in page.split('id="quelle-va"')[0].split("zustand-")[1]


def test_a_partner_added_while_serving_is_listed_without_restart(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    sources = home / "sources.toml"
    first = SOURCE.format(id="eins", partner="Erstzentrum", url="http://127.0.0.1:9")
    sources.write_text(first, encoding="utf-8")
    runtime = Runtime(
        Settings.from_env({"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(sources)})
    )
    app = create_app(runtime.index, runtime.store, settings=runtime.settings, runtime=runtime)
    with ApiServer(app) as api:
        before = httpx.get(f"{api.url}/api/v1/partners").json()
        second = SOURCE.format(id="zwei", partner="Neuzentrum", url="http://127.0.0.1:9")
        sources.write_text(first + second, encoding="utf-8")
        after = httpx.get(f"{api.url}/api/v1/partners").json()
        page = httpx.get(f"{api.url}/partner").text
    assert "Neuzentrum" not in json.dumps(before)
    assert "Neuzentrum" in json.dumps(after)
    assert "Neuzentrum" in page
    assert [s.id for s in runtime.sources.sources] == ["eins", "zwei"]
