"""The test catalogue and helpers shared by the index contract suite and backend-only tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from es_server import NoidaElasticsearch

from hub.index import SearchQuery
from hub.index.base import SearchIndex
from hub.model import Funding, Listing, Partner, Place, Price, Schedule

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


#: the catalogue's courses and events lie in this year, so "upcoming only" (the default) keeps
#: them; tests of the date filters pass ``now`` explicitly
YEAR = 2099


def day(month: int, d: int) -> datetime:
    return datetime(YEAR, month, d, 9, 0, tzinfo=UTC)


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
    """Ids of the hits that match the query in full (a relaxed search's partial hits left out)."""
    hits = index.search(SearchQuery(text=text, size=50, **filters)).hits
    return [hit.id for hit in hits if not hit.partial]


def partial_ids(index: SearchIndex, text: str = "", **filters: Any) -> list[str]:
    """Ids of a relaxed search's hits that lack some of the words, in rank order."""
    hits = index.search(SearchQuery(text=text, size=50, **filters)).hits
    return [hit.id for hit in hits if hit.partial]


# -- the feature catalogue: filters, geo, dates, German analysis ----------------------------

#: "now" for the feature catalogue: some offers have ended, some are still to come
FEATURE_NOW = datetime(YEAR, 3, 1, 12, 0, tzinfo=UTC)
DRESDEN = (51.0504, 13.7373)
LEIPZIG = (51.3397, 12.3731)
CHEMNITZ = (50.8278, 12.9214)
PIRNA = (50.9623, 13.9386)
KOELN = (50.9375, 6.9603)
MUENCHEN = (48.1372, 11.5755)


def feature(
    n: int,
    title: str,
    description: str,
    *,
    kind: str = "course",
    regions: tuple[str, ...] = ("DE-SN",),
    at: tuple[float, float] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    free: bool | None = None,
    deadline: datetime | None = None,
    topics: tuple[str, ...] = (),
    audiences: tuple[str, ...] = (),
    mode: str | None = None,
) -> Listing:
    return Listing.model_validate(
        {
            "id": f"feat-{n:02d}",
            "source_id": "feat",
            "source_key": str(n),
            "kind": kind,
            "partner": Partner(name=SACHSEN if "DE-SN" in regions[0] else RUHR),
            "title": title,
            "description_text": description,
            "regions": list(regions),
            "mode": mode,
            "place": Place(lat=at[0], lon=at[1]) if at else None,
            "schedule": Schedule(start=start, end=end) if start else None,
            "price": Price(free=free) if free is not None else None,
            "funding": Funding(deadline=deadline) if deadline else None,
            "topics": list(topics),
            "audiences": list(audiences),
        }
    )


FEATURES: list[Listing] = [
    feature(
        1,
        "Datenschutzschulung für Pflegedienste",
        "Was Pflegekräfte über Patientendaten wissen müssen.",
        regions=("DE-SN-14612000",),  # Dresden, a Kreis code below Sachsen
        at=DRESDEN,
        start=day(3, 10),
        free=True,
        topics=("datenschutz",),
        audiences=("Beschäftigte",),
        mode="in_person",
    ),
    feature(
        2,
        "Führung in hybriden Teams",
        "Zwei Tage Praxis für Teamleitungen.",
        at=LEIPZIG,
        start=day(2, 1),
        end=day(2, 2),  # over before FEATURE_NOW
        free=False,
        topics=("fuehrung",),
        audiences=("Führungskräfte",),
        mode="hybrid",
    ),
    feature(
        3,
        "Zuschuss für Digitalisierung",
        "Bis zu 50 Prozent der Kosten für Software und Hardware.",
        kind="funding",
        deadline=day(6, 30),
        topics=("digitalisierung",),
        audiences=("KMU",),
    ),
    feature(
        4,
        "Innovationsprämie",
        "Förderung für Innovationsprojekte im Handwerk.",
        kind="funding",
        regions=("DE-NW",),
        deadline=day(1, 31),  # closed at FEATURE_NOW
        audiences=("KMU",),
    ),
    feature(
        5,
        "Tabellenkalkulation für Einsteiger",
        "Formeln, Diagramme und Pivot-Tabellen.",
        regions=("DE-NW",),
        at=KOELN,
        start=day(4, 1),
        free=False,
        topics=("digitalisierung",),
        audiences=("Beschäftigte",),
        mode="online",
    ),
    feature(
        6,
        "KI-Sprechstunde Chemnitz",
        "Fragen zu Chatbots und Automatisierung im Betrieb.",
        kind="advice",
        at=CHEMNITZ,
        free=True,
        topics=("ki",),
        audiences=("KMU",),
    ),
    feature(
        7,
        "Webinar Künstliche Intelligenz im Handwerk",
        "Anwendungen für Betriebe.",
        kind="event",
        regions=("DE-BY",),
        at=MUENCHEN,
        start=day(3, 5),
        free=True,
        topics=("ki",),
        mode="online",
    ),
    feature(
        8,
        "Excel Pivot Workshop",
        "Auswertungen mit Pivot.",
        kind="event",
        regions=("DE-SN-14713000",),  # Leipzig
        at=LEIPZIG,
        start=day(5, 20),
        free=False,
    ),
    feature(
        9,
        "Personalentwicklung im Mittelstand",
        "Laufendes Angebot ohne feste Termine.",
        regions=("DE-TH",),
        audiences=("Führungskräfte",),
    ),
    feature(
        10,
        "Digitalisierungsberatung für Handwerksbetriebe",
        "Wir kommen in Ihren Betrieb.",
        kind="advice",
        at=PIRNA,
        audiences=("KMU",),
    ),
    feature(
        11,
        "Praxisbeispiel Pivot im Lager",
        "Wie ein Lager mit Pivot-Auswertungen plant.",
        kind="good_practice",
        start=day(1, 10),  # in the past, but not a course or event
    ),
    feature(
        12,
        "Excel Pivot Workshop",
        "Auswertungen mit Pivot.",
        kind="event",
        regions=("DE-SN-14713000",),
        at=LEIPZIG,
        start=day(1, 20),  # the same workshop, already held
        free=False,
    ),
]
FEATURES_BY_ID = {item.id: item for item in FEATURES}


def feature_ids(index: SearchIndex, text: str = "", **filters: Any) -> list[str]:
    """Ids found at FEATURE_NOW, in rank order."""
    filters.setdefault("now", FEATURE_NOW)
    hits = index.search(SearchQuery(text=text, size=50, **filters)).hits
    return [hit.id for hit in hits if not hit.partial]


#: listings for the query-intent tests (test_index_intent.py): kind, place and mode words
INTENT: list[Listing] = [
    feature(91, "Excel für Einsteiger", "Tabellen und Formeln. Ort: Leipzig."),
    feature(92, "Excel-Praxisabend", "Erfahrungsaustausch zu Excel.", kind="event"),
    feature(
        93,
        "Digitalisierungszuschuss Sachsen",
        "Zuschuss für die Digitalisierung kleiner Unternehmen in Sachsen.",
        kind="funding",
    ),
    feature(
        94,
        "Digitalisierungszuschuss Sachsen-Anhalt",
        "Zuschuss für die Digitalisierung kleiner Unternehmen in Sachsen-Anhalt.",
        kind="funding",
        regions=("DE-ST",),
    ),
    feature(
        95,
        "Digitalisierung fördern",
        "Zuschuss für Digitalisierungsprojekte in Nordrhein-Westfalen.",
        kind="funding",
        regions=("DE-NW",),
    ),
    feature(96, "Deutsch für den Beruf", "Deutsch im Berufsalltag sicher sprechen."),
    feature(97, "Sprachangebote finden", "Wir beraten zu Deutsch am Arbeitsplatz.", kind="advice"),
    feature(98, "Projektmanagement kompakt", "Eine Weiterbildung für Projektleitungen."),
    feature(
        99,
        "Bildungsscheck",
        "Zuschuss für die Weiterbildung von Beschäftigten.",
        kind="funding",
        regions=("DE-NW",),
    ),
]
