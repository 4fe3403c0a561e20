"""The ``ba_weiterbildung`` connector: the Bundesagentur für Arbeit's Weiterbildungssuche API.

Searches by keyword, place and radius and pages through ``_embedded.termine`` as the API
answers (``page.number`` / ``page.totalPages``). Each Termin (a dated run of an Angebot) is
one record. The API key is read from an environment variable and sent in a configurable
header (``X-API-Key`` by default); it never sits in sources.toml.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

from pydantic import Field, HttpUrl

from connectors._util import as_text, dig
from connectors.base import Connector, ConnectorOptions
from connectors.jsonapi import env_headers, get_json
from hub.errors import ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import RawRecord

API_URL = "https://rest.arbeitsagentur.de/infosysbub/wbsuche/pc/v2/bildungsangebot"
#: Unterrichtsform ids by hundred: 1xx Präsenz, 2xx digital, 3xx kombiniert, 4xx Fernunterricht
MODE_BY_GROUP = {1: "Präsenz", 2: "Online", 3: "Hybrid", 4: "Online"}


class BaOptions(ConnectorOptions):
    """``[source.options]`` of a ``ba_weiterbildung`` source."""

    #: the search endpoint, normally API_URL; named in the config so the host is allowed
    url: HttpUrl
    #: search words (``sw``)
    keyword: str | None = None
    #: place as the API expects it (``orte``), e.g. "Leipzig" or "Leipzig_04109_12.37_51.34"
    place: str | None = None
    #: radius (``uk``): "Bundesweit" or km
    radius: Literal["Bundesweit", "25", "50", "100", "150", "200"] = "50"
    page_size: int = Field(50, ge=1, le=2000)
    max_pages: int = Field(20, ge=1, le=200)
    api_key_header: str = "X-API-Key"
    #: name of the environment variable holding the API key
    api_key_env: str = "REGIOHUB_BA_API_KEY"
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)


class BaWeiterbildungConnector(Connector):
    """Harvests the courses the BA's Weiterbildungssuche finds for one search."""

    name: ClassVar[str] = "ba_weiterbildung"
    Options: ClassVar[type[ConnectorOptions]] = BaOptions
    options: BaOptions

    def fetch(self) -> Iterator[RawRecord]:
        o = self.options
        http = self.context.http
        http.timeout_s, http.max_bytes = o.timeout, o.max_bytes
        http.headers.update(env_headers({o.api_key_header: o.api_key_env}, self.source.id))
        http.headers.setdefault("Accept", "application/json")
        for number in range(o.max_pages):
            answer = get_json(http, self._url(number))
            termine = dig(answer, "_embedded.termine") or []
            if not isinstance(termine, list):
                raise ConnectorError(f"{o.url}: '_embedded.termine' is not a list.", kind="parse")
            for termin in termine:
                record = self._record(termin)
                if record is not None:
                    yield record
            total = dig(answer, "page.totalPages")
            if not termine or not isinstance(total, int) or number + 1 >= total:
                return
        self.context.notes.append(f"stopped after max_pages = {o.max_pages} pages of results")
        self.context.partial = True

    def _url(self, page: int) -> str:
        o = self.options
        query = {
            "sw": o.keyword,
            "orte": o.place,
            "uk": o.radius,
            "page": page,
            "size": o.page_size,
        }
        return f"{o.url}?{urlencode({k: v for k, v in query.items() if v is not None})}"

    def _record(self, termin: Any) -> RawRecord | None:
        termin_id = as_text(dig(termin, "id"))
        if not termin_id or not isinstance(termin_id, str):
            self.context.notes.append("skipped a Termin without id")
            return None
        begin, end = as_text(dig(termin, "beginn")), as_text(dig(termin, "ende"))
        street = as_text(dig(termin, "adresse.strasse"))
        town = " ".join(
            p for p in (as_text(dig(termin, "adresse.ortStrasse.plz")),
                        as_text(dig(termin, "adresse.ortStrasse.name"))) if p
        )  # fmt: skip
        form = dig(termin, "unterrichtsform.id")
        amount = as_text(dig(termin, "kostenWert"))
        price = " ".join(p for p in (amount, as_text(dig(termin, "kostenWaehrung"))) if p)
        url = as_text(dig(termin, "link")) or as_text(dig(termin, "angebot.link"))
        return self.record(
            key=termin_id,
            url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
            title=as_text(dig(termin, "angebot.titel")),
            description=as_text(dig(termin, "angebot.inhalt")),
            date="/".join(d[:10] for d in (begin, end) if d) if begin else None,
            place=", ".join(p for p in (street, town) if p),
            mode=MODE_BY_GROUP.get(form // 100) if isinstance(form, int) else None,
            # the API says 0.0 when the provider gave no price, so 0 is not "free"
            price=price if amount not in (None, "", "0.0", "0") else None,
            provider=as_text(dig(termin, "angebot.bildungsanbieter.name")),
            funding=as_text(dig(termin, "angebot.foerderung")),
            kind="course",
        )


@hookimpl
def register_connectors(register: Any) -> None:
    register(BaWeiterbildungConnector)
