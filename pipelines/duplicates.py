"""The same offer listed twice — by its provider and by a portal — recognised as one.

Two listings are the same offer when their titles name the same thing once the packaging is
removed (``Webinar:``, ``(Online-Seminar)``, quotes, case), they start on the same day, and
their places do not contradict each other. A course that runs again next month, or another
offer on the same day, is not a duplicate. ``group_duplicates`` turns a list of listings into
groups whose first member is the canonical record (the provider's own, if configured) and the
rest are alternate sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property

from hub.model import Listing
from pipelines.taxonomy import fold

#: words that describe the packaging of an offer, not which offer it is
PACKAGING = frozenset(
    {"seminar", "webinar", "workshop", "kurs", "online", "onlineseminar", "schulung", "präsenz",
     "veranstaltung", "training", "lehrgang", "live", "neu", "termin", "infoveranstaltung"}
)  # fmt: skip
STOPWORDS = frozenset(
    {"für", "und", "im", "in", "der", "die", "das", "den", "dem", "des", "mit", "am", "an", "zu",
     "zur", "zum", "auf", "von", "vom", "ein", "eine", "einen", "&", "co"}
)  # fmt: skip
#: share of title words two listings must have in common (Jaccard) to be one offer
TITLE_SIMILARITY = 0.8
_WORD = re.compile(r"[a-zäöüß0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class OfferFacts:
    """What identifies an offer across sources."""

    title: str
    start: date | None
    city: str | None
    online: bool = False

    @classmethod
    def of(cls, listing: Listing) -> OfferFacts:
        start = (
            listing.schedule.start.date() if listing.schedule and listing.schedule.start else None
        )
        city = listing.place.city if listing.place else None
        return cls(listing.title, start, city, listing.mode == "online")

    @cached_property
    def words(self) -> frozenset[str]:
        """The title's words, worked out once: a catalogue compares each listing many times."""
        return title_words(self.title)


def title_words(title: str) -> frozenset[str]:
    """The words that say which offer a title names."""
    words = _WORD.findall(fold(title))
    return frozenset(w for w in words if w not in PACKAGING and w not in STOPWORDS)


def similarity(a: str, b: str) -> float:
    wa, wb = title_words(a), title_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def same_offer(a: OfferFacts, b: OfferFacts) -> bool:
    """True when both describe one offer (see the module docstring)."""
    if a.start is None or b.start is None or a.start != b.start:
        return False
    if a.city and b.city and not a.online and not b.online and fold(a.city) != fold(b.city):
        return False
    wa, wb = a.words, b.words
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= TITLE_SIMILARITY


def group_duplicates(
    listings: Sequence[Listing], preferred_sources: Iterable[str] = ()
) -> list[list[Listing]]:
    """Groups of the same offer; each group's first member is its canonical record.

    The canonical record comes from the first of ``preferred_sources`` present (providers
    before portals), else it is the earliest seen. Comparison is limited to listings that
    start on the same day, so this stays fast for large catalogues.
    """
    order = {source: i for i, source in enumerate(preferred_sources)}
    by_day: dict[date | None, list[tuple[Listing, OfferFacts]]] = {}
    for listing in listings:
        facts = OfferFacts.of(listing)
        by_day.setdefault(facts.start, []).append((listing, facts))
    groups: list[list[Listing]] = []
    for day, members in by_day.items():
        day_groups: list[list[tuple[Listing, OfferFacts]]] = []
        for item in members:
            home = None
            if day is not None:
                home = next((g for g in day_groups if same_offer(g[0][1], item[1])), None)
            if home is None:
                day_groups.append([item])
            else:
                home.append(item)
        for group in day_groups:
            group.sort(key=lambda it: (order.get(it[0].source_id, len(order)), it[0].id))
            groups.append([listing for listing, _ in group])
    return groups


def duplicate_links(listings: Sequence[Listing]) -> dict[str, str]:
    """Alternate listing id → canonical listing id, for the same offer from different sources.

    The canonical record is the earliest seen, then the smallest id, so the choice does not
    change from run to run; a source's own listings are never folded into each other (two
    sessions of one course on one day are two offers of that source).
    """
    links: dict[str, str] = {}
    latest = datetime.max.replace(tzinfo=UTC)
    for group in group_duplicates(sorted(listings, key=lambda lst: lst.id)):
        if len(group) < 2:
            continue
        canonical, *rest = sorted(group, key=lambda lst: (lst.first_seen or latest, lst.id))
        for alternate in rest:
            if alternate.source_id != canonical.source_id:
                links[alternate.id] = canonical.id
    return links
