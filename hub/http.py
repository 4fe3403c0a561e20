"""The one polite HTTP client: every connector fetch goes through here.

Timeouts, a size limit, an allow-list of hosts (checked on every redirect too), a clear
User-Agent, and conditional GET with ETag / Last-Modified.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from hub import __version__
from hub.errors import FetchError, HostNotAllowedError

USER_AGENT = f"regiohub/{__version__} (+https://github.com/regiohub/regiohub; Katalog-Harvester)"
DEFAULT_TIMEOUT_S = 15.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    not_modified: bool = False

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

    def check_host(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise HostNotAllowedError(f"Refusing to fetch {url}: only http and https are allowed.")
        netloc = parts.netloc.lower()
        host = (parts.hostname or "").lower()
        if netloc not in self.allowed_hosts and host not in self.allowed_hosts:
            allowed = ", ".join(sorted(self.allowed_hosts)) or "none"
            raise HostNotAllowedError(
                f"Refusing to fetch {url}: host {netloc} is not named in this source's "
                f"configuration (allowed: {allowed})."
            )

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET ``url``; 304 gives ``not_modified=True``; any other non-2xx raises FetchError."""
        request_headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip", **self.headers}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        timeout = httpx.Timeout(self.timeout_s)
        deadline = time.monotonic() + self.timeout_s * 2
        seen: set[str] = set()
        current = url
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                self.check_host(current)
                if current in seen:
                    raise FetchError(f"Redirect loop at {current}.", kind="redirect_loop")
                seen.add(current)
                result = self._once(client, current, request_headers, deadline)
                if isinstance(result, FetchResult):
                    return result
                current = result
        raise FetchError(
            f"More than {MAX_REDIRECTS} redirects starting at {url}.", kind="redirect_loop"
        )

    def _once(
        self, client: httpx.Client, url: str, headers: dict[str, str], deadline: float
    ) -> FetchResult | str:
        try:
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return FetchResult(url, 304, _lower(response.headers), b"", not_modified=True)
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            f"{url} redirected without a Location header.", kind="http_status"
                        )
                    return urljoin(url, location)
                if response.status_code >= 400:
                    raise FetchError(
                        f"{url} answered HTTP {response.status_code} {response.reason_phrase}.",
                        kind="http_status",
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(
                        f"{url} is {int(declared):,} bytes, over the limit of {self.max_bytes:,}.",
                        kind="too_large",
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(
                            f"{url} sent more than the limit of {self.max_bytes:,} bytes.",
                            kind="too_large",
                        )
                    if time.monotonic() > deadline:
                        raise FetchError(
                            f"{url} took longer than {self.timeout_s * 2:.0f} s to send its body.",
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
            raise FetchError(
                f"{url} did not answer within {self.timeout_s:.0f} s.", kind="timeout"
            ) from None
        except httpx.TransportError as exc:
            raise FetchError(f"Could not reach {url}: {exc}.", kind="connect") from None


def _lower(headers: httpx.Headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}
