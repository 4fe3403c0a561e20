"""The ``html`` connector: a declarative Scrapy crawl driven by CSS (or XPath) selectors.

List pages give detail-page links (``item_links``) and optionally the next list page
(``next_page``); every detail page becomes one RawRecord with the fields its selectors find.

Scrapy runs on Twisted, whose reactor cannot be restarted in a process, and the hub harvests
many sources per program (often from Prefect's worker threads). So every crawl runs in a fresh
spawned child process (``connectors._scrapy_child``) that writes JSON lines to a temporary
file; this module never imports Scrapy or Twisted.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urldefrag, urlsplit

import parsel
from cssselect import SelectorError
from pydantic import Field, field_validator, model_validator

from connectors.base import Connector, ConnectorOptions
from hub.errors import ConnectorError
from hub.hookspecs import hookimpl
from hub.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, MAX_REDIRECTS
from hub.model import ListingKind, RawRecord

#: field names the pipeline understands and a detail page may fill (``url`` is always set)
FIELD_NAMES: tuple[str, ...] = (
    "title", "description", "date", "deadline", "place", "mode",
    "price", "funding", "audience", "topics", "kind", "provider",
)  # fmt: skip
XPATH_PREFIX = "xpath:"
#: more notes than this from one crawl are summarised; one broken site must not flood the run log
MAX_NOTES = 50
#: retries per failing request; a second try catches blips without hammering a broken server
RETRY_TIMES = 1


def _check_selector(value: str) -> str:
    """Reject an empty or malformed selector when sources.toml is read, not mid-crawl."""
    value = value.strip()
    if not value:
        raise ValueError("ein Selektor darf nicht leer sein")
    probe = parsel.Selector(text="<html></html>")
    try:
        if value.startswith(XPATH_PREFIX):
            probe.xpath(value.removeprefix(XPATH_PREFIX))
        else:
            probe.css(value)
    except (ValueError, SelectorError) as exc:
        language = "XPath" if value.startswith(XPATH_PREFIX) else "CSS"
        raise ValueError(f"'{value}' ist kein gültiger {language}-Selektor ({exc})") from None
    return value


def label_selector(labels: list[str]) -> str:
    """An XPath selector for the value next to one of ``labels`` on a detail page.

    Partner pages put their facts in a table (``<tr><th>Termin</th><td>…</td></tr>``) or a
    definition list (``<dt>Termin</dt><dd>…</dd>``) and vary the label from page to page
    ("Termin", "Termine", "Zeitraum"); a colon after the label is allowed. The first match wins.
    """
    tests = []
    for label in labels:
        if "'" in label and '"' in label:
            raise ValueError(
                f"das Label {label!r} darf nicht beide Arten Anführungszeichen enthalten"
            )
        quote = '"' if "'" in label else "'"
        for variant in (label.strip(), label.strip() + ":"):
            tests.append(f"normalize-space()={quote}{variant}{quote}")
    match = " or ".join(tests)
    rows = f"//tr[th[{match}]]/td | //dl/dt[{match}]/following-sibling::dd[1]"
    return f"{XPATH_PREFIX}normalize-space(({rows})[1])"


class HtmlOptions(ConnectorOptions):
    """``[source.options]`` of an ``html`` source."""

    start_urls: list[str]
    item_links: str
    next_page: str | None = None
    fields: dict[str, str]
    #: field → the label(s) partners print next to its value in a table or definition list;
    #: a selector for the same field in ``fields`` wins
    labels: dict[str, str | list[str]] = Field(default_factory=dict)
    kind_values: dict[str, ListingKind] = Field(default_factory=dict)
    max_pages: int = Field(500, ge=1, le=100_000)
    download_delay: float = Field(0.25, ge=0, le=60)
    concurrency_per_host: int = Field(4, ge=1, le=32)
    timeout: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=600)
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024)

    @field_validator("start_urls")
    @classmethod
    def _http_urls(cls, urls: list[str]) -> list[str]:
        if not urls:
            raise ValueError("nennen Sie mindestens eine Start-URL (eine Listenseite des Partners)")
        for url in urls:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                raise ValueError(f"'{url}' ist keine http(s)-Adresse")
        return urls

    @field_validator("item_links", "next_page")
    @classmethod
    def _selector(cls, value: str | None) -> str | None:
        return None if value is None else _check_selector(value)

    @field_validator("fields")
    @classmethod
    def _field_selectors(cls, fields: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(fields) - set(FIELD_NAMES))
        if unknown:
            raise ValueError(
                f"unbekannte Feldnamen {', '.join(unknown)}; erlaubt sind {', '.join(FIELD_NAMES)}"
            )
        if "title" not in fields:
            raise ValueError("ein Selektor für 'title' ist Pflicht")
        return {name: _check_selector(selector) for name, selector in fields.items()}

    @model_validator(mode="after")
    def _labels_become_selectors(self) -> HtmlOptions:
        unknown = sorted(set(self.labels) - set(FIELD_NAMES))
        if unknown:
            raise ValueError(f"unbekannte Feldnamen in labels: {', '.join(unknown)}")
        for name, labels in self.labels.items():
            names = [labels] if isinstance(labels, str) else labels
            if not names or not all(n.strip() for n in names):
                raise ValueError(f"labels.{name} braucht mindestens ein nicht leeres Label")
            self.fields.setdefault(name, _check_selector(label_selector(names)))
        return self

    @model_validator(mode="after")
    def _kind_values_need_kind(self) -> HtmlOptions:
        if self.kind_values and "kind" not in self.fields:
            raise ValueError("kind_values needs a 'kind' selector in fields")
        return self


@dataclass
class CrawlOutcome:
    """What the child process reported, read back from its JSON-lines file."""

    records: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    start_failures: list[dict[str, str]] = field(default_factory=list)
    #: list or detail pages that failed (robots.txt refusals excluded)
    page_failures: int = 0
    finish_reason: str | None = None

    @classmethod
    def read(cls, path: Path) -> CrawlOutcome:
        outcome = cls()
        if not path.exists():
            return outcome
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                event = json.loads(line)
                kind = event.pop("event")
                if kind == "record":
                    outcome.records.append(event)
                elif kind == "note":
                    outcome.notes.append(event["text"])
                elif kind == "start_failed":
                    outcome.start_failures.append(event)
                elif kind == "page_failed":
                    outcome.page_failures += 1
                elif kind == "finished":
                    outcome.finish_reason = event["reason"]
        return outcome


def _crawl_in_child(spec: dict[str, Any]) -> None:
    """Entry point of the spawned process; imports Scrapy only there."""
    from connectors import _scrapy_child

    _scrapy_child.run(spec)


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return " | ".join(text.splitlines()[-lines:]) or "(der Crawl schrieb keine Log-Zeilen)"


def _exit_description(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"beendet durch {signal.Signals(-code).name}"
        except ValueError:
            return f"beendet durch Signal {-code}"
    return f"Exit-Code {code}"


class HtmlConnector(Connector):
    """Crawls list pages and detail pages of a partner website with selectors from the config."""

    name: ClassVar[str] = "html"
    Options: ClassVar[type[ConnectorOptions]] = HtmlOptions
    options: HtmlOptions

    def fetch(self) -> Iterator[RawRecord]:
        with tempfile.TemporaryDirectory(prefix="regiohub-html-") as tmp:
            events_path, log_path = Path(tmp) / "events.jsonl", Path(tmp) / "scrapy.log"
            outcome = self._crawl(events_path, log_path)
        failure = self._start_failure(outcome)
        self._note(outcome)
        if failure is not None:
            raise failure
        seen: dict[str, list[str]] = {}
        for event in outcome.records:
            key = urldefrag(event["url"]).url
            if key in seen:  # two links redirecting to the same page: the first wins
                seen[key].append(event.get("link") or key)
                continue
            seen[key] = [event.get("link") or key]
            record = self.record(key=key, url=event["url"], **event["fields"])
            # record() takes url as an argument only; the pipeline also reads it from fields
            yield record.model_copy(update={"fields": {**record.fields, "url": event["url"]}})
        self._note_duplicates(seen)

    def _note_duplicates(self, seen: dict[str, list[str]]) -> None:
        """Name every page reached by several list links (redirects): one listing, not two."""
        repeated = {key: links for key, links in seen.items() if len(links) > 1}
        for key, links in list(repeated.items())[:MAX_NOTES]:
            self.context.notes.append(
                f"Seite {key} wird über {len(links)} Listenlinks erreicht "
                f"({', '.join(sorted(set(links)))}); einmal übernommen – bitte alte Links "
                "in der Liste durch die neue Adresse ersetzen"
            )
        if len(repeated) > MAX_NOTES:
            self.context.notes.append(
                f"… und {len(repeated) - MAX_NOTES} weitere Seiten, die mehrere Listenlinks haben"
            )

    def scrapy_settings(self) -> dict[str, Any]:
        """The Scrapy settings of this source's crawl: the same politeness as ``hub.http``."""
        o = self.options
        return {
            "ROBOTSTXT_OBEY": True,
            "USER_AGENT": self.context.http.user_agent,
            "DOWNLOAD_TIMEOUT": o.timeout,
            "DOWNLOAD_MAXSIZE": o.max_bytes,
            "DOWNLOAD_WARNSIZE": 0,
            "DOWNLOAD_DELAY": o.download_delay,
            "CONCURRENT_REQUESTS_PER_DOMAIN": o.concurrency_per_host,
            "CLOSESPIDER_PAGECOUNT": o.max_pages,
            # pagination deepens by one per list page, so only max_pages bounds a real site
            "DEPTH_LIMIT": o.max_pages,
            "RETRY_TIMES": RETRY_TIMES,
            "REDIRECT_MAX_TIMES": MAX_REDIRECTS,
            "COOKIES_ENABLED": False,
            "HTTPCACHE_ENABLED": False,
            # like hub.http (trust_env=False): proxy variables must not reroute a harvest
            "HTTPPROXY_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            # only http(s): a link to file:///etc/passwd must not be read from the local disk
            "DOWNLOAD_HANDLERS": {"file": None, "data": None, "s3": None, "ftp": None},
        }

    def crawl_time_limit(self) -> float:
        """Wall-clock limit for the child: far above any real crawl, it only catches hangs."""
        o = self.options
        per_page = o.timeout * (RETRY_TIMES + 1) + o.download_delay
        return 120.0 + o.max_pages * per_page

    def _crawl(self, events_path: Path, log_path: Path) -> CrawlOutcome:
        o = self.options
        spec = {
            "source_id": self.source.id,
            "start_urls": o.start_urls,
            "item_links": o.item_links,
            "next_page": o.next_page,
            "fields": o.fields,
            "kind_values": o.kind_values,
            "hosts": sorted(self.source.hosts()),
            "settings": self.scrapy_settings(),
            "events_path": str(events_path),
            "log_path": str(log_path),
        }
        # spawn, not fork: a fresh interpreter gets a fresh reactor, and forking a process
        # with threads (Prefect, uvicorn) is unsafe
        context = multiprocessing.get_context("spawn")
        child = context.Process(
            target=_crawl_in_child,
            args=(spec,),
            name=f"regiohub-html-{self.source.id}",
            daemon=True,
        )
        try:
            child.start()
        except (AssertionError, RuntimeError, OSError) as exc:
            # AssertionError: the caller is itself a daemonic process (which may not have
            # children); RuntimeError: a script started a harvest without a __main__ guard
            raise ConnectorError(
                f"Der Crawl-Prozess für die Quelle '{self.source.id}' ließ sich nicht starten "
                f"({' '.join(str(exc).split())}); bitte dem Betrieb melden.",
                kind="crawl",
            ) from exc
        child.join(self.crawl_time_limit())
        if child.is_alive():
            child.kill()
            child.join()
            raise ConnectorError(
                f"Der Crawl der Quelle '{self.source.id}' lief länger als "
                f"{self.crawl_time_limit():.0f} s und wurde abgebrochen – bitte max_pages und "
                f"timeout der Quelle prüfen; letzte Log-Zeilen: {_log_tail(log_path)}",
                kind="timeout",
            )
        # exit code first: a killed child may have left half a line in the events file
        outcome = CrawlOutcome.read(events_path) if child.exitcode == 0 else CrawlOutcome()
        if outcome.finish_reason is None:
            raise ConnectorError(
                f"Der Crawl der Quelle '{self.source.id}' endete unerwartet "
                f"({_exit_description(child.exitcode)}); letzte Log-Zeilen: {_log_tail(log_path)}",
                kind="crawl",
            )
        return outcome

    def _start_failure(self, outcome: CrawlOutcome) -> ConnectorError | None:
        """The source fails when no start page worked, or one failed and nothing was found;
        otherwise failed start pages are only notes."""
        failures = outcome.start_failures
        if not failures:
            return None
        if len(failures) < len(self.options.start_urls) and outcome.records:
            outcome.notes[:0] = [
                f"Startseite {f['url']} nicht lesbar: {f['cause']}" for f in failures
            ]
            return None
        first = failures[0]
        message = f"Startseite {first['url']} nicht lesbar: {first['cause']}"
        if len(failures) > 1:
            message += f" (und {len(failures) - 1} weitere Startseite(n))"
        return ConnectorError(message + ".", kind=first["kind"])

    def _note(self, outcome: CrawlOutcome) -> None:
        notes = outcome.notes
        # Listings on pages we could not read are not gone: tell the sync not to infer deletions.
        if (
            outcome.start_failures
            or outcome.page_failures
            or outcome.finish_reason == "closespider_pagecount"
        ):
            self.context.partial = True
        if outcome.finish_reason == "closespider_pagecount":
            notes.append(
                f"Nach max_pages = {self.options.max_pages} Seiten angehalten – "
                "max_pages erhöhen, damit alle Angebote geerntet werden"
            )
        self.context.notes.extend(notes[:MAX_NOTES])
        if len(notes) > MAX_NOTES:
            self.context.notes.append(
                f"… und {len(notes) - MAX_NOTES} weitere Hinweise dieser Ernte"
            )


@hookimpl
def register_connectors(register: Any) -> None:
    register(HtmlConnector)
