"""Finding and reading detail pages without a browser: list pages, sitemaps, selectors.

Used by the ``sitemap`` and ``jsonld`` connectors. Every fetch goes through hub.http (hosts,
time and size limits); sitemaps are parsed without entities and gunzipped within the limit.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin

import parsel
from cssselect import SelectorError

from connectors._util import charset_of, decode, parse_xml
from hub.errors import ConnectorError, FetchError
from hub.http import HttpClient

XPATH_PREFIX = "xpath:"
LIST_FIELDS = frozenset({"topics", "audience"})
#: child sitemaps read from one index (the index itself not counted); more make the run partial
MAX_SITEMAPS = 100
#: whitespace and comments some CMSs write before the XML declaration, which lxml refuses
_BEFORE_DECLARATION = re.compile(rb"^(?:\s|<!--.*?-->)+(?=<\?xml)", re.DOTALL)
#: an XML declaration at the start of a page: lxml refuses a str that declares an encoding
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def select(doc: parsel.Selector, selector: str) -> parsel.SelectorList[parsel.Selector]:
    if selector.startswith(XPATH_PREFIX):
        return doc.xpath(selector.removeprefix(XPATH_PREFIX))
    return doc.css(selector)


def check_selector(value: str) -> str:
    """A selector that parsel accepts; raises ValueError with a readable reason otherwise."""
    probe = parsel.Selector(text="<html></html>")
    try:
        select(probe, value)
    except (ValueError, SelectorError) as exc:
        raise ValueError(f"'{value}' ist kein gültiger Selektor ({exc})") from None
    return value


def _text_of(match: parsel.Selector, inner_html: bool) -> str:
    if isinstance(match.root, str):
        return " ".join(match.root.split())
    if inner_html:
        html = match.get() or ""
        return re.sub(r"^<[^>]+>|</[^>]+>$", "", html.strip()).strip()
    return " ".join(" ".join(match.xpath(".//text()").getall()).split())


def select_fields(html: str, url: str, fields: dict[str, str]) -> dict[str, object]:
    """Fields of a detail page by CSS/XPath selector; an element without ::text keeps its HTML
    for ``description`` and its text otherwise."""
    doc = parsel.Selector(text=html, base_url=url)
    found: dict[str, object] = {}
    for name, selector in fields.items():
        matches = [_text_of(m, name == "description") for m in select(doc, selector)]
        matches = [m for m in matches if m]
        if matches:
            found[name] = matches if name in LIST_FIELDS else " ".join(matches)
    return found


def links(html: str, url: str, selector: str) -> list[str]:
    doc = parsel.Selector(text=html, base_url=url)
    out = []
    for match in select(doc, selector):
        value = match.root if isinstance(match.root, str) else match.attrib.get("href", "")
        if value.strip():
            out.append(urldefrag(urljoin(url, value.strip())).url)
    return out


def get_text(http: HttpClient, url: str) -> tuple[str, str]:
    """(final URL, decoded text) of one page; an XHTML page's ``<?xml … encoding?>`` is
    dropped once the text is decoded, as lxml refuses a str that still declares one."""
    result = http.get(url)
    text = decode(result.body, url, charset_of(result.headers.get("content-type")))
    return result.url, strip_xml_declaration(text)


def strip_xml_declaration(text: str) -> str:
    return _XML_DECLARATION.sub("", text, count=1)


def from_list_pages(
    http: HttpClient,
    start_urls: list[str],
    item_links: str,
    next_page: str | None,
    max_pages: int,
    notes: list[str],
) -> tuple[list[str], bool]:
    """Detail URLs linked from list pages (following ``next_page``), in order, no duplicates,
    and whether every list page was read (a failed one or the page limit: not complete)."""
    queue, seen, found = list(start_urls), set[str](), dict[str, None]()
    complete, read = True, 0
    first_error: ConnectorError | None = None
    while queue and len(seen) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            final, html = get_text(http, url)
        except ConnectorError as exc:
            first_error = first_error or exc
            notes.append(f"Listenseite {url} nicht lesbar: {exc}")
            complete = False
            continue
        read += 1
        found.update(dict.fromkeys(links(html, final, item_links)))
        if next_page:
            queue.extend(links(html, final, next_page))
    if first_error is not None and read == 0:
        raise first_error
    if set(queue) - seen:
        notes.append(
            f"Nach max_pages = {max_pages} Listenseiten angehalten – max_pages erhöhen, "
            "damit alle Angebote geerntet werden"
        )
        complete = False
    return list(found), complete


def _gunzip(body: bytes, url: str, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise ConnectorError(
            f"{url} ist kein gültiges gzip ({exc}); bitte die Datei beim Anbieter prüfen lassen.",
            kind="parse",
        ) from None
    if len(data) > limit:
        size = f"{limit:,}".replace(",", ".")
        raise FetchError(
            f"{url} ist entpackt größer als {size} Bytes; darf sie wirklich so groß sein, "
            "erhöhen Sie max_bytes der Quelle.",
            kind="too_large",
        )
    return data


def lastmod(value: str | None) -> datetime | None:
    """A sitemap ``lastmod`` (W3C date or datetime) as an aware UTC datetime, or None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass
