"""The German web interface in a real browser: Playwright driving Debian's Chromium.

Screenshots go to ``$REGIOHUB_SCREENSHOTS`` (default ``.regiohub/screenshots``) for review.
The browser must be ``/usr/bin/chromium`` (``make setup`` installs it); nothing is downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ApiServer

from hub.config import Settings
from hub.index import open_index
from hub.model import Listing, Partner, Place, Price, Schedule
from hub.store import SQLiteStore
from search_api import create_app

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("REGIOHUB_SCREENSHOTS", ROOT / ".regiohub" / "screenshots"))
PARTNER = Partner(name="Zukunftszentrum Sachsen", url="https://zz-sachsen.example")
SOURCES = """
[[source]]
id = "zz-kurse"
type = "feed"
kind = "course"
[source.partner]
name = "Zukunftszentrum Sachsen"
url = "https://zz-sachsen.example"
[source.options]
url = "https://zz-sachsen.example/kurse.xml"
"""


def catalogue() -> list[Listing]:
    start = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    items = []
    for n in range(26):
        kind = "course" if n % 2 == 0 else "event"
        topic = "Datenschutz" if n % 3 == 0 else "Digitalisierung"
        items.append(
            Listing.model_validate(
                {
                    "id": f"zz-kurse-{n:02d}",
                    "source_id": "zz-kurse",
                    "source_key": str(n),
                    "kind": kind,
                    "partner": PARTNER,
                    "title": f"{topic} für Betriebe, Teil {n + 1}",
                    "description_text": f"Praxisnahes Angebot zu {topic} für kleine Unternehmen.",
                    "url": f"https://zz-sachsen.example/angebote/{n}",
                    "topics": [topic],
                    "regions": ["DE-SN"],
                    "place": Place(
                        street="Markt 1", postcode="04109", city="Leipzig", lat=51.34, lon=12.37
                    ),
                    "mode": "in_person" if n % 2 else "online",
                    "schedule": Schedule(
                        start=start + timedelta(days=7 * n),
                        end=start + timedelta(days=7 * n, hours=3),
                    ),
                    "price": Price(free=True) if n % 4 == 0 else Price(amount=90, currency="EUR"),
                }
            ).with_hash()
        )
    return items


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("browser-home")
    (home / "sources.toml").write_text(SOURCES, encoding="utf-8")
    listings = catalogue()
    store = SQLiteStore(home / "catalogue.sqlite3")
    store.upsert_listings(listings)
    index = open_index(f"tantivy://{home / 'index'}")
    index.ensure()
    index.upsert(listings)
    settings = Settings(home=home, sources_file=home / "sources.toml", index_url="tantivy://")
    with ApiServer(create_app(index, store, settings=settings)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium; run `make setup` to install it.")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    foreign: list[str] = []
    tab.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(site) else None)
    yield tab
    context.close()
    assert not [u for u in foreign if not u.startswith("data:")], foreign


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_from_the_start_page(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "Angebote in Ihrer Region finden"
    shot(page, "01-start")

    page.get_by_label("Suche", exact=True).fill("Datenschutz")
    page.keyboard.press("Enter")

    page.wait_for_url("**/suche?q=Datenschutz")
    assert page.locator(".result-count").inner_text() == "9 Angebote gefunden"
    assert page.locator("ol.hits > li").count() == 9
    shot(page, "02-results")


def test_filter_and_remove_the_filter(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/suche?q=Datenschutz")

    page.get_by_role("link", name="Veranstaltung (4)").click()

    assert page.locator(".result-count").inner_text() == "4 Angebote gefunden"
    assert page.locator(".active-filters").inner_text().startswith("Aktive Filter")
    shot(page, "03-filtered")
    page.get_by_role("link", name="× entfernen (Veranstaltung)").click()
    assert page.locator(".result-count").inner_text() == "9 Angebote gefunden"


def test_place_and_radius_form_narrows_and_sorts(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/suche")

    page.get_by_label("In der Nähe von (Ort oder „PLZ Ort“)").fill("Dortmund")
    page.get_by_label("Umkreis").select_option("50")
    page.get_by_role("button", name="Filter anwenden").click()

    assert "Keine Angebote gefunden" in page.locator(".results").inner_text()
    page.get_by_label("In der Nähe von (Ort oder „PLZ Ort“)").fill("Leipzig")
    page.get_by_role("button", name="Filter anwenden").click()
    assert page.locator(".result-count").inner_text() == "26 Angebote gefunden"
    assert "In der Nähe von: Leipzig, Umkreis 50 km" in page.locator(".active-filters").inner_text()


def test_paging_to_the_second_page(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/suche")

    page.get_by_role("link", name="Weiter →").click()

    assert "Seite 2 von 2" in page.locator(".paging").inner_text()
    assert page.locator("ol.hits > li").count() == 6


def test_open_a_detail_page_with_a_link_to_the_partner(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/suche?q=Datenschutz&sort=date")

    page.locator("ol.hits .hit-title a").first.click()

    assert page.locator("h1").inner_text() == "Datenschutz für Betriebe, Teil 1"
    cta = page.get_by_role("link", name="Zum Angebot beim Partner").first
    assert cta.get_attribute("href") == "https://zz-sachsen.example/angebote/0"
    assert page.locator('script[type="application/ld+json"]').count() == 1
    shot(page, "04-detail")


def test_subscribe_links_deliver_atom_and_icalendar(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/suche?q=Datenschutz")

    atom = page.get_by_role("link", name="Atom-Feed").get_attribute("href")
    ical = page.get_by_role("link", name="Kalender (iCal)").get_attribute("href")
    feed = page.request.get(site + atom)
    calendar = page.request.get(site + ical)

    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text().count("<entry>") == 9
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert calendar.text().count("BEGIN:VEVENT") == 9


def test_phone_width_has_no_sideways_scrolling(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        for path, name in (
            ("/", "05-phone-start"),
            ("/suche?q=Datenschutz", "06-phone-results"),
            ("/angebote/zz-kurse-00", "07-phone-detail"),
            ("/partner", "08-phone-partner"),
        ):
            page.goto(site + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, (path, width)
            shot(page, name)
        page.goto(site + "/suche?q=Datenschutz")
        box = page.get_by_label("Suche", exact=True).bounding_box()
        assert box is not None and box["width"] > 200
        # the filter panel starts folded on a phone, so the first hit is on the first screen
        assert page.locator("details.filter-panel").get_attribute("open") is None
        first_hit = page.locator("ol.hits > li").first.bounding_box()
        assert first_hit is not None and first_hit["y"] < 740
        page.screenshot(path=str(SHOTS / "06b-phone-results-first-screen.png"))
    finally:
        context.close()


def test_keyboard_users_get_a_skip_link_and_a_visible_focus(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/suche")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    assert focused == "Zum Inhalt springen"
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == "inhalt"


def test_suggestions_appear_while_typing(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/")

    page.get_by_label("Suche", exact=True).press_sequentially("Daten", delay=30)

    options = page.locator("#vorschlaege option")
    options.first.wait_for(state="attached", timeout=5000)
    assert options.first.get_attribute("value").startswith("Datenschutz für Betriebe")


def test_api_docs_render_from_local_assets(page, site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site + "/docs")

    page.get_by_text("/api/v1/search", exact=True).first.wait_for(timeout=15000)
    shot(page, "09-docs")
