"""The ``sitemap`` connector: detail URLs from a sitemap (or sitemap index, also gzipped),
each page read with CSS/XPath selectors (``extract = "html"``) or for schema.org items
(``extract = "jsonld"``).

Incremental runs skip pages whose ``lastmod`` is not newer than the newest one seen before.
A page missing from an incremental run is not deleted: it was only not looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field, HttpUrl, field_validator, model_validator

from connectors import _pages
from connectors.base import Connector, ConnectorOptions
from connectors.jsonld import (
    DEFAULT_TYPES,
    PARTNER_FIELD,
    PartnerPattern,
    page_records,
    partner_for,
)
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import RawRecord

FIELD_NAMES = frozenset(
    {"title", "description", "date", "deadline", "place", "mode", "price", "funding",
     "audience", "topics", "kind", "provider"}
)  # fmt: skip


class SitemapOptions(ConnectorOptions):
    """``[source.options]`` of a ``sitemap`` source."""

    url: HttpUrl
    extract: Literal["html", "jsonld"] = "jsonld"
    #: for ``extract = "html"``: field -> selector (CSS, or XPath with the prefix ``xpath:``)
    fields: dict[str, str] = Field(default_factory=dict)
    #: for ``extract = "jsonld"``: schema.org types to harvest
    types: list[str] = Field(default_factory=lambda: list(DEFAULT_TYPES))
    include: str | None = None
    #: per-URL partners, first match wins; other pages belong to the source's partner
    partners: list[PartnerPattern] = Field(default_factory=list)
    max_pages: int = Field(500, ge=1, le=100_000)
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)

    @field_validator("fields")
    @classmethod
    def _selectors(cls, fields: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(fields) - FIELD_NAMES)
        if unknown:
            raise ValueError(f"unbekannte Feldnamen {', '.join(unknown)}")
        return {name: _pages.check_selector(s) for name, s in fields.items()}

    @field_validator("include")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"'{value}' ist kein regulärer Ausdruck ({exc})") from None
        return value

    @model_validator(mode="after")
    def _html_needs_title(self) -> SitemapOptions:
        if self.extract == "html" and "title" not in self.fields:
            raise ValueError(
                "extract = 'html' braucht fields mit mindestens einem Selektor für 'title'"
            )
        return self


class SitemapConnector(Connector):
    """Reads the pages a sitemap lists; incremental by ``lastmod``."""

    name: ClassVar[str] = "sitemap"
    Options: ClassVar[type[ConnectorOptions]] = SitemapOptions
    incremental: ClassVar[frozenset[str]] = frozenset({"lastmod"})
    options: SitemapOptions

    def fetch(self) -> Iterator[RawRecord]:
        o = self.options
        http, notes, state = self.context.http, self.context.notes, self.context.state
        http.timeout_s, http.max_bytes = o.timeout, o.max_bytes
        sitemap = _pages.read_sitemap(http, str(o.url), notes)
        entries = sitemap.entries
        # a child sitemap that failed or was not read may list pages still published
        self.context.partial = not sitemap.complete
        if o.include:
            entries = [(u, m) for u, m in entries if re.search(o.include, u)]
        since = _pages.lastmod(state.get("lastmod"))
        newest = max((m for _, m in entries if m is not None), default=None)
        if since is not None:
            fresh = [(u, m) for u, m in entries if m is None or m > since]
            if len(fresh) < len(entries):
                notes.append(
                    f"Inkrementelle Ernte: {len(entries) - len(fresh)} seit "
                    f"{since.isoformat()} unveränderte Seiten nicht abgerufen"
                )
            entries = fresh
            self.context.incremental = True
        if len(entries) > o.max_pages:
            notes.append(
                f"Nur die ersten max_pages = {o.max_pages} von {len(entries)} Seiten gelesen – "
                "max_pages erhöhen"
            )
            entries = entries[: o.max_pages]
            self.context.partial = True
        yield from self._records([u for u, _ in entries])
        if newest is not None and (since is None or newest > since):
            state["lastmod"] = newest.isoformat()

    def _records(self, urls: list[str]) -> Iterator[RawRecord]:
        o = self.options
        seen: set[str] = set()
        failed: list[str] = []
        for url, html in _pages.read_pages(self.context.http, urls, self.context.notes, failed):
            if o.extract == "jsonld":
                records = list(page_records(self, url, html, o.types, o.partners))
            else:
                fields = _pages.select_fields(html, url, o.fields)
                partner = partner_for(o.partners, url)
                if partner:
                    fields[PARTNER_FIELD] = partner
                records = [self.record(key=url, url=url, **fields)] if fields.get("title") else []
            if not records and not self.context.deleted_keys:
                self.context.notes.append(f"{url}: auf dieser Seite nichts zu ernten")
            for record in records:
                if record.key in seen:
                    self.context.notes.append(
                        f"{url}: Schlüssel {record.key} schon geerntet; der erste wurde übernommen"
                    )
                    continue
                seen.add(record.key)
                yield record
        if failed:
            self.context.partial = True  # a page that failed is not a page that is gone


@hookimpl
def register_connectors(register: Any) -> None:
    register(SitemapConnector)
