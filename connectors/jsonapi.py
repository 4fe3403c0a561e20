"""The ``json`` connector: any JSON/REST API, declared in sources.toml.

A URL template with ``{page}``, ``{offset}``, ``{limit}`` or ``{cursor}``; pagination by page
number, offset, cursor or a next link found in the answer; records found at ``items`` (a
dotted path) and fields mapped by dotted paths. Header values come from environment variables
named in the config, so an API key never sits in sources.toml.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, ClassVar, Literal
from urllib.parse import quote, urljoin, urlsplit

from pydantic import Field, field_validator, model_validator

from connectors._util import as_text, dig
from connectors.base import Connector, ConnectorOptions
from hub.errors import ConfigError, ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, HttpClient
from hub.model import RawRecord

#: RawRecord field names a mapping may fill
FIELD_NAMES = frozenset(
    {"title", "description", "url", "date", "deadline", "place", "mode", "price", "funding",
     "audience", "topics", "kind", "published", "provider", "contact", "licence", "attribution"}
)  # fmt: skip


class JsonOptions(ConnectorOptions):
    """``[source.options]`` of a ``json`` source."""

    url: str
    pagination: Literal["none", "page", "offset", "cursor", "next_link"] = "none"
    #: dotted path to the list of records in each answer ("" when the answer is the list)
    items: str = ""
    #: dotted path to a record's stable id
    key: str = "id"
    #: listing field -> dotted path in a record, or several paths (dates: joined as start/end)
    fields: dict[str, str | list[str]]
    page_size: int = Field(50, ge=1, le=10_000)
    first_page: int = Field(1, ge=0)
    #: dotted path to the next cursor (``cursor``) or next URL (``next_link``)
    next: str | None = None
    #: dotted path to the total number of pages, when the API tells it
    total_pages: str | None = None
    max_pages: int = Field(100, ge=1, le=100_000)
    #: header name -> name of the environment variable holding its value
    headers_from_env: dict[str, str] = Field(default_factory=dict)
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)

    @field_validator("url")
    @classmethod
    def _http(cls, url: str) -> str:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ValueError(f"'{url}' is not an http(s) URL")
        return url

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, fields: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        unknown = sorted(set(fields) - FIELD_NAMES)
        if unknown:
            raise ValueError(f"unknown field name(s) {', '.join(unknown)}")
        if "title" not in fields:
            raise ValueError("a path for 'title' is required")
        return fields

    @model_validator(mode="after")
    def _pagination_needs(self) -> JsonOptions:
        needs = {"page": "{page}", "offset": "{offset}", "cursor": "{cursor}"}
        placeholder = needs.get(self.pagination)
        if placeholder and placeholder not in self.url:
            raise ValueError(f"pagination '{self.pagination}' needs {placeholder} in url")
        if self.pagination in ("cursor", "next_link") and not self.next:
            raise ValueError(f"pagination '{self.pagination}' needs 'next' (a dotted path)")
        return self


def env_headers(mapping: dict[str, str], source_id: str) -> dict[str, str]:
    """Header values read from the environment; a missing variable is a config error."""
    headers: dict[str, str] = {}
    for header, variable in mapping.items():
        value = os.environ.get(variable)
        if not value:
            raise ConfigError(
                f"Source '{source_id}': header {header} needs the environment variable "
                f"{variable}, which is not set."
            )
        headers[header] = value
    return headers


def get_json(http: HttpClient, url: str) -> Any:
    result = http.get(url)
    try:
        return json.loads(result.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConnectorError(f"{url} did not answer with JSON: {exc}.", kind="parse") from None


class JsonConnector(Connector):
    """Pages through a JSON API and maps each item to a RawRecord."""

    name: ClassVar[str] = "json"
    Options: ClassVar[type[ConnectorOptions]] = JsonOptions
    options: JsonOptions

    def fetch(self) -> Iterator[RawRecord]:
        o = self.options
        http = self.context.http
        http.timeout_s, http.max_bytes = o.timeout, o.max_bytes
        http.headers.update(env_headers(o.headers_from_env, self.source.id))
        for items in self._pages():
            for item in items:
                record = self._record(item)
                if record is not None:
                    yield record

    def _pages(self) -> Iterator[list[Any]]:
        o = self.options
        page, offset, cursor = o.first_page, 0, ""
        url: str | None = self._url(page=page, offset=offset, cursor=cursor)
        seen: set[str] = set()
        for _ in range(o.max_pages):
            if url is None or url in seen:
                return
            seen.add(url)
            answer = get_json(self.context.http, url)
            items = dig(answer, o.items) if o.items else answer
            if items is None:
                items = []
            if not isinstance(items, list):
                raise ConnectorError(f"{url}: '{o.items}' is not a list.", kind="parse")
            yield items
            if o.pagination == "none" or not items:
                return
            if o.total_pages and (page - o.first_page + 1) >= int(dig(answer, o.total_pages) or 0):
                return
            page, offset = page + 1, offset + len(items)
            if o.pagination in ("page", "offset"):
                if len(items) < o.page_size:
                    return
                url = self._url(page=page, offset=offset, cursor="")
            elif o.pagination == "cursor":
                cursor = str(dig(answer, o.next or "") or "")
                url = self._url(page=page, offset=offset, cursor=cursor) if cursor else None
            else:
                link = dig(answer, o.next or "")
                url = urljoin(url, str(link)) if link else None
        self.context.notes.append(f"stopped after max_pages = {o.max_pages} pages")
        self.context.partial = True

    def _url(self, *, page: int, offset: int, cursor: str) -> str:
        return self.options.url.format(
            page=page, offset=offset, cursor=quote(cursor, safe=""), limit=self.options.page_size
        )

    def _record(self, item: Any) -> RawRecord | None:
        key = as_text(dig(item, self.options.key))
        if not key or not isinstance(key, str):
            self.context.notes.append(f"skipped an item without '{self.options.key}'")
            return None
        fields = {name: _value(item, name, path) for name, path in self.options.fields.items()}
        url = fields.pop("url", None)
        return self.record(key=key, url=url if isinstance(url, str) else None, **fields)


def _value(item: Any, name: str, path: str | list[str]) -> Any:
    if isinstance(path, str):
        return as_text(dig(item, path))
    parts = [v for v in (as_text(dig(item, p)) for p in path) if isinstance(v, str) and v]
    return ("/" if name in ("date", "deadline") else " ").join(parts)


@hookimpl
def register_connectors(register: Any) -> None:
    register(JsonConnector)
