"""The hub's own absolute address for links in feeds, JSON-LD and calendars.

A request's ``Host`` header is chosen by whoever sends the request, so it must not reach
output that others store and follow (a cached Atom feed, a search engine's JSON-LD). The
address comes from ``REGIOHUB_PUBLIC_URL``; without it, a request to a loopback name (local
development) may use its own Host, and any other request gets the address the server socket
is bound to, with a warning to the operator.
"""

from __future__ import annotations

import ipaddress
import logging

from fastapi import Request

from hub.config import Settings

log = logging.getLogger(__name__)
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
_warned: set[str] = set()


def is_loopback(host: str | None) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_base(request: Request, settings: Settings) -> str:
    """``https://hub.example`` (no trailing slash): where links in output must point."""
    if settings.public_url:
        return settings.public_url
    if is_loopback(request.url.hostname):
        return str(request.base_url).rstrip("/")
    server = request.scope.get("server")
    host, port = (server[0], server[1]) if server else ("127.0.0.1", 80)
    if ":" in str(host):
        host = f"[{host}]"
    scheme = request.url.scheme
    default = (scheme, port) in (("http", 80), ("https", 443))
    base = f"{scheme}://{host}{'' if default else f':{port}'}" + request.scope.get("root_path", "")
    if base not in _warned:
        _warned.add(base)
        log.warning(
            "REGIOHUB_PUBLIC_URL is not set: links in feeds and JSON-LD use %s, not the "
            "request's Host header; set REGIOHUB_PUBLIC_URL to the hub's public address",
            base,
        )
    return base.rstrip("/")


def public_url(request: Request, settings: Settings) -> str:
    """The requested URL (path and query) under the public base."""
    query = request.url.query
    return public_base(request, settings) + request.url.path + (f"?{query}" if query else "")
