"""The ``json`` connector: any JSON/REST API, declared in sources.toml.

A URL template with ``{page}``, ``{offset}``, ``{limit}`` or ``{cursor}``; pagination by page
number, offset, cursor or a next link found in the answer; records found at ``items`` (a
dotted path) and fields mapped by dotted paths. Header values come from environment variables
named in the config, so an API key never sits in sources.toml.

One bad item never costs the source: an item that is not an object, or whose key cannot be
read as text, is skipped with a note and makes the run ``partial`` (its listing may still be
published); an item whose title path holds no text (an object, say) is skipped with a note
and its key is kept (``kept_keys``), so its listing is neither updated nor deleted. An item
without any key is noted only: it never had a listing. Two items with one key in one run:
the first is harvested, the others are named in a note.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, ClassVar, Literal
from urllib.parse import quote, urljoin, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from connectors._util import as_text, dig
from connectors.base import Connector, ConnectorOptions
from hub.errors import ConfigError, ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, HttpClient
from hub.model import RawRecord

#: duplicate keys named one by one in the notes; more are counted
MAX_DUPLICATE_NOTES = 10

#: RawRecord field names a mapping may fill
FIELD_NAMES = frozenset(
    {"title", "description", "url", "date", "deadline", "place", "mode", "price", "funding",
     "audience", "topics", "kind", "published", "provider", "contact", "licence", "attribution"}
)  # fmt: skip


class SessionPaths(BaseModel):
    """``[source.options.sessions]``: an item's list of dates, one entry a session.

    ``items`` is the dotted path to the list in a record; ``start`` and ``end`` are dotted
    paths inside one entry (``end`` optional). Each entry is read as one date text, start
    and end joined with "/" as for ``date``; the listing then has every session."""

    model_config = ConfigDict(extra="forbid")

    items: str = Field(min_length=1)
    start: str = Field(min_length=1)
    end: str | None = None


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
    #: where an item lists its sessions one by one (optional, see SessionPaths)
    sessions: SessionPaths | None = None
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
            raise ValueError(f"'{url}' ist keine http(s)-Adresse")
        return url

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, fields: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        unknown = sorted(set(fields) - FIELD_NAMES)
        if unknown:
            raise ValueError(f"unbekannte Feldnamen {', '.join(unknown)}")
        if "title" not in fields:
            raise ValueError("ein Pfad für 'title' ist Pflicht")
        return fields

    @model_validator(mode="after")
    def _pagination_needs(self) -> JsonOptions:
        needs = {"page": "{page}", "offset": "{offset}", "cursor": "{cursor}"}
        placeholder = needs.get(self.pagination)
        if placeholder and placeholder not in self.url:
            raise ValueError(f"pagination '{self.pagination}' braucht {placeholder} in url")
        if self.pagination in ("cursor", "next_link") and not self.next:
            raise ValueError(
                f"pagination '{self.pagination}' braucht 'next' (einen Pfad mit Punkten)"
            )
        return self


def env_headers(mapping: dict[str, str], source_id: str) -> dict[str, str]:
    """Header values read from the environment; a missing variable is a config error."""
    headers: dict[str, str] = {}
    for header, variable in mapping.items():
        value = os.environ.get(variable)
        if not value:
            raise ConfigError(
                f"Quelle '{source_id}': der Header {header} braucht die Umgebungsvariable "
                f"{variable}, die nicht gesetzt ist; setzen Sie sie für den Harvester."
            )
        headers[header] = value
    return headers


def get_json(http: HttpClient, url: str) -> Any:
    result = http.get(url)
    try:
        return json.loads(result.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConnectorError(
            f"{url} antwortete nicht mit JSON ({exc}); bitte die Adresse der Quelle prüfen.",
            kind="parse",
        ) from None


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
        seen: dict[str, int] = {}
        for url, items in self._pages():
            for number, item in enumerate(items, start=1):
                record = self._record(item, url, number)
                if record is None:
                    continue
                if record.key in seen:  # one listing per key: the first item wins
                    seen[record.key] += 1
                    continue
                seen[record.key] = 1
                yield record
        self._note_duplicates(seen)

    def _pages(self) -> Iterator[tuple[str, list[Any]]]:
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
                raise ConnectorError(
                    f"{url}: '{o.items}' ist keine Liste; bitte die Option items der Quelle "
                    "prüfen.",
                    kind="parse",
                )
            yield url, items
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
        self.context.notes.append(
            f"Nach max_pages = {o.max_pages} Seiten angehalten; weitere Seiten nicht gelesen – "
            "max_pages erhöhen, damit alle Einträge geerntet werden"
        )
        self.context.partial = True

    def _url(self, *, page: int, offset: int, cursor: str) -> str:
        return self.options.url.format(
            page=page, offset=offset, cursor=quote(cursor, safe=""), limit=self.options.page_size
        )

    def _record(self, item: Any, url: str, number: int) -> RawRecord | None:
        o, notes = self.options, self.context.notes
        where = f"Eintrag Nr. {number} auf {url}"
        if not isinstance(item, dict):
            notes.append(f"{where} übersprungen: kein JSON-Objekt – bitte Eintrag prüfen")
            self.context.partial = True  # it may be a listing we cannot see this time
            return None
        raw_key = dig(item, o.key)
        key = as_text(raw_key)
        if raw_key is None or key == "":
            notes.append(f"{where} übersprungen: '{o.key}' fehlt – bitte eine feste ID angeben")
            return None
        if not isinstance(key, str):
            notes.append(
                f"{where} übersprungen: '{o.key}' ist kein Text und keine Zahl – "
                "bitte eine feste ID als Text angeben"
            )
            self.context.partial = True  # its listing cannot be named, so none may be deleted
            return None
        fields = {name: _value(item, name, path) for name, path in o.fields.items()}
        if not fields.get("title"):
            unreadable = (
                dig(item, o.fields["title"]) if isinstance(o.fields["title"], str) else None
            )
            if unreadable not in (None, "", []):
                notes.append(
                    f"Eintrag '{key}' übersprungen: unter '{o.fields['title']}' steht kein Text "
                    "– bitte den Titel als Text liefern oder den Pfad bis zum Text angeben"
                )
                self.context.kept_keys.add(key)  # still published: keep its listing as it is
                return None
        if o.sessions is not None:
            fields["sessions"] = _sessions(item, o.sessions)
        url_field = fields.pop("url", None)
        return self.record(key=key, url=url_field if isinstance(url_field, str) else None, **fields)

    def _note_duplicates(self, seen: dict[str, int]) -> None:
        repeated = {k: n for k, n in seen.items() if n > 1}
        for key, n in list(repeated.items())[:MAX_DUPLICATE_NOTES]:
            self.context.notes.append(
                f"Schlüssel '{key}' kommt {n}-mal vor; der erste Eintrag wurde übernommen, "
                f"{n - 1} übersprungen – bitte jedem Angebot eine eigene ID geben"
            )
        if len(repeated) > MAX_DUPLICATE_NOTES:
            more = sum(n - 1 for n in list(repeated.values())[MAX_DUPLICATE_NOTES:])
            self.context.notes.append(
                f"… und {len(repeated) - MAX_DUPLICATE_NOTES} weitere doppelte Schlüssel "
                f"({more} Einträge übersprungen)"
            )


def _sessions(item: dict[str, Any], paths: SessionPaths) -> list[str]:
    """One date text per entry of the item's session list ("start/end", or "start"); an
    entry without a readable start is an empty text, which the pipeline flags."""
    entries = dig(item, paths.items)
    texts = []
    for entry in entries if isinstance(entries, list) else []:
        start = as_text(dig(entry, paths.start))
        end = as_text(dig(entry, paths.end)) if paths.end else None
        if not isinstance(start, str) or not start:
            texts.append("")
        else:
            texts.append(f"{start}/{end}" if isinstance(end, str) and end else start)
    return texts


def _value(item: Any, name: str, path: str | list[str]) -> Any:
    if isinstance(path, str):
        return as_text(dig(item, path))
    parts = [v for v in (as_text(dig(item, p)) for p in path) if isinstance(v, str) and v]
    return ("/" if name in ("date", "deadline") else " ").join(parts)


@hookimpl
def register_connectors(register: Any) -> None:
    register(JsonConnector)
