"""Match what changed since the last run against the saved needs, then send what is due.

Ordinary functions (the Prefect flow in ``flows/notify.py`` only calls them), idempotent:
matches are queued with the change-feed cursor in one transaction, so a crash re-matches
the same changes and the queue keeps each (need, listing) once; a message is recorded as
"sending" just before its final dot reaches the SMTP server (``hub.needs.mail.send``) and
as "sent" after, and a run first settles whatever a crashed run left "sending".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from hub.config import Settings
from hub.index.base import SearchIndex
from hub.model import Listing
from hub.needs import tokens
from hub.needs.describe import describe
from hub.needs.mail import MailError, MailSettings, compose, public_url, send
from hub.needs.match import percolate, series_key
from hub.needs.store import Need, NeedStore
from hub.store import Store
from hub.store.core import SQLStore
from search_api.formatting import format_period, format_place, format_price
from search_api.links import search_url

log = logging.getLogger(__name__)
#: offers listed in one e-mail (the rest are one click away through the search link)
MAX_IN_MAIL = 20
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
)


def need_store(store: Store, home: Path) -> NeedStore:
    """The needs tables of a catalogue (in its store), with the hub's secret."""
    where = store if isinstance(store, SQLStore) else home / "catalogue.sqlite3"
    return NeedStore(where, tokens.load_secret(home))


@dataclass
class NotifyReport:
    matched: int = 0
    sent: int = 0
    reconciled: int = 0
    failed: int = 0
    mail_configured: bool = True
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "sent": self.sent,
            "reconciled": self.reconciled,
            "failed": self.failed,
            "mail_configured": self.mail_configured,
        }


def match_changes(
    store: Store, needs: NeedStore, now: datetime | None = None, index: SearchIndex | None = None
) -> int:
    """Queue matches for listings upserted since the last run; returns matches queued."""
    cursor = needs.cursor()
    active = needs.active()
    if not active:  # nobody to tell: just move on, so a first need does not replay history
        last = store.last_change()
        if last != cursor:
            needs.record_matches([], last, now=now)
        return 0
    seqs, last = needs.changed_since(cursor)
    if last == cursor:
        return 0
    listings = list(store.iter_catalogue(sorted(seqs))) if seqs else []
    found = percolate(active, listings, seqs, now=now, catalogue=index)
    series = {listing_id: key for _, listing_id, _, key in found}
    rows = [(need_id, listing_id, score) for need_id, listing_id, score, _ in found]
    return needs.record_matches(rows, last, now=now, series=series)


def send_due(
    store: Store, needs: NeedStore, mail: MailSettings, base: str, now: datetime | None = None
) -> NotifyReport:
    """Send every need whose frequency says so one e-mail with its queued offers; links in
    them start with ``base`` (see ``public_url``)."""
    report = NotifyReport(reconciled=needs.reconcile())
    for need, queued in needs.due(now):
        listings = [lst for lst in store.iter_listings([lid for lid, _ in queued])]
        by_id = {lst.id: lst for lst in listings}
        ordered = [by_id[lid] for lid, _ in queued if lid in by_id]
        if len(ordered) < len(queued):  # deleted meanwhile: nothing to tell about them
            needs.drop_matches(need.id, [lid for lid, _ in queued if lid not in by_id])
        if not ordered:
            continue
        shown = _one_per_series(ordered)[:MAX_IN_MAIL]
        message = offers_message(mail, need, needs.private_token(need.id), shown, base)
        message_id = str(message["Message-ID"])
        ids = [lst.id for lst in ordered]
        begun = False

        def intent(need_id: str = need.id, ids: list[str] = ids, mid: str = message_id) -> None:
            nonlocal begun
            needs.begin_message(need_id, mid, ids)
            begun = True

        try:
            send(mail, message, before_commit=intent)
        except MailError as exc:
            report.failed += 1
            report.notes.append(str(exc))
            log.warning("a notification could not be sent: %s", exc)  # no address in logs
            if begun:
                needs.finish_message(message_id, delivered=False)
            continue
        needs.finish_message(message_id, delivered=True)
        report.sent += 1
    return report


def run_notifications(
    store: Store,
    home: Path,
    now: datetime | None = None,
    mail: MailSettings | None = None,
    index: SearchIndex | None = None,
    settings: Settings | None = None,
) -> NotifyReport:
    """Purge expired sign-ups, match new listings, send what is due (if SMTP is configured).

    Links point at ``settings.public_url`` (without ``settings``: the environment's, read
    through ``Settings`` like everywhere else).
    """
    needs = need_store(store, home)
    needs.purge_expired(now)
    matched = match_changes(store, needs, now, index)
    mail = mail or MailSettings.from_env()
    if mail is None:
        report = NotifyReport(matched=matched, mail_configured=False)
        report.notes.append("REGIOHUB_SMTP_URL ist nicht gesetzt; es wird nichts verschickt.")
        return report
    report = send_due(store, needs, mail, public_url(settings or Settings.from_env()), now)
    report.matched = matched
    return report


def confirmation_message(
    mail: MailSettings, to: str, summary: str, confirm_url: str, base: str
) -> Any:
    page = {"summary": summary, "confirm_url": confirm_url, "base_url": base}
    return compose(
        mail,
        to,
        "Bitte bestätigen Sie Ihren Weiterbildungsbedarf",
        TEMPLATES.get_template("confirm.txt").render(page),
        TEMPLATES.get_template("confirm.html").render(page),
    )


def offers_message(
    mail: MailSettings, need: Need, token: str, listings: list[Listing], base: str
) -> Any:
    summary = describe(need.spec)
    unsubscribe = f"{base}/bedarf/abmelden/{quote(token)}"
    page = {
        "summary": summary,
        "offers": [_offer(lst, base) for lst in listings],
        "search_url": base + search_url(need.spec.search_params()),
        "manage_url": f"{base}/bedarf/verwalten/{quote(token)}",
        "unsubscribe_url": unsubscribe,
        "base_url": base,
    }
    count = len(listings)
    subject = (
        f"Neues Angebot zu Ihrem Bedarf: {listings[0].title}"
        if count == 1
        else f"{count} neue Angebote zu Ihrem Bedarf"
    )
    return compose(
        mail,
        need.email,
        subject,
        TEMPLATES.get_template("offers.txt").render(page),
        TEMPLATES.get_template("offers.html").render(page),
        unsubscribe_url=unsubscribe,
    )


def _one_per_series(listings: list[Listing]) -> list[Listing]:
    seen: set[str] = set()
    out = []
    for lst in listings:
        key = series_key(lst)
        if key not in seen:
            seen.add(key)
            out.append(lst)
    return out


def _offer(listing: Listing, base: str) -> dict[str, str | None]:
    from search_api.presenters import detail_path

    schedule = listing.schedule
    when = format_period(schedule.start, schedule.end) if schedule and schedule.start else None
    return {
        "title": listing.title,
        "partner": listing.partner.name,
        "when": when,
        "where": "online" if listing.mode == "online" else format_place(listing.place),
        "price": format_price(listing.price),
        "url": base + detail_path(listing.id),
    }
