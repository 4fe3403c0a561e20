"""``GET /api/v1/changes``: the federation change feed another regiohub harvests.

An ordered, resumable feed of upserts and deletions (tombstones) in the spirit of OpenActive
RPDE: a reader keeps the ``next`` cursor of each page and asks again with ``after=next``
until a page comes back empty. The store keeps only each listing's newest change, so a reader
that starts at 0 ends up holding exactly this catalogue, deletions included.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel

from hub.model import Listing
from search_api.context import AppContext, get_context
from search_api.problems import PROBLEM_RESPONSES
from search_api.schemas import ProblemOut

#: change seqs are SQLite integers (64-bit signed): a larger cursor is no cursor of ours
MAX_CURSOR = 2**63 - 1
router = APIRouter(
    prefix="/api/v1",
    tags=["federation"],
    responses={
        **PROBLEM_RESPONSES,
        501: {"model": ProblemOut, "description": "Kein Änderungsprotokoll / no change log"},
    },
)
MAX_LIMIT = 1000


class ChangeOut(BaseModel):
    seq: int
    op: Literal["upsert", "delete"]
    id: str
    source_id: str
    at: str
    #: the listing as stored now (upsert) or as it was last stored (delete)
    listing: Listing


class ChangesOut(BaseModel):
    changes: list[ChangeOut]
    #: pass this as ``after`` to read on; equal to ``after`` when nothing new came
    next: int


@router.get("/changes", response_model=ChangesOut, summary="Änderungen / change feed")
def changes(
    context: Annotated[AppContext, Depends(get_context)],
    after: Annotated[
        int,
        Query(ge=0, le=MAX_CURSOR, description="Cursor: the last seq already read"),
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Changes per page")] = 500,
) -> ChangesOut:
    """Upserts and deletions after the cursor ``after``, oldest first (federation feed)."""
    store: Any = context.listings
    if not hasattr(store, "changes"):
        raise HTTPException(501, "Dieser Katalogspeicher führt kein Änderungsprotokoll.")
    page = store.changes(after=after, limit=limit)
    out = [
        ChangeOut(
            seq=c.seq, op=c.op, id=c.listing_id, source_id=c.source_id, at=c.at, listing=c.listing
        )
        for c in page
    ]
    return ChangesOut(changes=out, next=out[-1].seq if out else after)
