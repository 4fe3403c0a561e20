"""schema.org JSON-LD for a listing page, so search engines understand what is offered.

course → ``Course`` (with a ``CourseInstance`` per date), event → ``Event``, funding →
``MonetaryGrant``, advice → ``Service``, good practice → ``Article``.
"""

from __future__ import annotations

import json
from typing import Any

from hub.model import Listing
from search_api.formatting import format_place, is_free
from search_api.labels import region_label
from search_api.links import safe_href

SCHEMA_TYPES = {
    "course": "Course",
    "event": "Event",
    "funding": "MonetaryGrant",
    "advice": "Service",
    "good_practice": "Article",
}
ATTENDANCE = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
COURSE_MODE = {"online": "online", "in_person": "onsite", "hybrid": "blended"}


def _place(listing: Listing) -> dict[str, Any] | None:
    if listing.mode == "online":
        return {"@type": "VirtualLocation", "url": listing.url} if listing.url else None
    place = listing.place
    if place is None:
        return None
    out: dict[str, Any] = {"@type": "Place", "name": format_place(place)}
    if place.city or place.street or place.postcode:
        address = {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postcode,
            "addressLocality": place.city,
            "addressCountry": "DE",
        }
        out["address"] = {k: v for k, v in address.items() if v}
    if place.lat is not None and place.lon is not None:
        out["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
    return out


def _offer(listing: Listing) -> dict[str, Any] | None:
    price = listing.price
    if price is None:
        return None
    if is_free(price):
        return {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "url": listing.url}
    if price.amount is None:
        return None
    return {
        "@type": "Offer",
        "price": price.amount,
        "priceCurrency": (price.currency or "EUR").upper(),
        "url": listing.url,
    }


def listing_jsonld(listing: Listing, page_url: str) -> dict[str, Any]:
    """The schema.org description of one listing; only http(s) URLs of partners are kept."""
    listing = listing.model_copy(
        update={
            "url": safe_href(listing.url),
            "partner": listing.partner.model_copy(update={"url": safe_href(listing.partner.url)}),
        }
    )
    kind = SCHEMA_TYPES[listing.kind]
    organisation = {"@type": "Organization", "name": listing.partner.name}
    if listing.partner.url:
        organisation["url"] = listing.partner.url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": page_url,
        "name": listing.title,
        "description": listing.description_text or None,
        "url": listing.url or page_url,
        "inLanguage": "de",
        "keywords": ", ".join(listing.topics) or None,
        "audience": [{"@type": "Audience", "audienceType": a} for a in listing.audiences] or None,
        "areaServed": [region_label(r) for r in listing.regions] or None,
    }
    schedule = listing.schedule
    if kind == "Course":
        data["provider"] = organisation
        if schedule and schedule.start:
            instance: dict[str, Any] = {
                "@type": "CourseInstance",
                "startDate": schedule.start.isoformat(),
                "endDate": schedule.end.isoformat() if schedule.end else None,
                "courseMode": COURSE_MODE.get(listing.mode or ""),
                "location": _place(listing),
            }
            data["hasCourseInstance"] = [{k: v for k, v in instance.items() if v}]
        data["offers"] = _offer(listing)
    elif kind == "Event":
        data["organizer"] = organisation
        data["startDate"] = schedule.start.isoformat() if schedule and schedule.start else None
        data["endDate"] = schedule.end.isoformat() if schedule and schedule.end else None
        data["eventAttendanceMode"] = ATTENDANCE.get(listing.mode or "")
        data["location"] = _place(listing)
        data["offers"] = _offer(listing)
    elif kind == "MonetaryGrant":
        funding = listing.funding
        data["funder"] = (
            {"@type": "Organization", "name": funding.funder}
            if funding and funding.funder
            else organisation
        )
        if funding and funding.max_amount is not None:
            data["amount"] = {
                "@type": "MonetaryAmount",
                "maxValue": funding.max_amount,
                "currency": "EUR",
            }
    elif kind == "Service":
        data["provider"] = organisation
        data["areaServed"] = data["areaServed"] or None
    else:
        data["publisher"] = organisation
    return {k: v for k, v in data.items() if v is not None}


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` escaped so no tag can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
