"""The same offer listed twice — by its provider and by a portal — recognised as one.

Two listings are the same offer when their titles name the same thing once the packaging is
removed (``Webinar:``, ``(Online-Seminar)``, quotes, case), they start on the same day, and
their places do not contradict each other. A course that runs again next month, or another
offer on the same day, is not a duplicate. ``group_duplicates`` turns a list of listings into
groups whose first member is the canonical record (the provider's own, if configured) and the
rest are alternate sources.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TypeVar

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
T = TypeVar("T")
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

    @classmethod
    def stored(
        cls, start: date | None, folded_city: str | None, online: bool, words: frozenset[str]
    ) -> OfferFacts:
        """Facts as the duplicate index keeps them: title words and city already folded."""
        facts = cls("", start, None, online)
        facts.__dict__["words"] = words  # fills the cached properties below
        facts.__dict__["folded_city"] = folded_city
        return facts

    @cached_property
    def words(self) -> frozenset[str]:
        """The title's words, worked out once: a catalogue compares each listing many times."""
        return title_words(self.title)

    @cached_property
    def folded_city(self) -> str | None:
        """The city as compared (folded once, not on every comparison); None when unknown."""
        return fold(self.city) if self.city else None


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
    ca, cb = a.folded_city, b.folded_city
    if ca is not None and cb is not None and not a.online and not b.online and ca != cb:
        return False
    wa, wb = a.words, b.words
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= TITLE_SIMILARITY


def probe_words(words: frozenset[str], frequency: Callable[[str], int]) -> list[str]:
    """The few title words that are enough to find every possible duplicate of a title.

    A title at least ``TITLE_SIMILARITY`` alike (Jaccard) shares at least ``ceil(t·n)`` of
    the ``n`` words, so it must contain one of any ``n - ceil(t·n) + 1`` of them (prefix
    filtering). With every listing filed under all its words, looking up only the rarest
    ones (one for titles of up to four words) finds all candidates while reading the
    fewest entries; ``frequency`` says how often a word is filed on that day.
    """
    n = len(words)
    if not n:
        return []
    # a slightly longer prefix is always safe, a shorter one would miss pairs: round down
    keep = n - math.ceil(TITLE_SIMILARITY * n - 1e-9) + 1
    return sorted(words, key=lambda w: (frequency(w), w))[:keep]


def size_range(n: int) -> tuple[int, int]:
    """Word counts a title of ``n`` words can be alike enough with (Jaccard ≤ min/max)."""
    low = math.ceil(TITLE_SIMILARITY * n - 1e-9)
    high = math.floor(n / TITLE_SIMILARITY + 1e-9)
    return low, high


def group_facts(members: Iterable[tuple[T, OfferFacts]]) -> list[list[T]]:
    """Groups of one offer among facts of one start day, in the given order (first = leader).

    Each member joins the first earlier group whose first member is the same offer. The result
    for a member depends only on the members it is connected to by ``same_offer``, which is
    what lets the duplicate index regroup just the neighbourhood of a change.
    """
    groups: list[list[tuple[T, OfferFacts]]] = []
    for item in members:
        home = None
        if item[1].start is not None:
            home = next((g for g in groups if same_offer(g[0][1], item[1])), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return [[key for key, _ in group] for group in groups]


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
    for members in by_day.values():
        for group in group_facts(members):
            group.sort(key=lambda lst: (order.get(lst.source_id, len(order)), lst.id))
            groups.append(group)
    return groups


@dataclass(frozen=True)
class Member:
    """What choosing a group's canonical record needs of a listing."""

    id: str
    source_id: str
    first_seen: datetime | None


def group_links(groups: Iterable[Sequence[Member]]) -> dict[str, str]:
    """Alternate listing id → canonical listing id for groups of one offer (see below)."""
    links: dict[str, str] = {}
    latest = datetime.max.replace(tzinfo=UTC)
    for group in groups:
        if len(group) < 2:
            continue
        canonical, *rest = sorted(group, key=lambda m: (m.first_seen or latest, m.id))
        for alternate in rest:
            if alternate.source_id != canonical.source_id:
                links[alternate.id] = canonical.id
    return links


def duplicate_links(listings: Sequence[Listing]) -> dict[str, str]:
    """Alternate listing id → canonical listing id, for the same offer from different sources.

    The canonical record is the earliest seen, then the smallest id, so the choice does not
    change from run to run; a source's own listings are never folded into each other (two
    sessions of one course on one day are two offers of that source).
    """
    groups = group_duplicates(sorted(listings, key=lambda lst: lst.id))
    return group_links(
        [Member(lst.id, lst.source_id, lst.first_seen) for lst in group] for group in groups
    )
