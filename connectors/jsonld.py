"""The ``jsonld`` connector: schema.org items embedded in partner pages (JSON-LD, microdata,
RDFa via extruct). Pages come from list pages (``start_urls`` + ``item_links``) or a sitemap.

Like ``html``, it reads what the server sends: JavaScript-built pages are not supported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import Field, HttpUrl, field_validator, model_validator

from connectors import _pages
from connectors._schemaorg import TYPE_KINDS, extract_items, fields_of, types_of
from connectors.base import Connector, ConnectorOptions
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import RawRecord

DEFAULT_TYPES = (
    "Course", "Event", "EducationEvent", "BusinessEvent", "GovernmentService", "MonetaryGrant",
)  # fmt: skip


class JsonldOptions(ConnectorOptions):
    """``[source.options]`` of a ``jsonld`` source: list pages or a sitemap, and types."""

    start_urls: list[HttpUrl] = Field(default_factory=list)
    #: selector for detail links on the start pages; without it the start pages are read
    item_links: str | None = None
    next_page: str | None = None
    sitemap: HttpUrl | None = None
    #: regular expression a page URL must match (e.g. "/kurse/")
    include: str | None = None
    types: list[str] = Field(default_factory=lambda: list(DEFAULT_TYPES))
    max_pages: int = Field(500, ge=1, le=100_000)
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)

    @field_validator("item_links", "next_page")
    @classmethod
    def _selector(cls, value: str | None) -> str | None:
        return None if value is None else _pages.check_selector(value)

    @field_validator("include")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"'{value}' is not a regular expression ({exc})") from None
        return value

    @field_validator("types")
    @classmethod
    def _types(cls, types: list[str]) -> list[str]:
        unknown = sorted(set(types) - set(TYPE_KINDS))
        if unknown:
            raise ValueError(
                f"unsupported type(s) {', '.join(unknown)}; use {', '.join(TYPE_KINDS)}"
            )
        return types

    @model_validator(mode="after")
    def _one_way_to_pages(self) -> JsonldOptions:
        if bool(self.start_urls) == bool(self.sitemap):
            raise ValueError("give either start_urls (list pages) or sitemap, not both or neither")
        return self


def page_records(
    connector: Connector, page_url: str, html: str, types: list[str]
) -> Iterator[RawRecord]:
    """One record per schema.org item of the wanted types on a page."""
    items = [i for i in extract_items(html, page_url) if set(types_of(i)) & set(types)]
    for position, item in enumerate(items):
        fields = fields_of(item)
        item_id = str(item.get("@id") or "")
        own_url = fields_of_url(item)
        if item_id and not item_id.startswith("_:"):
            key = item_id if "://" in item_id else f"{page_url}#{item_id.lstrip('#')}"
        elif len(items) == 1:
            key = page_url
        else:
            key = own_url or f"{page_url}#{position + 1}"
        yield connector.record(key=key, url=own_url or page_url, **fields)


def fields_of_url(item: dict[str, Any]) -> str | None:
    url = item.get("url")
    url = url[0] if isinstance(url, list) and url else url
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


class JsonldConnector(Connector):
    """Reads schema.org offers from a partner's pages."""

    name: ClassVar[str] = "jsonld"
    Options: ClassVar[type[ConnectorOptions]] = JsonldOptions
    options: JsonldOptions

    def fetch(self) -> Iterator[RawRecord]:
        o = self.options
        http, notes = self.context.http, self.context.notes
        http.timeout_s, http.max_bytes = o.timeout, o.max_bytes
        if o.sitemap:
            sitemap = _pages.read_sitemap(http, str(o.sitemap), notes)
            urls = [loc for loc, _ in sitemap.entries]
            self.context.partial = not sitemap.complete
        elif o.item_links:
            starts = [str(u) for u in o.start_urls]
            urls, complete = _pages.from_list_pages(
                http, starts, o.item_links, o.next_page, o.max_pages, notes
            )
            self.context.partial = not complete
        else:
            urls = [str(u) for u in o.start_urls]
        if o.include:
            urls = [u for u in urls if re.search(o.include, u)]
        if len(urls) > o.max_pages:
            notes.append(f"read only the first max_pages = {o.max_pages} of {len(urls)} pages")
            urls = urls[: o.max_pages]
            self.context.partial = True
        seen: set[str] = set()
        failed: list[str] = []
        for url, html in _pages.read_pages(http, urls, notes, failed):
            found = 0
            for record in page_records(self, url, html, o.types):
                found += 1
                if record.key not in seen:
                    seen.add(record.key)
                    yield record
            if not found:
                notes.append(f"{url} has no schema.org item of the types {', '.join(o.types)}")
        self.context.partial = self.context.partial or bool(failed)


@hookimpl
def register_connectors(register: Any) -> None:
    register(JsonldConnector)
