"""Query strings for the HTML pages: add or remove a filter, sort, go to a page, subscribe."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import QueryParams

from hub.model import SCHEDULE_LABELS
from search_api.formatting import format_day, format_number
from search_api.labels import FACET_TITLES, facet_label
from search_api.schemas import LIST_FILTERS, SearchParams

SEARCH_PATH = "/suche"
FEED_PATHS = {
    "atom": "/api/v1/search.atom",
    "ics": "/api/v1/search.ics",
    "csv": "/api/v1/search.csv",
}


def raw_params(query: QueryParams) -> dict[str, object]:
    """Request query → input for ``SearchParams``: list fields keep every repeated value.

    Empty form fields (an unticked box, an empty date) mean "not set", as a person expects.
    """
    data: dict[str, object] = {}
    for name in SearchParams.model_fields:
        if name in LIST_FILTERS:
            values = [v for v in query.getlist(name) if v != ""]
            if values:
                data[name] = values
            continue
        value = query.get(name)
        if value not in (None, ""):
            data[name] = value
    return data


#: each parameter's default, worked out once: pydantic inspects the signature of a default
#: factory on every ``get_default`` call, which made rendering one results page take 0.2 s
_DEFAULTS: dict[str, Any] = {
    name: info.get_default(call_default_factory=True)
    for name, info in SearchParams.model_fields.items()
}


def _pairs(params: SearchParams) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, default in _DEFAULTS.items():
        value: Any = getattr(params, name)
        if value == default or value is None:
            continue
        if isinstance(value, list):
            pairs.extend((name, str(v)) for v in value)
        elif isinstance(value, bool):
            pairs.append((name, "1" if value else "0"))
        elif isinstance(value, date):
            pairs.append((name, value.isoformat()))
        elif isinstance(value, float) and value.is_integer():
            pairs.append((name, str(int(value))))
        else:
            pairs.append((name, str(value)))
    return pairs


def search_url(params: SearchParams, **changes: object) -> str:
    """The results page for ``params`` with ``changes``; defaults are left out of the URL."""
    target = params.model_copy(update=changes)
    pairs = _pairs(target)
    return f"{SEARCH_PATH}?{urlencode(pairs)}" if pairs else SEARCH_PATH


def add_filter(params: SearchParams, field: str, value: str) -> str:
    """Link that narrows the search by one more facet value (back to page 1)."""
    if field == "free":
        return search_url(params, page=1, cursor=None, free=value == "free")
    if field == "deadline":
        return search_url(params, page=1, cursor=None, open_deadline=value == "open")
    current: list[str] = getattr(params, field)
    if value in current:
        return search_url(params, page=1, cursor=None)
    return search_url(params, page=1, cursor=None, **{field: [*current, value]})


def remove_filter(params: SearchParams, field: str, value: str) -> str:
    """Link that drops one active facet value (back to page 1)."""
    current: list[str] = getattr(params, field)
    return search_url(params, page=1, cursor=None, **{field: [v for v in current if v != value]})


def active_filters(params: SearchParams) -> list[tuple[str, str, str]]:
    """(German title, German value, removal link) of every active filter."""
    found = [
        (FACET_TITLES[field], facet_label(field, value), remove_filter(params, field, value))
        for field, values in params.filters().items()
        for value in values
    ]

    def drop(**change: object) -> str:
        return search_url(params, page=1, cursor=None, **change)

    if params.free:
        found.append(("Kosten", "kostenfrei", drop(free=False)))
    if params.open_deadline:
        found.append(("Antragsfrist", "Antrag möglich", drop(open_deadline=False)))
    if params.schedule:
        found.append(("Termin", SCHEDULE_LABELS[params.schedule], drop(schedule=None)))
    if params.date_from:
        found.append(("Termine ab", format_day(params.date_from), drop(date_from=None)))
    if params.date_to:
        found.append(("Termine bis", format_day(params.date_to), drop(date_to=None)))
    if params.upcoming is not None:
        label = "nur kommende" if params.upcoming else "auch vergangene"
        found.append(("Zeitraum", label, drop(upcoming=None)))
    if params.near:
        label = params.near
        if params.radius:
            label += f", Umkreis {format_number(params.radius)} km"
        found.append(("In der Nähe von", label, drop(near=None, radius=None, sort="relevance")))
    return found


def page_url(params: SearchParams, page: int) -> str:
    return search_url(params, page=page, cursor=None)


def sort_url(params: SearchParams, sort: str) -> str:
    return search_url(params, sort=sort, page=1, cursor=None)


def feed_url(params: SearchParams, kind: str) -> str:
    """The same search as a feed; paging is dropped, a feed is always its first page."""
    pairs = [(k, v) for k, v in _pairs(params) if k not in ("page", "cursor")]
    path = FEED_PATHS[kind]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def partner_search_url(name: str) -> str:
    return f"{SEARCH_PATH}?{urlencode([('partner', name)])}"


def kind_search_url(kind: str) -> str:
    return f"{SEARCH_PATH}?{urlencode([('kind', kind)])}"


def safe_href(url: str | None) -> str | None:
    """The URL if it is a web address; partner data must never become a ``javascript:`` link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None
