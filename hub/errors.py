"""Every exception regiohub raises on purpose, in one place.

At the edges (CLI, API, connector runner) these become one clear sentence saying what to fix.
"""

from __future__ import annotations

from typing import Any


class RegiohubError(Exception):
    """Base class: the message is meant for a person and says what to do next."""


class ConfigError(RegiohubError):
    """Settings or ``sources.toml`` are wrong."""


class UnknownSourceError(ConfigError):
    """A source id was asked for that ``sources.toml`` does not define."""


class UnknownConnectorError(ConfigError):
    """A source names a connector type that no loaded plugin provides."""


class StoreError(RegiohubError):
    """The catalogue store cannot write or read (disk full, file damaged, no permission)."""


def store_message(exc: Exception, path: object = None) -> str:
    """One German sentence for an operator about a failed store operation."""
    where = f" unter {path}" if path else ""
    reason = str(exc) or type(exc).__name__
    if "full" in reason.lower():
        return (
            f"Der Katalog{where} kann nicht schreiben: der Datenträger ist voll ({reason}); "
            "schaffen Sie Platz und ernten Sie erneut."
        )
    return (
        f"Der Katalog{where} kann nicht schreiben oder lesen ({reason}); prüfen Sie Datei, "
        "Rechte und freien Platz."
    )


class SourceBusyError(StoreError):
    """Another harvest of the same source is running (it holds the source's lock)."""

    def __init__(self, source_id: str) -> None:
        self.source_id = source_id
        super().__init__(
            f"Die Quelle '{source_id}' wird gerade schon geerntet (ein anderer Lauf hält ihre "
            "Sperre); diese Ernte wurde nicht gestartet."
        )


class ConnectorError(RegiohubError):
    """A connector could not harvest its source (HTTP error, timeout, unreadable content)."""

    def __init__(self, message: str, *, kind: str = "error") -> None:
        super().__init__(message)
        #: short machine-readable cause, e.g. ``http_status``, ``timeout``, ``parse``, ``too_large``
        self.kind = kind


class FetchError(ConnectorError):
    """A single HTTP fetch failed."""


class HostNotAllowedError(FetchError):
    """A connector tried to reach a host its configuration does not name."""

    def __init__(self, message: str) -> None:
        super().__init__(message, kind="host_not_allowed")


class IndexError_(RegiohubError):
    """The search index cannot be opened or written."""


class MailError(RegiohubError):
    """The SMTP server for saved needs refused a message or could not be reached."""


class HarvestFailed(RegiohubError):
    """A harvest flow run in which sources failed: the run ends Failed in Prefect.

    The other sources' work is done (stored, indexed, reported) before this is raised;
    ``rows`` holds every source's counts, the failed ones included.
    """

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.failed = [str(r["source_id"]) for r in rows if r.get("status") != "ok"]
        super().__init__(failed_message(self.failed))


def failed_message(source_ids: list[str]) -> str:
    """The final-state message of a harvest run with failed sources (CLI and flows alike)."""
    return f"Fehlgeschlagen: {', '.join(source_ids)}."
