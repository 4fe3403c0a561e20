"""Finding and reading detail pages without a browser: list pages, sitemaps, selectors.

Used by the ``sitemap`` and ``jsonld`` connectors. Every fetch goes through hub.http (hosts,
time and size limits); sitemaps are parsed without entities and gunzipped within the limit.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin

import parsel
from cssselect import SelectorError

from connectors._util import charset_of, decode, parse_xml
from hub.errors import ConnectorError, FetchError, HostNotAllowedError
from hub.http import HttpClient

XPATH_PREFIX = "xpath:"
LIST_FIELDS = frozenset({"topics", "audience"})
MAX_SITEMAPS = 100


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
        raise ValueError(f"'{value}' is not a valid selector ({exc})") from None
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
    """(final URL, decoded text) of one page."""
    result = http.get(url)
    return result.url, decode(result.body, url, charset_of(result.headers.get("content-type")))


def from_list_pages(
    http: HttpClient,
    start_urls: list[str],
    item_links: str,
    next_page: str | None,
    max_pages: int,
    notes: list[str],
) -> list[str]:
    """Detail URLs linked from list pages (following ``next_page``), in order, no duplicates."""
    queue, seen, found = list(start_urls), set[str](), dict[str, None]()
    while queue and len(seen) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        final, html = get_text(http, url)
        found.update(dict.fromkeys(links(html, final, item_links)))
        if next_page:
            queue.extend(links(html, final, next_page))
    if queue:
        notes.append(f"stopped reading list pages after max_pages = {max_pages}")
    return list(found)


def _gunzip(body: bytes, url: str, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise ConnectorError(f"{url} is not valid gzip: {exc}.", kind="parse") from None
    if len(data) > limit:
        raise FetchError(f"{url} unpacks to more than {limit:,} bytes.", kind="too_large")
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


def read_sitemap(http: HttpClient, url: str, notes: list[str]) -> list[tuple[str, datetime | None]]:
    """Every ``<url>`` of a sitemap, following sitemap indexes; (loc, lastmod) in order."""
    queue, seen = [url], set[str]()
    entries: dict[str, datetime | None] = {}
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        if len(seen) >= MAX_SITEMAPS:
            notes.append(f"read only the first {MAX_SITEMAPS} sitemaps of {url}")
            break
        seen.add(current)
        try:
            result = http.get(current)
        except HostNotAllowedError as exc:
            notes.append(str(exc))
            continue
        body = result.body
        if body[:2] == b"\x1f\x8b":
            body = _gunzip(body, current, http.max_bytes)
        root = parse_xml(body, current)
        tag = etree_local(root.tag)
        if tag == "sitemapindex":
            queue.extend(loc for loc, _ in _locs(root, "sitemap"))
        elif tag == "urlset":
            for loc, modified in _locs(root, "url"):
                entries.setdefault(loc, modified)
        else:
            raise ConnectorError(f"{current} is not a sitemap (root <{tag}>).", kind="parse")
    return list(entries.items())


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
            notes.append(f"{url}: {exc}")
            if failed is not None:
                failed.append(url)
            continue
        worked += 1
        yield final, text
    if first_error is not None and worked == 0:
        raise first_error
