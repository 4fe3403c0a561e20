"""A firm's need end to end: sign up in Chromium, confirm from the e-mail, a harvest brings a
matching offer, the e-mail arrives with it, one click unsubscribes and the data is gone.

Real parts throughout: the search app under uvicorn, Debian's Chromium through Playwright, a
partner feed on loopback, the Prefect harvest flow (which runs the notification flow when it
finishes) and an aiosmtpd server on loopback that receives every e-mail.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path

import httpx
import pytest
from conftest import ApiServer, free_port
from mail_server import MailSink, text_of
from servers import Route, ScriptedServer

from flows.harvest import harvest_all
from search_api.app import create_app

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
ADDRESS = "inhaberin@tischlerei-beispiel.example"


def feed(*titles: str) -> Route:
    items = "".join(
        f"""<item><title>{title}</title><link>http://example.invalid/k/{n}.html</link>
<guid isPermaLink="false">k-{n}</guid><category>Weiterbildung</category>
<description><![CDATA[<p>{title} – praxisnah für kleine Betriebe.</p>
<p><strong>Termin:</strong> 0{n + 2}.06.2031, 09:00 Uhr</p><p><strong>Ort:</strong> Chemnitz</p>]]>
</description></item>"""
        for n, title in enumerate(titles)
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Bildungswerk Erzgebirge</title><link>http://example.invalid/</link>"
        f"<description>Kurse</description>{items}</channel></rss>"
    )
    return Route(body.encode(), headers={"Content-Type": "application/rss+xml"})


def test_a_need_signed_up_in_the_browser_gets_the_new_offer_and_unsubscribes(
    make_runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium; run `make setup` to install it.")
    from playwright.sync_api import sync_playwright

    with ScriptedServer() as partner, MailSink() as sink:
        partner.routes["/kurse.xml"] = feed("Datenschutz kompakt für Einsteiger")
        runtime = make_runtime(
            f"""
[[source]]
id = "bw-erzgebirge"
type = "feed"
kind = "course"
[source.partner]
name = "Bildungswerk Erzgebirge"
[source.options]
url = "{partner.url}/kurse.xml"
"""
        )
        monkeypatch.setenv("REGIOHUB_SMTP_URL", sink.url)
        harvest_all()
        # links in the mails point at this server: the app's settings say so (they win over
        # the environment), and the flows' own Runtime reads it from the environment
        port = free_port()
        public = f"http://127.0.0.1:{port}"
        monkeypatch.setenv("REGIOHUB_PUBLIC_URL", public)
        settings = dataclasses.replace(runtime.settings, public_url=public)
        app = create_app(runtime.index, runtime.store, settings=settings)
        with ApiServer(app, port=port) as site:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
                page = browser.new_page(locale="de-DE")
                page.goto(site.url + "/suche?q=Datenschutz")
                assert "Datenschutz kompakt für Einsteiger" in page.content()
                page.get_by_role(
                    "link", name="Suche speichern (E-Mail bei neuen Angeboten)"
                ).click()
                assert page.get_by_label("Stichworte").input_value() == "Datenschutz"
                page.get_by_label("E-Mail-Adresse").fill(ADDRESS)
                page.get_by_label("Ich habe den Datenschutzhinweis gelesen").check()
                page.get_by_role("button", name="Bedarf speichern").click()
                assert page.locator("h1").inner_text() == "Bitte bestätigen Sie Ihre E-Mail-Adresse"

                [confirmation] = sink.wait_for(ADDRESS)
                link = re.search(r"http://\S+/bedarf/bestaetigen/\S+", text_of(confirmation))
                assert link is not None
                page.goto(link[0])
                page.get_by_role("button", name="Jetzt bestätigen").click()
                assert page.locator("h1").inner_text() == "Ihr Bedarf ist gespeichert"
                browser.close()

            # the partner publishes a matching offer; the next harvest tells the firm
            partner.routes["/kurse.xml"] = feed(
                "Datenschutz kompakt für Einsteiger", "Datenschutz für Beschäftigte im Handwerk"
            )
            harvest_all()
            offers = [m for m in sink.to(ADDRESS) if m is not confirmation]
            assert len(offers) == 1
            text = text_of(offers[0])
            assert "Datenschutz für Beschäftigte im Handwerk" in text
            assert "Einsteiger" not in text  # was there before the sign-up

            unsubscribe = offers[0]["List-Unsubscribe"].strip("<>")
            assert offers[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            answer = httpx.post(unsubscribe, content=b"List-Unsubscribe=One-Click")
            assert answer.status_code == 200

    with sqlite3.connect(runtime.store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM needs").fetchone()[0] == 0
        assert ADDRESS not in "\n".join(db.iterdump())
