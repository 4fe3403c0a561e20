"""Errors as RFC 9457 problem details, the same shape for every API route and status.

A bad parameter gets a 422 whose ``errors`` name each parameter and say why; the HTML pages
get a German error page instead. Nothing here echoes internals beyond what the caller sent.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.errors import IndexError_
from search_api.schemas import InvalidParamOut, ProblemOut

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
INDEX_UNAVAILABLE = "Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut."

#: RFC 9110 names where Python's http module still uses the older RFC 7231 ones
TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}

#: German title and message of an error page, by status
HTML_ERRORS = {
    401: ("Anmeldung nötig", "Diese Seite ist nur mit gültiger Anmeldung erreichbar."),
    403: ("Kein Zugriff", "Diese Seite ist für Sie nicht freigegeben."),
    404: ("Seite nicht gefunden", "Diese Seite gibt es nicht. Vielleicht hilft die Suche."),
    405: ("Nicht erlaubt", "Diese Seite kann so nicht aufgerufen werden."),
    500: ("Fehler", "Etwas ist schiefgegangen. Bitte versuchen Sie es später erneut."),
    503: ("Nicht verfügbar", INDEX_UNAVAILABLE),
}

#: OpenAPI entries for the problem responses every API route may give
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ProblemOut, "description": "Ungültiger Parameter / invalid parameter"},
    503: {"model": ProblemOut, "description": "Suchindex nicht erreichbar / index unavailable"},
}


def problem(
    request: Request,
    status: int,
    detail: str,
    errors: list[InvalidParamOut] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = ProblemOut(
        title=TITLES.get(status) or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors or [],
    )
    return Response(
        body.model_dump_json(), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


#: German reasons for pydantic's error types (``{…}`` from the error's ``ctx``); a type not
#: named here keeps pydantic's English message behind a German lead-in
REASONS = {
    "missing": "fehlt, wird aber gebraucht",
    "int_parsing": "muss eine ganze Zahl sein",
    "int_type": "muss eine ganze Zahl sein",
    "int_from_float": "muss eine ganze Zahl sein, ohne Nachkommastellen",
    "float_parsing": "muss eine Zahl sein (Dezimalpunkt, z. B. 12.5)",
    "float_type": "muss eine Zahl sein (Dezimalpunkt, z. B. 12.5)",
    "finite_number": "muss eine endliche Zahl sein",
    "bool_parsing": "muss ein Wahrheitswert sein (true oder false)",
    "bool_type": "muss ein Wahrheitswert sein (true oder false)",
    "greater_than": "muss größer als {gt} sein",
    "greater_than_equal": "muss mindestens {ge} sein",
    "less_than": "muss kleiner als {lt} sein",
    "less_than_equal": "darf höchstens {le} sein",
    "string_too_short": "ist zu kurz (mindestens {min_length} Zeichen)",
    "string_too_long": "ist zu lang (höchstens {max_length} Zeichen)",
    "too_short": "hat zu wenige Werte (mindestens {min_length})",
    "too_long": "hat zu viele Werte (höchstens {max_length})",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "literal_error": "muss einer dieser Werte sein: {expected}",
    "enum": "muss einer dieser Werte sein: {expected}",
    "date_parsing": "muss ein Datum der Form JJJJ-MM-TT sein",
    "date_from_datetime_parsing": "muss ein Datum der Form JJJJ-MM-TT sein",
    "date_type": "muss ein Datum der Form JJJJ-MM-TT sein",
    "datetime_parsing": "muss ein Zeitpunkt der Form JJJJ-MM-TTThh:mm:ss sein",
    "datetime_from_date_parsing": "muss ein Zeitpunkt der Form JJJJ-MM-TTThh:mm:ss sein",
    "json_invalid": "ist kein gültiges JSON",
    "extra_forbidden": "ist hier nicht vorgesehen",
    "url_parsing": "muss eine Adresse (URL) sein",
    "url_scheme": "muss eine Adresse mit http:// oder https:// sein",
}


def _shown(value: object) -> str:
    """A bound as a German reader writes it: 0 for 0.0, 2,5 for 2.5."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def _reason(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "ungültig"))
    kind = str(error.get("type", ""))
    if kind == "value_error":  # our own validators say it in German already
        # pydantic prefixes messages of our own validators with "Value error, "
        return message.removeprefix("Value error, ")
    template = REASONS.get(kind)
    if template is not None:
        context = {k: _shown(v) for k, v in (error.get("ctx") or {}).items()}
        context["expected"] = context.get("expected", "").replace(" or ", " oder ")
        try:
            return template.format(**context)
        except (KeyError, IndexError):  # a context this pydantic does not give: say it plainly
            return template.split(" (", 1)[0].split(" {", 1)[0]
    return f"ungültiger Wert ({message})"


def invalid_params(exc: RequestValidationError) -> list[InvalidParamOut]:
    found: list[InvalidParamOut] = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else "query"
        name = loc[1] if len(loc) > 1 else location
        found.append(InvalidParamOut(parameter=name, location=location, reason=_reason(error)))
    return found


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi", "/health", "/metrics"))


async def _validation_failed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = invalid_params(exc)
    detail = "; ".join(f"Parameter '{e.parameter}': {e.reason}" for e in errors) + "."
    return problem(request, 422, detail, errors)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if wants_html(request):
        from search_api.routes_web import render

        title, message = HTML_ERRORS.get(exc.status_code, HTML_ERRORS[500])
        page = {"title": title, "message": message}
        response = render(request, "error.html", page, status=exc.status_code)
        response.headers.update(exc.headers or {})
        return response
    headers = dict(exc.headers or {})
    return problem(request, exc.status_code, str(exc.detail), headers=headers or None)


async def _index_unavailable(request: Request, exc: Exception) -> Response:
    log.error("search index unavailable: %s", exc)
    if wants_html(request):
        from search_api.routes_web import render

        page = {"title": "Suche nicht verfügbar", "message": INDEX_UNAVAILABLE}
        return render(request, "error.html", page, status=503)
    return problem(
        request, 503, f"Der Suchindex ist nicht erreichbar ({exc}); bitte später erneut versuchen."
    )


def install(app: FastAPI) -> None:
    """Register the handlers that turn errors into problem details (or German pages)."""
    app.add_exception_handler(RequestValidationError, _validation_failed)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IndexError_, _index_unavailable)


def problem_media_types(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI: error responses are ``application/problem+json``, not ``application/json``."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status)[0] in "45" and "application/json" in content:
                    content[PROBLEM_JSON] = content.pop("application/json")
    return schema
