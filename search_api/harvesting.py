"""Harvests started from the admin API: one at a time, in a background thread, no Prefect.

The API process already holds the index and the store; the harvest reuses them instead of
opening a second writer on the same index directory.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from hub.config import Settings, SourceConfig
from hub.index.base import SearchIndex
from hub.runtime import Runtime

log = logging.getLogger(__name__)


class HarvestBusyError(RuntimeError):
    """A harvest is already running."""


class HarvestRunner:
    """Starts ``harvest_plain`` for some sources and remembers the outcome of the last run."""

    def __init__(
        self,
        settings: Settings,
        index: SearchIndex,
        store: object,
        runtime: Runtime | None = None,
    ) -> None:
        self._settings, self._index, self._store = settings, index, store
        self._runtime = runtime
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.last: list[dict[str, Any]] = []
        self.error: str | None = None

    @property
    def runtime(self) -> Runtime:
        """The given runtime, or one made on first use (loading plugins only when needed)."""
        if self._runtime is None:
            runtime = Runtime(self._settings)
            # cached_property: pre-seed so the harvest writes to the app's own index and store
            runtime.__dict__["index"] = self._index
            runtime.__dict__["store"] = self._store
            self._runtime = runtime
        return self._runtime

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def select(self, ids: list[str]) -> list[SourceConfig]:
        """Sources by id (all enabled ones if none); raises ConfigError for unknown ids."""
        return self.runtime.sources.select(ids or None)

    def start(self, sources: list[SourceConfig]) -> None:
        with self._lock:
            if self.running:
                raise HarvestBusyError("es läuft schon eine Ernte")
            self._thread = threading.Thread(
                target=self._run, args=(sources,), name="regiohub-admin-harvest", daemon=True
            )
            self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, sources: list[SourceConfig]) -> None:
        from flows.core import harvest_plain

        try:
            counts = harvest_plain(self.runtime, sources)
            self.last, self.error = [c.as_row() for c in counts], None
        except Exception as exc:  # recorded for the admin status endpoint and the log
            log.exception("admin-triggered harvest failed")
            self.error = f"Der Abruf brach ab ({type(exc).__name__}: {exc}); Einzelheiten im Log."
