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


@pytest.mark.parametrize(
    ("text", "city", "regions"),
    [
        ("Werkraum im Hafenhaus 3 - Rostock", "Rostock", ["DE-MV"]),  # venue before the town
        ("Raum Magdeburg – den Ort nennen wir mit der Zusage", None, ["DE-ST"]),
        ("Salzlandkreis (Ort folgt mit der Einladung)", None, ["DE-ST"]),
        ("Landkreis Lüchow-Dannenberg (Niedersachsen)", None, ["DE-NI"]),
        ("Weinbergweg 4, 06618 Naumburg (Saale)", "Naumburg (Saale)", ["DE-ST"]),
        ("Sachsen, Thüringen und Bayern", None, ["DE-SN", "DE-TH", "DE-BY"]),
        ("bundesweit", None, ["DE"]),
        ("Werkhof, Uferweg 2, Schwedt/Oder", "Schwedt/Oder", ["DE-BB"]),
        ("Rathaus, Markt 1, 14770 Brandenburg an der Havel", "Brandenburg an der Havel", ["DE-BB"]),
        ("in Dortmund, Unna und Hamm oder per Video", None, ["DE-NW"]),
    ],
)
def test_places_as_partners_write_them(
    pipeline: Pipeline, text: str, city: str | None, regions: list[str]
) -> None:
    found = listing(pipeline, title="Treffen", place=text)
    assert found.place is not None and found.place.city == city
    assert found.regions == regions


def test_the_venue_in_prose_and_not_the_contact_address(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        title="Stammtisch Energie",
        description=(
            "<p>Wir treffen uns im Saal der Mühle, Mühlenweg 7, 39218 Schönebeck.</p>"
            "<p>Bei Fragen wenden Sie sich an unser Büro, Hauptstraße 1, 06108 Halle.</p>"
        ),
    )
    contact_only = listing(
        pipeline,
        title="Stammtisch Energie",
        description="<p>Kontakt: Büro Nord, Hauptstraße 1, 06108 Halle</p>",
    )
    assert found.place is not None
    assert (found.place.postcode, found.place.city, found.regions) == (
        "39218",
        "Schönebeck",
        ["DE-ST"],
    )
    assert contact_only.place is None and contact_only.regions == []


def test_a_report_is_placed_in_the_firms_town_and_a_programme_in_its_area(
    pipeline: Pipeline,
) -> None:
    report = listing(
        pipeline, source("good_practice"), title="Eine Schreinerei aus Bautzen plant digital"
    )
    grant = listing(
        pipeline,
        source("funding"),
        title="Zuschuss Energie",
        audience="kleine Unternehmen mit Sitz in Thüringen",
    )
    assert report.place is not None and report.place.city == "Bautzen"
    assert report.regions == ["DE-SN"] and report.mode is None
    assert grant.regions == ["DE-TH"] and grant.mode is None
    assert grant.place is not None and grant.place.city is None


@pytest.mark.parametrize(
    ("fields", "mode", "regions"),
    [
        ({"place": "Videosprechstunde (Link per Mail)"}, "online", []),
        (
            {"mode": "telefonisch oder per Videocall", "audience": "Firmen aus Sachsen"},
            "online",
            [],
        ),
        (
            {"place": "Markt 3, 04109 Leipzig", "mode": "vor Ort oder per Video"},
            "hybrid",
            ["DE-SN"],
        ),
        ({"place": "Markt 3, 04109 Leipzig und online"}, "hybrid", ["DE-SN"]),
        (
            {
                "place": "Markt 3, 04109 Leipzig",
                "description": "Sie können auch per Livestream teilnehmen.",
            },
            "hybrid",
            ["DE-SN"],
        ),
        ({"place": "Haus Digitale Zukunft, Markt 3, 04109 Leipzig"}, "in_person", ["DE-SN"]),
        (
            {"place": "Markt 3, 04109 Leipzig", "mode": "persönliches Gespräch"},
            "in_person",
            ["DE-SN"],
        ),
    ],
)
def test_delivery_as_partners_say_it(
    pipeline: Pipeline, fields: dict[str, str], mode: str, regions: list[str]
) -> None:
    found = listing(pipeline, source("advice"), title="Sprechstunde", **fields)
    assert (found.mode, found.regions) == (mode, regions)


def test_a_town_in_a_sentence_about_where_the_offer_is_held(pipeline: Pipeline) -> None:
    held = listing(
        pipeline,
        title="Abendkurs Tabellen",
        description="<p>Der Kurs beginnt am Montag, 9. November 2026, um 18 Uhr im Rathaussaal"
        " Wernigerode.</p>",
    )
    passing = listing(
        pipeline,
        title="Abendkurs Tabellen",
        description="<p>Unsere Trainerin kommt aus Wernigerode und arbeitet in Quedlinburg.</p>",
    )
    assert held.place is not None and held.place.city == "Wernigerode"
    assert held.regions == ["DE-ST"] and held.mode == "in_person"
    assert passing.place is None  # not where the course is held


def test_online_beside_a_venue_is_hybrid_and_keeps_the_venue(pipeline: Pipeline) -> None:
    found = listing(pipeline, title="Forum", place="Online oder vor Ort in Erfurt")
    assert (found.mode, found.regions) == ("hybrid", ["DE-TH"])
    assert found.place is not None and found.place.city == "Erfurt"


def test_eigenanteil_line_is_the_participants_price(pipeline: Pipeline) -> None:
    found = listing(
        pipeline, title="Lernreise", description="<p>Drei Betriebe.</p><p>Eigenanteil: 35 €</p>"
    )
    assert found.price is not None and (found.price.amount, found.price.free) == (35.0, False)
