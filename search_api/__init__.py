"""The search API and the German web pages over one search index and one catalogue store."""

from search_api.app import create_app
from search_api.context import ListingLookup

__all__ = ["ListingLookup", "create_app"]
