"""The SearchIndex protocol every backend implements, and the query/result shapes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol, runtime_checkable

from hub.index.intent import Understood
from hub.index.relax import Relaxation
from hub.model import Listing

#: the facets the search API shows, named like the ``SearchQuery`` filter they narrow
#: (kept to the original four so callers that pair each with ``getattr(query, name)`` still work)
FACET_FIELDS: tuple[str, ...] = ("kind", "partner", "region", "mode")

#: every facet every backend computes, in display order: ``FACET_FIELDS`` plus
#: ``topic`` and ``audience`` (codes, narrowed by ``SearchQuery.topic``/``.audience``),
#: ``free`` (values ``"free"``/``"paid"``; listings with an unknown price count in neither;
#: narrowed by ``free_only``) and ``deadline`` (funding only: ``"open"``/``"closed"`` at
#: ``SearchQuery.now``; narrowed by ``open_deadline``)
ALL_FACET_FIELDS: tuple[str, ...] = (
    "kind",
    "topic",
    "audience",
    "partner",
    "region",
    "mode",
    "free",
    "deadline",
)

#: how hits can be ordered
SortOrder = Literal["relevance", "date", "distance"]
SORT_ORDERS: tuple[str, ...] = ("relevance", "date", "distance")


@dataclass(frozen=True)
class SearchQuery:
    """A search: free text plus filters; every filter tuple is OR within itself, filters AND.

    Text is analysed for German (stemming, compounds, umlaut spellings, synonyms from
    ``hub/index/data/synonyms.txt``, typo tolerance for words of 6+ letters); ``"quoted
    phrases"`` must match as written. Field syntax and operators are plain punctuation.
    """

    text: str = ""
    #: listing kinds (``course``, ``funding``, ``advice``, ``event``, ``good_practice``)
    kind: tuple[str, ...] = ()
    #: partner names as shown in the ``partner`` facet
    partner: tuple[str, ...] = ()
    #: region codes, hierarchical: ``DE-SN`` also matches listings tagged with any code below it
    #: (a Kreis or Gemeinde code written ``DE-SN-…``); ``DE`` matches all of Germany
    region: tuple[str, ...] = ()
    #: delivery modes (``online``, ``in_person``, ``hybrid``)
    mode: tuple[str, ...] = ()
    page: int = 1
    size: int = 20
    #: topic codes of the hub taxonomy (``Listing.topics``)
    topic: tuple[str, ...] = ()
    #: audiences (``Listing.audiences``, e.g. ``KMU``, ``Beschäftigte``)
    audience: tuple[str, ...] = ()
    #: only listings whose price says free of charge (``price.free`` is true)
    free_only: bool = False
    #: dated listings whose schedule overlaps [date_from, date_to] (whole days, Europe/Berlin);
    #: undated listings are left out as soon as either bound is set
    date_from: date | None = None
    date_to: date | None = None
    #: None (default): courses and events whose schedule has ended before ``now`` are left out,
    #: undated and ongoing ones stay; True: the same for every kind; False: no date filter
    upcoming_only: bool | None = None
    #: schedule kinds (``ongoing``, ``on_request``: listings whose partner states no dates –
    #: "laufend buchbar", "nach Vereinbarung"); narrows hits and every facet
    schedule: tuple[str, ...] = ()
    #: only funding that can still be applied for: deadline at or after ``now``, or no deadline
    open_deadline: bool = False
    #: (lat, lon) in degrees: with ``radius_km``, only listings whose place lies within that
    #: distance; without, every listing, and hits get ``distance_km`` (for sorting/showing)
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    #: "relevance" (default; title matches and upcoming offers first), "date" (soonest start
    #: first, undated last), "distance" (nearest first, needs ``near``; places unknown last)
    sort: SortOrder = "relevance"
    #: deep paging: ``SearchResults.next_cursor`` of the previous page; replaces ``page``
    #: (the page is the one after the cursor, ``size`` hits long) and keeps cost flat
    search_after: str | None = None
    #: the instant "upcoming" and "open deadline" are measured against; None = now
    now: datetime | None = None
    #: only the occurrences of this series (``hub.index.series.series_key``), e.g. for the
    #: dates on a detail page; series are not folded then
    series: str | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    #: the listing as stored in the index (``Listing.model_dump(mode="json")``)
    listing: dict[str, Any]
    #: field name → HTML snippet with matches wrapped in ``<mark>…</mark>`` (escaped otherwise)
    highlights: dict[str, str] = field(default_factory=dict)
    #: great-circle distance from ``SearchQuery.near`` to the listing's place, when both known
    distance_km: float | None = None
    #: a relaxed search's hit that lacks some of the words (``SearchResults.relaxation``)
    partial: bool = False
    #: other dates of the same series folded into this hit (``hub.index.series``), soonest first
    series_dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    #: facet field (ALL_FACET_FIELDS) → values with counts, most frequent first; each facet is
    #: counted under the text and every *other* filter, so users see the alternatives
    facets: dict[str, list[FacetValue]]
    page: int
    size: int
    #: pass as ``SearchQuery.search_after`` to get the next page; None after the last page
    next_cursor: str | None = None
    #: set when too little matched every word and one word was enough (``hub.index.relax``)
    relaxation: Relaxation | None = None
    #: the typed word → the word of the catalogue it was taken for ("Meinten Sie …?")
    corrections: dict[str, str] = field(default_factory=dict)
    #: place, kind, mode, price and audience words that became filters or boosts
    understood: tuple[Understood, ...] = ()


@runtime_checkable
class SearchIndex(Protocol):
    """A projection of the catalogue that can be rebuilt from the store at any time."""

    def ensure(self) -> None:
        """Create the index if it does not exist yet."""

    def upsert(self, listings: Iterable[Listing]) -> int:
        """Add or replace listings by id; returns how many were written. Visible after return."""

    def delete(self, ids: Iterable[str]) -> int:
        """Remove listings by id; returns how many ids were asked to be removed."""

    def search(self, query: SearchQuery) -> SearchResults:
        """Search with filters, facets (ALL_FACET_FIELDS, counted under the filters), highlights."""

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Titles (or terms) starting with ``prefix`` for search-as-you-type."""

    def count(self) -> int:
        """Number of listings in the index."""

    def rebuild(self, listings: Iterable[Listing]) -> int:
        """Build a new generation and switch to it atomically; searches keep answering.

        Upserts and deletes made while the rebuild runs are applied to the new generation too.
        """

    def close(self) -> None:
        """Release files and connections."""


@runtime_checkable
class VersionedIndex(Protocol):
    """Optional capability: an index that can say cheaply whether its content changed.

    The API keeps recent answers (``search_api.answers``) only for indexes that have it; the
    version must change with every commit or generation switch, from any process.
    """

    def version(self) -> str:
        """A token that changes whenever what searches see changes."""


def runs_in_process(index: SearchIndex) -> bool:
    """Whether the index computes in this process (CPU-bound) rather than waiting on a server.

    An async server answers in-process searches on its event loop (handing CPU work to a
    thread only adds GIL hand-offs) and sends searches that wait on a network to a thread.
    """
    return bool(getattr(index, "in_process", False))
