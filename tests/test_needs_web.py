"""Sign-up at /bedarf: double opt-in over a real loopback SMTP server, no enumeration, limits."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from mail_server import MailSink, html_of, text_of
from needs_helpers import Hub, confirm, link_in, listing, sign_up

from hub.needs.notify import run_notifications


@pytest.fixture
def sink() -> Iterator[MailSink]:
    with MailSink() as server:
        yield server


@pytest.fixture
def hub(tmp_path: Path, sink: MailSink, monkeypatch: pytest.MonkeyPatch) -> Hub:
    monkeypatch.setenv("REGIOHUB_SMTP_URL", sink.url)
    monkeypatch.setenv("REGIOHUB_MAIL_FROM", "regiohub <bedarf@regiohub.example>")
    monkeypatch.setenv("REGIOHUB_PUBLIC_URL", "https://hub.example")
    return Hub(tmp_path / "home", public_url="https://hub.example")


def rows(hub: Hub, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(hub.store.path) as db:
        return list(db.execute(f"SELECT * FROM {table}"))


def test_the_form_is_german_with_a_privacy_notice_and_works_without_js(hub: Hub) -> None:
    page = hub.client.get("/bedarf").text
    assert "Weiterbildungsbedarf melden" in page and "Datenschutzhinweis" in page
    assert '<form class="need-form" action="/bedarf" method="post">' in page
    for name in ("q", "topic", "kind", "audience", "near", "radius", "online", "people"):
        assert f'name="{name}"' in page
    for name in ("budget", "free", "date_from", "date_to", "frequency", "email", "consent"):
        assert f'name="{name}"' in page


def test_sign_up_sends_only_a_confirmation_and_the_link_confirms(hub: Hub, sink: MailSink) -> None:
    answer = sign_up(
        hub.client, "chefin@betrieb.example", q="Datenschutz", near="Chemnitz", radius="25"
    )
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in answer
    [message] = sink.to("chefin@betrieb.example")
    assert message["Subject"] == "Bitte bestätigen Sie Ihren Weiterbildungsbedarf"
    assert "Datenschutz" in text_of(message) and "48 Stunden" in html_of(message)
    assert link_in(text_of(message), "bestaetigen").startswith("/bedarf/bestaetigen/")
    assert "https://hub.example/bedarf/bestaetigen/" in text_of(message)
    [need] = rows(hub, "needs")
    assert need[1] == "chefin@betrieb.example" and need[7] is None  # not confirmed yet

    # a new offer before confirmation: nothing is sent
    hub.add(listing("1", "Datenschutz im Betrieb"))
    run_notifications(hub.store, hub.home)
    assert len(sink.messages) == 1

    confirm(hub.client, sink, "chefin@betrieb.example")
    assert rows(hub, "needs")[0][7] is not None


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(
    hub: Hub, sink: MailSink
) -> None:
    first = sign_up(hub.client, "known@betrieb.example", q="Excel")
    confirm(hub.client, sink, "known@betrieb.example")
    again = sign_up(hub.client, "known@betrieb.example", q="Excel")
    unknown = sign_up(hub.client, "new@betrieb.example", q="Excel")
    assert first == again == unknown


def test_sign_ups_are_limited_per_address_and_per_client(hub: Hub, sink: MailSink) -> None:
    answers = {sign_up(hub.client, "viel@betrieb.example", q=f"Excel {n}") for n in range(5)}
    assert len(answers) == 1  # over the limit the answer does not change …
    assert len(sink.to("viel@betrieb.example")) == 3  # … but no further e-mail goes out
    statuses = [
        hub.client.post(
            "/bedarf", data={"email": f"p{n}@betrieb.example", "consent": "1", "q": "Excel"}
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]  # 5 + 5 = 10 per client and hour


def test_without_smtp_the_form_says_so_and_stores_nothing(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REGIOHUB_SMTP_URL")
    assert "nicht eingerichtet" in hub.client.get("/bedarf").text
    response = hub.client.post("/bedarf", data={"email": "a@betrieb.example", "consent": "1"})
    assert response.status_code == 503 and "nicht eingerichtet" in response.text
    assert rows(hub, "needs") == []


def test_bad_input_gets_german_messages_and_keeps_what_was_typed(hub: Hub) -> None:
    response = hub.client.post(
        "/bedarf", data={"email": "kein-at", "q": "Excel", "near": "Nirgendwo-am-See"}
    )
    assert response.status_code == 422
    for text in (
        "gültige E-Mail-Adresse",
        "Diesen Ort kennen wir nicht",
        "Datenschutzhinweis gelesen",
    ):
        assert text in response.text
    assert 'value="Excel"' in response.text


def test_save_search_from_the_results_page_prefills_the_form(hub: Hub) -> None:
    hub.add(listing("1", "Datenschutz im Betrieb"))
    page = hub.client.get("/suche?q=Datenschutz&kind=course&free=true").text
    href = unescape(re.search(r'class="save-search" href="([^"]+)"', page)[1])  # type: ignore[index]
    assert href.startswith("/bedarf?")
    form = hub.client.get(href).text
    assert 'value="Datenschutz"' in form
    assert 'name="kind" value="course" checked' in form
    assert 'name="free" value="1" checked' in form


def test_the_private_link_shows_changes_and_deletes_the_need(hub: Hub, sink: MailSink) -> None:
    sign_up(hub.client, "a@betrieb.example", q="Excel")
    confirm(hub.client, sink, "a@betrieb.example")
    page = hub.client.post(link_in(text_of(sink.messages[-1]), "bestaetigen"))
    assert page.status_code == 404  # used once
    manage = re.search(r'href="(/bedarf/verwalten/[^"]+)"', hub.client.get("/bedarf").text)
    assert manage is None  # no private link anywhere public
    need_id = rows(hub, "needs")[0][0]
    needs = hub.app.state.needs
    path = f"/bedarf/verwalten/{needs.private_token(need_id)}"
    assert "„Excel“" in hub.client.get(path).text
    changed = hub.client.post(path, data={"q": "Word", "frequency": "woechentlich"})
    assert "„Word“" in changed.text and "wöchentlich" in changed.text
    forged = path[:-1] + ("A" if path[-1] != "A" else "B")
    assert hub.client.get(forged).status_code == 404
    hub.client.post(path + "/loeschen")
    assert rows(hub, "needs") == [] and hub.client.get(path).status_code == 404


def test_one_click_unsubscribe_deletes_the_data(hub: Hub, sink: MailSink) -> None:
    sign_up(hub.client, "a@betrieb.example", q="Datenschutz")
    confirm(hub.client, sink, "a@betrieb.example")
    hub.add(listing("1", "Datenschutz im Betrieb"))
    run_notifications(hub.store, hub.home)
    offer = sink.messages[-1]
    assert offer["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = offer["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://hub.example/bedarf/abmelden/")
    path = url.removeprefix("https://hub.example")
    response = hub.client.post(path, content=b"List-Unsubscribe=One-Click")
    assert response.status_code == 200 and "gelöscht" in response.text
    assert rows(hub, "needs") == [] and rows(hub, "need_matches") == []
    assert rows(hub, "need_messages") == []


def test_no_address_appears_in_logs_or_the_change_feed(
    hub: Hub, sink: MailSink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sign_up(hub.client, "geheim@betrieb.example", q="Datenschutz")
    confirm(hub.client, sink, "geheim@betrieb.example")
    hub.add(listing("1", "Datenschutz im Betrieb"))
    run_notifications(hub.store, hub.home)
    feed = hub.client.get("/api/v1/changes")
    metrics = hub.client.get("/metrics")
    assert feed.status_code == metrics.status_code == 200
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    assert ours  # the hub did log (requests, mail) …
    assert "geheim" not in "\n".join(ours) + feed.text + metrics.text  # … never the address


def test_the_configured_public_url_wins_over_the_environment_in_every_mail(
    tmp_path: Path, sink: MailSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings object names the public URL: confirmation and offer mails agree with it,
    whatever REGIOHUB_PUBLIC_URL says (the web app and the notifier are built from settings)."""
    monkeypatch.setenv("REGIOHUB_SMTP_URL", sink.url)
    monkeypatch.setenv("REGIOHUB_PUBLIC_URL", "https://umgebung.example")
    configured = Hub(tmp_path / "home", public_url="https://hub-konfiguriert.example")
    sign_up(configured.client, "chefin@betrieb.example", q="Datenschutz", frequency="sofort")
    [confirmation] = sink.to("chefin@betrieb.example")
    assert "https://hub-konfiguriert.example/bedarf/bestaetigen/" in text_of(confirmation)
    confirm(configured.client, sink, "chefin@betrieb.example")
    configured.add(listing("1", "Datenschutz im Betrieb"))
    report = run_notifications(configured.store, configured.home, settings=configured.settings)
    assert report.sent == 1
    offers = text_of(sink.to("chefin@betrieb.example")[-1])
    assert "https://hub-konfiguriert.example/angebote/" in offers
    assert "umgebung.example" not in offers + text_of(confirmation)
