"""The German HTML pages: start page, results, one page per offer, the partner centres."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from hub.index.base import SearchQuery
from hub.index.series import series_key
from hub.model import KIND_LABELS, Listing
from search_api.answers import beside
from search_api.context import AppContext, get_context
from search_api.jsonld import listing_jsonld, script_json
from search_api.links import kind_search_url, raw_params
from search_api.presenters import detail_path, facets_out, run_search
from search_api.public_url import public_base
from search_api.routes_catalogue import partner_centres
from search_api.schemas import (
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    MAX_RADIUS_KM,
    MAX_SIZE,
    SearchParams,
)
from search_api.series import series_listings
from search_api.templating import HTML_HEADERS

router = APIRouter(include_in_schema=False)

#: what to tell a person whose URL had a bad parameter, by parameter
INPUT_PROBLEMS = {
    "q": f"Der Suchbegriff darf höchstens {MAX_QUERY_LENGTH} Zeichen lang sein.",
    "kind": "Diese Angebotsart gibt es nicht.",
    "topic": "Der Themenfilter ist ungültig.",
    "audience": "Der Zielgruppenfilter ist ungültig.",
    "mode": "Dieses Format gibt es nicht (online, vor Ort oder hybrid).",
    "region": "Der Regionsfilter ist ungültig.",
    "partner": "Der Anbieterfilter ist ungültig.",
    "free": "Der Filter „kostenfrei“ ist ungültig.",
    "schedule": "Der Terminfilter ist ungültig (laufend buchbar: ongoing, nach Vereinbarung: "
    "on_request).",
    "date_from": "Das Datum „Termine ab“ ist ungültig (Format JJJJ-MM-TT).",
    "date_to": "Das Datum „Termine bis“ ist ungültig oder liegt vor „Termine ab“.",
    "upcoming": "Der Zeitraumfilter ist ungültig.",
    "open_deadline": "Der Fristfilter ist ungültig.",
    "near": "Diesen Ort kennen wir nicht. Geben Sie einen Ortsnamen an, z. B. „Leipzig“.",
    "radius": f"Der Umkreis muss zwischen 1 und {MAX_RADIUS_KM} km liegen und braucht einen Ort.",
    "sort": "Diese Sortierung gibt es nicht; „Entfernung“ braucht einen Ort.",
    "cursor": "Der Link zum Weiterblättern ist ungültig. Bitte beginnen Sie die Suche neu.",
    "page": f"Die Seitenzahl muss zwischen 1 und {MAX_PAGE} liegen.",
    "size": f"Pro Seite können 1 bis {MAX_SIZE} Angebote angezeigt werden.",
}
POSTCODE_ONLY = (
    "Eine Postleitzahl allein können wir nicht zuordnen – bitte den Ort dazuschreiben, "
    "z. B. „04109 Leipzig“."
)
#: entry points of the start page, in the order people look for them
ENTRY_KINDS = ("course", "funding", "advice", "event", "good_practice")
ENTRY_TEXTS = {
    "course": "Kurse, Seminare und Lehrgänge für Beschäftigte und Betriebe",
    "funding": "Zuschüsse und Programme für Weiterbildung und Digitalisierung",
    "advice": "Beratung für Betriebe, Beschäftigte und Gründende",
    "event": "Workshops, Netzwerktreffen und Sprechstunden",
    "good_practice": "Wie andere Betriebe es gemacht haben",
}
SORT_LABELS = {"relevance": "Relevanz", "date": "Termin", "distance": "Entfernung"}
RADII = (5, 10, 25, 50, 100)


def render(
    request: Request, name: str, context: Mapping[str, object], status: int = 200
) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request, name, context, status_code=status, headers=HTML_HEADERS
    )
    return response


def _problems(error: ValidationError) -> list[str]:
    found: list[str] = []
    for e in error.errors():
        field = str(e["loc"][0]) if e["loc"] else ""
        if field == "near" and "Postleitzahl allein" in str(e.get("msg", "")):
            message = POSTCODE_ONLY
        else:
            message = INPUT_PROBLEMS.get(field, "Die Anfrage ist ungültig.")
        if message not in found:
            found.append(message)
    return found


@router.get("/", response_class=HTMLResponse)
async def start_page(
    request: Request, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    if request.query_params:  # links of the first version (``/?q=…``) still show results
        return await search_page(request, context)
    results = await beside(context.index, lambda: context.index.search(SearchQuery(size=1)))
    counts = {f.value: f.count for f in facets_out(results.facets).kind}
    entries = [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "text": ENTRY_TEXTS[kind],
            "count": counts.get(kind, 0),
            "href": kind_search_url(kind),
        }
        for kind in ENTRY_KINDS
    ]
    page = {"params": SearchParams(), "typed": "", "entries": entries, "total": results.total}
    return render(request, "start.html", page)


@router.get("/suche", response_class=HTMLResponse)
async def search_page(
    request: Request, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    page: dict[str, object] = {
        "params": SearchParams(),
        "result": None,
        "problems": [],
        "sort_labels": SORT_LABELS,
        "radii": RADII,
    }
    try:
        params = SearchParams.model_validate(raw_params(request.query_params))
    except ValidationError as exc:
        page["problems"] = _problems(exc)
        page["typed"] = request.query_params.get("q", "")[:MAX_QUERY_LENGTH]
        return render(request, "search.html", page, status=422)
    try:
        result = await beside(context.index, lambda: run_search(context.index, params))
    except ValueError:  # a cursor the index cannot read
        page["problems"] = [INPUT_PROBLEMS["cursor"]]
        page["typed"] = params.q
        return render(request, "search.html", page, status=422)
    page.update(params=params, result=result, typed=params.q)
    return render(request, "search.html", page)


@router.get("/angebote/{listing_id}", response_class=HTMLResponse)
def listing_page(
    request: Request, listing_id: str, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    listing = context.listings.get_listing(listing_id)
    if listing is None:
        message = "Dieses Angebot gibt es nicht (mehr). Vielleicht finden Sie es über die Suche."
        missing = {"title": "Angebot nicht gefunden", "message": message}
        return render(request, "error.html", missing, status=404)
    url = public_base(request, context.settings) + detail_path(listing.id)
    jsonld = script_json(listing_jsonld(listing, url))
    page: dict[str, object] = {"listing": listing, "jsonld": jsonld, "none_params": SearchParams()}
    if (key := series_key(listing.source_id, listing.source_key)) is not None:
        dates = [Listing.model_validate(x) for x in series_listings(context.index, key)]
        page["occurrences"] = dates if len(dates) > 1 else []
    return render(request, "detail.html", page)


@router.get("/partner", response_class=HTMLResponse)
def partners_page(
    request: Request, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    return render(request, "partners.html", {"partners": partner_centres(context)})
