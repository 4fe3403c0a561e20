"""The relevance test catalogue: German listings built deterministically from hand-written blocks.

Listing ``i`` depends only on the seed and ``i`` (never on how many are generated), so the
1,200-listing relevance catalogue is the start of the 100,000-listing speed catalogue. Dates are
relative to a reference day (today unless given) so courses and events stay upcoming; ids,
titles, texts and the facets the judgements use do not depend on it.

    python -m benchmarks.relevance_data        # rewrite tests/data/relevance/judgements.json
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.relevance_blocks import THEMES, Subject, Theme
from benchmarks.relevance_places import (
    ADVICE_FRAMES,
    AUDIENCE_PHRASES,
    BOILERPLATE,
    BUND_FUNDER,
    BUND_FUNDING,
    BUND_PARTNER,
    COURSE_FRAMES,
    COURSE_PATTERNS,
    EVENT_FRAMES,
    EVENT_PATTERNS,
    FIRMS,
    LAENDER,
    LEVEL_PHRASES,
    PRACTICE_FRAMES,
    City,
    Land,
)
from hub.model import Listing, listing_id

SEED = 6
RELEVANCE_LISTINGS = 1200
SOURCE_ID = "relevanz"
DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "relevance"
JUDGEMENTS = DATA_DIR / "judgements.json"
BERLIN = ZoneInfo("Europe/Berlin")

KINDS = ("course", "event", "advice", "funding", "good_practice")
KIND_WEIGHTS = (40, 20, 14, 13, 13)
#: Sachsen and NRW are the home regions of the first partners, so they carry more offers
LAND_WEIGHTS = tuple(4 if land.code in ("DE-SN", "DE-NW") else 1 for land in LAENDER)
PRICES = (49.0, 89.0, 149.0, 290.0, 390.0, 590.0, 890.0, 1290.0)

_BEGINNER_WORDS = ("grundkurs", "einsteiger", "grundlagen", "anfänger", "einführung")
_ADVANCED_WORDS = ("aufbau", "fortgeschritten", "vertiefung")


@dataclass(frozen=True)
class Facets:
    """What the generator knows about a listing; the judgements are computed from this."""

    theme: str
    subject: str
    kind: str
    #: "", "beginner" or "advanced"
    level: str
    #: ISO 3166-2 code of the Land, or "DE" for a nationwide programme
    land: str
    #: "" when the offer has no place (online, funding)
    city: str
    audiences: tuple[str, ...]
    mode: str
    free: bool


@dataclass(frozen=True)
class Generated:
    listing: Listing
    facets: Facets


def _kind_themes(kind: str) -> list[Theme]:
    if kind == "funding":
        return [t for t in THEMES if t.funding or t.key in BUND_FUNDING]
    if kind == "advice":
        return [t for t in THEMES if t.advice]
    if kind == "good_practice":
        return [t for t in THEMES if t.practice]
    return list(THEMES)


_THEMES_FOR = {kind: _kind_themes(kind) for kind in KINDS}


def _level_of(title: str) -> str:
    lower = title.lower()
    if any(word in lower for word in _ADVANCED_WORDS):
        return "advanced"
    if any(word in lower for word in _BEGINNER_WORDS):
        return "beginner"
    return ""


def _slug(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-", "(": "", ")": ""})
    return name.lower().translate(table)


class _Builder:
    """Builds listing ``i``: one random stream per listing, seeded by (seed, i)."""

    def __init__(self, seed: int, i: int, today: date) -> None:
        self.rng = random.Random(f"{seed}-{i}")
        self.i = i
        self.today = today

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def when(self, low: int, high: int) -> datetime:
        day = self.today + timedelta(days=self.rng.randint(low, high))
        return datetime.combine(day, time(self.rng.choice((9, 10, 14, 17))), BERLIN)

    def build(self) -> Generated:
        rng = self.rng
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        theme = rng.choice(_THEMES_FOR[kind])
        subject = rng.choice(theme.subjects)
        land = rng.choices(LAENDER, LAND_WEIGHTS)[0]
        city = rng.choice(land.cities)
        if kind == "funding":
            return self.funding(theme, subject, land)
        mode = "in_person"
        if kind in ("course", "event"):
            mode = rng.choices(("online", "in_person", "hybrid"), (3, 5, 2))[0]
        elif kind == "advice":
            mode = rng.choices(("online", "in_person", "hybrid"), (1, 6, 1))[0]
        level = ""
        if kind == "course":
            title, level = self.course_title(subject)
        elif kind == "event":
            title = self.event_title(theme, subject, city, mode)
        elif kind == "advice":
            title = self.pick(theme.advice)
            if mode != "online" and rng.random() < 0.4:
                title += f" in {city.name}"
        else:
            title = self.pick(theme.practice).format(firm=self.pick(FIRMS), city=city.name)
            title = title[0].upper() + title[1:]
        audiences = tuple(sorted(set(rng.sample(theme.audiences, min(2, len(theme.audiences))))))
        free = kind == "good_practice" or rng.random() < {"course": 0.2, "event": 0.7}.get(
            kind, 0.8
        )
        sentences = list(rng.sample(subject.sentences, len(subject.sentences)))[:2]
        frame = {
            "course": COURSE_FRAMES,
            "event": EVENT_FRAMES,
            "advice": ADVICE_FRAMES,
            "good_practice": PRACTICE_FRAMES,
        }[kind]
        sentences.append(self.pick(frame))
        if kind == "course" and level:
            sentences.append(self.pick(LEVEL_PHRASES[level]))
        for audience in audiences:
            phrases = AUDIENCE_PHRASES.get(audience)
            fallback = ("Zielgruppe: {0}.", "Geeignet für {0}.")
            sentences.append(self.pick(phrases or fallback).format(audience))
        place_city = "" if mode == "online" else city.name
        if kind != "good_practice":
            sentences.append(
                "Online per Videokonferenz." if mode == "online" else f"Ort: {city.name}."
            )
        price = self.price(kind, free)
        if price.get("text") and kind in ("course", "event"):
            sentences.append(f"Teilnahmegebühr: {price['text']}.")
        elif kind == "advice" and free:
            sentences.append("Die Beratung ist kostenfrei.")
        if rng.random() < 0.15:
            sentences.append(self.pick(BOILERPLATE))
        partner = self.pick(land.partners)
        data: dict[str, object] = {
            "kind": kind,
            "title": title,
            "description_text": " ".join(sentences),
            "partner": {"name": partner, "url": f"https://{_slug(partner)}.example/"},
            "topics": list(theme.topics[: rng.randint(1, len(theme.topics))]),
            "audiences": list(audiences),
            "regions": [land.code],
            "mode": None if kind == "good_practice" else mode,
            "place": None if mode == "online" else self.place(city),
            "price": price or None,
            "provider": partner,
        }
        if kind in ("course", "event"):
            start = self.when(5, 300)
            days = rng.choice((0, 0, 1, 2, 4)) if kind == "course" else 0
            data["schedule"] = {
                "start": start,
                "end": start + timedelta(days=days, hours=rng.choice((2, 3, 7))),
                "registration_deadline": start - timedelta(days=3),
            }
        elif kind == "advice":
            data["schedule"] = {"ongoing": True, "text": "Termine nach Vereinbarung"}
        facets = Facets(
            theme.key,
            subject.key,
            kind,
            level,
            land.code,
            place_city,
            audiences,
            mode if kind != "good_practice" else "",
            free,
        )
        return Generated(self.listing(data), facets)

    def course_title(self, subject: Subject) -> tuple[str, str]:
        if self.rng.random() < 0.5:
            title = self.pick(subject.courses)
            level = _level_of(title) or self.rng.choice(("", "", "beginner", "advanced"))
            return title, level
        level = self.rng.choices(("", "beginner", "advanced"), (4, 3, 2))[0]
        return self.pick(COURSE_PATTERNS[level]).format(name=self.pick(subject.names)), level

    def event_title(self, theme: Theme, subject: Subject, city: City, mode: str) -> str:
        if theme.events and self.rng.random() < 0.5:
            title = self.pick(theme.events)
            return f"{title} {city.name}" if mode != "online" else title
        return self.pick(EVENT_PATTERNS).format(name=self.pick(subject.names))

    def funding(self, theme: Theme, subject: Subject, land: Land) -> Generated:
        rng = self.rng
        nationwide = theme.key in BUND_FUNDING and (not theme.funding or rng.random() < 0.25)
        if nationwide:
            title = self.pick(BUND_FUNDING[theme.key])
            where, region, partner, funder = "Deutschland", "DE", BUND_PARTNER, BUND_FUNDER
        else:
            title = self.pick(theme.funding).format(land=land.name, adj=land.adj)
            where, region, partner, funder = land.name, land.code, land.funder, land.funder
        share = rng.choice((30, 40, 50, 60, 80))
        maximum = rng.choice((5000, 10000, 15000, 25000, 50000, 100000))
        deadline = None if rng.random() < 0.4 else self.when(30, 365)
        amount = f"{maximum:,}".replace(",", ".")
        sentences = [
            f"Gefördert werden Vorhaben zum Thema {theme.topics[0]}.",
            self.pick(subject.sentences),
            f"Zuschuss von {share} % der förderfähigen Ausgaben, höchstens {amount} Euro.",
            f"Antragsberechtigt sind kleine und mittlere Unternehmen mit Sitz in {where}.",
            "Anträge können laufend gestellt werden."
            if deadline is None
            else f"Anträge bis {deadline:%d.%m.%Y}.",
        ]
        data: dict[str, object] = {
            "kind": "funding",
            "title": title,
            "description_text": " ".join(sentences),
            "partner": {"name": partner, "url": f"https://{_slug(partner)}.example/"},
            "topics": [*theme.topics[:2], "Förderung"],
            "audiences": ["KMU"],
            "regions": [region],
            "funding": {
                "funder": funder,
                "programme": title,
                "aid_type": "Zuschuss",
                "max_amount": float(maximum),
                "share_percent": float(share),
                "deadline": deadline,
                "eligible": f"KMU mit Sitz in {where}",
            },
            "schedule": {"ongoing": deadline is None},
        }
        facets = Facets(theme.key, subject.key, "funding", "", region, "", ("KMU",), "", True)
        return Generated(self.listing(data), facets)

    def place(self, city: City) -> dict[str, object]:
        return {
            "text": f"{city.street}, {city.postcode} {city.name}",
            "street": city.street,
            "postcode": city.postcode,
            "city": city.name,
            "lat": city.lat,
            "lon": city.lon,
        }

    def price(self, kind: str, free: bool) -> dict[str, object]:
        if kind in ("funding", "good_practice"):
            return {}
        if free:
            return {"text": "kostenlos", "amount": 0.0, "currency": "EUR", "free": True}
        amount = (
            self.rng.choice(PRICES) if kind == "course" else self.rng.choice((19.0, 39.0, 79.0))
        )
        if kind == "advice":
            amount = 120.0
        text = f"{amount:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")
        return {"text": text, "amount": amount, "currency": "EUR", "free": False}

    def listing(self, data: dict[str, object]) -> Listing:
        key = f"{self.i:06d}"
        partner = data["partner"]
        assert isinstance(partner, dict)
        return Listing.model_validate(
            {
                "id": listing_id(SOURCE_ID, key),
                "source_id": SOURCE_ID,
                "source_key": key,
                "url": f"{partner['url']}angebote/{key}",
                "licence": "EUPL-1.2",
                "attribution": "regiohub-Testkatalog (fiktiv)",
                **data,
            }
        )


def iter_catalogue(n: int, *, seed: int = SEED, today: date | None = None) -> Iterator[Generated]:
    """Listings 0 … n-1 with their facets, lazily (100,000 of them need not sit in memory)."""
    day = today or date.today()
    for i in range(n):
        yield _Builder(seed, i, day).build()


def catalogue(n: int = RELEVANCE_LISTINGS, **kwargs: object) -> list[Generated]:
    return list(iter_catalogue(n, **kwargs))  # type: ignore[arg-type]


def load_judgements(path: Path = JUDGEMENTS) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def build_judgements(items: list[Generated]) -> dict[str, object]:
    """The judged query set over ``items``, graded from their facets by the query intents."""
    from benchmarks.relevance_queries import QUERIES, grade

    queries = []
    for query in QUERIES:
        relevant = {item.listing.id: g for item in items if (g := grade(query, item.facets)) > 0}
        queries.append(
            {
                "id": query.id,
                "text": query.text,
                "intent": {
                    k: list(v) if isinstance(v, tuple) else v
                    for k, v in asdict(query).items()
                    if v and k not in ("id", "text")
                },
                "relevant": dict(sorted(relevant.items())),
            }
        )
    return {
        "about": (
            "Judged German queries for benchmarks/relevance.py over the fictional catalogue of "
            "benchmarks/relevance_data.py; written for regiohub, EUPL-1.2. Grades 0-3 follow "
            "from each query's intent and the generator's facets, never from engine output. "
            "Regenerate with: python -m benchmarks.relevance_data"
        ),
        "catalogue": {"listings": len(items), "seed": SEED, "source_id": SOURCE_ID},
        "queries": queries,
    }


def main(argv: list[str] | None = None) -> int:
    items = catalogue(RELEVANCE_LISTINGS)
    data = build_judgements(items)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    JUDGEMENTS.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    queries = data["queries"]
    assert isinstance(queries, list)
    print(f"{len(items)} listings, {len(queries)} judged queries → {JUDGEMENTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
