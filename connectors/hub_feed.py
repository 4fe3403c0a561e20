"""The ``hub`` connector: another regiohub's change feed (``/api/v1/changes``), so regional
hubs federate into a state or national hub.

The first run (or a full harvest on demand, which starts without saved state) reads the
upstream's compacted change feed from the start and so sees exactly the upstream catalogue;
the hub's safe full synchronisation then applies as for any source. Every later run asks only
for the changes after the cursor it kept in the source's harvest state, and is therefore
incremental: nothing is deleted for being absent. Upstream tombstones are reported as
``context.deleted_keys`` instead: an upstream deletion is authoritative, so the flow deletes
the listing here at once (leaving its own tombstone, which a hub of hubs passes on). The
original partner stays the listing's partner (provenance); the pipeline step ``federation``
restores the upstream listing's structured fields, which text fields alone could not carry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

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
NOT_CARRIED = {
    "id",
    "source_id",
    "source_key",
    "first_seen",
    "last_seen",
    "content_hash",
    "alternates",
}
#: fields this hub's own steps derive from the record (sanitised HTML, checked link, cut
#: title): another hub is a partner like any other, so its values never replace them
DERIVED_HERE = frozenset({"title", "description_html", "description_text", "url", "kind"})
#: bounds on what an upstream hub may carry in its structured fields (a partner's limits)
MAX_CARRIED_CHARS = 2_000
MAX_CARRIED_ITEMS = 200


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
    #: read the upstream's Bedarfsradar for the federated ``/bedarfe?scope=federated``
    needs_summary: bool = True


class HubConnector(Connector):
    """Harvests another regiohub through its change feed."""

    name: ClassVar[str] = "hub"
    Options: ClassVar[type[ConnectorOptions]] = HubOptions
    incremental: ClassVar[frozenset[str]] = frozenset({"since_cursor"})
    options: HubOptions

    def fetch(self) -> Iterator[RawRecord]:
        o = self.options
        http, state = self.context.http, self.context.state
        http.timeout_s, http.max_bytes = o.timeout, o.max_bytes
        base = str(o.url).rstrip("/") + "/api/v1/changes"
        cursor = _saved_cursor(state.get("cursor"))
        self.context.incremental = cursor > 0  # only changes are listed: absence proves nothing
        for _ in range(o.max_pages):
            url = f"{base}?{urlencode({'after': cursor, 'limit': o.page_size})}"
            page = get_json(http, url)
            changes = page.get("changes") if isinstance(page, dict) else None
            if not isinstance(changes, list):
                raise ConnectorError(
                    f"{url} ist kein regiohub-Änderungsfeed; bitte die Adresse des Hubs prüfen.",
                    kind="parse",
                )
            if not changes:
                state["cursor"] = str(cursor)
                return
            for change in changes:
                record = self._apply(change)
                if record is not None:
                    yield record
            following = page.get("next")
            if not isinstance(following, int) or following <= cursor:
                raise ConnectorError(
                    f"{url}: der Cursor rückt nicht vor (Fehler im anderen Hub); bitte dessen "
                    "Betrieb melden.",
                    kind="parse",
                )
            cursor = following
            # every record of this page has been handed out: a run cut later (max_records)
            # keeps this cursor and reads on from here next time instead of from the start
            state["cursor"] = str(cursor)
        # what was read is applied and the cursor kept, so the next run reads on from here
        state["cursor"] = str(cursor)
        self.context.notes.append(
            f"Nach max_pages = {o.max_pages} Seiten Änderungen angehalten – max_pages erhöhen"
        )
        self.context.partial = True

    def _apply(self, change: Any) -> RawRecord | None:
        """One change: an upsert becomes a record, a delete a reported deletion (newest wins)."""
        if not isinstance(change, dict):
            self.context.notes.append("Änderung übersprungen: kein JSON-Objekt")
            return None
        key, op = change.get("id"), change.get("op")
        if not isinstance(key, str) or not key or op not in ("upsert", "delete"):
            self.context.notes.append(f"Unlesbare Änderung {change.get('seq')} übersprungen")
            return None
        if self.options.sources and change.get("source_id") not in self.options.sources:
            return None
        if op == "delete":
            self.context.deleted_keys.add(key)
            return None
        self.context.deleted_keys.discard(key)  # deleted, then added again upstream
        return self._record(key, change)

    def _record(self, key: str, change: dict[str, Any]) -> RawRecord | None:
        try:
            listing = Listing.model_validate(change.get("listing") or {})
        except ValueError:
            self.context.notes.append(f"Unlesbarer Eintrag {key} des anderen Hubs übersprungen")
            return None
        return self.record(
            key=key,
            url=listing.url,
            title=listing.title,
            description=listing.description_html or listing.description_text,
            kind=listing.kind,
            **{FEDERATED: listing.model_dump_json(exclude=NOT_CARRIED)},
        )


def _saved_cursor(value: str | None) -> int:
    """The cursor kept by the last run; 0 (read from the start) when there is none."""
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


class FederationStep:
    """Pipeline step: a federated record keeps the upstream listing's fields and partner."""

    name = "federation"
    order = 990  # last: it replaces what the text steps derived from the summary fields

    def __call__(self, draft: Any) -> None:
        carried = draft.fields.get(FEDERATED)
        if not carried or draft.source.type != HubConnector.name:
            return
        cut: set[str] = set()
        for name, value in json.loads(carried).items():
            if name in DERIVED_HERE:
                continue
            draft.data[name] = _bounded(value, name, cut)
        partner = draft.data.get("partner")
        if isinstance(partner, dict) and not _web_address(partner.get("url")):
            partner["url"] = None  # a partner link is shown as a link: http(s) only
        if cut:
            flags = draft.data.setdefault("flags", [])
            flags.append(
                "Vom Partner-Hub übernommene Felder gekürzt (zu lang): " + ", ".join(sorted(cut))
            )


def _web_address(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _bounded(value: Any, name: str, cut: set[str]) -> Any:
    """``value`` with every string and list cut to the carried limits; cut fields are named."""
    if isinstance(value, str) and len(value) > MAX_CARRIED_CHARS:
        cut.add(name)
        return value[:MAX_CARRIED_CHARS].rstrip() + " …"
    if isinstance(value, list):
        if len(value) > MAX_CARRIED_ITEMS:
            cut.add(name)
            value = value[:MAX_CARRIED_ITEMS]
        return [_bounded(v, name, cut) for v in value]
    if isinstance(value, dict):
        return {k: _bounded(v, f"{name}.{k}", cut) for k, v in value.items()}
    return value


@hookimpl
def register_connectors(register: Any) -> None:
    register(HubConnector)


@hookimpl
def register_steps(register: Any) -> None:
    register(FederationStep())
