"""The operator page in a real browser (Playwright, Debian's Chromium): sign in with the admin
token, see a chart per source and the quality hints, sign out; a wrong token is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ApiServer

from hub.config import Settings
from hub.index import open_index
from hub.model import Listing, Partner, SourceCounts
from hub.plugins import get_registry
from hub.store import SQLiteStore
from search_api import create_app

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "betriebs-geheimnis-123"
SOURCES = """
[[source]]
id = "zz-kurse"
type = "feed"
kind = "course"
[source.partner]
name = "Zukunftszentrum Sachsen"
[source.options]
url = "https://zz-sachsen.example/kurse.xml"
"""
FLAG = "Ort 'Nirgendwohausen' unbekannt; Bundesland leer gelassen"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("ops-browser")
    (home / "sources.toml").write_text(SOURCES, encoding="utf-8")
    store = SQLiteStore(home / "catalogue.sqlite3")
    listings = [
        Listing.model_validate(
            {
                "id": f"zz-kurse-{n}",
                "source_id": "zz-kurse",
                "source_key": str(n),
                "kind": "course",
                "partner": Partner(name="Zukunftszentrum Sachsen"),
                "title": f"Datenschutz im Betrieb, Teil {n}",
                "flags": [FLAG] if n < 2 else [],
            }
        ).with_hash()
        for n in range(4)
    ]
    store.upsert_listings(listings)
    for added, status in ((4, "ok"), (0, "failed"), (1, "ok")):
        run = store.start_run("zz-kurse")
        counts = SourceCounts(source_id="zz-kurse", run_id=run, status=status, added=added)  # type: ignore[arg-type]
        counts.duration_s = 1.5
        if status != "ok":
            counts.error = "http://zz-sachsen.example/kurse.xml antwortete mit HTTP 503"
        store.finish_run(run, counts)
    index = open_index(f"tantivy://{home / 'index'}")
    index.ensure()
    index.upsert(listings)
    settings = Settings(
        home=home,
        sources_file=home / "sources.toml",
        index_url="tantivy://",
        admin_token=TOKEN,
    )
    routers = get_registry().routers  # /betrieb is a built-in plugin's router
    with ApiServer(create_app(index, store, settings=settings, routers=routers)) as server:
        yield server.url


@pytest.fixture
def page(site: str):  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium; run `make setup` to install it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(locale="de-DE")
        yield context.new_page()
        browser.close()


def test_sign_in_see_the_charts_and_hints_then_sign_out(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/betrieb")
    assert page.locator("form.anmeldung").is_visible()
    page.fill("#token", TOKEN)
    page.click("form.anmeldung button")
    page.wait_for_selector("svg.laufdiagramm")
    assert page.locator(".site-header").is_visible()  # the site's layout
    assert page.locator("svg.laufdiagramm").count() == 1
    assert page.locator("svg.laufdiagramm rect.fehlgeschlagen").count() == 1  # the failed run
    assert page.locator("svg.laufdiagramm circle.dauer").count() == 3
    hint = page.locator("ul.hinweise li")
    assert "Nirgendwohausen" in hint.inner_text() and "2 Angebote" in hint.inner_text()
    assert hint.locator("a").count() == 2
    cookie = next(c for c in page.context.cookies() if c["name"] == "regiohub_betrieb")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert TOKEN not in cookie["value"]
    hint.locator("a").first.click()
    page.wait_for_url("**/angebote/**")
    assert "Datenschutz im Betrieb" in page.locator("h1").inner_text()

    page.goto(f"{site}/betrieb")
    page.click("form.abmeldung button")
    page.wait_for_selector("form.anmeldung")
    assert page.locator("svg.laufdiagramm").count() == 0
    assert not [c for c in page.context.cookies() if c["name"] == "regiohub_betrieb"]


def test_a_wrong_token_is_refused(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/betrieb")
    page.fill("#token", "falsch")
    page.click("form.anmeldung button")
    page.wait_for_selector("form.anmeldung .fehler")
    assert "stimmt nicht" in page.locator(".fehler").inner_text()
    assert page.locator("svg.laufdiagramm").count() == 0
    assert not page.context.cookies()
