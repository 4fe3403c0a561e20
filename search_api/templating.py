"""The Jinja2 environment of the HTML pages: autoescaping on, German filters, link helpers."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from hub.model import KIND_LABELS, MODE_LABELS, SCHEDULE_LABELS
from pipelines.text import sanitise_html
from search_api import formatting, links
from search_api.labels import FACET_TITLES, facet_label, region_label

TEMPLATES_DIR = Path(__file__).parent / "templates"

#: headers of every HTML page; only our own script file, no third-party resources
HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def count_label(count: int) -> str:
    """``1 Angebot gefunden`` / ``1.234 Angebote gefunden``."""
    noun = "Angebot" if count == 1 else "Angebote"
    return f"{formatting.format_number(count)} {noun} gefunden"


def sanitised(html: str | None) -> Markup:
    """Partner HTML made safe to show (nh3 allow-list), marked so Jinja does not escape it."""
    return Markup(sanitise_html(html or ""))


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        de_date=formatting.format_date,
        de_day=formatting.format_day,
        de_datetime=formatting.format_datetime,
        de_period=formatting.format_period,
        de_money=formatting.format_money,
        de_number=formatting.format_number,
        de_percent=formatting.format_percent,
        de_price=formatting.format_price,
        de_place=formatting.format_place,
        region_label=region_label,
        safe_href=links.safe_href,
        sanitised=sanitised,
    )
    env.globals.update(
        add_filter=links.add_filter,
        remove_filter=links.remove_filter,
        active_filters=links.active_filters,
        page_url=links.page_url,
        sort_url=links.sort_url,
        feed_url=links.feed_url,
        search_url=links.search_url,
        count_label=count_label,
        facet_titles=FACET_TITLES,
        facet_label=facet_label,
        kind_labels=KIND_LABELS,
        mode_labels=MODE_LABELS,
        schedule_labels=SCHEDULE_LABELS,
    )
    return Jinja2Templates(env=env)
