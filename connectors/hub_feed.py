"""The ``hub`` connector: another regiohub's change feed (``/api/v1/changes``), so regional
hubs federate into a state or national hub.

Every run reads the upstream's compacted change feed from the start, so it sees exactly the
upstream catalogue: a listing deleted upstream is simply no longer listed, and the hub's own
safe full synchronisation removes it here (``[source.sync]``). The original partner stays the
listing's partner (provenance); the pipeline step ``federation`` restores the upstream
listing's structured fields, which text fields alone could not carry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

from pydantic import Field, HttpUrl

from connectors.base import Connector, ConnectorOptions
from connectors.jsonapi import get_json
from hub.errors import ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import Listing, RawRecord

#: the RawRecord field carrying the upstream listing as JSON text
FEDERATED = "federated_listing"
#: upstream bookkeeping that the downstream hub sets itself
NOT_CARRIED = {"id", "source_id", "source_key", "first_seen", "last_seen", "content_hash"}


class HubOptions(ConnectorOptions):
    """``[source.options]`` of a ``hub`` source."""

    #: the upstream regiohub's base URL, e.g. "https://weiterbildung-sachsen.example"
    url: HttpUrl
    page_size: int = Field(500, ge=1, le=1000)
    max_pages: int = Field(10_000, ge=1)
    #: only listings of these upstream sources (default: all)
    sources: list[str] = Field(default_factory=list)
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)


class HubConnector(Connector):
    """Harvests another regiohub through its change feed."""

    name: ClassVar[str] = "hub"
    Options: ClassVar[type[ConnectorOptions]] = HubOptions
    options: HubOptions

    def fetch(self) -> Iterator[RawRecord]:
        o = self.options
        http = self.context.http
        http.timeout_s, http.max_bytes = o.timeout, o.max_bytes
        base = str(o.url).rstrip("/") + "/api/v1/changes"
        cursor = 0
        for _ in range(o.max_pages):
            url = f"{base}?{urlencode({'after': cursor, 'limit': o.page_size})}"
            page = get_json(http, url)
            changes = page.get("changes") if isinstance(page, dict) else None
            if not isinstance(changes, list):
                raise ConnectorError(f"{url} is not a regiohub change feed.", kind="parse")
            if not changes:
                self.context.state["cursor"] = str(cursor)
                return
            for change in changes:
                record = self._record(change)
                if record is not None:
                    yield record
            following = page.get("next")
            if not isinstance(following, int) or following <= cursor:
                raise ConnectorError(f"{url}: the cursor did not advance.", kind="parse")
            cursor = following
        self.context.notes.append(f"stopped after max_pages = {o.max_pages} pages of changes")
        self.context.partial = True

    def _record(self, change: dict[str, Any]) -> RawRecord | None:
        if change.get("op") != "upsert":
            return None  # absent from the full read: the safe sync removes it
        data = change.get("listing") or {}
        if self.options.sources and data.get("source_id") not in self.options.sources:
            return None
        try:
            listing = Listing.model_validate(data)
        except ValueError:
            self.context.notes.append(f"skipped an unreadable upstream listing {change.get('id')}")
            return None
        return self.record(
            key=listing.id,
            url=listing.url,
            title=listing.title,
            description=listing.description_html or listing.description_text,
            kind=listing.kind,
            **{FEDERATED: listing.model_dump_json(exclude=NOT_CARRIED)},
        )


class FederationStep:
    """Pipeline step: a federated record keeps the upstream listing's fields and partner."""

    name = "federation"
    order = 990  # last: it replaces what the text steps derived from the summary fields

    def __call__(self, draft: Any) -> None:
        carried = draft.fields.get(FEDERATED)
        if not carried or draft.source.type != HubConnector.name:
            return
        draft.data.update(json.loads(carried))


@hookimpl
def register_connectors(register: Any) -> None:
    register(HubConnector)


@hookimpl
def register_steps(register: Any) -> None:
    register(FederationStep())
