"""The SearchIndex protocol every backend implements, and the query/result shapes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from hub.model import Listing

#: the facets every backend computes, in display order
FACET_FIELDS: tuple[str, ...] = ("kind", "partner", "region", "mode")


@dataclass(frozen=True)
class SearchQuery:
    """A search: free text plus exact-match filters; every filter list is OR within itself."""

    text: str = ""
    kind: tuple[str, ...] = ()
    partner: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    page: int = 1
    size: int = 20

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


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    #: facet field → values with counts, most frequent first
    facets: dict[str, list[FacetValue]]
    page: int
    size: int


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
        """Search with filters, facets (FACET_FIELDS, counted under the filters), highlights."""

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Titles (or terms) starting with ``prefix`` for search-as-you-type."""

    def count(self) -> int:
        """Number of listings in the index."""

    def rebuild(self, listings: Iterable[Listing]) -> int:
        """Build a new generation and switch to it atomically; searches keep answering."""

    def close(self) -> None:
        """Release files and connections."""
