"""Saved needs on the web: ``/bedarf`` (sign-up, confirm, change, unsubscribe), ``/bedarfe``
and ``GET /api/v1/needs/summary`` (the anonymous Bedarfsradar). See docs/needs.md.

The sign-up answers the same whatever the address (no enumeration): the confirmation goes out
in the background, and an address over its limit simply gets no further e-mail. Addresses
never reach a log line.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import ValidationError

from hub.errors import ConfigError
from hub.model import KIND_LABELS, utcnow
from hub.needs import tokens
from hub.needs.describe import describe, radar_keys
from hub.needs.federation import federate, read_upstream, upstreams
from hub.needs.mail import MailError, MailSettings, public_url, send
from hub.needs.model import FREQUENCIES, NeedSpec
from hub.needs.notify import confirmation_message
from hub.needs.store import NeedStore
from hub.needs.summary import (
    DEFAULT_BY,
    DIMENSIONS,
    MIN_CELL,
    Cell,
    cells,
    sentence,
    summary,
    svg_chart,
)
from hub.store import Store
from hub.store.core import SQLStore
from pipelines.taxonomy import taxonomy
from search_api.context import AppContext, get_context
from search_api.links import search_url
from search_api.problems import PROBLEM_RESPONSES
from search_api.routes_web import RADII, render

log = logging.getLogger(__name__)
router = APIRouter()
EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$")
#: sign-ups one client may send per hour (answered with 429 beyond)
CLIENT_LIMIT = 10
#: confirmation e-mails one address gets per day (silently none beyond: same answer)
ADDRESS_LIMIT = 3
LIST_FIELDS = ("topic", "kind", "audience", "region")
FIELD_PROBLEMS = {
    "email": "Bitte geben Sie eine gültige E-Mail-Adresse an.",
    "consent": "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben.",
    "near": "Diesen Ort kennen wir nicht. Geben Sie einen Ortsnamen an, z. B. „Chemnitz“.",
    "radius": "Der Umkreis braucht einen Ort und darf höchstens 500 km betragen.",
    "people": "Die Zahl der Personen muss zwischen 1 und 10.000 liegen.",
    "budget": "Das Budget muss eine Zahl in Euro sein, z. B. 300.",
    "date_to": "„Bis“ darf nicht vor „Ab“ liegen.",
    "date_from": "Das Datum ist ungültig (Format JJJJ-MM-TT).",
}
NO_MAIL = (
    "Der E-Mail-Versand ist auf diesem Server nicht eingerichtet; Bedarfe können derzeit "
    "nicht gespeichert werden. Sie können die Suche als Atom-Feed oder Kalender abonnieren."
)


def needs_of(request: Request, context: AppContext) -> NeedStore:
    """The needs tables of this app's catalogue (made once per app)."""
    found: NeedStore | None = getattr(request.app.state, "needs", None)
    if found is None:
        # the needs tables live in the catalogue's store (its file, or its PostgreSQL database)
        listings = context.listings
        where = listings if isinstance(listings, SQLStore) else context.settings.db_path
        found = NeedStore(where, tokens.load_secret(context.settings.home))
        request.app.state.needs = found
    return found


def mail_settings() -> MailSettings | None:
    try:
        return MailSettings.from_env()
    except ConfigError:
        log.warning("REGIOHUB_SMTP_URL is invalid; saved needs are switched off")
        return None


def _base(context: AppContext) -> str:
    """The configured public URL, never the request's Host header (which a client chooses: a
    forged one would send confirmation links to someone else's site)."""
    return public_url(context.settings)


def _form_page(
    request: Request, values: dict[str, Any], problems: list[str], action: str = "/bedarf"
) -> dict[str, Any]:
    vocab = taxonomy()
    return {
        "values": values,
        "problems": problems,
        "action": action,
        "topics": list(vocab["topics"].labels),
        "audiences": list(vocab["audiences"].labels),
        "kinds": KIND_LABELS,
        "radii": RADII,
        "frequencies": FREQUENCIES,
        "mail_ready": mail_settings() is not None,
        "no_mail": NO_MAIL,
    }