class SitemapRead:
    """The ``(loc, lastmod)`` entries of a sitemap; ``complete`` is False when a child
    sitemap failed, was refused or lay beyond the limit: then absence proves nothing."""

    entries: list[tuple[str, datetime | None]] = field(default_factory=list)
    complete: bool = True


def read_sitemap(http: HttpClient, url: str, notes: list[str]) -> SitemapRead:
    """Every ``<url>`` of a sitemap, following sitemap indexes; (loc, lastmod) in order.

    The sitemap at ``url`` itself must be readable (else the harvest fails); a child of an
    index that fails is a note and makes the read incomplete.
    """
    queue, seen = [url], set[str]()
    entries: dict[str, datetime | None] = {}
    complete = True
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        if len(seen) > MAX_SITEMAPS:  # the first one read is the index itself
            rest = len(set(queue) - seen) + 1
            notes.append(
                f"Nur {MAX_SITEMAPS} Teil-Sitemaps von {url} gelesen; {rest} weitere nicht – "
                "bitte die Sitemap auf mehrere Quellen aufteilen"
            )
            complete = False
            break
        seen.add(current)
        try:
            root = _sitemap_root(http, current)
        except ConnectorError as exc:
            if current == url:
                raise
            notes.append(f"Teil-Sitemap {current} nicht lesbar: {exc}")
            complete = False
            continue
        tag = etree_local(root.tag)
        if tag == "sitemapindex":
            queue.extend(loc for loc, _ in _locs(root, "sitemap"))
        elif tag == "urlset":
            for loc, modified in _locs(root, "url"):
                entries.setdefault(loc, modified)
        elif current == url:
            raise ConnectorError(
                f"{current} ist keine Sitemap (Wurzel <{tag}>); bitte die Adresse der Sitemap "
                "in der Quelle prüfen.",
                kind="parse",
            )
        else:
            notes.append(f"Teil-Sitemap {current} ist keine Sitemap (Wurzel <{tag}>)")
            complete = False
    return SitemapRead(list(entries.items()), complete)


def _sitemap_root(http: HttpClient, url: str) -> Any:
    result = http.get(url)  # HostNotAllowedError is a ConnectorError: a refused child
    body = result.body
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, url, http.max_bytes)
    body = _BEFORE_DECLARATION.sub(b"", body, count=1)
    return parse_xml(body, url)


def etree_local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _locs(root: object, element: str) -> Iterator[tuple[str, datetime | None]]:
    for child in root:  # type: ignore[attr-defined]
        if etree_local(child.tag) != element:
            continue
        loc = modified = None
        for part in child:
            name = etree_local(part.tag)
            if name == "loc" and part.text:
                loc = part.text.strip()
            elif name == "lastmod" and part.text:
                modified = lastmod(part.text)
        if loc:
            yield loc, modified


def read_pages(
    http: HttpClient, urls: list[str], notes: list[str], failed: list[str] | None = None
) -> Iterator[tuple[str, str]]:
    """(url, text) of each page; a failing page is a note (and its URL goes to ``failed``)
    unless every page fails, which fails the harvest."""
    first_error: ConnectorError | None = None
    worked = 0
    for url in urls:
        try:
            final, text = get_text(http, url)
        except ConnectorError as exc:
            first_error = first_error or exc
            notes.append(f"Seite {url} nicht lesbar: {exc}")
            if failed is not None:
                failed.append(url)
            continue
        worked += 1
        yield final, text
    if first_error is not None and worked == 0:
        raise first_error
