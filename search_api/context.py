"""What the routes need from the rest of the hub: an index and a way to look listings up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from fastapi import Request

from hub.config import Settings
from hub.index.base import SearchIndex
from hub.model import Listing
from search_api.answers import AnswerCache
from search_api.caching import CatalogueClock

if TYPE_CHECKING:
    from search_api.harvesting import HarvestRunner


@runtime_checkable
class ListingLookup(Protocol):
    """Read access to the catalogue store (``hub.store.Store`` satisfies it)."""

    def get_listing(self, listing_id: str) -> Listing | None:
        """The listing with this id, or None."""

    def count_listings(self) -> int:
        """Number of listings in the catalogue."""


@dataclass(frozen=True)
class AppContext:
    """The collaborators one app instance was built with (kept on ``app.state.context``)."""

    index: SearchIndex
    listings: ListingLookup
    settings: Settings
    #: when the catalogue last changed, for ``Last-Modified``
    clock: CatalogueClock = field(default_factory=lambda: CatalogueClock(None))
    #: runs harvests for the admin endpoints; None when the app cannot reach a full runtime
    harvests: HarvestRunner | None = None
    #: recent search answers (``search_api.answers``); None keeps none
    answers: AnswerCache | None = None


async def get_context(request: Request) -> AppContext:
    """FastAPI dependency: the context of the app serving this request.

    ``async`` although it awaits nothing: FastAPI runs a plain ``def`` dependency in a worker
    thread, and handing every request to a thread and back cost more than the lookup.
    """
    context: AppContext = request.app.state.context
    return context
