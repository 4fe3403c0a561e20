"""How the Elasticsearch backend reaches its cluster: URL forms, credentials, client, errors.

``REGIOHUB_INDEX`` names only where the cluster is and which index prefix to use; secrets come
from the environment (``REGIOHUB_ES_API_KEY``, or ``REGIOHUB_ES_USER`` with
``REGIOHUB_ES_PASSWORD``), because the URL ends up in config files, logs and process listings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    ConnectionTimeout,
    Elasticsearch,
    TransportError,
)
from elasticsearch import ConnectionError as ClusterConnectionError

from hub.errors import ConfigError, IndexError_
from hub.index.es_plugin import SCHEMES

DEFAULT_PORT = 9200
DEFAULT_PREFIX = "regiohub"
#: what index names allow, kept stricter (lowercase ASCII) so every generation name is valid too
_PREFIX = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,200}$")
_ERRNO = re.compile(r"\[Errno -?\d+\]\s*([^)\"']+)")

ENV_API_KEY = "REGIOHUB_ES_API_KEY"
ENV_USER = "REGIOHUB_ES_USER"
ENV_PASSWORD = "REGIOHUB_ES_PASSWORD"
ENV_CA_CERTS = "REGIOHUB_ES_CA_CERTS"


@dataclass(frozen=True)
class Connection:
    """Everything needed to build a client; secrets are kept out of ``repr``."""

    nodes: tuple[str, ...]
    prefix: str = DEFAULT_PREFIX
    shards: int = 1
    replicas: int | None = None
    api_key: str | None = field(default=None, repr=False)
    basic_auth: tuple[str, str] | None = field(default=None, repr=False)
    ca_certs: str | None = None
    #: seconds per request; bulk chunks and index creation can take a while on a busy cluster
    request_timeout: float = 30.0
    max_retries: int = 3

    @property
    def where(self) -> str:
        """The node URLs, for messages (never with credentials)."""
        return ", ".join(self.nodes)


def parse_url(url: str, env: Mapping[str, str] | None = None) -> Connection:
    """``elasticsearch[+https]://host[:port][,host2[:port]][/path][?prefix=…&shards=…&replicas=…]``."""
    env = os.environ if env is None else env
    scheme, sep, rest = url.partition("://")
    protocol = SCHEMES.get(scheme)
    if protocol is None or not sep:
        known = ", ".join(f"{s}://host:{DEFAULT_PORT}" for s in SCHEMES)
        raise ConfigError(
            f"REGIOHUB_INDEX='{url}' ist keine Elasticsearch-URL; möglich sind {known}."
        )
    parts = urlsplit(f"{protocol}://{rest}")
    if "@" in parts.netloc:
        raise ConfigError(
            f"REGIOHUB_INDEX darf keine Zugangsdaten enthalten; setzen Sie stattdessen "
            f"{ENV_API_KEY} oder {ENV_USER} und {ENV_PASSWORD} in der Umgebung."
        )
    hosts = [h.strip() for h in parts.netloc.split(",") if h.strip()]
    if not hosts:
        raise ConfigError(
            f"REGIOHUB_INDEX='{url}' nennt keinen Elasticsearch-Host; z. B. "
            f"{scheme}://localhost:9200."
        )
    path = parts.path.rstrip("/")
    nodes = tuple(f"{protocol}://{_with_port(host, url)}{path}" for host in hosts)
    options = _options(url, parts.query)
    return Connection(
        nodes=nodes,
        prefix=options.get("prefix", DEFAULT_PREFIX),
        shards=int(options.get("shards", 1)),
        replicas=int(options["replicas"]) if "replicas" in options else None,
        **_credentials(env),
    )


def _with_port(host: str, url: str) -> str:
    if host.startswith("["):  # IPv6 literal: [::1] or [::1]:9200
        return host if "]:" in host else f"{host}:{DEFAULT_PORT}"
    name, _, port = host.partition(":")
    if not port:
        return f"{name}:{DEFAULT_PORT}"
    if not port.isdigit():
        raise ConfigError(
            f"REGIOHUB_INDEX='{url}' hat einen ungültigen Port '{port}'; nennen Sie eine Zahl."
        )
    return host


