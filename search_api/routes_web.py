"""The German HTML pages: the search page at ``/`` and one page per offer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from search_api.context import AppContext, get_context
from search_api.links import raw_params
from search_api.presenters import run_search
from search_api.schemas import MAX_PAGE, MAX_QUERY_LENGTH, MAX_SIZE, SearchParams
from search_api.templating import HTML_HEADERS

router = APIRouter(include_in_schema=False)

#: what to tell a person whose URL had a bad parameter, by parameter
INPUT_PROBLEMS = {
    "q": f"Der Suchbegriff darf höchstens {MAX_QUERY_LENGTH} Zeichen lang sein.",
    "kind": "Diese Angebotsart gibt es nicht.",
    "mode": "Dieses Format gibt es nicht (online, vor Ort oder hybrid).",
    "region": "Der Regionsfilter ist ungültig.",
    "partner": "Der Anbieterfilter ist ungültig.",
    "page": f"Die Seitenzahl muss zwischen 1 und {MAX_PAGE} liegen.",
    "size": f"Pro Seite können 1 bis {MAX_SIZE} Angebote angezeigt werden.",
}


def render(
    request: Request, name: str, context: Mapping[str, object], status: int = 200
) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request, name, context, status_code=status, headers=HTML_HEADERS
    )
    return response


def _problems(error: ValidationError) -> list[str]:
    fields = dict.fromkeys(str(e["loc"][0]) for e in error.errors() if e["loc"])
    return [INPUT_PROBLEMS.get(f, "Die Anfrage ist ungültig.") for f in fields]


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    page: dict[str, object] = {"params": SearchParams(), "result": None, "problems": []}
    try:
        params = SearchParams.model_validate(raw_params(request.query_params))
    except ValidationError as exc:
        page["problems"] = _problems(exc)
        page["typed"] = request.query_params.get("q", "")[:MAX_QUERY_LENGTH]
        return render(request, "search.html", page, status=422)
    page.update(params=params, result=run_search(context.index, params), typed=params.q)
    return render(request, "search.html", page)


@router.get("/angebote/{listing_id}", response_class=HTMLResponse)
def listing_page(
    request: Request, listing_id: str, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    listing = context.listings.get_listing(listing_id)
    if listing is None:
        message = "Dieses Angebot gibt es nicht (mehr). Vielleicht finden Sie es über die Suche."
        page = {"title": "Angebot nicht gefunden", "message": message}
        return render(request, "error.html", page, status=404)
    return render(request, "detail.html", {"listing": listing})
