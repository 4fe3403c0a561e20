"""Ranking people trust, on every backend: the typed word first, prose snippets, one hit a series.

A small catalogue of its own: titles with the typed word and with its synonyms, a
description whose facts sit in labelled lines, and a weekly series kept as one listing per
occurrence (keyed ``UID@start``, as the iCalendar connector keys them).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from es_server import es_server  # noqa: F401  (a fixture)
from index_catalogue import BACKENDS, listing
from test_index_contract import Backend

from hub.index import SearchQuery
from hub.index.base import SearchIndex
from hub.index.series import series_key
from hub.index.snippets import facts, prose, split_description
from hub.model import Listing

START = datetime(2031, 10, 7, 16, 0, tzinfo=UTC)
FACTS = (
    "Wir zeigen, wie Sie Phishing-Mails erkennen und Passwörter sicher verwalten.\n"
    "Termin: Di, 07.10.2031, 18 Uhr\nOrt: Kettwiger Straße 20, 45127 Essen\nKosten: keine"
)


def occurrence(n: int, week: int) -> Listing:
    when = START + timedelta(weeks=week)
    item = listing(n, "Abendkurs Kassenbuch führen", "Belege und Kassenbuch an sechs Abenden.")
    return item.model_copy(
        update={
            "source_key": f"kurs-kasse@partner.example@{when.isoformat()}",
            "schedule": item.schedule.model_copy(update={"start": when}) if item.schedule else None,
        }
    )


def catalogue() -> list[Listing]:
    from hub.model import Schedule

    base = [
        listing(71, "IT-Sicherheit im Betrieb", "Grundlagen der IT-Sicherheit für Beschäftigte."),
        listing(72, "Informationssicherheit kompakt", "IT-Sicherheit und Informationssicherheit."),
        listing(73, "Cybersicherheit für kleine Betriebe", "Schutz vor Angriffen."),
        listing(74, "Passwörter und Phishing", FACTS),
    ]
    series = []
    for week in range(6):
        item = occurrence(80 + week, week)
        series.append(
            item.model_copy(update={"schedule": Schedule(start=START + timedelta(weeks=week))})
        )
    return base + series


@pytest.fixture(scope="module", params=BACKENDS)
def ranking(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    backend = Backend(request.param, request, tmp_path_factory.mktemp("ranking"))
    index = backend.open()
    index.upsert(catalogue())
    yield index
    backend.close()


def test_the_typed_word_in_a_title_ranks_above_its_synonyms(ranking: SearchIndex) -> None:
    hits = ranking.search(SearchQuery(text="Cybersicherheit")).hits
    assert hits[0].id == "demo-73"
    assert {"demo-71", "demo-72"} <= {h.id for h in hits[1:]}


def test_snippets_come_from_the_prose_not_the_fact_lines(ranking: SearchIndex) -> None:
    hit = ranking.search(SearchQuery(text="Phishing Essen")).hits[0]
    assert hit.id == "demo-74"
    body = hit.highlights.get("body", "")
    assert "<mark>Phishing" in body
    assert "Kettwiger" not in body and "Termin:" not in body and "Kosten:" not in body


def test_prose_leaves_out_labelled_facts_and_addresses() -> None:
    assert (
        prose(FACTS)
        == "Wir zeigen, wie Sie Phishing-Mails erkennen und Passwörter sicher verwalten."
    )


def test_every_line_of_a_description_is_either_prose_or_a_fact() -> None:
    text = FACTS + "\n\n  Newsletter abonnieren und mehr erfahren  \n"
    prose_text, fact_text = split_description(text)
    assert (prose_text, fact_text) == (prose(text), facts(text))
    assert fact_text.splitlines() == [
        "Termin: Di, 07.10.2031, 18 Uhr",
        "Ort: Kettwiger Straße 20, 45127 Essen",
        "Kosten: keine",
        "Newsletter abonnieren und mehr erfahren",
    ]
    assert prose_text == prose(FACTS)


def test_a_series_is_one_hit_with_all_its_dates(ranking: SearchIndex) -> None:
    results = ranking.search(SearchQuery(text="Kassenbuch", now=START - timedelta(days=1)))
    assert len(results.hits) == 1 and results.total == 1
    dates = results.hits[0].series_dates
    assert len(dates) == 6
    assert dates[0].startswith("2031-10-07")


def test_series_keys_come_from_the_part_before_the_last_at() -> None:
    assert (
        series_key("bb", "uid-1@host.example@2026-10-06T18:00:00+02:00") == "bb|uid-1@host.example"
    )
    assert series_key("bb", "uid-1@host.example@20261006T160000Z") == "bb|uid-1@host.example"
    assert series_key("bb", "uid-1@host.example") is None
    assert series_key("web", "https://x.example/kurs") is None
