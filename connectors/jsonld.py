"""The ``jsonld`` connector: schema.org items embedded in partner pages (JSON-LD, microdata,
RDFa via extruct). Pages come from list pages (``start_urls`` + ``item_links``) or a sitemap.

Like ``html``, it reads what the server sends: JavaScript-built pages are not supported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from connectors import _pages
from connectors._schemaorg import TYPE_KINDS, cancelled, extract_items, fields_of, runs_of, wanted
from connectors.base import Connector, ConnectorOptions
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import RawRecord

DEFAULT_TYPES = (
    "Course", "Event", "EducationEvent", "BusinessEvent", "GovernmentService", "MonetaryGrant",
)  # fmt: skip
#: the raw field a page's partner travels in when ``partners`` names one for its URL
PARTNER_FIELD = "partner"


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"'{value}' ist kein regulärer Ausdruck ({exc})") from None
    return value


class PartnerPattern(BaseModel):
    """A partner for the pages whose URL matches ``include`` (a sitemap two partners share)."""

    model_config = ConfigDict(extra="forbid")

    include: str
    name: str = Field(min_length=1)
    url: HttpUrl | None = None

    @field_validator("include")
    @classmethod
    def _regex(cls, value: str) -> str:
        return _check_regex(value)


def partner_for(patterns: list[PartnerPattern], url: str) -> str | None:
    """The partner (as the JSON the pipeline step reads) of the first pattern matching url."""
    for pattern in patterns:
        if re.search(pattern.include, url):
            partner = {"name": pattern.name, "url": str(pattern.url) if pattern.url else None}
            return json.dumps(partner, ensure_ascii=False)
    return None


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
    #: per-URL partners, first match wins; other pages belong to the source's partner
    partners: list[PartnerPattern] = Field(default_factory=list)
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
                raise ValueError(f"'{value}' ist kein regulärer Ausdruck ({exc})") from None
        return value

    @field_validator("types")
    @classmethod
    def _types(cls, types: list[str]) -> list[str]:
        unknown = sorted(set(types) - set(TYPE_KINDS))
        if unknown:
            raise ValueError(
                f"nicht unterstützte Typen {', '.join(unknown)}; möglich: {', '.join(TYPE_KINDS)}"
            )
        return types

    @model_validator(mode="after")
    def _one_way_to_pages(self) -> JsonldOptions:
        if bool(self.start_urls) == bool(self.sitemap):
            raise ValueError(
                "nennen Sie entweder start_urls (Listenseiten) oder sitemap, genau eins"
            )
        return self


def page_records(
    connector: Connector,
    page_url: str,
    html: str,
    types: list[str],
    partners: list[PartnerPattern] | None = None,
) -> Iterator[RawRecord]:
    """One record per schema.org item of the wanted types on a page (one per course run when
    a Course has several); a cancelled one is not listed but reported deleted."""
    items = [i for i in extract_items(html, page_url) if wanted(i, types)]
    partner = partner_for(partners or [], page_url)
    for position, item in enumerate(items):
        item_id = str(item.get("@id") or "")
        own_url = fields_of_url(item)
        if item_id and not item_id.startswith("_:"):
            key = item_id if "://" in item_id else f"{page_url}#{item_id.lstrip('#')}"
        elif len(items) == 1:
            key = page_url
        else:
            key = own_url or f"{page_url}#{position + 1}"
        for suffix, instance in runs_of(item):
            if cancelled(item) or (instance is not None and cancelled(instance)):
                connector.context.deleted_keys.add(key + suffix)  # never searchable
                continue
            fields = fields_of(item, instance)
            if partner:
                fields[PARTNER_FIELD] = partner
            yield connector.record(key=key + suffix, url=own_url or page_url, **fields)


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
            notes.append(
                f"Nur die ersten max_pages = {o.max_pages} von {len(urls)} Seiten gelesen – "
                "max_pages erhöhen"
            )
            urls = urls[: o.max_pages]
            self.context.partial = True
        seen: set[str] = set()
        failed: list[str] = []
        for url, html in _pages.read_pages(http, urls, notes, failed):
            found = 0
            for record in page_records(self, url, html, o.types, o.partners):
                found += 1
                if record.key in seen:
                    self.context.notes.append(
                        f"{url}: Schlüssel {record.key} schon geerntet; der erste wurde übernommen"
                    )
                    continue
                seen.add(record.key)
                yield record
            if not found and not self.context.deleted_keys:
                notes.append(
                    f"{url} enthält kein schema.org-Angebot der Typen {', '.join(o.types)}"
                )
        self.context.partial = self.context.partial or bool(failed)


class PartnerByUrlStep:
    """Pipeline step: a page a ``partners`` pattern names belongs to that partner."""

    name = "partner_by_url"
    order = 995  # after every text step; only provenance changes

    def __call__(self, draft: Any) -> None:
        carried = draft.fields.get(PARTNER_FIELD)
        if not carried or draft.source.type not in ("jsonld", "sitemap"):
            return
        try:
            partner = json.loads(carried)
        except (TypeError, ValueError):
            return
        if isinstance(partner, dict) and partner.get("name"):
            draft.data["partner"] = {"name": partner["name"], "url": partner.get("url")}


@hookimpl
def register_connectors(register: Any) -> None:
    register(JsonldConnector)


@hookimpl
def register_steps(register: Any) -> None:
    register(PartnerByUrlStep())
