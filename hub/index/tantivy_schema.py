"""The Tantivy schema, its German analyzers, and how a Listing becomes an index document."""

from __future__ import annotations

import base64
import threading
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

import orjson
import tantivy

from hub.index.analysis import (
    compound_text,
    coordinates,
    price_facet,
    region_paths,
    schedule_span,
)
from hub.index.series import series_key
from hub.index.snippets import facts, prose
from hub.index.tantivy_geo import cell_terms
from hub.model import Listing

#: German full-text analysis: stop words out, Snowball stem, then fold what diacritics remain.
GERMAN = "regiohub_de"
#: search-as-you-type: no stemming (prefixes of unstemmed words), umlauts spelled out first.
FOLDED = "regiohub_fold"

#: fields filtered and/or counted exactly (raw tokenizer, fast); ``region_path`` holds every
#: region code with its ancestors (what region filters match), ``region`` the codes as tagged
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
#: keyword fields a document holds at most once (``row_document``): facets under several of
#: their values can be summed per value (``tantivy_facets``)
SINGLE_VALUED_FIELDS = frozenset({"kind", "partner", "mode", "free"})
#: date fields: schedule start and end (end = last known end, else start), funding deadline
DATE_FIELDS: tuple[str, ...] = ("start", "end", "deadline")

_MAX_TOKEN_CHARS = 40


def german_analyzer() -> tantivy.TextAnalyzer:
    """Lowercase, German stop words, Snowball German stemmer, then ASCII folding.

    The Snowball German stemmer already maps ä/ö/ü/ß and the spellings ae/oe/ue onto one form
    ("Förderung" and "Foerderung" both become ``forder``), so folding runs after it and only
    catches the diacritics German stemming leaves alone (é, ñ, …). Folding *before* stemming
    gives the same terms for German words but would hide umlauts from the stemmer's rules.
    """
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stopword("german"))
        .filter(tantivy.Filter.stemmer("german"))
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def folded_analyzer() -> tantivy.TextAnalyzer:
    """Lowercase and ASCII folding only; input is passed through ``fold_german`` first."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def fold_german(text: str) -> str:
    """Spell umlauts out (ä → ae, ß → ss) so "För" and "Foer" are the same prefix."""
    text = text.lower()
    if text.isascii():
        return text
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name=GERMAN)
    builder.add_text_field("body", tokenizer_name=GERMAN)
    builder.add_text_field("place", tokenizer_name=GERMAN)
    builder.add_text_field("facts", tokenizer_name=GERMAN)
    builder.add_text_field("title_prefix", tokenizer_name=FOLDED, index_option="freq")
    # parts of German compounds in title and body ("Datenschutzschulung" → datenschutz schulung)
    builder.add_text_field("parts", tokenizer_name=GERMAN)
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in DATE_FIELDS:
        builder.add_date_field(name, indexed=True, fast=True)
    # the listing's cell on every level of the geo grid (see tantivy_geo)
    builder.add_text_field("geo_cell", tokenizer_name="raw", index_option="basic")
    # the series an occurrence belongs to (hub.index.series), stored to fold a page cheaply;
    # ``flags`` says "series" on each, so a search knows in one look-up whether to fold at all
    builder.add_text_field("series", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("flags", tokenizer_name="raw", index_option="basic")
    builder.add_float_field("lat", indexed=True, fast=True)
    builder.add_float_field("lon", indexed=True, fast=True)
    # bytes, not text: a text field is always indexed, and the listing JSON must not be searchable
    builder.add_bytes_field("doc", stored=True)
    return builder.build()


SCHEMA = build_schema()


def register_analyzers(index: tantivy.Index) -> None:
    """Analyzers live on the Index object, not on disk: every opened index needs them."""
    index.register_tokenizer(GERMAN, german_analyzer())
    index.register_tokenizer(FOLDED, folded_analyzer())


def body_text(listing: Mapping[str, Any]) -> str:
    """The searchable body of a listing (``Listing.model_dump(mode="json")`` form).

    What the offer is about: the prose of its description, topics, audiences and funding
    programme. The venue is in ``place_text``; the description's labelled fact lines
    ("Kontakt: …, Cottbus") and the names of partner, provider and funder are in
    ``facts_text``; each is a field with its own weight, so a partner called "… Digitalisierung
    Brandenburg" does not make every one of its offers match "Digitalisierung", nor a contact
    address in Cottbus every offer "in Cottbus".
    """
    funding = listing.get("funding") or {}
    parts: list[str | None] = [
        prose(listing.get("description_text")),
        " ".join(listing.get("topics") or ()),
        " ".join(listing.get("audiences") or ()),
        funding.get("programme"),
    ]
    return "\n".join(part for part in parts if part)


def place_text(listing: Mapping[str, Any]) -> str:
    """Where the offer takes place: the place text, city and postcode."""
    place = listing.get("place") or {}
    city = place.get("city")
    text = place.get("text") or ""
    parts = [text, city if city and city not in text else None, place.get("postcode")]
    return "\n".join(part for part in parts if part)


def facts_text(listing: Mapping[str, Any]) -> str:
    """The description's fact lines, and who offers it: partner, provider and funder names."""
    funding = listing.get("funding") or {}
    parts = [
        facts(listing.get("description_text")),
        (listing.get("partner") or {}).get("name"),
        listing.get("provider"),
        funding.get("funder"),
    ]
    return "\n".join(part for part in parts if part)


