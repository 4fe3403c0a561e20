"""The ``feed`` connector: RSS 0.9x/1.0/2.0 and Atom via feedparser, fetched through hub.http."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from pydantic import Field, HttpUrl

from connectors.base import Connector, ConnectorOptions
from hub.errors import ConnectorError
from hub.hookspecs import hookimpl
from hub.model import RawRecord

#: an HTML attribute feedparser would resolve, whose value does not start with a scheme or #;
#: matches quoted, unquoted and entity-escaped (&quot;) values
RELATIVE_URI = re.compile(
    rb"\b(?:href|src|cite|background|action|longdesc|profile|usemap|classid|codebase|data|poster)"
    rb"\s*=\s*(?:(?:[\"']|&quot;|&#34;|&#39;|&apos;)\s*|(?![\"'&]))"
    rb"(?![a-zA-Z][a-zA-Z0-9+.-]*:|#)",
    re.IGNORECASE,
)


class FeedOptions(ConnectorOptions):
    url: HttpUrl
    #: maps a feed category (e.g. "Förderung") to a listing kind (e.g. "funding")
    kind_categories: dict[str, str] = Field(default_factory=dict)
    timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024


class FeedConnector(Connector):
    """Harvests one RSS or Atom feed; each entry becomes one RawRecord keyed by guid or link."""

    name = "feed"
    Options = FeedOptions
    incremental = frozenset({"conditional_get"})
    options: FeedOptions

    def fetch(self) -> Iterator[RawRecord]:
        url = str(self.options.url)
        http = self.context.http
        http.timeout_s, http.max_bytes = self.options.timeout, self.options.max_bytes
        state = self.context.state
        result = http.get(url, etag=state.get("etag"), last_modified=state.get("last_modified"))
        if result.not_modified:
            self.context.not_modified = True
            return
        _refuse_entities(url, result.body)
        # Headers let feedparser judge the content type; a server that sends no Content-Type
        # would make every feed look broken, so then pass none. Given a base URL, feedparser
        # joins every link-like element with it, which costs more than a third of the parse;
        # so the base goes in only when the entries' HTML has relative URIs to rewrite, and
        # _record resolves each entry's own link itself.
        relative_in_html = bool(RELATIVE_URI.search(result.body))
        headers: dict[str, str] = {}
        if result.headers.get("content-type"):
            headers = {"content-type": result.headers["content-type"]}
            if relative_in_html:
                headers["content-location"] = result.url
        parsed = feedparser.parse(
            result.body,
            response_headers=headers,
            sanitize_html=False,  # our pipeline sanitises with nh3; keep what the partner said
            resolve_relative_uris=relative_in_html,
        )
        self._base = result.url
        entries = parsed.get("entries", [])
        if parsed.get("bozo"):
            problem = f"{url} is not a well-formed feed: {parsed.get('bozo_exception')}"
            # In a broken document an entry with neither id nor link is most likely the
            # truncated tail of the file, not an offer; keep only entries we can identify.
            whole = [e for e in entries if e.get("id") or e.get("link")]
            if len(whole) < len(entries):
                skipped = len(entries) - len(whole)
                self.context.notes.append(f"skipped {skipped} incomplete entries of {url}")
            entries = whole
            if not entries:
                raise ConnectorError(f"{problem}; no entries could be read.", kind="parse")
            self.context.notes.append(f"{problem}; harvested {len(entries)} entries anyway.")
            self.context.partial = True  # entries after the break may exist: infer no deletions
        elif not entries:
            self.context.notes.append(f"{url} contains no entries.")
        for entry in entries:
            record = self._record(entry)
            if record is not None:
                yield record
        # Remember validators only once the whole feed was read.
        if result.etag:
            state["etag"] = result.etag
        if result.last_modified:
            state["last_modified"] = result.last_modified

    def _record(self, entry: Any) -> RawRecord | None:
        link = entry.get("link")
        if link:
            link = urljoin(self._base, link)  # a relative <link> is relative to the feed
        key = entry.get("id") or link
        title = entry.get("title", "")
        if not key:
            basis = f"{title}\x1f{entry.get('published', '')}"
            if not basis.strip("\x1f"):
                self.context.notes.append("skipped a feed entry with neither id, link nor title")
                return None
            key = "sha256:" + hashlib.sha256(basis.encode()).hexdigest()[:24]
        content = entry.get("content") or []
        description = content[0].get("value") if content else entry.get("summary", "")
        terms = [t.get("term", "").strip() for t in entry.get("tags", []) if t.get("term")]
        kind = next(
            (self.options.kind_categories[t] for t in terms if t in self.options.kind_categories),
            None,
        )
        # a kind category ("Förderprogramm") is a topic too, where the taxonomy knows it
        topics = terms
        authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
        return self.record(
            key=key,
            url=link,
            title=title,
            description=description,
            kind=kind,
            topics=topics,
            published=entry.get("published") or entry.get("updated"),
            provider=", ".join(authors) or None,
        )


def _refuse_entities(url: str, body: bytes) -> None:
    """Refuse feeds that declare entities (billion laughs, external entities) before parsing."""
    ascii_compatible = not body.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in body[:4]
    if ascii_compatible and b"<!ENTITY" not in body and b"<!DOCTYPE" not in body:
        return  # without a DTD no entity can be declared: spare the second full parse
    try:
        safe_fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ConnectorError(
            f"{url} declares XML entities ({type(exc).__name__}); refused for safety.",
            kind="unsafe_xml",
        ) from None
    except Exception:  # malformed XML: feedparser reports it as bozo, with what it could read
        return


@hookimpl
def register_connectors(register: Any) -> None:
    register(FeedConnector)
