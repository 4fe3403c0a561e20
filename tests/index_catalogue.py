"""The test catalogue and helpers shared by the index contract suite and backend-only tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from es_server import NoidaElasticsearch

from hub.index import SearchQuery
from hub.index.base import SearchIndex
from hub.model import Listing, Partner, Schedule

BACKENDS = ("tantivy", "elasticsearch")
SACHSEN = "Zukunftszentrum Sachsen"
RUHR = "Zukunfts-HUB Ruhr"


def listing(
    n: int,
    title: str,
    description: str,
    *,
    kind: str = "course",
    partner: str = SACHSEN,
    regions: tuple[str, ...] = ("DE-SN",),
    mode: str | None = None,
    start: datetime | None = None,
    **extra: object,
) -> Listing:
    return Listing.model_validate(
        {
            "id": f"demo-{n:02d}",
            "source_id": "demo",
            "source_key": str(n),
            "kind": kind,
            "partner": Partner(name=partner),
            "title": title,
            "description_text": description,
            "regions": list(regions),
            "mode": mode,
            "schedule": Schedule(start=start) if start else None,
            **extra,
        }
    )


def day(month: int, d: int) -> datetime:
    return datetime(2025, month, d, 9, 0, tzinfo=UTC)


CATALOGUE: list[Listing] = [
    listing(
        1,
        "Datenschutz im Verein",
        "Grundlagen der DSGVO für Vorstände und Ehrenamtliche.",
        mode="online",
        start=day(3, 10),
    ),
    listing(
        2,
        "Schulung Künstliche Intelligenz im Mittelstand",
        "Praxisnahe Einführung in KI-Werkzeuge für kleine und mittlere Unternehmen.",
        mode="in_person",
        start=day(2, 1),
    ),
    listing(
        3,
        "Förderprogramm Digitalisierung Sachsen",
        "Zuschüsse für Digitalisierungsprojekte kleiner Unternehmen.",
        kind="funding",
    ),
    listing(
        4,
        "Beratung zur Fachkräftesicherung",
        "Wir beraten Betriebe zu Datenschutz und Arbeitsrecht bei der Einstellung.",
        kind="advice",
        partner=RUHR,
        regions=("DE-NW",),
        mode="hybrid",
    ),
    listing(
        5,
        "Netzwerktreffen Führungskräfte Ruhr",
        "Austausch über gute Führung im Wandel.",
        kind="event",
        partner=RUHR,
        regions=("DE-NW",),
        mode="in_person",
        start=day(4, 1),
    ),
    listing(
        6,
        "Excel-Kurs für Einsteiger & Umsteiger",
        "Tabellen, Formeln und Diagramme.",
        partner=RUHR,
        regions=("DE-NW",),
        mode="online",
        start=day(1, 15),
    ),
    listing(
        7,
        "Kurse zur Förderung der Medienkompetenz",
        "Für Beschäftigte in Sachsen und NRW.",
        regions=("DE-SN", "DE-NW"),
        mode="online",
        start=day(5, 5),
    ),
    listing(
        8,
        "Förderung von Weiterbildung in KMU",
        "Zuschuss bis zur Hälfte der Kosten.",
        kind="funding",
        partner=RUHR,
        regions=("DE-NW",),
    ),
    listing(
        9,
        "Workshop Datenschutz-Folgenabschätzung",
        "Risiken erkennen und dokumentieren.",
        kind="event",
        mode="hybrid",
        start=day(3, 20),
    ),
    listing(
        10,
        "Gründungsberatung in Leipzig",
        "Existenzgründer erhalten eine <b>kostenlose</b> Erstberatung & Begleitung.",
        kind="advice",
        mode="in_person",
        source_key="geheimwort-10",
        url="https://example.org/geheimwort",
    ),
    listing(
        11,
        "Schulungen für Betriebsräte",
        "Mitbestimmung bei der Einführung neuer Technik.",
        partner=RUHR,
        regions=("DE-NW",),
        mode="hybrid",
        start=day(6, 2),
    ),
    listing(
        12,
        "Online-Sprechstunde Fördermittel",
        "Fragen zu Förderprogrammen klären.",
        kind="event",
        mode="online",
        start=day(2, 20),
    ),
]
BY_ID = {item.id: item for item in CATALOGUE}


def es_url(server: NoidaElasticsearch, prefix: str) -> str:
    return f"elasticsearch://127.0.0.1:{server.port}?prefix={prefix}"


def new_prefix() -> str:
    return f"contract-{uuid.uuid4().hex[:12]}"


def ids(index: SearchIndex, text: str = "", **filters: Any) -> list[str]:
    return [hit.id for hit in index.search(SearchQuery(text=text, size=50, **filters)).hits]
