"""The Scrapy side of the ``html`` connector; runs only inside the spawned child process.

``run(spec)`` crawls once and writes one JSON object per line to ``spec["events_path"]``:
``record`` (url + fields + the link that led there), ``note``, ``start_failed`` (url, kind,
cause), ``page_failed`` (a list or detail page that could not be read, an off-site link
included) and, last, ``finished`` (the close reason). A missing ``finished`` line tells the
parent the child died.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import IO, Any
from urllib.parse import urldefrag, urlsplit

import scrapy
from lxml import etree
from parsel import Selector, SelectorList
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

XPATH_PREFIX = "xpath:"
#: fields whose every match is one value; all others join their matches into one string
LIST_FIELDS = frozenset({"topics", "audience"})


class OffsiteRequest(IgnoreRequest):
    """A request to a host the source's configuration does not name."""


class Events:
    """The JSON-lines file the parent reads; flushed per line so a crash keeps what came before."""

    def __init__(self, path: str) -> None:
        self._file: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open for the crawl
        self._notes: set[str] = set()

    def emit(self, event: str, **data: Any) -> None:
        self._file.write(json.dumps({"event": event, **data}, ensure_ascii=False) + "\n")
        self._file.flush()

    def note(self, text: str) -> None:
        if text not in self._notes:
            self._notes.add(text)
            self.emit("note", text=text)

    def close(self) -> None:
        self._file.close()


def select(response: TextResponse, selector: str) -> SelectorList[Selector]:
    if selector.startswith(XPATH_PREFIX):
        return response.xpath(selector.removeprefix(XPATH_PREFIX))
    return response.css(selector)


def _is_text(match: Selector) -> bool:
    # ::text, ::attr(…) and XPath text()/@attr/string() results are strings, not elements
    return isinstance(match.root, str)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _text_of(match: Selector) -> str:
    if _is_text(match):
        return match.get()
    return match.xpath("string()").get() or ""


def _inner_html(match: Selector) -> str:
    element = match.root
    parts = [html.escape(element.text, quote=False)] if element.text else []
    parts += [etree.tostring(child, method="html", encoding="unicode") for child in element]
    return "".join(parts).strip()


def field_value(name: str, matches: SelectorList[Selector]) -> str | list[str] | None:
    """Lists for list fields, joined text for text matches; an element match gives its whole
    text (``h1`` reads ``<h1>Kurs <span>B</span></h1>`` whole, ``h1::text`` only "Kurs"),
    and for ``description`` its inner HTML."""
    if not matches:
        return None
    if name in LIST_FIELDS:
        return [text for text in (_squash(_text_of(m)) for m in matches) if text]
    if all(_is_text(m) for m in matches):
        return _squash(" ".join(m.get() for m in matches)) or None
    first = next(m for m in matches if not _is_text(m))
    if name != "description":
        return _squash(_text_of(first)) or None
    return _inner_html(first) or None


def map_kind(text: str, kind_values: dict[str, str]) -> str:
    """The configured kind for the page's label; unknown labels stay raw for the pipeline."""
    folded = {_squash(label).casefold(): kind for label, kind in kind_values.items()}
    return folded.get(text.casefold(), text)


