"""The judged query set: what employees, HR managers and firm owners type, with their intent.

Each query states what the searcher wants as facets (theme or narrower subjects, kind, level,
Land or city, audience, free, mode). ``grade`` turns intent + a listing's generator facets into
a relevance grade, so judgements follow from the listing's content and never from what any
search engine returns:

3  the theme or subject asked for, and every wish met
2  the theme asked for, one wish missed by a little (a workshop instead of a course, an
   advanced course or one that names no level for a beginner, another city of the same Land,
   online instead of local, a nationwide programme when a Land was named)
1  the theme asked for with a bigger miss (another Land's programme, a course instead of
   advice), or a neighbouring theme or subject that would still help
0  anything else
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.relevance_places import LAENDER

if TYPE_CHECKING:
    from benchmarks.relevance_data import Facets

CITY_LAND = {city.name: land.code for land in LAENDER for city in land.cities}


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    theme: str
    #: narrower subjects that make a listing fully relevant; others of the theme get grade 1
    subjects: tuple[str, ...] = ()
    #: neighbouring themes worth grade 1
    related: tuple[str, ...] = ()
    kind: str = ""
    level: str = ""
    land: str = ""
    city: str = ""
    audience: str = ""
    free: bool = False
    mode: str = ""


def _kind_penalty(wanted: str, kind: str) -> int:
    if not wanted or wanted == kind:
        return 0
    if {wanted, kind} == {"course", "event"}:
        return 1
    if "funding" in (wanted, kind) and {wanted, kind} != {"funding", "advice"}:
        return 3  # a course is no answer to "Förderung …" and a programme none to "Kurs …"
    return 2


def _place_penalty(query: Query, land: str, city: str, mode: str) -> int:
    if query.city:
        if city == query.city:
            return 0
        if mode in ("online", "hybrid"):
            return 1
        return 1 if land == CITY_LAND[query.city] else 2
    if query.land:
        if land == query.land:
            return 0
        if land == "DE":  # a nationwide programme applies, but is not what was asked for
            return 1
        return 1 if mode in ("online", "hybrid") else 2
    return 0


def grade(query: Query, facets: Facets) -> int:
    """The relevance grade (0–3) of a listing with generator ``facets`` for ``query``."""
    if facets.theme == query.theme:
        base = 3 if not query.subjects or facets.subject in query.subjects else 1
    elif facets.theme in query.related:
        base = 1
    else:
        return 0
    penalty = _kind_penalty(query.kind, facets.kind)
    penalty += _place_penalty(query, facets.land, facets.city, facets.mode)
    if query.level and facets.level != query.level:
        penalty += 1  # the other level, or a listing that does not say
    if query.audience and facets.audiences and query.audience not in facets.audiences:
        penalty += 1
    if query.free and not facets.free:
        penalty += 1
    if query.mode and facets.mode not in (query.mode, ""):
        penalty += 1
    return max(0, base - penalty)


def _q(n: int, text: str, theme: str, **intent: object) -> Query:
    return Query(f"q{n:02d}", text, theme, **intent)  # type: ignore[arg-type]


SN, NW, NI, BE = "DE-SN", "DE-NW", "DE-NI", "DE-BE"

QUERIES: tuple[Query, ...] = (
    _q(1, "excel kurs anfänger", "excel", kind="course", level="beginner", related=("office",)),
    _q(2, "Excel für Fortgeschrittene", "excel", kind="course", level="advanced"),
    _q(3, "pivot tabellen excel", "excel", subjects=("excel.pivot",)),
    _q(4, "förderung digitalisierung sachsen", "digitalisierung", kind="funding", land=SN),
    _q(5, "ki schulung für mitarbeiter", "ki", kind="course", audience="Beschäftigte"),
    _q(6, "datenschutz beratung", "datenschutz", kind="advice"),
    _q(7, "datenschuz", "datenschutz"),
    _q(8, "fuehrung", "fuehrung"),
    _q(9, "Führungskräfte Seminar", "fuehrung", kind="course"),
    _q(10, "künstliche intelligenz", "ki"),
    _q(11, "KI", "ki"),
    _q(12, "dsgvo schulung", "datenschutz", kind="course"),
    _q(
        13,
        "datenschutzbeauftragter ausbildung",
        "datenschutz",
        subjects=("datenschutz.dsb",),
        kind="course",
    ),
    _q(14, "it sicherheit", "it_sicherheit"),
    _q(15, "cybersicherheit mitarbeiter", "it_sicherheit", audience="Beschäftigte"),
    _q(16, "phishing", "it_sicherheit", subjects=("it_sicherheit.awareness",)),
    _q(17, "zuschuss weiterbildung", "qualifizierung", kind="funding"),
    _q(18, "förderung weiterbildung mitarbeiter nrw", "qualifizierung", kind="funding", land=NW),
    _q(19, "existenzgründung beratung", "gruendung", kind="advice"),
    _q(20, "gründungszuschuss", "gruendung", kind="funding"),
    _q(21, "unternehmensnachfolge", "nachfolge"),
    _q(22, "nachfolge beratung", "nachfolge", kind="advice"),
    _q(23, "projektmanagement kurs", "projektmanagement", kind="course"),
    _q(24, "scrum", "projektmanagement", subjects=("projektmanagement.agile",)),
    _q(25, "betriebliches gesundheitsmanagement", "gesundheit"),
    _q(26, "stressbewältigung", "gesundheit", subjects=("gesundheit.stress",)),
    _q(27, "energieeffizienz förderung", "nachhaltigkeit", kind="funding"),
    _q(28, "nachhaltigkeit im mittelstand", "nachhaltigkeit"),
    _q(29, "social media marketing", "marketing", subjects=("marketing.social",)),
    _q(30, "online marketing kurs", "marketing", kind="course"),
    _q(
        31,
        "buchhaltung grundlagen",
        "buchhaltung",
        subjects=("buchhaltung.basics",),
        level="beginner",
    ),
    _q(32, "e-rechnung", "buchhaltung", subjects=("buchhaltung.erechnung",)),
    _q(33, "arbeitsrecht", "arbeitsrecht"),
    _q(
        34,
        "betriebsrat schulung",
        "arbeitsrecht",
        subjects=("arbeitsrecht.betriebsrat",),
        kind="course",
    ),
    _q(35, "business englisch", "sprache", subjects=("sprache.englisch",)),
    _q(36, "deutschkurs beruf", "sprache", subjects=("sprache.deutsch",), kind="course"),
    _q(37, "konfliktmanagement", "kommunikation", subjects=("kommunikation.conflict",)),
    _q(
        38,
        "präsentation training",
        "kommunikation",
        subjects=("kommunikation.presenting",),
        kind="course",
    ),
    _q(39, "ausbilderschein", "ausbildung", subjects=("ausbildung.aevo",)),
    _q(
        40,
        "azubis finden",
        "ausbildung",
        subjects=("ausbildung.azubis",),
        related=("fachkraefte",),
    ),
    _q(41, "fachkräfte gewinnen", "fachkraefte"),
    _q(42, "fachkraeftesicherung beratung", "fachkraefte", kind="advice"),
    _q(43, "innovationsförderung", "innovation", kind="funding"),
    _q(44, "design thinking workshop", "innovation", kind="event"),
    _q(45, "industrie 4.0", "industrie40"),
    _q(46, "digitalisierungsberatung", "digitalisierung", kind="advice"),
    _q(47, "excel kurs leipzig", "excel", kind="course", city="Leipzig"),
    _q(48, "datenschutz schulung dresden", "datenschutz", kind="course", city="Dresden"),
    _q(49, "ki zuschuss niedersachsen", "ki", kind="funding", land=NI),
    _q(50, "foerderung energie nrw", "nachhaltigkeit", kind="funding", land=NW),
    _q(51, "weiterbildung kuenstliche intelligenz", "ki", kind="course"),
    _q(52, "microsoft 365 schulung", "office", subjects=("office.m365",), kind="course"),
    _q(53, "outlook teams", "office", subjects=("office.m365",)),
    _q(54, "führen im homeoffice", "fuehrung", subjects=("fuehrung.remote",)),
    _q(55, "change management", "fuehrung", subjects=("fuehrung.change",)),
    _q(56, "kostenlose datenschutz schulung", "datenschutz", kind="course", free=True),
    _q(57, "chatgpt", "ki", subjects=("ki.prompting", "ki.basics")),
    _q(58, "it-sicherheit förderung", "it_sicherheit", kind="funding"),
    _q(59, "energieberatung", "nachhaltigkeit", kind="advice"),
    _q(60, "seminar konflikte im team", "kommunikation", subjects=("kommunikation.conflict",)),
    _q(
        61,
        "veranstaltungen für führungskräfte",
        "fuehrung",
        kind="event",
        audience="Führungskräfte",
    ),
    _q(62, "webinar datenschutz", "datenschutz", kind="event", mode="online"),
    _q(63, "gruenderberatung berlin", "gruendung", kind="advice", land=BE),
    _q(64, "englisch kurs online", "sprache", subjects=("sprache.englisch",), mode="online"),
)
