"""The Elasticsearch index backend's registration, without the Elasticsearch client.

A built-in plugin (hub/plugins.py): it names the URL schemes of ``hub.index.elasticsearch``
and imports that module, with the client, only when an index is opened by such a URL. Every
hub process loads the built-in plugins (the harvest's workers, the CLI, the rebuild), and
most run on Tantivy: the client and its transports are ≈ 30 MiB of memory in each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hub.hookspecs import hookimpl

#: URL scheme → the protocol spoken to the nodes
SCHEMES: dict[str, str] = {
    "elasticsearch": "http",
    "elasticsearch+http": "http",
    "elasticsearch+https": "https",
}


def open_elasticsearch(url: str) -> Any:
    """The backend's factory: ``ElasticsearchIndex.from_url``, imported on first use."""
    from hub.index.elasticsearch import ElasticsearchIndex

    return ElasticsearchIndex.from_url(url)


@hookimpl
def register_index_backends(register: Callable[[str, Callable[..., Any]], None]) -> None:
    for scheme in SCHEMES:
        register(scheme, open_elasticsearch)
