"""The pipeline turns what partners wrote into clean listings, or quarantines with a reason."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from hub.config import SourceConfig
from hub.hookspecs import hookimpl
from hub.model import Listing, RawRecord, Rejection
from hub.plugins import build_registry
from pipelines import Draft, Pipeline, Reject, build_pipeline
from pipelines.dates import BERLIN
from pipelines.prices import parse_funding, parse_price

EXPECTED = json.loads((Path(__file__).parents[1] / "demo" / "expected.json").read_text("utf-8"))
SOURCE = SourceConfig.model_validate(
    {"id": "zz", "type": "feed", "kind": "event", "partner": {"name": "Zukunftszentrum Sachsen"}}
)
FETCHED = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(build_registry(entry_points=False))


def raw(key: str = "k1", **fields: Any) -> RawRecord:
    return RawRecord(
        source_id="zz", key=key, url=f"https://zz.example/{key}", fetched_at=FETCHED, fields=fields
    )


def ok(result: Listing | Rejection) -> Listing:
    assert isinstance(result, Listing), getattr(result, "reason", result)
    return result


def demo_listings() -> list[dict[str, Any]]:
    return [item for s in EXPECTED["sources"].values() for item in s["listings"]]


@pytest.mark.parametrize("item", demo_listings(), ids=lambda item: item["key"][-30:])
def test_every_demo_listing_is_read_as_the_partner_meant_it(
    pipeline: Pipeline, item: dict[str, Any]
) -> None:
    fields = {k: item.get(k) for k in ("title", "kind", "place", "mode", "price", "audience")}
    date_field = "deadline" if item["kind"] == "funding" else "date"
    fields |= {"topics": item.get("topics"), date_field: item.get("date") or item.get("deadline")}
    fields |= {"funding": item.get("funding")}
    listing = ok(pipeline.process(raw(**{k: v for k, v in fields.items() if v}), SOURCE))

    assert listing.title == item["title"] and listing.kind == item["kind"]
    first, last = item.get("date_first"), item.get("date_last")
    if item["kind"] == "funding":
        deadline = listing.funding.deadline if listing.funding else None
        assert (deadline.date().isoformat() if deadline else None) == last
    elif first:
        assert listing.schedule is not None and listing.schedule.start is not None
        assert listing.schedule.start.date().isoformat() == first
        ends = [s.end or s.start for s in listing.schedule.sessions]
        assert max(ends).date().isoformat() == last
    if item.get("price"):
        assert listing.price is not None and listing.price.amount is not None, item["price"]
        assert listing.price.free == (item["price"] in {"kostenfrei", "kostenlos"})
    place = item.get("place") or ""
    if place.lower().startswith("online"):
        assert listing.mode == "online" and not listing.regions
    elif place:
        assert listing.regions in (["DE-SN"], ["DE-NW"]), place
        assert listing.place is not None and listing.place.lat is not None
    if item.get("mode"):
        assert listing.mode is not None, item["mode"]


def test_labelled_lines_in_a_feed_description_fill_the_fields(pipeline: Pipeline) -> None:
    description = (
        "<p>Zwei Abende zur DSGVO.</p><p><strong>Termin:</strong> 02.02. und 09.02.2027, "
        "jeweils 17.00 – 18.30 Uhr</p><p><strong>Ort:</strong> Online (Zoom)</p>"
        "<p><strong>Kosten:</strong> Teilnahmegebühr: 49 €</p>"
        "<p><strong>Zielgruppe:</strong> KMU, Beschäftigte</p>"
    )
    listing = ok(pipeline.process(raw(title="Datenschutz", description=description), SOURCE))
    assert listing.schedule is not None and len(listing.schedule.sessions) == 2
    assert listing.price is not None and listing.price.amount == 49.0
    assert listing.mode == "online" and listing.audiences == ["KMU", "Beschäftigte"]
    assert "Zwei Abende zur DSGVO." in listing.description_text


def test_partner_html_is_sanitised_but_keeps_its_formatting(pipeline: Pipeline) -> None:
    evil = (
        '<p onclick="alert(1)">Hallo <strong>Welt</strong></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><a href="https://zz.example/a">Link</a>'
        '<img src=x onerror="alert(1)"><style>p{}</style>'
    )
    listing = ok(pipeline.process(raw(title="<b>Titel</b> &amp; mehr", description=evil), SOURCE))
    html = listing.description_html
    for bad in ("<script", "onclick", "onerror", "javascript:", "<img", "<style", "alert(1)"):
        assert bad not in html
    assert "<strong>Welt</strong>" in html and 'href="https://zz.example/a"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert listing.title == "Titel & mehr"
    assert listing.description_text.startswith("Hallo Welt")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": ""}, "Titel fehlt"),
        ({"title": "   "}, "Titel fehlt"),
        ({"title": "Kurs", "date": "31.02.2027"}, "Datum '31.02.2027' existiert nicht"),
        ({"title": "Kurs", "date": "29.02.2027, 9–12 Uhr"}, "existiert nicht"),
        ({"title": "Kurs", "date": "2026-11-31T17:00:00+01:00"}, "existiert nicht"),
        ({"title": "Willkommen bei uns"}, "kein Angebot"),
        (
            {
                "title": "Neues Angebot in Vorbereitung",
                "description": "<p>Abonnieren Sie den Newsletter.</p>",
            },
            "kein Angebot",
        ),
    ],
)
def test_non_listings_are_quarantined_with_a_reason(
    pipeline: Pipeline, fields: dict[str, str], reason: str
) -> None:
    result = pipeline.process(raw(**fields), SOURCE)
    assert isinstance(result, Rejection)
    assert reason in result.reason
    assert result.record["fields"] == fields, "the whole record is kept for a later re-run"


@pytest.mark.parametrize(
    ("fields", "flag"),
    [
        ({"title": "Tagung", "date": "Termin folgt im Frühjahr"}, "Datum 'Termin folgt"),
        ({"title": "Kurs", "date": "Dienstag, 13. Januar 2027"}, "ist ein Mittwoch"),
        ({"title": "Programm", "kind": "funding", "deadline": "demnächst"}, "Frist 'demnächst'"),
    ],
)
def test_an_unreadable_date_leaves_a_listing_with_empty_dates_and_a_flag(
    pipeline: Pipeline, fields: dict[str, str], flag: str
) -> None:
    listing = ok(pipeline.process(raw(**fields), SOURCE))
    assert listing.start is None and (listing.schedule is None or not listing.schedule.sessions)
    assert any(flag in f and "nicht lesbar" in f for f in listing.flags), listing.flags


def test_a_welcome_titled_page_with_offer_facts_stays_a_listing(pipeline: Pipeline) -> None:
    listing = ok(pipeline.process(raw(title="Willkommen", date="03.06.2027"), SOURCE))
    assert listing.start is not None


def test_process_many_keeps_every_record_somewhere(pipeline: Pipeline) -> None:
    records = [raw("a", title="A"), raw("b", title=""), raw("c", title="C", date="03.06.2027")]
    listings, rejections = pipeline.process_many(records, SOURCE)
    assert [x.source_key for x in listings] == ["a", "c"]
    assert [x.key for x in rejections] == ["b"]


def test_same_record_same_id_and_hash_changed_content_new_hash(pipeline: Pipeline) -> None:
    first = ok(pipeline.process(raw(title="A", price="150,00 €"), SOURCE))
    again = ok(pipeline.process(raw(title="A", price="150,00 €"), SOURCE))
    changed = ok(pipeline.process(raw(title="A", price="160,00 €"), SOURCE))
    assert first.id == again.id == changed.id
    assert first.content_hash == again.content_hash != changed.content_hash


def test_the_kind_comes_from_the_record_or_else_the_source(pipeline: Pipeline) -> None:
    assert ok(pipeline.process(raw(title="A", kind="course"), SOURCE)).kind == "course"
    assert ok(pipeline.process(raw(title="A", kind="Förderung"), SOURCE)).kind == "funding"
    assert ok(pipeline.process(raw(title="A", kind="Unbekannt"), SOURCE)).kind == "event"


def test_a_plugin_step_runs_in_its_place_and_can_reject() -> None:
    class NoWebinarsOnSunday:
        name, order = "no_sunday", 55

        def __call__(self, draft: Draft) -> None:
            start = (draft.data.get("schedule") or {}).get("start")
            if start is not None and start.weekday() == 6:
                raise Reject("Sunday offers are not accepted in this region")

    class Plugin:
        @hookimpl
        def register_steps(self, register: Any) -> None:
            register(NoWebinarsOnSunday())

    pipeline = build_pipeline(build_registry(entry_points=False, extra=[Plugin()]))
    names = pipeline.step_names
    assert names.index("schedule") < names.index("no_sunday") < names.index("price")
    sunday = pipeline.process(raw(title="A", date="06.06.2027"), SOURCE)
    assert isinstance(sunday, Rejection) and sunday.step == "no_sunday"
    assert isinstance(pipeline.process(raw(title="A", date="07.06.2027"), SOURCE), Listing)


def test_a_crashing_step_quarantines_the_record_instead_of_losing_it() -> None:
    class Buggy:
        name, order = "buggy", 15

        def __call__(self, draft: Draft) -> None:
            raise KeyError("oops")

    result = Pipeline([Buggy()]).process(raw(title="A"), SOURCE)
    assert isinstance(result, Rejection) and result.step == "buggy" and "KeyError" in result.reason


@pytest.mark.parametrize(
    ("text", "amount", "free"),
    [
        ("kostenfrei", 0.0, True),
        ("gebührenfrei", 0.0, True),
        ("150,00 €", 150.0, False),
        ("EUR 1.250,-", 1250.0, False),
        ("ab 99 € zzgl. MwSt.", 99.0, False),
        ("99 € / ermäßigt 49 €", None, None),  # two prices: unknown, not the wrong one
        ("nach Vereinbarung", None, None),
        ("3 Plätze frei", None, None),
    ],
)
def test_prices(text: str, amount: float | None, free: bool | None) -> None:
    parsed = parse_price(text)
    assert (parsed.amount, parsed.free) == (amount, free)


def test_funding_share_and_cap() -> None:
    parsed = parse_funding("Zuschuss bis zu 50 % (max. 10.000 Euro)")
    assert (parsed.aid_type, parsed.share_percent, parsed.max_amount) == ("Zuschuss", 50.0, 10000.0)


def test_a_missing_year_is_taken_from_the_publication_date(pipeline: Pipeline) -> None:
    record = raw(title="A", date="11.01., 9:00 Uhr", published="Mon, 28 Sep 2026 09:15:00 +0200")
    listing = ok(pipeline.process(record, SOURCE))
    assert listing.schedule is not None and listing.schedule.start is not None
    assert listing.schedule.start.date() == date(2027, 1, 11)
