"""The one polite HTTP client: every connector fetch goes through here.

Timeouts, a size limit, an allow-list of hosts (checked on every redirect too), a clear
User-Agent, conditional GET with ETag / Last-Modified, limits on how many requests run at
once (per host and overall, across every harvest in this process), and retries with backoff
for transient failures only: 429 (honouring Retry-After), 5xx, timeouts and dropped
connections. A 404 or a body over the size limit will not get better by asking again.
"""

from __future__ import annotations

import http.cookiejar
import ipaddress
import random
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from hub import __version__
from hub.errors import FetchError, HostNotAllowedError

USER_AGENT = f"regiohub/{__version__} (+https://github.com/regiohub/regiohub; Katalog-Harvester)"
DEFAULT_TIMEOUT_S = 15.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
#: requests in flight at once, per host and over all hosts (per process)
MAX_PER_HOST = 2
MAX_OVERALL = 16
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF_S = 0.5
#: a Retry-After longer than this fails the fetch instead of stalling the harvest
MAX_RETRY_AFTER_S = 60.0
#: cloud metadata services, named in refusals so the operator sees what was at stake
METADATA_ADDRESSES = frozenset(
    {"169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"}
)


#: what to do about an answer over the size limit (a source option)
TOO_LARGE_HINT = "darf die Datei wirklich so groß sein, erhöhen Sie max_bytes der Quelle."


def _bytes(count: int) -> str:
    """A byte count the German way: 10.485.760."""
    return f"{count:,}".replace(",", ".")


def _status_message(url: str, status: int, reason: str) -> str:
    """What an HTTP error status means for the partner, and what to do about it."""
    said = f"{url} antwortete mit HTTP {status}" + (f" ({reason}); " if reason else "; ")
    if status in (404, 410):
        return said + "die Seite gibt es dort nicht (mehr): prüfen Sie die Adresse der Quelle."
    if status in (401, 403):
        return said + (
            "der Server verweigert den Zugriff: prüfen Sie Zugangsdaten oder ob der Anbieter "
            "den Abruf freigegeben hat."
        )
    if status == 429:
        return said + "der Server bittet um weniger Anfragen; die nächste Ernte versucht es erneut."
    if status >= 500:
        return said + "eine Störung beim Anbieter; die nächste Ernte versucht es erneut."
    return said + "prüfen Sie die Adresse und die Einstellungen der Quelle."


