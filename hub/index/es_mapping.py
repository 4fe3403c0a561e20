"""The Elasticsearch index: German analysis, field mapping, and a Listing as an index document.

The searchable text is the same as Tantivy's (``body_text``), so both backends find the same
listings for the same words.
"""

from __future__ import annotations

from typing import Any

from hub.index.analysis import (
    compound_text,
    coordinates,
    price_facet,
    region_paths,
    schedule_span,
)
from hub.index.series import series_key
from hub.index.tantivy_schema import body_text, facts_text, place_text
from hub.model import Listing

#: full text: lowercase, German stop words, umlauts and ae/oe/ue folded, light German stemming
GERMAN = "regiohub_german"
#: search-as-you-type: the same folding without stemming (a stem is no prefix of what is typed)
FOLDED = "regiohub_folded"

#: exact-match fields for filters and facets (``partner`` holds the partner's name,
#: ``region_path`` every region code with its ancestors, ``region`` the codes as tagged)
KEYWORD_FIELDS: tuple[str, ...] = (
    "kind",
    "partner",
    "region",
    "mode",
    "topic",
    "audience",
    "free",
    "region_path",
    "schedule",
)
#: longer values are kept in the listing but not indexed: Lucene refuses terms over 32 KB
_KEYWORD_IGNORE_ABOVE = 1024
MAX_RESULT_WINDOW = 10_000

ANALYSIS: dict[str, Any] = {
    "filter": {
        "regiohub_german_stop": {"type": "stop", "stopwords": "_german_"},
        "regiohub_german_stemmer": {"type": "stemmer", "language": "light_german"},
    },
    "analyzer": {
        # the order of Elasticsearch's own "german" analyzer; stop words are matched before
        # normalisation because the list spells them with umlauts ("für", "über")
        GERMAN: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "regiohub_german_stop",
                "german_normalization",
                "regiohub_german_stemmer",
                "asciifolding",
            ],
        },
        FOLDED: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "german_normalization", "asciifolding"],
        },
    },
}


def index_settings(shards: int, replicas: int | None) -> dict[str, Any]:
    """Settings of one generation; replicas left to the cluster's default unless given."""
    settings: dict[str, Any] = {
        "number_of_shards": shards,
        "max_result_window": MAX_RESULT_WINDOW,
        "analysis": ANALYSIS,
    }
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    return settings


def _keyword() -> dict[str, Any]:
    return {"type": "keyword", "ignore_above": _KEYWORD_IGNORE_ABOVE}


MAPPINGS: dict[str, Any] = {
    # a typo in a field name must fail loudly, not create a field nobody searches
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "title": {
            "type": "text",
            "analyzer": GERMAN,
            "fields": {"prefix": {"type": "text", "analyzer": FOLDED}},
        },
        "body": {"type": "text", "analyzer": GERMAN},
        # the venue and the names of who offers it, each weighted on its own (see body_text)
        "place": {"type": "text", "analyzer": GERMAN},
        "facts": {"type": "text", "analyzer": GERMAN},
        # parts of German compounds ("Datenschutzschulung" → datenschutz schulung)
        "parts": {"type": "text", "analyzer": GERMAN},
        **{name: _keyword() for name in KEYWORD_FIELDS},
        "start": {"type": "date"},
        "end": {"type": "date"},
        "deadline": {"type": "date"},
        "location": {"type": "geo_point"},
        # the series an occurrence belongs to (hub.index.series)
        "series": {"type": "keyword"},
        # marks a listing deleted while a rebuild loads this generation (see ``tombstone``)
        "tombstone": {"type": "boolean"},
        # the listing as JSON, returned with hits; never indexed, so never searchable
        "listing": {"type": "object", "enabled": False},
    },
}


def listing_document(listing: Listing) -> dict[str, Any]:
    """The index document for ``listing``; repeated values are dropped so facets count once."""
    data = listing.model_dump(mode="json")
    body = body_text(data)
    start, end = schedule_span(data)
    funding = data.get("funding") or {}
    point = coordinates(data)
    return {
        "id": listing.id,
        "title": listing.title,
        "body": body,
        "place": place_text(data),
        "facts": facts_text(data),
        "kind": listing.kind,
        "partner": listing.partner.name,
        "region": list(dict.fromkeys(listing.regions)),
        "mode": listing.mode,
        "topic": list(dict.fromkeys(listing.topics)),
        "audience": list(dict.fromkeys(listing.audiences)),
        "free": price_facet(data),
        "schedule": (data.get("schedule") or {}).get("kind"),
        "region_path": region_paths(listing.regions),
        "parts": compound_text(listing.title, body),
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "deadline": funding.get("deadline"),
        "location": {"lat": point[0], "lon": point[1]} if point else None,
        "series": series_key(listing.source_id, listing.source_key),
        "listing": data,
    }


def tombstone(listing_id: str) -> dict[str, Any]:
    """A deletion marker in a generation being built; removed before the alias moves to it."""
    return {"id": listing_id, "tombstone": True}
