"""The search answer as JSON bytes, written straight from the index's results.

``response_out(...).model_dump_json()`` validated every hit and facet value into a response
model and serialised it again: at 20 hits and eight facet groups that cost as much CPU as a
fifth of the search itself. The values come from our own index (the listing's JSON copy is
``Listing.model_dump(mode="json")``) and the presenters' helpers, so here they are put into
plain dicts in the models' field order and encoded by orjson. The bytes are the same as the
models' (tests/test_search_json.py holds them to it over many searches); the OpenAPI schema
still comes from ``SearchResponse``. The HTML pages keep using the models.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

import orjson
from pydantic import TypeAdapter

from hub.index.base import ALL_FACET_FIELDS, FacetValue, Hit, SearchResults
from hub.index.snippets import prose
from hub.model import KIND_LABELS, MODE_LABELS, SCHEDULE_LABELS, Price
from search_api.formatting import format_price, is_free
from search_api.labels import facet_label
from search_api.presenters import (
    HIGHLIGHT_FIELDS,
    api_path,
    deadline_of,
    detail_path,
    summarise,
)
from search_api.schemas import FacetsOut, SearchParams
from search_api.search_notes import dates_label, did_you_mean_out, relaxed_out, understood_out

#: an instant already written the way pydantic writes one (a zero offset it writes as "Z")
_CANONICAL = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?(?:Z|[+-](?!00:00)\d\d:\d\d)?\Z"
)
_INSTANT: TypeAdapter[datetime] = TypeAdapter(datetime)
_FACET_FIELDS = tuple(field for field in FacetsOut.model_fields if field in ALL_FACET_FIELDS)


def instant(value: Any) -> Any:
    """An ISO 8601 value as ``HitOut``'s datetime fields write it (None stays None)."""
    if value is None or (isinstance(value, str) and _CANONICAL.match(value)):
        return value
    return _INSTANT.dump_python(_INSTANT.validate_python(value), mode="json")


def _highlights(highlights: dict[str, str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {"title": None, "body": None}
    for field, snippet in highlights.items():
        name = HIGHLIGHT_FIELDS.get(field)
        if name and snippet and found[name] is None:
            found[name] = snippet
    return found


def hit_json(hit: Hit) -> dict[str, Any]:
    """``presenters.hit_out(hit)`` as a JSON-ready dict, in ``HitOut``'s field order."""
    listing = hit.listing
    schedule = listing.get("schedule") or {}
    raw_price = listing.get("price")
    price = Price.model_validate(raw_price) if raw_price else None
    partner = listing["partner"]
    kind = listing["kind"]
    mode = listing.get("mode")
    dates = [datetime.fromisoformat(d) for d in hit.series_dates]
    return {
        "id": listing["id"],
        "title": listing["title"],
        "summary": summarise(
            prose(listing.get("description_text")) or listing.get("description_text") or ""
        ),
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "partner": {"name": partner["name"], "url": partner.get("url")},
        "url": listing.get("url"),
        "detail_url": detail_path(listing["id"]),
        "api_url": api_path(listing["id"]),
        "start": instant(schedule.get("start")),
        "end": instant(schedule.get("end")),
        "schedule_kind": schedule.get("kind"),
        "schedule_label": SCHEDULE_LABELS.get(schedule.get("kind") or ""),
        "place": listing.get("place"),
        "regions": listing.get("regions") or [],
        "mode": mode,
        "mode_label": MODE_LABELS[mode] if mode else None,
        "price": format_price(price),
        "free": is_free(price),
        "topics": listing.get("topics") or [],
        "audiences": listing.get("audiences") or [],
        "deadline": instant(deadline_of(listing)),
        "distance_km": None if hit.distance_km is None else round(hit.distance_km, 1),
        "highlights": _highlights(hit.highlights),
        "partial": hit.partial,
        "dates": [instant(d.isoformat()) for d in dates],
        "dates_label": dates_label(dates),
        "score": float(hit.score),
    }


def facets_json(facets: dict[str, list[FacetValue]]) -> dict[str, list[dict[str, Any]]]:
    """``presenters.facets_out(facets)`` as a JSON-ready dict, in ``FacetsOut``'s order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for field in FacetsOut.model_fields:
        values = facets.get(field, []) if field in _FACET_FIELDS else []
        out[field] = [
            {"value": f.value, "label": facet_label(field, f.value), "count": f.count}
            for f in values
        ]
    return out


def search_json(params: SearchParams, results: SearchResults) -> bytes:
    """The bytes of ``response_out(params, results).model_dump_json()``, made cheaply."""
    understood = understood_out(results, params.q)
    relaxed = relaxed_out(results, understood)
    did_you_mean = did_you_mean_out(results, params.q)
    answer = {
        "query": params.model_dump(mode="json"),
        "total": results.total,
        "page": params.page,
        "size": params.size,
        "pages": math.ceil(results.total / params.size),
        "next_cursor": getattr(results, "next_cursor", None),
        "hits": [hit_json(hit) for hit in results.hits],
        "facets": facets_json(results.facets),
        "relaxed": None if relaxed is None else relaxed.model_dump(mode="json"),
        "did_you_mean": None if did_you_mean is None else did_you_mean.model_dump(mode="json"),
        "understood": [u.model_dump(mode="json") for u in understood],
    }
    return orjson.dumps(answer)