def extract_fields(
    response: TextResponse, fields: dict[str, str], kind_values: dict[str, str]
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, selector in fields.items():
        value = field_value(name, select(response, selector))
        if value:
            found[name] = value
    if isinstance(found.get("kind"), str):
        found["kind"] = map_kind(found["kind"], kind_values)
    return found


def links(response: TextResponse, selector: str) -> list[str]:
    """URLs the selector gives; an element match (``a.kurs-link``) counts by its href."""
    urls = []
    for match in select(response, selector):
        url = match.get() if _is_text(match) else match.attrib.get("href")
        if url and url.strip():
            urls.append(url.strip())
    return urls


def describe_failure(failure: Failure, settings: dict[str, Any]) -> tuple[str, str]:
    """(kind, cause) of a failed request, in the words of hub.http's FetchError kinds."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        return "http_status", f"HTTP {status} {phrase}".strip()
    if isinstance(exc, DownloadTimeoutError):
        return "timeout", f"keine Antwort innerhalb von {settings['DOWNLOAD_TIMEOUT']:g} s"
    if isinstance(exc, DownloadConnectionRefusedError):
        return "connect", "Verbindung abgelehnt"
    if isinstance(exc, CannotResolveHostError):
        return "connect", "Hostname nicht auflösbar (DNS)"
    if isinstance(exc, DownloadCancelledError):
        # the only cancellation mid-crawl is Scrapy's DOWNLOAD_MAXSIZE check
        return (
            "too_large",
            f"größer als das Limit von {settings['DOWNLOAD_MAXSIZE']:,} Bytes".replace(",", "."),
        )
    if isinstance(exc, (DownloadFailedError, ResponseDataLossError)):
        return "connect", f"Verbindung abgebrochen ({exc})"
    if isinstance(exc, OffsiteRequest):
        return "host_not_allowed", str(exc)
    if isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(exc):
        # HttpCompressionMiddleware: a compressed body that decodes to more than the limit
        limit = settings["DOWNLOAD_MAXSIZE"]
        return "too_large", f"entpackt größer als das Limit von {limit:,} Bytes".replace(",", ".")
    if isinstance(exc, IgnoreRequest) and "robots" in str(exc).lower():
        return "robots", "laut robots.txt der Website gesperrt"
    return "crawl", f"{type(exc).__name__}: {exc}"


class HostGuard:
    """Downloader middleware: drops every request to a host the source does not name.

    Runs before the robots.txt middleware, so an off-site host is not even asked for robots.txt;
    redirects pass through here again, so a redirect cannot leave the allowed hosts either.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.hosts = {h.lower() for h in crawler.settings.getlist("REGIOHUB_HOSTS")}
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuard:
        return cls(crawler)

    def process_request(self, request: scrapy.Request) -> None:
        parts = urlsplit(request.url)
        netloc, host = parts.netloc.lower(), (parts.hostname or "").lower()
        if parts.scheme in ("http", "https") and (netloc in self.hosts or host in self.hosts):
            return
        where = netloc or parts.scheme
        reason = (
            f"Link {request.url} nicht abgerufen: Host {where} ist in der Quelle nicht genannt – "
            "Host unter allowed_hosts eintragen, wenn die Angebote dort liegen"
        )
        spider = self.crawler.spider
        if isinstance(spider, ListingSpider):
            spider.events.note(reason)
        raise OffsiteRequest(reason)


class ListingSpider(scrapy.Spider):
    """Start pages → list pages (following next_page) → one record per detail page."""

    name = "regiohub-html"

    def __init__(self, spec: dict[str, Any], events: Events, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.events = events
        #: detail URLs requested (without fragment): one link, one request
        self.requested: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.spec["start_urls"]:
            yield self._request(url, self.parse_list, role="start")

    def _request(self, url: str, callback: Any, role: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.failed,
            meta={"role": role},
            # detail pages: the spider dedupes links itself; a redirect to a page already
            # read must still arrive, so that the parent can name the duplicate key
            dont_filter=role in ("start", "detail"),
        )

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.events.note(
                f"Listenseite {response.url} ist keine HTML-Seite; keine Links gelesen – "
                "bitte start_urls prüfen"
            )
            return
        found = links(response, self.spec["item_links"])
        if not found:
            self.events.note(
                f"Keine Angebotslinks auf {response.url} gefunden – bitte item_links prüfen"
            )
        for link in found:
            url = urldefrag(response.urljoin(link)).url
            if url in self.requested:  # the same page linked twice (image and title, say)
                continue
            self.requested.add(url)
            yield self._request(url, self.parse_detail, role="detail")
        next_page = self.spec["next_page"]
        if next_page:
            for link in links(response, next_page)[:1]:
                yield self._request(response.urljoin(link), self.parse_list, role="list")

    def parse_detail(self, response: Response) -> None:
        if not isinstance(response, TextResponse):
            self.events.note(f"Seite {response.url} übersprungen: keine HTML-Seite")
            return
        try:
            fields = extract_fields(response, self.spec["fields"], self.spec["kind_values"])
        except Exception as exc:  # one odd page must not end the crawl; the operator sees it
            self.events.note(
                f"Seite {response.url} übersprungen: Felder nicht lesbar "
                f"({type(exc).__name__}: {exc}) – bitte Selektoren prüfen"
            )
            self.events.emit("page_failed", url=response.url, kind="parse")
            return
        meta = response.request.meta if response.request is not None else {}
        redirects = meta.get("redirect_urls") or [response.url]
        self.events.emit("record", url=response.url, fields=fields, link=redirects[0])

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        kind, cause = describe_failure(failure, self.spec["settings"])
        if request.meta.get("role") == "start":
            self.events.emit("start_failed", url=request.url, kind=kind, cause=cause)
        elif kind == "host_not_allowed":  # HostGuard already noted it
            # a page the site lists on a host we may not reach: it is not gone, only unread
            self.events.emit("page_failed", url=request.url, kind=kind)
        else:
            self.events.note(f"Seite {request.url} nicht lesbar: {cause}")
            if kind != "robots":  # a page the site lists but we could not read
                self.events.emit("page_failed", url=request.url, kind=kind)

    def closed(self, reason: str) -> None:
        self.events.emit("finished", reason=reason)


def run(spec: dict[str, Any]) -> None:
    """Crawl once in this (fresh) process; Scrapy's log and any traceback go to the log file."""
    log = open(spec["log_path"], "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    events = Events(spec["events_path"])
    settings = {
        **spec["settings"],
        "REGIOHUB_HOSTS": spec["hosts"],
        "DOWNLOADER_MIDDLEWARES": {f"{__name__}.HostGuard": 40},
    }
    process = CrawlerProcess(settings)
    process.crawl(ListingSpider, spec=spec, events=events)
    process.start()
    events.close()
