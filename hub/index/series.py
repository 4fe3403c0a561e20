"""One result per series: occurrences of a recurring event fold into their first hit.

The iCalendar connector keeps each occurrence of a recurring event as a listing of its own,
keyed ``UID@original start`` (UIDs hold an ``@`` themselves, and the start may be written with
an offset or in UTC). A key whose last ``@``-part reads as a date or date-time belongs to the
series named by the part before it; both backends index that as the ``series`` keyword and fold
the occurrences of a page into the best-ranked one, which carries every date of the series
(``Hit.series_dates``) so a result says "6 Termine ab 6. Oktober". Listings of other sources have
no series.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

#: an ISO 8601 date or date-time, extended or basic: "2026-10-06T18:00:00+02:00", "20261006T160000Z"
_WHEN = re.compile(r"\d{4}-?\d{2}-?\d{2}([T ]\d{2}:?\d{2}(:?\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
#: hits read per page when folding series: enough for a page of ten weekly sessions
FETCH_FACTOR = 3

T = TypeVar("T")


def series_key(source_id: str, source_key: str) -> str | None:
    """The series a listing belongs to, or None (a key without a date after its last ``@``)."""
    head, sep, tail = source_key.rpartition("@")
    if not sep or not head or not _WHEN.fullmatch(tail.strip()):
        return None
    return f"{source_id}|{head}"


def fold(items: Sequence[T], key: Callable[[T], str | None]) -> tuple[list[T], dict[int, list[T]]]:
    """The items with each series after its first item left out; first's index → the others."""
    kept: list[T] = []
    first: dict[str, int] = {}
    folded: dict[int, list[T]] = {}
    for item in items:
        k = key(item)
        if k is not None and k in first:
            folded.setdefault(first[k], []).append(item)
            continue
        if k is not None:
            first[k] = len(kept)
        kept.append(item)
    return kept, folded


def fold_window(offset: int, limit: int, max_window: int) -> int:
    """How many ranked hits to read to fill the page after folding series."""
    return min(max_window, (offset + limit) * FETCH_FACTOR)
