"""Query strings for the HTML page: add or remove a filter, go to a page."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from starlette.datastructures import QueryParams

from search_api.schemas import SearchParams

SEARCH_PATH = "/"
LIST_FIELDS = ("kind", "partner", "region", "mode")


def raw_params(query: QueryParams) -> dict[str, object]:
    """Request query → input for ``SearchParams``: list fields keep every repeated value."""
    data: dict[str, object] = {f: query.getlist(f) for f in LIST_FIELDS if f in query}
    for name in ("q", "page", "size"):
        value = query.get(name)
        if value not in (None, ""):
            data[name] = value
    return data


def search_url(params: SearchParams, **changes: object) -> str:
    """The search page for ``params`` with ``changes``; defaults are left out of the URL."""
    target = params.model_copy(update=changes)
    pairs: list[tuple[str, str | int]] = []
    if target.q:
        pairs.append(("q", target.q))
    for field, values in target.filters().items():
        pairs.extend((field, value) for value in values)
    if target.page != 1:
        pairs.append(("page", target.page))
    if target.size != SearchParams.model_fields["size"].default:
        pairs.append(("size", target.size))
    return f"{SEARCH_PATH}?{urlencode(pairs)}" if pairs else SEARCH_PATH


def add_filter(params: SearchParams, field: str, value: str) -> str:
    """Link that narrows the search by one more facet value (back to page 1)."""
    current: list[str] = getattr(params, field)
    if value in current:
        return search_url(params, page=1)
    return search_url(params, page=1, **{field: [*current, value]})


def remove_filter(params: SearchParams, field: str, value: str) -> str:
    """Link that drops one active facet value (back to page 1)."""
    current: list[str] = getattr(params, field)
    return search_url(params, page=1, **{field: [v for v in current if v != value]})


def page_url(params: SearchParams, page: int) -> str:
    return search_url(params, page=page)


def safe_href(url: str | None) -> str | None:
    """The URL if it is a web address; partner data must never become a ``javascript:`` link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None
