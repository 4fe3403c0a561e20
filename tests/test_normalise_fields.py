"""German listings normalised field by field: dates, prices, modes, places, topics, duplicates."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from hub.config import SourceConfig
from hub.errors import ConfigError
from hub.model import Listing, RawRecord
from hub.plugins import build_registry
from pipelines import Pipeline, build_pipeline
from pipelines.dates import BERLIN, parse_deadline, parse_schedule
from pipelines.duplicates import OfferFacts, group_duplicates, same_offer
from pipelines.modes import parse_mode
from pipelines.places import parse_place
from pipelines.postcodes import import_geonames_postcodes
from pipelines.prices import parse_funding, parse_price

REF = date(2024, 8, 15)
FETCHED = datetime(2024, 8, 15, 8, 0, tzinfo=BERLIN)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN)


def source(**options: Any) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "zz",
            "type": "feed",
            "kind": "course",
            "partner": {"name": "ZZ"},
            "options": options,
        }
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
    ("text", "start", "end"),
    [
        ("vom 1. bis 3. März", at(2025, 3, 1), at(2025, 3, 3)),
        ("ab 01.09.2024", at(2024, 9, 1), None),
        ("Sept. 2024", at(2024, 9, 1), at(2024, 9, 30)),
        ("ab Oktober 2024", at(2024, 10, 1), None),
        ("KW 12/2025", at(2025, 3, 17), at(2025, 3, 23)),
        ("KW 45", at(2024, 11, 4), at(2024, 11, 10)),
        ("03.06.2025, ganztägig", at(2025, 6, 3), None),
        ("Termin: 05.12.2024 (ganztägig)", at(2024, 12, 5), None),
        ("Mo, 3.2.", at(2025, 2, 3), None),
        ("Mo., 03.06.2024 | 09:00–16:00 Uhr", at(2024, 6, 3, 9), at(2024, 6, 3, 16)),
        ("17.10.2024, 18.00 Uhr s.t.", at(2024, 10, 17, 18), None),
        ("Di, 1.10. + Do, 3.10.2024", at(2024, 10, 1), at(2024, 10, 3)),
    ],
)
def test_more_german_date_forms_are_read(text: str, start: datetime, end: datetime | None) -> None:
    parsed = parse_schedule(text, reference=REF)
    assert parsed is not None, text
    assert (parsed.start, parsed.end) == (start, end)


def test_coarse_dates_say_how_precise_they_are() -> None:
    month, week, day = (parse_schedule(t) for t in ("Sept. 2024", "KW 12/2025", "03.06.2025"))
    assert month and week and day
    assert (month.precision, week.precision, day.precision) == ("month", "week", "day")
    assert parse_schedule("KW 54/2025") is None  # no such week


@pytest.mark.parametrize("text", ["fortlaufend", "laufend", "Antragstellung laufend möglich"])
def test_open_ended_programmes_are_ongoing(text: str) -> None:
    parsed = parse_deadline(text)
    assert parsed is not None and parsed.ongoing and parsed.start is None


@pytest.mark.parametrize(
    ("text", "amount", "free"),
    [
        ("gebührenfrei (Anmeldung erforderlich)", 0.0, True),
        ("0,- €", 0.0, True),
        ("99 EUR (zzgl. 19 % MwSt.)", 99.0, False),
        ("kostenfrei für Mitglieder, sonst 40 €", None, None),  # two prices: neither
        ("Zuschuss bis zu 50 % (max. 10.000 Euro)", None, None),  # a cap is not a price
    ],
)
def test_prices_that_are_sure_and_those_that_are_not(
    text: str, amount: float | None, free: bool | None
) -> None:
    parsed = parse_price(text)
    assert (parsed.amount, parsed.free) == (amount, free)


@pytest.mark.parametrize(
    ("text", "share", "cap"),
    [
        ("Förderquote 80 %, höchstens 20.000 €", 80.0, 20000.0),
        ("Darlehen bis zu 2 Mio. Euro", None, 2_000_000.0),
        ("Eigenanteil 25 %, der Rest wird gefördert", 75.0, None),
        ("bis zu 50 % oder bis zu 70 % in Fördergebieten", None, None),
    ],
)
def test_funding_share_and_cap(text: str, share: float | None, cap: float | None) -> None:
    parsed = parse_funding(text)
    assert (parsed.share_percent, parsed.max_amount) == (share, cap)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Live-Online", "online"),
        ("Videokonferenz (Zoom)", "online"),
        ("Präsenzveranstaltung", "in_person"),
        ("Vor-Ort-Termin im Betrieb", "in_person"),
        ("Blended Learning", "hybrid"),
        ("wahlweise vor Ort oder online", "hybrid"),
        ("nach Absprache", None),
    ],
)
def test_delivery_mode_from_format_words(text: str, mode: str | None) -> None:
    assert parse_mode(text) == mode


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Wernigerode", "DE-ST"),  # not in the hand-made gazetteer: GeoNames
        ("Seminarraum 2, Technologiepark, 07745 Jena", "DE-TH"),
        ("Frankfurt", "DE-HE"),  # Frankfurt am Main dwarfs Frankfurt (Oder)
        ("Frankfurt (Oder)", "DE-BB"),
        ("St. Ingbert", "DE-SL"),
        ("Essen-Rüttenscheid", "DE-NW"),
        ("Weimar (Thüringen)", "DE-TH"),
    ],
)
def test_places_are_placed_in_their_bundesland(text: str, state: str) -> None:
    parsed = parse_place(text)
    assert parsed.regions == [state], parsed
    assert parsed.lat is not None and parsed.lon is not None


def test_an_ambiguous_place_stays_unplaced_and_the_listing_says_why(pipeline: Pipeline) -> None:
    parsed = parse_place("Neustadt")
    assert parsed.regions == [] and parsed.lat is None
    assert parsed.uncertain is not None and "mehrdeutig" in parsed.uncertain
    found = listing(pipeline, title="Kurs", place="Neustadt", price="99 € / ermäßigt 49 €")
    assert found.regions == [] and found.price is not None and found.price.amount is None
    assert any("Neustadt" in f for f in found.flags) and any("Preis" in f for f in found.flags)


#: rows in the GeoNames postal code format (12 tab-separated columns)
POSTCODES = "".join(
    "\t".join(row) + "\n"
    for row in [
        ["DE", "01067", "Dresden", "Sachsen", "SN", "Dresden", "00",
         "Kreisfreie Stadt Dresden", "14612", "51.0493", "13.7381", "4"],
        ["DE", "31637", "Rodewald", "Niedersachsen", "NI", "", "",
         "Landkreis Nienburg/Weser", "03256", "52.6667", "9.45", "4"],
        ["AT", "1010", "Wien", "Wien", "09", "", "", "", "", "48.2", "16.37", "4"],
    ]
)  # fmt: skip


def test_an_imported_postcode_table_gives_land_and_kreis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGIOHUB_HOME", str(tmp_path))
    assert parse_place("Am Markt 3, 31637 Rodewald").district is None
    source_file = tmp_path / "DE.txt"
    source_file.write_text(POSTCODES, encoding="utf-8")
    assert import_geonames_postcodes(source_file) == 2  # the Austrian row is left out
    parsed = parse_place("Am Markt 3, 31637 Rodewald")
    assert parsed.regions == ["DE-NI"] and parsed.district == "Landkreis Nienburg/Weser"
    assert (parsed.lat, parsed.lon) == (52.6667, 9.45)


@pytest.mark.slow
def test_the_postcode_import_command_reads_a_local_file_and_errors_clearly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIOHUB_")}
    env["REGIOHUB_HOME"] = str(tmp_path / "home")
    (tmp_path / "DE.txt").write_text(POSTCODES, encoding="utf-8")

    def regiohub(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hub.cli", "postcodes", *args],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip

    done = regiohub("import", str(tmp_path / "DE.txt"))
    assert done.returncode == 0, done.stderr
    assert "2 Postleitzahlen" in done.stdout and "CC BY 4.0" in done.stdout
    shown = regiohub("lookup", "01067")
    assert "DE-SN" in shown.stdout and "Kreisfreie Stadt Dresden" in shown.stdout
    (tmp_path / "bad.txt").write_text("just some text\n", encoding="utf-8")
    failed = regiohub("import", str(tmp_path / "bad.txt"))
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert "keine GeoNames-PLZ-Datei" in failed.stderr
    with pytest.raises(ConfigError, match="liegt keine Datei"):
        import_geonames_postcodes(tmp_path / "missing.txt")


def test_topics_are_found_with_endings_and_not_in_the_audience_line(pipeline: Pipeline) -> None:
    found = listing(
        pipeline,
        title="Grundlagen des Datenschutzes",
        description="<p>Wir digitalisieren Abläufe.</p><p>Zielgruppe: Führungskräfte, Azubis</p>",
    )
    assert found.topics == ["Datenschutz", "Digitalisierung"]  # the title's topic first
    assert found.audiences == ["Führungskräfte", "Auszubildende"]


def test_a_partners_own_categories_are_mapped_by_source_options(pipeline: Pipeline) -> None:
    fields = {"title": "Kurs 17", "topics": ["EDV", "Sonstiges"], "audience": "Kundschaft"}
    plain = listing(pipeline, **fields)
    assert plain.topics == [] and plain.audiences == []
    mapped = listing(
        pipeline,
        source(topic_map={"EDV": "Office-Anwendungen", "Sonstiges": []},
               audience_map={"kundschaft": ["KMU"]}),
        **fields,
    )  # fmt: skip
    assert mapped.topics == ["Office-Anwendungen"] and mapped.audiences == ["KMU"]


def test_the_same_offer_from_provider_and_portal_is_one_group(pipeline: Pipeline) -> None:
    def make(key: str, src: str, title: str, when: str, place: str) -> Listing:
        raw = RawRecord(
            source_id=src, key=key, fetched_at=FETCHED,
            fields={"title": title, "date": when, "place": place},
        )  # fmt: skip
        config = SourceConfig.model_validate(
            {"id": src, "type": "feed", "kind": "course", "partner": {"name": src}}
        )
        result = pipeline.process(raw, config)
        assert isinstance(result, Listing)
        return result

    portal = make("p1", "portal", "Webinar: Excel für Einsteiger", "11. Januar 2027", "Chemnitz")
    provider = make("a1", "anbieter", "Excel für Einsteiger", "11.01.2027", "Chemnitz")
    next_run = make("a2", "anbieter", "Excel für Einsteiger", "18.01.2027", "Chemnitz")
    advanced = make("a3", "anbieter", "Excel für Fortgeschrittene", "11.01.2027", "Chemnitz")
    elsewhere = make("a4", "anbieter", "Excel für Einsteiger", "11.01.2027", "Leipzig")
    assert same_offer(OfferFacts.of(portal), OfferFacts.of(provider))
    for other in (next_run, advanced, elsewhere):
        assert not same_offer(OfferFacts.of(provider), OfferFacts.of(other))
    groups = group_duplicates(
        [portal, provider, next_run, advanced, elsewhere], preferred_sources=["anbieter"]
    )
    assert [[x.id for x in g] for g in groups if len(g) > 1] == [[provider.id, portal.id]]
    assert len(groups) == 4