def _values(pairs: dict[str, list[str]]) -> dict[str, Any]:
    """Form or query pairs → the fields of ``NeedSpec`` (and email/consent), as typed."""
    out: dict[str, Any] = {f: [v for v in pairs.get(f, []) if v.strip()] for f in LIST_FIELDS}
    for name in ("email", "q", "near", "radius", "people", "budget", "date_from", "date_to"):
        value = (pairs.get(name) or [""])[0].strip()
        out[name] = value
    out["frequency"] = (pairs.get("frequency") or ["sofort"])[0]
    out["online"] = bool(pairs.get("online")) or "online" in pairs.get("mode", [])
    out["free"] = (pairs.get("free") or [""])[0] in ("1", "true", "on")
    out["consent"] = bool(pairs.get("consent"))
    out["website"] = (pairs.get("website") or [""])[0]
    return out


def _spec(values: dict[str, Any]) -> tuple[NeedSpec | None, list[str]]:
    data = {k: v for k, v in values.items() if v not in ("", None)}
    budget = data.get("budget")
    if isinstance(budget, str) and "," in budget:  # German: „1.200,50“
        data["budget"] = budget.replace(".", "").replace(",", ".")
    try:
        spec = NeedSpec.model_validate(data)
        spec.search_params()  # the place must be known, the radius needs a place
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            message = FIELD_PROBLEMS.get(field, "Eine Angabe ist ungültig.")
            if message not in problems:
                problems.append(message)
        return None, problems
    return spec, []


async def _pairs(request: Request) -> dict[str, list[str]]:
    body = (await request.body())[:20_000].decode("utf-8", "replace")
    return parse_qs(body)


@router.get("/bedarf", response_class=HTMLResponse, include_in_schema=False)
def need_form(request: Request) -> HTMLResponse:
    """The sign-up form, filled in from a search's parameters (``Suche speichern``)."""
    pairs = {k: request.query_params.getlist(k) for k in request.query_params}
    return render(request, "needs_form.html", _form_page(request, _values(pairs), []))


@router.post("/bedarf", response_class=HTMLResponse, include_in_schema=False)
async def need_sign_up(
    request: Request,
    background: BackgroundTasks,
    context: Annotated[AppContext, Depends(get_context)],
) -> HTMLResponse:
    values = _values(await _pairs(request))
    mail = mail_settings()
    if mail is None:
        return render(request, "needs_form.html", _form_page(request, values, [NO_MAIL]), 503)
    spec, problems = _spec(values)
    email = str(values["email"])
    if not EMAIL.match(email) or len(email) > 254:
        problems.insert(0, FIELD_PROBLEMS["email"])
    if not values["consent"]:
        problems.append(FIELD_PROBLEMS["consent"])
    if problems or spec is None:
        return render(request, "needs_form.html", _form_page(request, values, problems), 422)
    needs = needs_of(request, context)
    client = request.client.host if request.client else "unknown"
    if not needs.allow(
        tokens.keyed(needs.secret, "client:" + client), CLIENT_LIMIT, timedelta(hours=1)
    ):
        page = {
            "title": "Zu viele Anmeldungen",
            "message": "Von Ihrem Anschluss kamen in der letzten Stunde zu viele Anmeldungen. "
            "Bitte versuchen Sie es später noch einmal.",
        }
        return render(request, "needs_message.html", page, 429)
    by_address = needs.allow(
        tokens.keyed(needs.secret, "address:" + email), ADDRESS_LIMIT, timedelta(hours=24)
    )
    if by_address and not values["website"]:  # the hidden field is filled only by bots
        _need_id, token = needs.sign_up(email, spec, radar_keys(spec))
        base = _base(context)
        message = confirmation_message(
            mail, email, describe(spec), f"{base}/bedarf/bestaetigen/{token}", base
        )
        background.add_task(_send_quietly, mail, message)
    page = {
        "title": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
        "message": "Wir haben eine E-Mail mit einem Bestätigungslink an die angegebene Adresse "
        "geschickt. Erst nach der Bestätigung schicken wir Ihnen passende Angebote. Ohne "
        "Bestätigung löschen wir die Angaben nach 48 Stunden.",
    }
    return render(request, "needs_message.html", page)


def _send_quietly(mail: MailSettings, message: Any) -> None:
    try:
        send(mail, message)
    except MailError as exc:
        log.warning("a confirmation e-mail could not be sent: %s", exc)  # never the address


@router.get("/bedarf/bestaetigen/{token}", response_class=HTMLResponse, include_in_schema=False)
def need_confirm_page(request: Request, token: str) -> HTMLResponse:
    # a button, not the link itself, confirms: mail scanners that open links confirm nothing
    page = {
        "title": "Bedarf bestätigen",
        "message": "Bitte bestätigen Sie, dass wir Ihnen passende Angebote schicken dürfen.",
        "action": f"/bedarf/bestaetigen/{token}",
        "button": "Jetzt bestätigen",
    }
    return render(request, "needs_message.html", page)


