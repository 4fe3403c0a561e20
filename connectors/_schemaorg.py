"""schema.org items embedded in a page (JSON-LD, microdata, RDFa via extruct) → RawRecord fields.

extruct gives JSON-LD and microdata as compact dicts; RDFa comes as an expanded graph, which
``_compact_rdfa`` folds back into the same shape so one mapping serves all three. Items nested
in an ``ItemList`` or in an organisation's ``event`` are read like top-level ones.

A Course with several ``hasCourseInstance`` gives one record per instance (its own date, place,
mode and price): a course run in three towns is found in each town and on each date.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from connectors._util import german_amount

SCHEMA_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
#: every schema.org subtype of Event (https://schema.org/Event, "More specific Types")
EVENT_SUBTYPES = frozenset(
    {"BusinessEvent", "ChildrensEvent", "ComedyEvent", "CourseInstance", "DanceEvent",
     "DeliveryEvent", "EducationEvent", "EventSeries", "ExhibitionEvent", "Festival",
     "FoodEvent", "Hackathon", "LiteraryEvent", "MusicEvent", "PublicationEvent",
     "BroadcastEvent", "OnDemandEvent", "SaleEvent", "ScreeningEvent", "SocialEvent",
     "SportsEvent", "TheaterEvent", "VisualArtsEvent"}
)  # fmt: skip
#: schema.org types the ``jsonld`` connector harvests, and the listing kind each suggests
#: (documented in docs/connectors.md); every Event subtype is an event, CourseInstance a course
TYPE_KINDS: dict[str, str | None] = {
    "Course": "course",
    "Event": "event",
    **{name: "event" for name in sorted(EVENT_SUBTYPES)},
    "CourseInstance": "course",
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
    "on-site": "Präsenz",
    "online": "Online",
    "mooc": "Online",
    "distance": "Online",
    "blended": "Hybrid",
    "hybrid": "Hybrid",
}
#: properties whose values are items of their own: a list's elements, an organisation's events
NESTED = ("itemListElement", "item", "event", "events")
MAX_DEPTH = 4


def wanted(item: dict[str, Any], types: list[str]) -> bool:
    """Whether the item is of a wanted type; ``Event`` in ``types`` takes every subtype."""
    own = set(types_of(item))
    return bool(own & set(types)) or ("Event" in types and bool(own & EVENT_SUBTYPES))


def cancelled(item: dict[str, Any]) -> bool:
    return strip(_text(item.get("eventStatus"))).endswith("EventCancelled")


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
    # imported here: extruct brings rdflib and mf2py (≈ 25 MiB, 0.1 s), which a process that
    # only reads feeds (a harvest worker, the CLI) never needs
    import extruct

    data = extruct.extract(
        html, base_url=url, syntaxes=["json-ld", "microdata", "rdfa"], uniform=True, errors="log"
    )
    items: list[dict[str, Any]] = []
    for item in data.get("json-ld", []):
        items.extend(item.get("@graph", [item]) if isinstance(item, dict) else [])
    items.extend(i for i in data.get("microdata", []) if isinstance(i, dict))
    items.extend(_compact_rdfa(data.get("rdfa", [])))
    found: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            _walk(item, found, None, 0)
    return [i for i in found if types_of(i)]


def _walk(
    item: dict[str, Any], found: list[dict[str, Any]], host: dict[str, Any] | None, depth: int
) -> None:
    """The item, then the items nested in it; an event an organisation lists gets the
    organisation as its organizer when it names none."""
    if host is not None and "organizer" not in item and "provider" not in item:
        item = {**item, "organizer": host}
    if types_of(item):
        found.append(item)
    if depth >= MAX_DEPTH:
        return
    is_organisation = any("Organization" in t or t == "Place" for t in types_of(item))
    for name in NESTED:
        for child in _as_list(item.get(name)):
            if isinstance(child, dict):
                inherit = item if is_organisation and name in ("event", "events") else None
                _walk(child, found, inherit, depth + 1)


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


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


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


def _amount(value: Any, currency: str) -> str:
    text = _text(value)
    return german_amount(text, currency) or " ".join(p for p in (text, currency) if p)


def _price(offers: Any) -> str:
    """The price of the offers as German text: one amount, ``ab`` the lowest of an
    AggregateOffer, or every distinct amount (which the pipeline keeps as text only)."""
    texts: list[str] = []
    for offer in _as_list(offers):
        if not isinstance(offer, dict):
            continue
        currency = _text(offer.get("priceCurrency"))  # none given: no currency guessed
        price = _text(offer.get("price"))
        low, high = _text(offer.get("lowPrice")), _text(offer.get("highPrice"))
        if price in ("0", "0.0", "0.00") or (
            not price and low in ("0", "0.0", "0.00") and high in ("", "0", "0.0", "0.00")
        ):
            texts.append("kostenfrei")
        elif price:
            texts.append(_amount(price, currency))
        elif low and high == low:
            texts.append(_amount(low, currency))
        elif low:
            texts.append(f"ab {_amount(low, currency)}")
    return " / ".join(dict.fromkeys(texts))


def _when(item: dict[str, Any]) -> str:
    start, end = _text(item.get("startDate")), _text(item.get("endDate"))
    return f"{start}/{end}" if start and end else start


def _mode(*values: Any) -> str:
    """One delivery mode from ``eventAttendanceMode``/``courseMode`` values (often several:
    ``["onsite", "online"]`` is hybrid); words we do not know go on as they are."""
    known: list[str] = []
    unknown: list[str] = []
    for value in values:
        for part in _as_list(value):
            word = strip(_text(part))
            mapped = MODES.get(word) or MODES.get(word.casefold())
            (known if mapped else unknown).append(mapped or word)
    modes = set(known)
    if "Hybrid" in modes or {"Präsenz", "Online"} <= modes:
        return "Hybrid"
    if modes:
        return modes.pop()
    return " ".join(w for w in unknown if w)


def _audience(value: Any) -> list[str]:
    names: list[str] = []
    for audience in _as_list(value):
        if isinstance(audience, dict):
            names += [_text(a) for a in _as_list(audience.get("audienceType"))]
            names.append(_text(audience.get("name")))
        else:
            names.append(_text(audience))
    return [n for n in dict.fromkeys(names) if n]


def _credentials(value: Any) -> list[str]:
    names = []
    for credential in _as_list(value):
        if isinstance(credential, dict):
            names.append(
                _text(credential.get("name")) or _text(credential.get("credentialCategory"))
            )
        else:
            names.append(_text(credential))
    return [n for n in dict.fromkeys(names) if n]


def fields_of(item: dict[str, Any], instance: dict[str, Any] | None = None) -> dict[str, Any]:
    """RawRecord fields of one schema.org item, for one of its course instances if given
    (the pipeline normalises them further)."""
    kinds = [TYPE_KINDS[t] for t in types_of(item) if TYPE_KINDS.get(t)]
    if instance is None:
        first = _first(item.get("hasCourseInstance"))
        instance = first if isinstance(first, dict) else None
    timed = instance or item
    organiser = item.get("provider") or item.get("organizer") or item.get("funder")
    description = _text(item.get("description"))
    credentials = _credentials(item.get("educationalCredentialAwarded"))
    if credentials:  # no field of its own: a labelled line readers and search both see
        description = "\n\n".join(
            p for p in (description, f"Abschluss: {', '.join(credentials)}") if p
        )
    fields: dict[str, Any] = {
        "title": _text(item.get("name")),
        "description": description,
        "date": _when(timed),
        "place": _place(timed.get("location") or item.get("location")),
        "mode": _mode(
            timed.get("eventAttendanceMode") or item.get("eventAttendanceMode"),
            timed.get("courseMode") or item.get("courseMode"),
        ),
        "price": _price(timed.get("offers") or item.get("offers")),
        "provider": _text(organiser),
        "kind": kinds[0] if kinds else "",
        "deadline": _text(item.get("applicationDeadline") or item.get("validThrough")),
        "audience": _audience(item.get("audience")),
    }  # fmt: skip
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
            value = _text(amount.get("value") or amount.get("maxValue"))
            currency = _text(amount.get("currency"))
            fields["funding"] = f"bis {_amount(value, currency)}" if value else ""
    return fields


def runs_of(item: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """(key suffix, instance) per course run: one listing per ``hasCourseInstance`` when there
    are several, keyed by the instance's own @id or its start and place; else one, unsuffixed."""
    instances = [i for i in _as_list(item.get("hasCourseInstance")) if isinstance(i, dict)]
    if len(instances) < 2:
        return [("", instances[0] if instances else None)]
    runs: list[tuple[str, dict[str, Any] | None]] = []
    used: set[str] = set()
    for position, instance in enumerate(instances, start=1):
        own = _text(instance.get("@id"))
        if own and not own.startswith("_:"):
            suffix = "#" + re.sub(r"^.*#", "", own)
        else:
            basis = f"{_when(instance)}|{_place(instance.get('location'))}"
            suffix = "#termin-" + hashlib.sha256(basis.encode()).hexdigest()[:10]
        if suffix in used:
            suffix += f"-{position}"
        used.add(suffix)
        runs.append((suffix, instance))
    return runs