def _options(url: str, query: str) -> dict[str, str]:
    known = ("prefix", "shards", "replicas")
    options = {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise ConfigError(
            f"REGIOHUB_INDEX='{url}' hat unbekannte Optionen {', '.join(unknown)}; "
            f"möglich sind {', '.join(known)}."
        )
    if "prefix" in options and not _PREFIX.match(options["prefix"]):
        raise ConfigError(
            f"REGIOHUB_INDEX='{url}' hat ein ungültiges prefix '{options['prefix']}'; erlaubt "
            "sind Kleinbuchstaben, Ziffern, '-', '_' und '.', am Anfang ein Buchstabe oder eine "
            "Ziffer."
        )
    for key in ("shards", "replicas"):
        value = options.get(key)
        if value is not None and not (value.isdigit() and (key == "replicas" or int(value) > 0)):
            raise ConfigError(
                f"REGIOHUB_INDEX='{url}' hat ein ungültiges {key}={value}; nennen Sie eine Zahl."
            )
    return options


def _credentials(env: Mapping[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    api_key = env.get(ENV_API_KEY, "").strip()
    user, password = env.get(ENV_USER, ""), env.get(ENV_PASSWORD, "")
    if api_key:
        found["api_key"] = api_key
    elif user or password:
        if not (user and password):
            raise ConfigError(
                f"Setzen Sie {ENV_USER} und {ENV_PASSWORD} beide (oder {ENV_API_KEY}), um sich "
                "bei Elasticsearch anzumelden; gesetzt ist nur eins davon."
            )
        found["basic_auth"] = (user, password)
    ca_certs = env.get(ENV_CA_CERTS, "").strip()
    if ca_certs:
        if not Path(ca_certs).is_file():
            raise ConfigError(
                f"{ENV_CA_CERTS}='{ca_certs}' ist keine Datei; lassen Sie es auf eine PEM-Datei "
                "zeigen."
            )
        found["ca_certs"] = ca_certs
    return found


def make_client(connection: Connection) -> Elasticsearch:
    """A thread-safe client that retries connection errors and timeouts on every node."""
    options: dict[str, Any] = {
        "request_timeout": connection.request_timeout,
        "retry_on_timeout": True,
        "max_retries": connection.max_retries,
    }
    if connection.api_key:
        options["api_key"] = connection.api_key
    if connection.basic_auth:
        options["basic_auth"] = connection.basic_auth
    if connection.ca_certs:
        options["ca_certs"] = connection.ca_certs
    return Elasticsearch(list(connection.nodes), **options)


@contextmanager
def cluster_errors(where: str, doing: str) -> Iterator[None]:
    """Turn client exceptions raised inside the block into ``IndexError_`` (see ``index_error``)."""
    try:
        yield
    except (ApiError, TransportError) as exc:
        raise index_error(exc, where, doing) from exc


def index_error(exc: ApiError | TransportError, where: str, doing: str) -> IndexError_:
    """One sentence for a client exception: what went wrong at ``where`` and what to do next."""
    if isinstance(exc, ClusterConnectionError | ConnectionTimeout):
        return IndexError_(
            f"Elasticsearch unter {where} ist nicht erreichbar ({_reason(exc)}); starten Sie es "
            "oder lassen Sie REGIOHUB_INDEX auf einen erreichbaren Cluster zeigen."
        )
    if isinstance(exc, AuthenticationException | AuthorizationException):
        return IndexError_(
            f"Elasticsearch unter {where} verweigert mit den eingestellten Zugangsdaten: {doing} "
            f"(HTTP {exc.meta.status}: {_api_reason(exc)}); prüfen Sie {ENV_API_KEY} oder "
            f"{ENV_USER}/{ENV_PASSWORD} und die Index-Rechte des Benutzers."
        )
    if isinstance(exc, ApiError):
        if api_error_type(exc) == "media_type_header_exception":
            return IndexError_(
                f"Elasticsearch unter {where} nimmt die API-Version dieses Clients nicht an "
                f"({_api_reason(exc)}); installieren Sie den elasticsearch-Client mit der "
                "Hauptversion des Servers, z. B. pip install 'elasticsearch>=8.12,<9' für 8.x."
            )
        return IndexError_(
            f"Elasticsearch unter {where}: {doing} fehlgeschlagen (HTTP {exc.meta.status}: "
            f"{_api_reason(exc)}); wurde der Index von Hand geändert, hilft `regiohub reindex`."
        )
    return IndexError_(f"Elasticsearch unter {where}: {doing} fehlgeschlagen ({exc.message}).")


def _reason(exc: TransportError) -> str:
    match = _ERRNO.search(str(exc.message))
    if match:
        return match.group(1).strip()
    return "timed out" if isinstance(exc, ConnectionTimeout) else str(exc.message)


def _error(exc: ApiError) -> dict[str, Any]:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return error if isinstance(error, dict) else {"reason": str(error or exc.message)}


def api_error_type(exc: ApiError) -> str:
    """The ``error.type`` of an API error, e.g. ``resource_already_exists_exception``."""
    return str(_error(exc).get("type", ""))


def _api_reason(exc: ApiError) -> str:
    error = _error(exc)
    kind, reason = error.get("type"), error.get("reason") or exc.message
    return f"{kind}: {reason}" if kind else str(reason)


def describe_item_error(error: object) -> str:
    """One line for a bulk item's error object: ``type: reason`` (plus the root cause)."""
    if not isinstance(error, dict):
        return str(error)
    text = f"{error.get('type', 'error')}: {error.get('reason', '')}".rstrip(" ;.")
    cause = error.get("caused_by")
    if isinstance(cause, dict) and cause.get("reason"):
        text += f" ({str(cause['reason']).rstrip(' ;.')})"
    return text
