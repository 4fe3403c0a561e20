"""The embedded default search backend: Tantivy on local disk, German analysis, facets.

Layout of an index directory (``tantivy:///var/lib/regiohub/index``)::

    CURRENT          → "gen-000002"   (replaced atomically by a rebuild)
    gen-000001/      the previous generation, kept for readers still switching over
    gen-000002/      the live Tantivy index

Every search reads ``CURRENT`` and stats the live generation's ``meta.json``, so switches and
commits made by any process are visible to the next search (Tantivy's own reload-on-commit
watcher, which polls every 500 ms, stays on as a backstop). Writes open Tantivy's one writer per
call and release it after the commit, so harvest flows and the API can share a directory.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import tantivy

from hub.errors import ConfigError, IndexError_
from hub.hookspecs import hookimpl
from hub.index import tantivy_generations as gens
from hub.index.base import FACET_FIELDS, SearchQuery, SearchResults
from hub.index.tantivy_query import combine, filter_query, suggest_query, text_query
from hub.index.tantivy_results import count_facets, rank_suggestions, read_hits
from hub.index.tantivy_schema import SCHEMA, listing_document, register_analyzers
from hub.model import Listing

SCHEME = "tantivy"


class _Generation:
    """One opened generation and the ``meta.json`` version its reader last loaded."""

    __slots__ = ("index", "meta", "name", "path")

    def __init__(self, name: str, path: Path, index: tantivy.Index, meta: gens.Stamp | None):
        self.name = name
        self.path = path
        self.index = index
        self.meta = meta


class TantivyIndex:
    """``SearchIndex`` on an embedded Tantivy index; safe to share between threads."""

    #: upserts and deletes are small: a small writer heap and one indexing thread
    writer_heap_bytes = 50_000_000
    writer_threads = 1
    rebuild_heap_bytes = 100_000_000
    rebuild_threads = 2
    #: facet values returned per field
    facet_size = 100
    #: hits beyond this rank are not returned (Tantivy keeps offset + size hits in memory)
    max_result_window = 10_000
    title_snippet_chars = 300
    body_snippet_chars = 200

    def __init__(
        self,
        path: str | Path,
        *,
        writer_retry_delays: Sequence[float] = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6),
    ) -> None:
        self.path = Path(path)
        self._retry_delays = tuple(writer_retry_delays)
        self._lock = threading.RLock()  # guards switching generations and reloading readers
        self._write_lock = threading.Lock()  # Tantivy allows one writer per index
        self._gen: _Generation | None = None

    @classmethod
    def from_url(cls, url: str) -> TantivyIndex:
        """``tantivy:///absolute/path`` or ``tantivy://relative/path``."""
        scheme, sep, rest = url.partition("://")
        rest = rest.split("?", 1)[0]
        if scheme != SCHEME or not sep or not rest:
            raise ConfigError(
                f"REGIOHUB_INDEX='{url}' is not a Tantivy index URL; use "
                "tantivy:///absolute/path/to/index or tantivy://relative/path."
            )
        return cls(Path(unquote(rest)).expanduser())

    def __repr__(self) -> str:
        return f"TantivyIndex('{self.path}')"

    def __enter__(self) -> TantivyIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lifecycle ----------------------------------------------------------------------------

    def ensure(self) -> None:
        """Create the directory and an empty first generation unless ``CURRENT`` exists."""
        with self._lock:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise IndexError_(f"Cannot create the search index at {self.path}: {exc}") from exc
            if gens.read_pointer(self.path) is not None:
                return
            gen_dir = gens.claim_next(self.path)
            self._open_index(gen_dir)
            if gens.read_pointer(self.path) is None:
                gens.write_pointer(self.path, gen_dir.name)
            else:  # another process created the index meanwhile
                shutil.rmtree(gen_dir, ignore_errors=True)

    def close(self) -> None:
        """Drop the open reader; the next call reopens it."""
        with self._lock:
            self._gen = None

    def count(self) -> int:
        return int(self._current().index.searcher().num_docs)

    # -- writing ------------------------------------------------------------------------------

    def upsert(self, listings: Iterable[Listing]) -> int:
        docs = [(listing.id, listing_document(listing)) for listing in listings]
        if not docs:
            return 0

        def fill(writer: tantivy.IndexWriter) -> None:
            for listing_id, doc in docs:
                # a delete applies to documents added before it, so repeats in one batch work too
                writer.delete_documents_by_term("id", listing_id)
                writer.add_document(doc)

        self._write(fill)
        return len(docs)

    def delete(self, ids: Iterable[str]) -> int:
        unique = list(dict.fromkeys(ids))
        if unique:
            self._write(lambda writer: [writer.delete_documents_by_term("id", i) for i in unique])
        return len(unique)

    def rebuild(self, listings: Iterable[Listing]) -> int:
        """Write ``listings`` into a new generation, then switch ``CURRENT`` to it.

        Searches keep using the live generation until the switch. Upserts made by others while
        the rebuild runs land in the old generation and are not carried over: run rebuilds
        when no harvest writes, or upsert what changed since the rebuild started afterwards.
        """
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexError_(f"Cannot create the search index at {self.path}: {exc}") from exc
        gen_dir = gens.claim_next(self.path)
        seen: set[str] = set()
        try:
            index = self._open_index(gen_dir)
            writer = self._writer(gen_dir, index, self.rebuild_heap_bytes, self.rebuild_threads)
            try:
                for listing in listings:
                    if listing.id in seen:
                        writer.delete_documents_by_term("id", listing.id)
                    seen.add(listing.id)
                    writer.add_document(listing_document(listing))
                writer.commit()
            except ValueError as exc:
                raise IndexError_(
                    f"Rebuilding the search index in {gen_dir} failed: {exc}"
                ) from exc
            finally:
                writer.wait_merging_threads()
            if not (gen_dir / "meta.json").is_file():
                raise IndexError_(
                    f"Generation {gen_dir} vanished while it was being built; is another "
                    "rebuild running on the same index? Run one rebuild at a time."
                )
        except BaseException:
            shutil.rmtree(gen_dir, ignore_errors=True)
            raise
        previous = gens.read_pointer(self.path)
        gens.write_pointer(self.path, gen_dir.name)
        keep_from = gens.generation_number(previous or gen_dir.name) or 0
        gens.prune(self.path, keep_from)  # keeps the previous generation for readers in flight
        self._current()
        return len(seen)

    def _write(self, fill: Callable[[tantivy.IndexWriter], object]) -> None:
        with self._write_lock:
            gen = self._current()
            writer = self._writer(gen.path, gen.index, self.writer_heap_bytes, self.writer_threads)
            try:
                fill(writer)
                writer.commit()
            except ValueError as exc:
                writer.rollback()
                raise IndexError_(
                    f"Writing to the search index at {gen.path} failed: {exc}"
                ) from exc
            finally:
                writer.wait_merging_threads()  # drops the writer and with it the lock file
            self._reload(gen)

    def _writer(
        self, path: Path, index: tantivy.Index, heap: int, threads: int
    ) -> tantivy.IndexWriter:
        """Open the index's one writer, waiting with backoff while another process holds it."""
        attempt = 0
        while True:
            try:
                return index.writer(heap_size=heap, num_threads=threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise IndexError_(f"Cannot write to the search index at {path}: {exc}") from exc
                if attempt >= len(self._retry_delays):
                    waited = sum(self._retry_delays)
                    raise IndexError_(
                        f"The search index at {path} is locked by another writer (a harvest or "
                        f"reindex in another process?); gave up after {waited:.1f} s. Retry when "
                        "it has finished."
                    ) from exc
                time.sleep(self._retry_delays[attempt])
                attempt += 1

    # -- reading ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        page, size = max(1, query.page), max(0, query.size)
        offset = (page - 1) * size
        # a far page or a huge size must not make Tantivy collect millions of hits
        limit = max(0, min(size, self.max_result_window - offset))
        searcher = self._current().index.searcher()
        scored = text_query(query.text)
        filters = {field: filter_query(field, getattr(query, field)) for field in FACET_FIELDS}
        main = combine(scored, [q for q in filters.values() if q is not None])
        if limit == 0:  # only the total (and the facets) are wanted
            offset = 0
        if scored is None:  # nothing to rank by: soonest start first, undated last
            result = searcher.search(
                main,
                limit=max(limit, 1),
                offset=offset,
                order_by_field="start",
                order=tantivy.Order.Asc,
            )
        else:
            result = searcher.search(main, limit=max(limit, 1), offset=offset)
        return SearchResults(
            total=int(getattr(result, "count", 0) or 0),  # the type stub lacks ``count``
            hits=read_hits(
                searcher,
                scored,
                result.hits[:limit],
                title_chars=self.title_snippet_chars,
                body_chars=self.body_snippet_chars,
            ),
            facets=count_facets(searcher, scored, filters, self.facet_size),
            page=page,
            size=size,
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Distinct titles with a word starting with the last typed word; title starts first."""
        query, folded = suggest_query(prefix)
        if query is None or limit <= 0:
            return []
        searcher = self._current().index.searcher()
        result = searcher.search(query, limit=max(50, limit * 10), count=False)
        return rank_suggestions(searcher, result.hits, folded, limit)

    # -- generations --------------------------------------------------------------------------

    def _current(self) -> _Generation:
        """The live generation, switched and reloaded if any process changed it since.

        ``CURRENT`` is a few bytes: reading it on every call is exact and costs microseconds,
        where an mtime check could miss two switches within the file system's time granularity.
        """
        gen = self._gen
        if gen is None or gens.peek_pointer(self.path) != gen.name:
            with self._lock:
                gen = self._switch()
        if gens.stamp(gen.path / "meta.json") != gen.meta:
            self._reload(gen)
        return gen

    def _switch(self) -> _Generation:
        name = gens.read_pointer(self.path)
        if name is None:
            self.ensure()
            name = gens.read_pointer(self.path)
        if name is None:
            raise IndexError_(f"The search index at {self.path} has no {gens.POINTER} file.")
        if self._gen is None or self._gen.name != name:
            path = self.path / name
            meta = gens.stamp(path / "meta.json")  # taken before opening: no commit is missed
            self._gen = _Generation(name, path, self._open_index(path), meta)
        return self._gen

    def _reload(self, gen: _Generation) -> None:
        with self._lock:
            meta = gens.stamp(gen.path / "meta.json")  # before reload: a later commit re-triggers
            if meta != gen.meta:
                gen.index.reload()
                gen.meta = meta

    def _open_index(self, path: Path) -> tantivy.Index:
        """Open (or create, in an empty directory) the Tantivy index of one generation."""
        try:
            if (path / "meta.json").exists() and not tantivy.Index.is_compatible(str(path)):
                raise ValueError("its index format is not supported by the installed tantivy")
            index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        except (ValueError, OSError) as exc:
            raise IndexError_(
                f"Cannot open the search index at {path}: {exc}. If it was built by another "
                "regiohub version, run `regiohub reindex` to rebuild it."
            ) from exc
        register_analyzers(index)
        return index


@hookimpl
def register_index_backends(register: Callable[[str, Callable[..., Any]], None]) -> None:
    register(SCHEME, TantivyIndex.from_url)
