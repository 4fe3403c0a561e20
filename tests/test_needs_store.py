"""Saved needs in the catalogue file: confirmation, expiry, rate limits, tokens, deletion."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hub.needs.model import NeedSpec
from hub.needs.store import NeedStore, RadarKeys
from hub.store import SQLiteStore, Store

KEYS = RadarKeys("Datenschutz", "Erzgebirgskreis", "DE-SN", "course", "in_person", "2027-03")
T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def make(tmp_path: Path) -> tuple[Store, NeedStore]:
    store = SQLiteStore(tmp_path / "catalogue.sqlite3")
    return store, NeedStore(store.path, b"s" * 32)


def test_needs_live_in_the_catalogue_file_in_their_own_tables(tmp_path: Path) -> None:
    store, _ = make(tmp_path)
    with sqlite3.connect(store.path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"needs", "need_matches", "need_messages", "need_attempts"} <= tables


def test_unconfirmed_sign_ups_are_deleted_after_48_hours(tmp_path: Path) -> None:
    _, needs = make(tmp_path)
    early, token_early = needs.sign_up("a@example.org", NeedSpec(q="Excel"), KEYS, now=T0)
    late, _ = needs.sign_up(
        "b@example.org", NeedSpec(q="Excel"), KEYS, now=T0 + timedelta(hours=30)
    )

    assert needs.purge_expired(now=T0 + timedelta(hours=49)) == 1
    assert needs.get(early) is None
    assert needs.get(late) is not None
    # the link of the deleted sign-up confirms nothing any more
    assert needs.confirm(token_early, since_seq=0, now=T0 + timedelta(hours=49)) is None


def test_a_confirmation_link_expires_after_48_hours(tmp_path: Path) -> None:
    _, needs = make(tmp_path)
    _need_id, token = needs.sign_up("a@example.org", NeedSpec(q="Excel"), KEYS, now=T0)
    assert needs.confirm(token, since_seq=0, now=T0 + timedelta(hours=48, minutes=1)) is None
    need_id2, token2 = needs.sign_up("a@example.org", NeedSpec(q="Excel"), KEYS, now=T0)
    assert needs.confirm(token2, since_seq=7, now=T0 + timedelta(hours=47)) == need_id2
    confirmed = needs.get(need_id2)
    assert confirmed is not None and confirmed.confirmed and confirmed.since_seq == 7
    # a confirmation link works once
    assert needs.confirm(token2, since_seq=9, now=T0 + timedelta(hours=47)) is None


def test_tokens_are_not_stored_and_private_links_cannot_be_forged(tmp_path: Path) -> None:
    store, needs = make(tmp_path)
    need_id, token = needs.sign_up("a@example.org", NeedSpec(q="Excel"), KEYS, now=T0)
    needs.confirm(token, since_seq=0, now=T0)
    private = needs.private_token(need_id)
    dump = "\n".join(sqlite3.connect(store.path).iterdump())
    assert token not in dump and private not in dump
    assert needs.by_token(private) is not None
    assert needs.by_token(need_id + ".AAAAAAAAAAAAAAAAAAAAAAAA") is None
    assert needs.by_token(need_id) is None
    other = NeedStore(store.path, b"t" * 32)  # another hub's secret makes other links
    assert other.by_token(private) is None


def test_rate_limit_counts_attempts_per_key_within_the_window(tmp_path: Path) -> None:
    _, needs = make(tmp_path)
    hour = timedelta(hours=1)
    assert [needs.allow("k", 3, hour, now=T0) for _ in range(4)] == [True, True, True, False]
    assert needs.allow("other", 3, hour, now=T0)
    assert needs.allow("k", 3, hour, now=T0 + timedelta(minutes=61))


def test_deleting_a_need_removes_its_matches_and_messages(tmp_path: Path) -> None:
    store, needs = make(tmp_path)
    need_id, token = needs.sign_up("a@example.org", NeedSpec(q="Excel"), KEYS, now=T0)
    needs.confirm(token, since_seq=0, now=T0)
    needs.record_matches([(need_id, "l-1", 1.0)], cursor=3)
    needs.begin_message(need_id, "<m1@x>", ["l-1"])
    needs.finish_message("<m1@x>", delivered=True)

    assert needs.delete(need_id)
    dump = "\n".join(sqlite3.connect(store.path).iterdump())
    assert "a@example.org" not in dump and need_id not in dump


def test_a_listing_and_its_series_reach_a_need_once(tmp_path: Path) -> None:
    _, needs = make(tmp_path)
    need_id, token = needs.sign_up("a@example.org", NeedSpec(q="Excel"), KEYS, now=T0)
    needs.confirm(token, since_seq=0, now=T0)
    series = {"l-1": "zz|excel", "l-2": "zz|excel", "l-3": "zz|word"}
    assert needs.record_matches([(need_id, "l-1", 2.0)], cursor=1, series=series) == 1
    # changed again, or another date of the same series: not queued again
    found = [(need_id, "l-1", 2.0), (need_id, "l-2", 1.5), (need_id, "l-3", 1.0)]
    assert needs.record_matches(found, cursor=2, series=series) == 1
    assert needs.cursor() == 2
    [(need, queued)] = needs.due(now=T0)
    assert need.id == need_id and [lid for lid, _ in queued] == ["l-1", "l-3"]
