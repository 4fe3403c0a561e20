"""Wires settings, sources, store, plugins, pipeline and index together for one process."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from hub.config import Settings, SourcesFile, load_sources
from hub.plugins import Registry, get_registry
from hub.store import Store, open_store

if TYPE_CHECKING:
    from hub.index.base import SearchIndex
    from pipelines.base import Pipeline


@dataclass
class Runtime:
    """Everything a harvest, a search or a CLI command needs, opened lazily."""

    settings: Settings
    registry: Registry = field(default_factory=get_registry)

    @classmethod
    def from_env(cls) -> Runtime:
        return cls(Settings.from_env())

    @property
    def sources(self) -> SourcesFile:
        """``sources.toml``, read again when the file changed: a long-running server (search
        API, admin harvests) sees a partner added while it runs."""
        path = self.settings.sources_file
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = None
        cached: tuple[int | None, SourcesFile] | None = self.__dict__.get("_sources")
        if cached is None or cached[0] != stamp:
            cached = (stamp, load_sources(path))
            self.__dict__["_sources"] = cached
        return cached[1]

    @cached_property
    def store(self) -> Store:
        self.settings.ensure_home()
        return open_store(self.settings.store, lease_s=self.settings.run_lease_s or None)

    @cached_property
    def pipeline(self) -> Pipeline:
        from pipelines import build_pipeline

        return build_pipeline(self.registry)

    @cached_property
    def index(self) -> SearchIndex:
        from hub.index import open_index

        self.settings.ensure_home()
        index = open_index(self.settings.index_url)
        index.ensure()
        return index
