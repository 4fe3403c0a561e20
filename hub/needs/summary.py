"""The Bedarfsradar: anonymous counts of confirmed needs, next to the offers that match.

Needs are counted per cell of the chosen keys (topic, area = Kreis or else Land, kind,
format, month); a cell with fewer than ``MIN_CELL`` needs is left out altogether, so no
small number (which could point at one firm) is ever shown. Regional hubs publish their
summary at ``/api/v1/needs/summary``; a state hub reads them with ``read_summaries`` and
shows the sum with where each count came from.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hub.http import HttpClient
from hub.index.base import SearchIndex, SearchQuery
from hub.model import KIND_LABELS, MODE_LABELS, utcnow
from pipelines.places import lookup

if TYPE_CHECKING:
    from hub.store.core import SQLStore

MIN_CELL = 5
DIMENSIONS: tuple[str, ...] = ("topic", "area", "kind", "mode", "month")
DEFAULT_BY: tuple[str, ...] = ("topic", "area")
#: offers in a Kreis are counted within this distance of its centre
DISTRICT_RADIUS_KM = 30.0


@dataclass
class Cell:
    keys: dict[str, str | None]
    needs: int
    offers: int | None = None
    #: where the counts came from (federation): hub URL → needs counted there
    sources: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "keys": self.keys,
            "needs": self.needs,
            "offers": self.offers,
            "sources": self.sources,
        }


def cells(
    rows: Iterable[dict[str, str | None]], by: Sequence[str] = DEFAULT_BY, minimum: int = MIN_CELL
) -> list[Cell]:
    """Count needs per combination of ``by``; drop cells under ``minimum``; biggest first."""
    counted: Counter[tuple[str | None, ...]] = Counter()
    for row in rows:
        area = row.get("district") or row.get("state")
        values = {**row, "area": area}
        counted[tuple(values.get(d) for d in by)] += 1
    found = [
        Cell(keys=dict(zip(by, key, strict=True)), needs=n)
        for key, n in counted.items()
        if n >= minimum
    ]
    found.sort(key=lambda c: (-c.needs, [str(v) for v in c.keys.values()]))
    return found


def count_offers(index: SearchIndex, cell: Cell, now: datetime | None = None) -> int:
    """Current offers (upcoming, open) that fit the cell: the same filters a search uses."""
    keys = cell.keys
    region: tuple[str, ...] = ()
    near = radius = None
    area = keys.get("area")
    if area and area.startswith("DE-"):
        region = (area,)
    elif area:
        place = lookup(area)
        if place is not None:
            near, radius = (place.lat, place.lon), DISTRICT_RADIUS_KM
    query = SearchQuery(
        topic=(str(keys["topic"]),) if keys.get("topic") else (),
        kind=(keys["kind"],) if keys.get("kind") else (),  # type: ignore[arg-type]
        mode=(keys["mode"],) if keys.get("mode") else (),  # type: ignore[arg-type]
        region=region,
        near=near,
        radius_km=radius,
        size=0,
        now=now or utcnow(),
    )
    return index.search(query).total


def counts(store_path: Path | SQLStore, home: Path) -> dict[str, int]:
    """Numbers for the operator page (/betrieb): confirmed and unconfirmed needs, e-mails
    sent, offers waiting for a digest. Never an address."""
    from hub.needs import tokens
    from hub.needs.store import NeedStore

    return NeedStore(store_path, tokens.load_secret(home)).counts()


def summary(
    rows: Iterable[dict[str, str | None]],
    index: SearchIndex | None,
    by: Sequence[str] = DEFAULT_BY,
    source: str = "",
) -> list[Cell]:
    found = cells(rows, by)
    for cell in found:
        if index is not None:
            cell.offers = count_offers(index, cell)
        if source:
            cell.sources = {source: cell.needs}
    return found


def sentence(cell: Cell) -> str:
    """„12 Betriebe im Erzgebirgskreis suchen Datenschutz, 1 passendes Angebot“."""
    from search_api.labels import region_label

    keys = cell.keys
    what = keys.get("topic") or "Weiterbildung"
    if keys.get("kind"):
        what += f" ({KIND_LABELS.get(str(keys['kind']), keys['kind'])})"
    if keys.get("mode"):
        what += f", {MODE_LABELS.get(str(keys['mode']), keys['mode'])}"
    area = keys.get("area")
    where = ""
    if area and area.startswith("DE"):
        where = f" in {region_label(area)}"
    elif area:  # a Kreis: „im Erzgebirgskreis“, „im Landkreis Leipzig“, „in Chemnitz“
        district = area.endswith("kreis") or area.startswith(("Landkreis", "Kreis"))
        where = f" {'im' if district else 'in'} {area}"
    text = f"{cell.needs} Betriebe{where} suchen {what}"
    if keys.get("month"):
        text += f" ({keys['month']})"
    if cell.offers is not None:
        noun = "passendes Angebot" if cell.offers == 1 else "passende Angebote"
        text += f", {cell.offers} {noun}"
    return text


def svg_chart(found: Sequence[Cell], limit: int = 12) -> str:
    """A horizontal bar chart (needs dark, matching offers light), as inline SVG markup."""
    shown = list(found[:limit])
    if not shown:
        return ""
    top = max(max(c.needs, c.offers or 0) for c in shown) or 1
    row, label_w, bar_w = 34, 330, 300
    height = row * len(shown) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 60}" '
        f'height="{height}" aria-labelledby="radar-title"><title id="radar-title">Bedarfe '
        "und passende Angebote</title>"
    ]
    for n, cell in enumerate(shown):
        y = 10 + n * row
        label = escape(sentence(cell).split(" suchen ")[-1].split(",")[0])
        area = escape(str(cell.keys.get("area") or ""))
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="12">{label}</text>'
            f'<text x="0" y="{y + 26}" font-size="10" fill="#555">{area}</text>'
        )
        w_need = round(bar_w * cell.needs / top)
        parts.append(
            f'<rect class="needs" x="{label_w}" y="{y}" width="{w_need}" height="13" '
            f'fill="#1f4e79"><title>{cell.needs} Bedarfe</title></rect>'
            f'<text x="{label_w + w_need + 4}" y="{y + 11}" font-size="11">{cell.needs}</text>'
        )
        if cell.offers is not None:
            w_off = round(bar_w * cell.offers / top)
            parts.append(
                f'<rect class="offers" x="{label_w}" y="{y + 15}" width="{w_off}" height="13" '
                f'fill="#9dc3e6"><title>{cell.offers} Angebote</title></rect>'
                f'<text x="{label_w + w_off + 4}" y="{y + 26}" font-size="11">{cell.offers}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def read_summaries(urls: Sequence[str], by: Sequence[str] = DEFAULT_BY) -> list[Cell]:
    """A state-wide picture from regional hubs' ``/api/v1/needs/summary``, with provenance.

    Each hub already left out its small cells; the sum keeps every hub's count in
    ``sources`` so a reader sees where demand was registered. Offers are summed likewise.
    """
    from urllib.parse import urlencode, urlsplit

    merged: dict[tuple[str | None, ...], Cell] = {}
    for base in urls:
        url = base.rstrip("/") + "/api/v1/needs/summary?" + urlencode({"by": ",".join(by)})
        http = HttpClient(allowed_hosts={urlsplit(base).netloc.lower()})
        data = json.loads(http.get(url).body)
        for item in data.get("cells", []):
            keys = {d: item["keys"].get(d) for d in by}
            key = tuple(keys.values())
            cell = merged.setdefault(key, Cell(keys=keys, needs=0, offers=0))
            cell.needs += int(item["needs"])
            cell.offers = (cell.offers or 0) + int(item.get("offers") or 0)
            cell.sources[base.rstrip("/")] = int(item["needs"])
    found = sorted(merged.values(), key=lambda c: -c.needs)
    return found
