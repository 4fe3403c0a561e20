"""The ``ba_weiterbildung`` connector: the Bundesagentur für Arbeit's Weiterbildungssuche API.

Searches by keyword, place and radius and pages through ``_embedded.termine`` as the API
answers (``page.number`` / ``page.totalPages``). Each Termin (a dated run of an Angebot) is
one record. The API key is read from an environment variable and sent in a configurable
header (``X-API-Key`` by default); it never sits in sources.toml.

The live API gives ``beginn``/``ende`` as epoch milliseconds (``1689544800000``, midnight in
Europe/Berlin), older answers and examples as ISO dates: both are read, as Berlin days.
``kostenWert`` is a dot-decimal string (``"2450.0"``); it is handed on as a German amount
(``2.450,00 EUR``), which no price reader can take for 0 or for 24.500.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from pydantic import Field, HttpUrl

from connectors._util import as_text, dig, german_amount
from connectors.base import Connector, ConnectorOptions
from connectors.jsonapi import env_headers, get_json
from hub.errors import ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S
from hub.model import RawRecord

API_URL = "https://rest.arbeitsagentur.de/infosysbub/wbsuche/pc/v2/bildungsangebot"
#: Unterrichtsform ids by hundred: 1xx Präsenz, 2xx digital, 3xx kombiniert, 4xx Fernunterricht
MODE_BY_GROUP = {1: "Präsenz", 2: "Online", 3: "Hybrid", 4: "Online"}
BERLIN = ZoneInfo("Europe/Berlin")


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
        seen: set[str] = set()
        for number in range(o.max_pages):
            answer = get_json(http, self._url(number))
            termine = dig(answer, "_embedded.termine") or []
            if not isinstance(termine, list):
                raise ConnectorError(
                    f"{o.url}: '_embedded.termine' ist keine Liste; hat die Bundesagentur "
                    "ihre Schnittstelle geändert, bitte dem Betrieb melden.",
                    kind="parse",
                )
            for termin in termine:
                record = self._record(termin)
                if record is None:
                    continue
                if record.key in seen:  # pages shift while the API is read
                    self.context.notes.append(
                        f"Termin {record.key} kam zweimal in der Antwort; "
                        "der erste wurde übernommen"
                    )
                    continue
                seen.add(record.key)
                yield record
            total = dig(answer, "page.totalPages")
            if not termine or not isinstance(total, int) or number + 1 >= total:
                return
        self.context.notes.append(
            f"Nach max_pages = {o.max_pages} Ergebnisseiten angehalten – max_pages erhöhen, "
            "damit alle Termine geerntet werden"
        )
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
            self.context.notes.append("Termin ohne id übersprungen")
            return None
        begin, end = ba_day(dig(termin, "beginn")), ba_day(dig(termin, "ende"))
        for label, raw, day in (
            ("beginn", dig(termin, "beginn"), begin),
            ("ende", dig(termin, "ende"), end),
        ):
            if raw not in (None, "") and day is None:
                self.context.notes.append(
                    f"Termin {termin_id}: {label} {raw!r} ist weder Epoch-Millisekunden "
                    "noch ein ISO-Datum; leer gelassen"
                )  # fmt: skip
        street = as_text(dig(termin, "adresse.strasse"))
        town = " ".join(
            p for p in (as_text(dig(termin, "adresse.ortStrasse.plz")),
                        as_text(dig(termin, "adresse.ortStrasse.name"))) if p
        )  # fmt: skip
        form = dig(termin, "unterrichtsform.id")
        url = ba_link(dig(termin, "link")) or ba_link(dig(termin, "angebot.link"))
        return self.record(
            key=termin_id,
            url=url,
            title=as_text(dig(termin, "angebot.titel")),
            description=as_text(dig(termin, "angebot.inhalt")),
            date="/".join(d for d in (begin, end) if d) if begin else None,
            deadline=ba_day(dig(termin, "anmeldeschluss")),
            place=", ".join(p for p in (street, town) if p),
            mode=MODE_BY_GROUP.get(form // 100) if isinstance(form, int) else None,
            price=ba_price(dig(termin, "kostenWert"), dig(termin, "kostenWaehrung")),
            provider=as_text(dig(termin, "angebot.bildungsanbieter.name")),
            funding=as_text(dig(termin, "angebot.foerderung")),
            kind="course",
        )


def ba_day(value: Any) -> str | None:
    """A BA date as an ISO day in Europe/Berlin: epoch milliseconds or an ISO date(time)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if isinstance(value, int | float) or text.lstrip("-").isdigit():
        try:
            moment = datetime.fromtimestamp(float(text) / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.astimezone(BERLIN).date().isoformat()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:  # "2023-07-16T22:00:00Z" is the 17th in Berlin
        parsed = parsed.astimezone(BERLIN)
    return parsed.date().isoformat()


def ba_price(value: Any, currency: Any) -> str | None:
    """``kostenWert`` as a German amount; the API says 0.0 when no price was given."""
    if value is None or isinstance(value, bool) or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return as_text(value)  # prose the pipeline reads (and flags when it cannot)
    if amount <= 0:
        return None  # 0 is "not stated" at the BA, not "free"
    return german_amount(amount, as_text(currency) or "EUR")


def ba_link(value: Any) -> str | None:
    """An http(s) link; one written without a scheme (``www.anbieter.de/kurs``) gets https."""
    text = as_text(value)
    if not isinstance(text, str) or not text or " " in text:
        return None
    if text.startswith(("http://", "https://")):
        return text
    if "://" in text or text.startswith(("/", "mailto:", "javascript:")):
        return None
    host = text.split("/", 1)[0]
    return f"https://{text.lstrip('/')}" if "." in host else None


@hookimpl
def register_connectors(register: Any) -> None:
    register(BaWeiterbildungConnector)
