"""Search index backends behind one protocol; ``open_index`` picks one by URL scheme."""

from __future__ import annotations

from hub.index.base import FacetValue, Hit, SearchIndex, SearchQuery, SearchResults

__all__ = ["FacetValue", "Hit", "SearchIndex", "SearchQuery", "SearchResults", "open_index"]


def open_index(url: str) -> SearchIndex:
    """Open the index named by ``url``, e.g. ``tantivy:///path`` or ``elasticsearch://host:9200``."""
    from hub.errors import ConfigError
    from hub.plugins import get_registry

    scheme = url.split("://", 1)[0] if "://" in url else ""
    factory = get_registry().index_backends.get(scheme)
    if factory is None:
        known = ", ".join(sorted(get_registry().index_backends)) or "keins"
        raise ConfigError(
            f"REGIOHUB_INDEX='{url}' nennt kein bekanntes Index-Backend; möglich sind: {known}."
        )
    index: SearchIndex = factory(url)
    return index
