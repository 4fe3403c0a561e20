"""Facts read the way independent partners write them: prices, funding, places, delivery,
audiences and topics, from labelled fields and from running prose (issue 12)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hub.config import SourceConfig
from hub.model import Listing, RawRecord
from hub.plugins import build_registry
from pipelines import Pipeline, build_pipeline
from pipelines.dates import BERLIN
from pipelines.prices import parse_price

FETCHED = datetime(2026, 9, 1, 8, 0, tzinfo=BERLIN)


def source(kind: str = "course", **options: Any) -> SourceConfig:
    return SourceConfig.model_validate(
        {"id": "zz", "type": "feed", "kind": kind, "partner": {"name": "ZZ"}, "options": options}
    )


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(build_registry(entry_points=False))


def listing(pipeline: Pipeline, src: SourceConfig | None = None, **fields: Any) -> Listing:
    raw = RawRecord(source_id="zz", key="k", fetched_at=FETCHED, fields=fields)
    result = pipeline.process(raw, src or source())
    assert isinstance(result, Listing), getattr(result, "reason", result)
    return result


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("420.00 EUR", 420.0),  # was read as free
        ("199.99 EUR", 199.99),  # was read as 99 €
        ("2450.0", 2450.0),  # a bare number in a price field
        ("260,00", 260.0),
        ("365,– €", 365.0),
        ("EUR 1.240,-", 1240.0),
        ("180,- EUR", 180.0),
    ],
)
def test_dot_and_comma_decimals_are_the_printed_amount(text: str, amount: float) -> None:
    parsed = parse_price(text)
    assert (parsed.amount, parsed.free) == (amount, False)


@pytest.mark.parametrize(
    "text",
    [
        "120 € (Mitglieder 90 €)",
        "kostenfrei für Vereinsmitglieder, sonst 30 €",
        "Der erste Abend ist kostenlos, danach 40 € je Abend",
        "Zuschuss bis zu 50 % (max. 10.000 Euro)",
        "kostenpflichtig",
        "12 Teilnehmende, 90 Minuten",
    ],
)
def test_a_paid_or_unclear_offer_is_never_shown_free(text: str) -> None:
    assert parse_price(text).free is not True


def test_a_price_is_read_from_the_running_text_when_no_field_gives_one(
    pipeline: Pipeline,
) -> None:
    free = listing(
        pipeline,
        title="Abendforum Datenschutz",
        description="<p>Drei Kurzvorträge.</p><p>Die Teilnahme ist kostenfrei.</p>",
    )
    paid = listing(
        pipeline,
        title="Werkstatt Buchhaltung",
        description="<p>Ein Tag voller Übungen. Die Teilnahmegebühr beträgt 145 € pro Person.</p>",
    )
    helped = listing(
        pipeline,
        title="Werkstatt Buchhaltung",
        description="<p>Unsere Lotsen helfen Ihnen ohne Kosten bei der Anmeldung.</p>",
    )
    assert free.price is not None and free.price.free is True
    assert paid.price is not None and (paid.price.amount, paid.price.free) == (145.0, False)
    assert helped.price is None  # free help around the offer says nothing about its price


def test_funding_and_good_practice_get_no_price(pipeline: Pipeline) -> None:
    grant = listing(pipeline, source("funding"), title="Zuschuss", price="kostenfrei")
    report = listing(pipeline, source("good_practice"), title="Praxisbericht", price="keine")
    assert grant.price is None and report.price is None


def test_funding_share_and_cap_are_read_from_the_description(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        source("funding"),
        title="Programm Digital starten",
        description=(
            "<p>Das Vorhaben muss mindestens 5.000 Euro kosten. Der Zuschuss beträgt bis zu"
            " 60 Prozent der Ausgaben, höchstens 15.000 Euro. Betriebe tragen einen Eigenanteil"
            " von 40 %.</p>"
        ),
    )
    assert found.funding is not None
    assert (found.funding.share_percent, found.funding.max_amount) == (60.0, 15000.0)


def test_new_topics_and_topic_map_targets_by_alias(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        source(topic_map={"Personal": "Fachkräftesicherung", "Orga": "Arbeit 4.0"}),
        title="Barrierefreie Formulare und Cobots in der Montage",
        topics=["Personal", "Orga", "Cloud"],
    )
    assert found.topics == ["Personal und Fachkräfte", "Arbeitsorganisation", "Cloud"]


def test_an_audience_word_or_a_passing_mention_is_no_topic(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        title="Tabellen auswerten mit Excel",
        description=(
            "<p>Für Führungskräfte und ihre Teams.</p><p>Sie bauen Auswertungen mit Pivot."
            " Danach erzählt ein Betriebsrat von seiner Arbeit.</p>"
        ),
        topics=["Büro"],
    )
    assert found.topics == ["Office-Anwendungen"]


def test_a_funding_programme_is_about_foerderung(pipeline: Pipeline) -> None:
    found = listing(pipeline, source("funding"), title="Digitalbonus für Tischlereien")
    assert found.topics[0] == "Finanzierung und Förderung"


def test_an_operator_extends_the_taxonomy_in_regiohub_home(
    pipeline: Pipeline, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGIOHUB_HOME", str(tmp_path))
    (tmp_path / "taxonomy.toml").write_text(
        '[topics.tourismus]\nlabel = "Tourismus"\nterms = ["gastgewerbe", "hotellerie"]\n'
        '[topics.office]\nterms = ["libreoffice"]\n',
        encoding="utf-8",
    )
    found = listing(pipeline, title="LibreOffice im Gastgewerbe")
    assert found.topics == ["Office-Anwendungen", "Tourismus"]


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("Betriebe mit bis zu 20 Beschäftigten", ["KMU"]),
        ("Beschäftigte, die bald ein Team leiten", ["Führungskräfte"]),
        ("Geschäftsführungen und Personalverantwortliche", ["KMU", "Führungskräfte"]),
        ("Betriebs- und Personalräte, Schwerbehindertenvertretungen", ["Betriebsräte"]),
        ("Pflegekräfte und Sachbearbeitung", ["Beschäftigte"]),
        ("Übernahmeinteressierte", ["Gründerinnen und Gründer"]),
    ],
)
def test_audiences_as_partners_write_them(
    pipeline: Pipeline, audience: str, expected: list[str]
) -> None:
    assert listing(pipeline, title="Angebot", audience=audience).audiences == expected


def test_audiences_from_prose_but_not_for_a_report(pipeline: Pipeline) -> None:
    text = "<p>Die Werkstatt richtet sich an Inhaberinnen und Inhaber kleiner Läden.</p>"
    course = listing(pipeline, title="Werkstatt", description=text)
    report = listing(pipeline, source("good_practice"), title="Bericht", description=text)
    assert course.audiences == ["KMU"] and report.audiences == []