class _Limits:
    """Semaphores shared by every client in the process: politeness towards each host."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.overall = threading.BoundedSemaphore(MAX_OVERALL)
        self.hosts: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self.lock:
            per_host = self.hosts.setdefault(host, threading.BoundedSemaphore(MAX_PER_HOST))
        with per_host, self.overall:
            yield


LIMITS = _Limits()

_SSL_LOCK = threading.Lock()
_SSL_CONTEXT: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    """One verifying SSL context for the process: loading the CA bundle costs ~30 ms of CPU,
    which every fetch paid when each built its own."""
    global _SSL_CONTEXT
    with _SSL_LOCK:
        if _SSL_CONTEXT is None:
            _SSL_CONTEXT = httpx.create_ssl_context()
        return _SSL_CONTEXT


#: cookies are never kept between fetches (each fetch stands alone, as before reuse)
_NO_COOKIES = http.cookiejar.DefaultCookiePolicy(allowed_domains=[])


class _Transient(FetchError):
    """A failure worth one more try, after ``retry_after`` seconds if the server said so."""

    def __init__(self, message: str, *, kind: str, retry_after: float | None = None) -> None:
        super().__init__(message, kind=kind)
        self.retry_after = retry_after


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    not_modified: bool = False
    #: False: the headers only, the body was not read (``HttpClient.probe``)
    complete: bool = True

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class HttpClient:
    """Fetches only from ``allowed_hosts`` (``host`` or ``host:port``), within time and size."""

    allowed_hosts: set[str]
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = USER_AGENT
    headers: dict[str, str] = field(default_factory=dict)
    retries: int = DEFAULT_RETRIES
    backoff_s: float = DEFAULT_BACKOFF_S
    max_retry_after_s: float = MAX_RETRY_AFTER_S
    #: (url, kind, seconds waited) of every retry, for the run's notes and the tests
    retried: list[tuple[str, str, float]] = field(default_factory=list)
    #: reach private, link-local and metadata addresses too (``allow_private_hosts``)
    allow_private: bool = False
    #: answers already known, by (url, ETag, Last-Modified) of the request: the first ``get``
    #: asking exactly that is answered from here once, without a request (``probe``)
    primed: dict[tuple[str, str | None, str | None], FetchResult] = field(default_factory=dict)
    #: one connection pool for this client's whole run (a connector run), made on first use
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _client_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _session(self) -> httpx.Client:
        """The pooled httpx client: connections (and TLS sessions) to a host are kept alive
        across the fetches of a run instead of being set up again for each."""
        with self._client_lock:
            if self._client is None:
                self._client = httpx.Client(
                    timeout=httpx.Timeout(self.timeout_s),
                    follow_redirects=False,
                    trust_env=False,
                    verify=_ssl_context(),
                    cookies=http.cookiejar.CookieJar(policy=_NO_COOKIES),
                    # in-flight requests are bounded by LIMITS; keep that many connections
                    limits=httpx.Limits(
                        max_connections=MAX_OVERALL, max_keepalive_connections=MAX_OVERALL
                    ),
                )
            return self._client

    def close(self) -> None:
        """Close the pooled connections (the next ``get`` opens new ones)."""
        with self._client_lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def budget_s(self) -> float:
        """The longest one ``get`` may take with all its retries: four timeouts."""
        return self.timeout_s * 4

    def check_host(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise HostNotAllowedError(
                f"Abruf von {url} abgelehnt: nur http- und https-Adressen sind erlaubt."
            )
        netloc = parts.netloc.lower()
        host = (parts.hostname or "").lower()
        if netloc not in self.allowed_hosts and host not in self.allowed_hosts:
            allowed = ", ".join(sorted(self.allowed_hosts)) or "keiner"
            raise HostNotAllowedError(
                f"Abruf von {url} abgelehnt: der Host {netloc} steht nicht in der Konfiguration "
                f"dieser Quelle (erlaubt: {allowed}); gehört er dazu, tragen Sie ihn dort ein."
            )
        self.check_address(host, parts.port or (443 if parts.scheme == "https" else 80), url)

    def check_configured_hosts(self) -> None:
        """Refuse, before the first request, a configured host on a private address."""
        for netloc in sorted(self.allowed_hosts):
            parts = urlsplit(f"//{netloc}")
            self.check_address((parts.hostname or "").lower(), parts.port or 80, netloc)

    def check_address(self, host: str, port: int, what: str) -> None:
        """Refuse hosts on link-local, private or metadata addresses unless allowed.

        Loopback stays allowed (the demo and local development serve there). A name is
        resolved here; one that does not resolve is left to the fetch to report.
        """
        if self.allow_private or not host:
            return
        for address in _addresses(host, port):
            if _is_internal(address):
                role = (
                    "die Adresse eines Cloud-Metadatendienstes"
                    if str(address) in METADATA_ADDRESSES
                    else "eine private oder link-lokale Adresse"
                )
                raise HostNotAllowedError(
                    f"Abruf von {what} abgelehnt: {host} ist {role} ({address}); setzen Sie "
                    "allow_private_hosts = true für diese Quelle nur, wenn sie wirklich einen "
                    "internen Server erreichen soll."
                )

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET ``url``; 304 gives ``not_modified=True``; any other non-2xx raises FetchError.

        Transient failures are retried ``retries`` times with exponential backoff (or after
        the server's Retry-After); the last failure is raised with its kind.
        """
        if (known := self.primed.pop((url, etag, last_modified), None)) is not None:
            return known
        attempt = 0
        started = time.monotonic()
        while True:
            try:
                return self._get(url, etag=etag, last_modified=last_modified)
            except _Transient as exc:
                if attempt >= self.retries:
                    raise FetchError(str(exc), kind=exc.kind) from None
                wait = exc.retry_after
                if wait is None:
                    wait = self.backoff_s * 2**attempt * (1 + random.random() / 4)
                if wait > self.max_retry_after_s:
                    raise FetchError(
                        f"{exc} Der Server bat, {wait:.0f} s zu warten, länger als die "
                        f"{self.max_retry_after_s:.0f} s, die eine Ernte wartet.",
                        kind=exc.kind,
                    ) from None
                # one more try must fit in the fetch's budget: a harvest never hangs on it
                if time.monotonic() - started + wait + self.timeout_s > self.budget_s:
                    raise FetchError(str(exc), kind=exc.kind) from None
                self.retried.append((url, exc.kind, wait))
                time.sleep(wait)
                attempt += 1

    def probe(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        keep_up_to: int = 0,
    ) -> FetchResult | None:
        """The answer to the conditional GET a harvest would send, for a cheap look whether
        it has anything to do: a 304; a 2xx whose declared length is at most ``keep_up_to``
        bytes, read whole (so that the harvest need not ask again); otherwise None — the
        body is not read — and None for any failure (no retry): what happened, the harvest
        finds out itself."""
        if not (etag or last_modified):
            return None
        try:
            answer = self._get(url, etag=etag, last_modified=last_modified, body_up_to=keep_up_to)
        except FetchError:
            return None
        return answer if answer.complete else None

    def _get(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        body_up_to: int | None = None,
    ) -> FetchResult:
        request_headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip", **self.headers}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        timeout = httpx.Timeout(self.timeout_s)
        deadline = time.monotonic() + self.timeout_s * 2
        seen: set[str] = set()
        current = url
        client = self._session()
        client.timeout = timeout  # a connector may set ``timeout_s`` after construction
        for _ in range(MAX_REDIRECTS + 1):
            self.check_host(current)
            if current in seen:
                raise FetchError(
                    f"Weiterleitungsschleife bei {current}: die Seite leitet im Kreis; prüfen "
                    "Sie die Adresse der Quelle oder melden Sie es dem Betreiber der Seite.",
                    kind="redirect_loop",
                )
            seen.add(current)
            with LIMITS.slot(urlsplit(current).netloc.lower()):
                result = self._once(client, current, request_headers, deadline, body_up_to)
            if isinstance(result, FetchResult):
                return result
            current = result
        raise FetchError(
            f"Mehr als {MAX_REDIRECTS} Weiterleitungen ab {url}; tragen Sie die endgültige "
            "Adresse in die Quelle ein.",
            kind="redirect_loop",
        )

    def _once(
        self,
        client: httpx.Client,
        url: str,
        headers: dict[str, str],
        deadline: float,
        body_up_to: int | None = None,
    ) -> FetchResult | str:
        """One request; a 2xx with no declared length, or one over ``body_up_to`` when that
        is given, is answered by its headers alone (``complete=False``, the body not read)."""
        try:
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return FetchResult(url, 304, _lower(response.headers), b"", not_modified=True)
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            f"{url} leitet weiter, nennt aber kein Ziel (Location-Header fehlt).",
                            kind="http_status",
                        )
                    return urljoin(url, location)
                if response.status_code == 429 or response.status_code >= 500:
                    raise _Transient(
                        _status_message(url, response.status_code, response.reason_phrase),
                        kind="rate_limited" if response.status_code == 429 else "http_status",
                        retry_after=_retry_after(response.headers.get("retry-after")),
                    )
                if response.status_code >= 400:
                    raise FetchError(
                        _status_message(url, response.status_code, response.reason_phrase),
                        kind="http_status",
                    )
                declared = response.headers.get("content-length")
                if body_up_to is not None and not (
                    declared and declared.isdigit() and int(declared) <= body_up_to
                ):  # the body is not read: closing the stream drops it
                    headers = _lower(response.headers)
                    return FetchResult(url, response.status_code, headers, b"", complete=False)
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(
                        f"{url} ist {_bytes(int(declared))} Bytes groß, über der Grenze von "
                        f"{_bytes(self.max_bytes)}; {TOO_LARGE_HINT}",
                        kind="too_large",
                    )
                chunks: list[bytes] = []
                size = 0
                inflate = _Inflate.for_encoding(url, response.headers.get("content-encoding"))
                for raw in response.iter_raw():
                    # decoded in steps no larger than what the limit still allows, so a
                    # compressed bomb never expands in memory beyond the limit
                    chunk = inflate.feed(raw, self.max_bytes - size + 1) if inflate else raw
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(
                            f"{url} schickte mehr als die Grenze von {_bytes(self.max_bytes)} "
                            f"Bytes; {TOO_LARGE_HINT}",
                            kind="too_large",
                        )
                    if time.monotonic() > deadline:
                        raise FetchError(
                            f"{url} brauchte länger als {self.timeout_s * 2:.0f} s für seine "
                            "Antwort; die nächste Ernte versucht es erneut (oder erhöhen Sie "
                            "timeout der Quelle).",
                            kind="timeout",
                        )
                    chunks.append(chunk)
                return FetchResult(
                    str(response.url),
                    response.status_code,
                    _lower(response.headers),
                    b"".join(chunks),
                )
        except httpx.TimeoutException:
            raise _Transient(
                f"{url} hat nicht innerhalb von {self.timeout_s:.0f} s geantwortet; die nächste "
                "Ernte versucht es erneut (oder erhöhen Sie timeout der Quelle).",
                kind="timeout",
            ) from None
        except httpx.TransportError as exc:
            raise _Transient(
                f"{url} ist nicht erreichbar ({exc}); prüfen Sie die Adresse der Quelle. Ist sie "
                "richtig, ist der Server gerade gestört: die nächste Ernte versucht es erneut.",
                kind="connect",
            ) from None


