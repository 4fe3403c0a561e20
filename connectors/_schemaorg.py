"""schema.org items embedded in a page (JSON-LD, microdata, RDFa via extruct) → RawRecord fields.

extruct gives JSON-LD and microdata as compact dicts; RDFa comes as an expanded graph, which
``_compact_rdfa`` folds back into the same shape so one mapping serves all three.
"""

from __future__ import annotations

from typing import Any

import extruct

SCHEMA_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
#: schema.org types the ``jsonld`` connector harvests, and the listing kind each suggests
TYPE_KINDS: dict[str, str | None] = {
    "Course": "course",
    "CourseInstance": "course",
    "Event": "event",
    "EducationEvent": "event",
    "BusinessEvent": "event",
    "Offer": None,
    "GovernmentService": "advice",
    "MonetaryGrant": "funding",
    "Organization": None,
}
MODES = {
    "OfflineEventAttendanceMode": "Präsenz",
    "OnlineEventAttendanceMode": "Online",
    "MixedEventAttendanceMode": "Hybrid",
    "onsite": "Präsenz",
    "online": "Online",
    "blended": "Hybrid",
}


def strip(name: str) -> str:
    for prefix in SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def types_of(item: dict[str, Any]) -> list[str]:
    value = item.get("@type") or []
    return [strip(str(t)) for t in (value if isinstance(value, list) else [value])]


def extract_items(html: str, url: str) -> list[dict[str, Any]]:
    """Every top-level schema.org item on the page, in document order, syntax by syntax."""
    data = extruct.extract(
        html, base_url=url, syntaxes=["json-ld", "microdata", "rdfa"], uniform=True, errors="log"
    )
    items: list[dict[str, Any]] = []
    for item in data.get("json-ld", []):
        items.extend(item.get("@graph", [item]) if isinstance(item, dict) else [])
    items.extend(i for i in data.get("microdata", []) if isinstance(i, dict))
    items.extend(_compact_rdfa(data.get("rdfa", [])))
    return [i for i in items if isinstance(i, dict) and types_of(i)]


def _compact_rdfa(graph: list[dict[str, Any]]) -> list[dict[str, Any]]:
    nodes = {n.get("@id"): n for n in graph if isinstance(n, dict)}
    referenced: set[str] = set()
    for node in graph:
        for key, values in node.items():
            if key.startswith("@") or not isinstance(values, list):
                continue
            referenced.update(v["@id"] for v in values if isinstance(v, dict) and "@id" in v)

    def compact(node: dict[str, Any], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {"@type": [strip(t) for t in node.get("@type", [])]}
        for key, values in node.items():
            if key.startswith("@") or not key.startswith(SCHEMA_PREFIXES):
                continue
            converted = []
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, dict) and "@value" in value:
                    converted.append(value["@value"])
                elif isinstance(value, dict) and value.get("@id") in nodes and depth < 4:
                    converted.append(compact(nodes[value["@id"]], depth + 1))
                elif isinstance(value, dict) and "@id" in value:
                    converted.append(value["@id"])
            out[strip(key)] = converted[0] if len(converted) == 1 else converted
        return out

    return [compact(n, 0) for key, n in nodes.items() if key not in referenced and n.get("@type")]


def _first(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0] if value else None
    return value


def _text(value: Any) -> str:
    value = _first(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or "")
    return "" if value is None else " ".join(str(value).split())


def _place(location: Any) -> str:
    location = _first(location)
    if not isinstance(location, dict):
        return _text(location)
    if "VirtualLocation" in types_of(location):
        return "Online"
    address = _first(location.get("address"))
    parts = [_text(location.get("name"))]
    if isinstance(address, dict):
        parts += [
            _text(address.get("streetAddress")),
            " ".join(
                p
                for p in (_text(address.get("postalCode")), _text(address.get("addressLocality")))
                if p
            ),
        ]
    elif address:
        parts.append(_text(address))
    return ", ".join(p for p in parts if p)


def _audience(audience: Any) -> str:
    """schema.org ``audience``: Audience objects name their people in ``audienceType``."""
    found = []
    for one in audience if isinstance(audience, list) else [audience]:
        if isinstance(one, dict):
            found.append(_text(one.get("audienceType") or one.get("name")))
        else:
            found.append(_text(one))
    return ", ".join(a for a in found if a)


def _price(offers: Any) -> str:
    offer = _first(offers)
    if not isinstance(offer, dict):
        return ""
    price = _text(offer.get("price"))
    if price in ("0", "0.0", "0.00"):
        return "kostenfrei"
    return " ".join(p for p in (price, _text(offer.get("priceCurrency"))) if p)


def _when(item: dict[str, Any]) -> str:
    start, end = _text(item.get("startDate")), _text(item.get("endDate"))
    return f"{start}/{end}" if start and end else start


def fields_of(item: dict[str, Any]) -> dict[str, Any]:
    """RawRecord fields of one schema.org item (the pipeline normalises them further)."""
    kinds = [TYPE_KINDS[t] for t in types_of(item) if TYPE_KINDS.get(t)]
    instance = _first(item.get("hasCourseInstance"))
    timed = instance if isinstance(instance, dict) else item
    mode = _text(item.get("eventAttendanceMode") or timed.get("courseMode"))
    organiser = item.get("provider") or item.get("organizer") or item.get("funder")
    fields: dict[str, Any] = {
        "title": _text(item.get("name")),
        "description": _text(item.get("description")),
        "date": _when(timed),
        "place": _place(timed.get("location") or item.get("location")),
        "mode": MODES.get(strip(mode), mode),
        "price": _price(item.get("offers") or timed.get("offers")),
        "provider": _text(organiser),
        "kind": kinds[0] if kinds else "",
        "deadline": _text(item.get("applicationDeadline") or item.get("validThrough")),
        "audience": _audience(item.get("audience")),
    }
    if not fields["place"] and item.get("areaServed"):  # a region-wide service or programme
        fields["place"] = _text(item.get("areaServed"))
    keywords = item.get("keywords")
    if isinstance(keywords, str):
        fields["topics"] = [k.strip() for k in keywords.split(",") if k.strip()]
    elif isinstance(keywords, list):
        fields["topics"] = [_text(k) for k in keywords if _text(k)]
    if "MonetaryGrant" in types_of(item):
        amount = _first(item.get("amount"))
        if isinstance(amount, dict):
            fields["funding"] = " ".join(
                p for p in ("bis", _text(amount.get("value") or amount.get("maxValue")),
                            _text(amount.get("currency"))) if p
            )  # fmt: skip
    return fields