def listing_document(listing: Listing) -> tantivy.Document:
    """The index document for ``listing``; the listing's JSON is stored in ``doc``."""
    stored = listing.model_dump_json()
    return row_document(orjson.loads(stored), stored.encode())


def row_document(data: dict[str, Any], stored: bytes | None = None) -> tantivy.Document:
    """The index document for a listing in its JSON form (``Listing.model_dump(mode="json")``).

    A rebuild streams stored rows straight from the catalogue into here, with no Listing
    object in between; ``stored`` is the JSON kept in ``doc`` (made from ``data`` if None).
    """
    return tantivy.Document(**row_fields(data, stored))


def row_json(data: dict[str, Any]) -> str:
    """``row_document`` as the JSON ``IndexWriter.add_json`` takes: the same fields, so a
    rebuild can build its documents in other processes and hand them over as text
    (hub/index/tantivy_build.py). Dates in RFC 3339 (the schema's dates are UTC), the stored
    listing in base64 as Tantivy reads a bytes field."""
    fields = row_fields(data)
    fields["doc"] = [base64.b64encode(fields["doc"][0]).decode("ascii")]
    return orjson.dumps(fields, option=orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z).decode()


def row_fields(data: dict[str, Any], stored: bytes | None = None) -> dict[str, list[Any]]:
    """The values of each field of a listing's index document (see ``row_document``)."""
    title = data["title"]
    doc_body = body_text(data)
    fields: dict[str, list[Any]] = {
        "id": [data["id"]],
        "title": [title],
        "title_prefix": [fold_german(title)],
        "body": [doc_body],
        "kind": [data["kind"]],
        "partner": [data["partner"]["name"]],
    }
    if where := place_text(data):
        fields["place"] = [where]
    if who := facts_text(data):
        fields["facts"] = [who]
    regions = tuple(data.get("regions") or ())
    if regions:  # a value twice would count twice in facets
        fields["region"] = list(dict.fromkeys(regions))
        if paths := _region_paths(regions):
            fields["region_path"] = list(paths)
    if mode := data.get("mode"):
        fields["mode"] = [mode]
    if topics := data.get("topics"):
        fields["topic"] = list(dict.fromkeys(topics))
    if audiences := data.get("audiences"):
        fields["audience"] = list(dict.fromkeys(audiences))
    if (free := price_facet(data)) is not None:
        fields["free"] = [free]
    if (schedule_kind := (data.get("schedule") or {}).get("kind")) is not None:
        fields["schedule"] = [schedule_kind]
    if parts := compound_text(title, doc_body):
        fields["parts"] = [parts]
    start, end = schedule_span(data)
    deadline = (data.get("funding") or {}).get("deadline")
    deadline_at = datetime.fromisoformat(deadline) if deadline else None
    for name, value in (("start", start), ("end", end), ("deadline", deadline_at)):
        if value is not None and _MIN_DATE <= value <= _MAX_DATE:
            fields[name] = [value]
    if (point := coordinates(data)) is not None:
        fields["lat"], fields["lon"] = [point[0]], [point[1]]
        fields["geo_cell"] = list(cell_terms(*point))
    if (series := series_key(data["source_id"], data["source_key"])) is not None:
        fields["series"], fields["flags"] = [series], ["series"]
    fields["doc"] = [stored if stored is not None else orjson.dumps(data)]
    return fields


_MIN_DATE, _MAX_DATE = tantivy.MIN_DATETIME, tantivy.MAX_DATETIME


@lru_cache(
    maxsize=4096
)  # a catalogue has few distinct region lists; a rebuild asks a million times
def _region_paths(regions: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(region_paths(list(regions)))


class Analyzers:
    """Query-side analysis, one analyzer set per thread (tantivy analyzers are not shareable)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _get(self) -> tuple[tantivy.TextAnalyzer, tantivy.TextAnalyzer]:
        pair = getattr(self._local, "pair", None)
        if pair is None:
            pair = self._local.pair = (german_analyzer(), folded_analyzer())
        return pair

    def german(self, text: str) -> list[str]:
        return self._get()[0].analyze(text)

    def german_tokens(self, text: str) -> list[tuple[int, str]]:
        """(position, term) pairs, positions counting stop words, for phrase queries."""
        return [(t.position, t.text) for t in self._get()[0].pre_tokenize(text).tokens]

    def german_offsets(self, text: str) -> list[tuple[str, int, int]]:
        """(term, start, end) with character offsets into ``text``; stop words left out."""
        return [
            (t.text, t.char_offset_from, t.char_offset_to)
            for t in self._get()[0].pre_tokenize(text).tokens
        ]

    def folded(self, text: str) -> list[str]:
        return self._get()[1].analyze(fold_german(text))


ANALYZERS = Analyzers()
