"""Notifications: new matching offers by e-mail, once, in digests, and safe against crashes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from mail_server import MailSink, html_of, text_of
from needs_helpers import Hub, confirm, listing, sign_up

from hub.model import Partner, Price, utcnow
from hub.needs.notify import need_store, run_notifications

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = "chef@betrieb.example"


@pytest.fixture
def sink() -> Iterator[MailSink]:
    with MailSink() as server:
        yield server


@pytest.fixture
def hub(tmp_path: Path, sink: MailSink, monkeypatch: pytest.MonkeyPatch) -> Hub:
    monkeypatch.setenv("REGIOHUB_SMTP_URL", sink.url)
    monkeypatch.setenv("REGIOHUB_PUBLIC_URL", "https://hub.example")
    monkeypatch.setenv("REGIOHUB_SECRET", "test-secret-for-links")
    return Hub(tmp_path / "home")


def offers_to(sink: MailSink, address: str = ADDRESS) -> list[str]:
    return [
        text_of(m) for m in sink.to(address) if not str(m["Subject"]).startswith("Bitte bestätigen")
    ]


def saved(hub: Hub, sink: MailSink, address: str = ADDRESS, **fields: object) -> None:
    sign_up(hub.client, address, **fields)
    confirm(hub.client, sink, address)


def test_a_new_matching_offer_is_mailed_once_with_the_offer(hub: Hub, sink: MailSink) -> None:
    hub.add(listing("old", "Datenschutz für Einsteiger"))  # there before: on the results page
    saved(hub, sink, q="Datenschutz", near="Chemnitz", radius="25")
    hub.add(
        listing("1", "Datenschutz im Handwerksbetrieb"),
        listing("2", "Excel für Profis", topics=("Office-Anwendungen",)),
    )

    report = run_notifications(hub.store, hub.home)

    assert (report.matched, report.sent) == (1, 1)
    [text] = offers_to(sink)
    assert "Datenschutz im Handwerksbetrieb" in text and "Excel" not in text
    assert "Einsteiger" not in text
    assert "https://hub.example/angebote/zz-kurse-1" in text
    assert "https://hub.example/bedarf/verwalten/" in text
    message = sink.to(ADDRESS)[-1]
    assert message["Subject"] == "Neues Angebot zu Ihrem Bedarf: Datenschutz im Handwerksbetrieb"
    assert "Datenschutz im Handwerksbetrieb" in html_of(message)

    # nothing new: nothing sent; the same offer changed: not sent again
    run_notifications(hub.store, hub.home)
    hub.add(listing("1", "Datenschutz im Handwerksbetrieb (neuer Termin)"))
    run_notifications(hub.store, hub.home)
    assert len(offers_to(sink)) == 1


def test_series_and_duplicates_are_sent_once(hub: Hub, sink: MailSink) -> None:
    saved(hub, sink, q="Datenschutz")
    other = Partner(name="IHK Chemnitz", url="https://ihk.example")
    hub.add(
        listing("a", "Datenschutz kompakt, Termin 1", days=0),
        listing("b", "Datenschutz kompakt, Termin 2", days=7),
        listing("c", "Datenschutz kompakt, Termin 3", days=14),
        listing("x", "Datenschutz und KI", partner=other, source="ihk"),
    )
    run_notifications(hub.store, hub.home)
    [text] = offers_to(sink)
    assert text.count("Datenschutz kompakt") == 1 and "Datenschutz und KI" in text
    hub.add(listing("d", "Datenschutz kompakt, Termin 4", days=21))
    run_notifications(hub.store, hub.home)
    assert len(offers_to(sink)) == 1


def test_a_known_price_over_budget_is_left_out(hub: Hub, sink: MailSink) -> None:
    saved(hub, sink, q="Datenschutz", budget="100")
    hub.add(
        listing("cheap", "Datenschutz günstig", price=Price(amount=80, currency="EUR")),
        listing("dear", "Datenschutz teuer", price=Price(amount=900, currency="EUR")),
        listing("free", "Datenschutz gratis", price=Price(free=True)),
    )
    run_notifications(hub.store, hub.home)
    [text] = offers_to(sink)
    assert "günstig" in text and "gratis" in text and "teuer" not in text


def test_a_daily_digest_groups_the_offers_of_a_day_into_one_email(hub: Hub, sink: MailSink) -> None:
    saved(hub, sink, q="Datenschutz", frequency="taeglich")
    now = utcnow()
    hub.add(listing("1", "Datenschutz am Morgen"))
    run_notifications(hub.store, hub.home, now=now + timedelta(hours=2))
    hub.add(listing("2", "Datenschutz am Abend"))
    run_notifications(hub.store, hub.home, now=now + timedelta(hours=12))
    assert offers_to(sink) == []  # not a day yet

    run_notifications(hub.store, hub.home, now=now + timedelta(hours=24))
    [text] = offers_to(sink)
    assert "Datenschutz am Morgen" in text and "Datenschutz am Abend" in text
    assert sink.to(ADDRESS)[-1]["Subject"] == "2 neue Angebote zu Ihrem Bedarf"


def test_without_smtp_matches_wait_and_go_out_once_it_is_configured(
    hub: Hub, sink: MailSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(hub, sink, q="Datenschutz")
    monkeypatch.delenv("REGIOHUB_SMTP_URL")
    hub.add(listing("1", "Datenschutz im Betrieb"))
    report = run_notifications(hub.store, hub.home)
    assert not report.mail_configured and report.matched == 1 and offers_to(sink) == []
    monkeypatch.setenv("REGIOHUB_SMTP_URL", sink.url)
    assert run_notifications(hub.store, hub.home).sent == 1


#: the notification run killed mid-send: the plain function, and the real Prefect flow
#: ``notify-needs`` (slow: it starts Prefect's server in the child)
CHILDREN = [
    pytest.param(
        "from pathlib import Path; from hub.store import SQLiteStore, Store; "
        "from hub.needs.notify import need_store, run_notifications; "
        "run_notifications(SQLiteStore(Path('{db}')), Path('{home}'))",
        id="function",
    ),
    pytest.param(
        "from flows.notify import notify_needs; notify_needs()", marks=pytest.mark.slow, id="flow"
    ),
]


def _notify_in_child(hub: Hub, code: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, REGIOHUB_HOME=str(hub.home))
    env["REGIOHUB_INDEX"] = f"tantivy://{hub.home / 'index'}"
    code = code.format(db=hub.store.path, home=hub.home)
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)


@pytest.mark.parametrize("code", CHILDREN)
def test_a_crash_between_send_and_record_sends_no_duplicate(
    hub: Hub, sink: MailSink, code: str
) -> None:
    saved(hub, sink, q="Datenschutz")
    hub.add(listing("1", "Datenschutz im Betrieb"))
    child: list[subprocess.Popen[bytes]] = []
    # the server has the whole message; the sender dies before it hears "250" and records it
    sink.on_data = lambda: os.kill(child[0].pid, signal.SIGKILL)
    child.append(_notify_in_child(hub, code))
    assert child[0].wait(timeout=180) == -signal.SIGKILL
    sink.on_data = None
    assert len(offers_to(sink)) == 1

    report = run_notifications(hub.store, hub.home)
    assert report.reconciled == 1 and report.sent == 0
    assert len(offers_to(sink)) == 1
    # and later offers still arrive
    hub.add(listing("2", "Datenschutz für Führungskräfte"))
    run_notifications(hub.store, hub.home)
    assert len(offers_to(sink)) == 2 and "Führungskräfte" in offers_to(sink)[-1]


@pytest.mark.parametrize("code", CHILDREN)
def test_a_crash_before_the_message_is_complete_loses_nothing(
    hub: Hub, sink: MailSink, code: str
) -> None:
    saved(hub, sink, q="Datenschutz")
    hub.add(listing("1", "Datenschutz im Betrieb"))
    child: list[subprocess.Popen[bytes]] = []
    sink.on_rcpt = lambda: os.kill(child[0].pid, signal.SIGKILL)
    child.append(_notify_in_child(hub, code))
    assert child[0].wait(timeout=180) == -signal.SIGKILL
    sink.on_rcpt = None
    assert offers_to(sink) == []

    report = run_notifications(hub.store, hub.home)
    assert report.sent == 1 and report.reconciled == 0
    [text] = offers_to(sink)
    assert "Datenschutz im Betrieb" in text


def test_digests_are_served_on_a_schedule_when_smtp_is_set_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.deploy import build_deployments

    monkeypatch.setenv("REGIOHUB_SMTP_URL", "smtp://127.0.0.1:2525")

    [deployment] = build_deployments([])
    assert deployment.name == "notify-needs"
    assert deployment.schedules[0].schedule.cron == "0 7 * * *"


def test_an_offer_deleted_before_the_digest_is_not_mailed(hub: Hub, sink: MailSink) -> None:
    saved(hub, sink, q="Datenschutz", frequency="woechentlich")
    now = utcnow()
    hub.add(listing("1", "Datenschutz am Montag"), listing("2", "Datenschutz am Freitag"))
    run_notifications(hub.store, hub.home, now=now + timedelta(hours=1))
    hub.store.delete_listings(["zz-kurse-2"])
    run_notifications(hub.store, hub.home, now=now + timedelta(days=7))
    [text] = offers_to(sink)
    assert "Montag" in text and "Freitag" not in text
    assert need_store(hub.store, hub.home).counts()["matches_queued"] == 0  # not kept forever
