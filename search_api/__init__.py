"""The search API and the German web pages over one search index and one catalogue store.

``create_app`` and ``ListingLookup`` are imported on first use: importing a module of this
package (its plugin, say) must not import FastAPI and the whole app with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search_api.app import create_app
    from search_api.context import ListingLookup

__all__ = ["ListingLookup", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from search_api.app import create_app

        return create_app
    if name == "ListingLookup":
        from search_api.context import ListingLookup

        return ListingLookup
    raise AttributeError(f"module 'search_api' has no attribute {name!r}")