@router.post("/bedarf/bestaetigen/{token}", response_class=HTMLResponse, include_in_schema=False)
def need_confirm(
    request: Request, token: str, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    needs = needs_of(request, context)
    since = context.listings.last_change() if isinstance(context.listings, Store) else 0
    need_id = needs.confirm(token, since_seq=since)
    if need_id is None:
        page = {
            "title": "Link abgelaufen",
            "message": "Dieser Bestätigungslink ist abgelaufen oder wurde schon benutzt. "
            "Bitte melden Sie Ihren Bedarf neu an.",
            "links": [("/bedarf", "Bedarf neu anmelden")],
        }
        return render(request, "needs_message.html", page, 404)
    need = needs.get(need_id)
    assert need is not None
    private = needs.private_token(need_id)
    page = {
        "title": "Ihr Bedarf ist gespeichert",
        "message": f"Wir schreiben Ihnen {FREQUENCIES[need.spec.frequency]}, sobald neue "
        "passende Angebote erscheinen. Was es schon gibt, sehen Sie in der Suche. Bewahren "
        "Sie den privaten Link auf: damit können Sie den Bedarf ändern oder löschen.",
        "links": [
            (search_url(need.spec.search_params()), "Passende Angebote ansehen"),
            (f"/bedarf/verwalten/{private}", "Bedarf ansehen, ändern oder löschen"),
        ],
    }
    return render(request, "needs_message.html", page)


def _known(request: Request, context: AppContext, token: str) -> tuple[NeedStore, Any]:
    needs = needs_of(request, context)
    return needs, needs.by_token(token)


GONE = {
    "title": "Bedarf nicht gefunden",
    "message": "Diesen Bedarf gibt es nicht (mehr). Vielleicht wurde er schon gelöscht.",
    "links": [("/bedarf", "Neuen Bedarf anmelden")],
}


@router.get("/bedarf/verwalten/{token}", response_class=HTMLResponse, include_in_schema=False)
def need_manage(
    request: Request, token: str, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    _needs, need = _known(request, context, token)
    if need is None:
        return render(request, "needs_message.html", GONE, 404)
    values = _spec_values(need.spec)
    page = _form_page(request, values, [], action=f"/bedarf/verwalten/{token}")
    page.update(manage=True, token=token, summary=describe(need.spec))
    return render(request, "needs_form.html", page)


@router.post("/bedarf/verwalten/{token}", response_class=HTMLResponse, include_in_schema=False)
async def need_change(
    request: Request, token: str, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    needs, need = _known(request, context, token)
    if need is None:
        return render(request, "needs_message.html", GONE, 404)
    values = _values(await _pairs(request))
    spec, problems = _spec(values)
    if spec is None:
        page = _form_page(request, values, problems, action=f"/bedarf/verwalten/{token}")
        page.update(manage=True, token=token, summary=describe(need.spec))
        return render(request, "needs_form.html", page, 422)
    needs.update(need.id, spec, radar_keys(spec))
    page = {
        "title": "Bedarf geändert",
        "message": f"Gespeichert: {describe(spec)}.",
        "links": [(f"/bedarf/verwalten/{token}", "Zurück zum Bedarf")],
    }
    return render(request, "needs_message.html", page)


def _spec_values(spec: NeedSpec) -> dict[str, Any]:
    data = spec.model_dump(mode="json")
    out: dict[str, Any] = {k: ("" if v is None else v) for k, v in data.items()}
    out["radius"] = f"{spec.radius:g}" if spec.radius else ""
    out["budget"] = f"{spec.budget:g}" if spec.budget is not None else ""
    out.update(email="", consent=True, website="")
    return out


@router.get("/bedarf/abmelden/{token}", response_class=HTMLResponse, include_in_schema=False)
def need_unsubscribe_page(request: Request, token: str) -> HTMLResponse:
    page = {
        "title": "Abmelden und Angaben löschen",
        "message": "Mit einem Klick löschen wir Ihren Bedarf und Ihre E-Mail-Adresse.",
        "action": f"/bedarf/abmelden/{token}",
        "button": "Abmelden und löschen",
    }
    return render(request, "needs_message.html", page)


@router.post("/bedarf/abmelden/{token}", response_class=HTMLResponse, include_in_schema=False)
@router.post(
    "/bedarf/verwalten/{token}/loeschen", response_class=HTMLResponse, include_in_schema=False
)
def need_unsubscribe(
    request: Request, token: str, context: Annotated[AppContext, Depends(get_context)]
) -> HTMLResponse:
    """One-click unsubscribe (RFC 8058: mail clients POST here) deletes the need entirely."""
    needs, need = _known(request, context, token)
    if need is not None:
        needs.delete(need.id)
    page = {
        "title": "Abgemeldet",
        "message": "Ihr Bedarf und Ihre E-Mail-Adresse sind gelöscht. Sie erhalten keine "
        "E-Mails mehr von uns.",
        "links": [("/bedarf", "Neuen Bedarf anmelden")],
    }
    return render(request, "needs_message.html", page)


# -- Bedarfsradar -------------------------------------------------------------------------------


def _by(value: str) -> tuple[str, ...]:
    by = tuple(d for d in (p.strip() for p in value.split(",")) if d in DIMENSIONS)
    return by or DEFAULT_BY


Scope = Literal["region", "federated"]
SCOPE_QUERY = Query(
    description="region: nur die Bedarfe dieses Hubs; federated: summiert mit den "
    "Bedarfsradaren der vorgelagerten Hubs (Quellen vom Typ hub), mit Herkunft je Zelle",
)


def _radar(
    request: Request, context: AppContext, groups: tuple[str, ...], scope: Scope
) -> tuple[list[Cell], list[dict[str, str]], str]:
    """The cells of the chosen scope, the upstreams read (id, name, url, status) and the URL
    this hub's own counts are listed under in ``sources``."""
    rows = needs_of(request, context).radar_rows()
    own_url = _base(context)
    if scope == "region":
        return summary(rows, context.index, groups), [], own_url
    answers = [read_upstream(u, groups) for u in upstreams(context.settings.sources_file)]
    found = federate(cells(rows, groups), own_url, answers, context.index)
    read = [
        {
            "id": a.upstream.source_id,
            "name": a.upstream.name,
            "url": a.upstream.url,
            "status": "unreachable" if a.problem else "ok",
            **({"problem": a.problem} if a.problem else {}),
        }
        for a in answers
    ]
    return found, read, own_url


@router.get("/api/v1/needs/summary", tags=["Katalog / catalogue"], responses=PROBLEM_RESPONSES)
def needs_summary(
    request: Request,
    context: Annotated[AppContext, Depends(get_context)],
    by: Annotated[
        str,
        Query(
            max_length=100,
            description="Gruppierung, kommagetrennt aus topic, area, kind, mode, month",
        ),
    ] = ",".join(DEFAULT_BY),
    scope: Annotated[Scope, SCOPE_QUERY] = "region",
) -> JSONResponse:
    """Bedarfsradar: anonymous counts of confirmed needs per cell (≥ 5 needs), with the
    number of current offers that match each cell; ``scope=federated`` adds the upstream
    hubs' published cells, each hub's count in ``sources``."""
    groups = _by(by)
    found, read, _own = _radar(request, context, groups, scope)
    body: dict[str, Any] = {
        "generated_at": utcnow().isoformat(),
        "min_cell": MIN_CELL,
        "by": list(groups),
        "scope": scope,
        "cells": [c.as_dict() for c in found],
    }
    if scope == "federated":
        body["upstreams"] = read
    return JSONResponse(body)


@router.get("/bedarfe", response_class=HTMLResponse, include_in_schema=False)
def needs_radar(
    request: Request,
    context: Annotated[AppContext, Depends(get_context)],
    by: Annotated[str, Query(max_length=100)] = ",".join(DEFAULT_BY),
    scope: Annotated[Scope, Query()] = "region",
) -> HTMLResponse:
    groups = _by(by)
    found, read, own_url = _radar(request, context, groups, scope)
    names = {u["url"]: u["name"] for u in read} | {own_url: "dieser Hub"}
    page = {
        "cells": found,
        "sentences": [sentence(c) for c in found],
        "origins": [
            ", ".join(f"{names.get(url, url)}: {n}" for url, n in c.sources.items()) for c in found
        ],
        "chart": svg_chart(found),
        "min_cell": MIN_CELL,
        "scope": scope,
        "problems": [u["problem"] for u in read if "problem" in u],
        "has_upstreams": bool(read) or bool(upstreams(context.settings.sources_file)),
    }
    return render(request, "needs_radar.html", page)