class _Inflate:
    """gzip / deflate decoding with a bound on each step's output (httpx's decoder has none)."""

    def __init__(self) -> None:
        self.z = zlib.decompressobj(32 + zlib.MAX_WBITS)  # gzip or zlib header, detected

    @classmethod
    def for_encoding(cls, url: str, encoding: str | None) -> _Inflate | None:
        coding = (encoding or "").strip().lower()
        if coding in ("", "identity"):
            return None
        if coding in ("gzip", "x-gzip", "deflate"):
            return cls()
        raise FetchError(
            f"{url} antwortete mit Content-Encoding '{encoding}', um das regiohub nicht gebeten "
            "hat; nur gzip und deflate werden gelesen.",
            kind="encoding",
        )

    def feed(self, data: bytes, room: int) -> bytes:
        """At most ``room`` decoded bytes of ``data``.

        The caller passes one byte more than the limit still allows, so output that fills
        ``room`` is over the limit, and whatever zlib holds back unread is never expanded.
        """
        try:
            out = self.z.decompress(data, room)
            while self.z.eof and self.z.unused_data and len(out) < room:  # another gzip member
                rest = self.z.unused_data
                self.z = zlib.decompressobj(32 + zlib.MAX_WBITS)
                out += self.z.decompress(rest, room - len(out))
        except zlib.error as exc:
            raise FetchError(
                f"Die komprimierte Antwort ist beschädigt ({exc}); die nächste Ernte versucht es "
                "erneut.",
                kind="encoding",
            ) from None
        return out


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses ``host`` stands for: itself if it is one, else what the resolver says."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Not on the public internet and not loopback: private, link-local, metadata, reserved."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return False
    return str(address) in METADATA_ADDRESSES or not address.is_global


def _lower(headers: httpx.Headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
