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

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import tantivy
from tantivy import Occur, Query

from hub.errors import ConfigError, IndexError_
from hub.hookspecs import hookimpl
from hub.index import tantivy_generations as gens
from hub.index import tantivy_journal as journal
from hub.index.analysis import coordinates, distance_km, query_units
from hub.index.base import FacetValue, SearchQuery, SearchResults
from hub.index.relax import RELAX_BELOW, relaxable
from hub.index.series import fold_window
from hub.index.spelling import finish, suggest_by_search
from hub.index.tantivy_build import Item, document_of, prepared, with_first
from hub.index.tantivy_facets import count_facets
from hub.index.tantivy_filters import date_filters, facet_filters, upcoming_boost
from hub.index.tantivy_geo import covering
from hub.index.tantivy_query import combine, suggest_query, text_query
from hub.index.tantivy_relax import relaxation
from hub.index.tantivy_results import (
    decode_cursor,
    encode_cursor,
    rank_suggestions,
    read_hits,
    stored_listing,
)
from hub.index.tantivy_schema import SCHEMA, listing_document, register_analyzers
from hub.index.tantivy_series import fold_page, has_series, series_dates
from hub.model import Listing, StoredRow

SCHEME = "tantivy"
#: added to the score of matching listings that have not ended yet (BM25 scores are ~1–20)
UPCOMING_BOOST = 0.5
#: a circle this wide covers the earth
HALF_EARTH_KM = 20_100.0


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
    #: a rebuild indexes everything in one go: 2 threads × 128 MB segments before a flush,
    #: so a million listings make a few dozen segments to merge, well inside the 600 MiB
    #: a hub process may use (heap, merge buffers and Python together)
    rebuild_heap_bytes = 256_000_000
    rebuild_threads = 2
    #: a rebuild can take listings as stored rows (``Store.iter_stored_rows``)
    rebuilds_from_rows = True
    #: facet values returned per field
    facet_size = 100
    #: hits beyond this rank are not returned (Tantivy keeps offset + size hits in memory)
    max_result_window = 10_000
    #: listings read for the exact distance check of a radius filter or for a distance sort
    max_geo_candidates = 50_000
    #: the first circle a distance sort looks in; widened threefold until the page is full
    distance_sort_start_km = 20.0
    title_snippet_chars = 300
    body_snippet_chars = 200
    #: threads (shared by every index in the process) counting facets beside the hit reading;
    #: 0 counts them in the searching thread
    facet_threads = 2
    #: listings from which the facets are counted on those threads: below, handing the work
    #: over costs more than it saves (on a loaded 2-core machine at 100,000 listings a search
    #: took 1.7× as long with the hand-over, at a million 0.9×)
    facet_threads_from = 250_000

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
        self._series_flag: tuple[tuple[str, Any], bool] | None = None

    @classmethod
    def from_url(cls, url: str) -> TantivyIndex:
        """``tantivy:///absolute/path`` or ``tantivy://relative/path``."""
        scheme, sep, rest = url.partition("://")
        rest = rest.split("?", 1)[0]
        if scheme != SCHEME or not sep or not rest:
            raise ConfigError(
                f"REGIOHUB_INDEX='{url}' ist keine Tantivy-Index-URL; setzen Sie "
                "tantivy:///absoluter/pfad/zum/index oder tantivy://relativer/pfad."
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
                raise IndexError_(
                    f"Der Suchindex unter {self.path} lässt sich nicht anlegen ({exc}); prüfen "
                    "Sie Rechte und freien Platz."
                ) from exc
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

    #: searches run in this process and are CPU-bound (see ``base.runs_in_process``)
    in_process = True

    def version(self) -> str:
        """The live generation and the stamp of its last commit (``base.VersionedIndex``)."""
        gen = self._current()
        return f"{gen.name}:{gen.meta}"

    # -- writing ------------------------------------------------------------------------------

    def upsert(self, listings: Iterable[Listing]) -> int:
        items = list(listings)
        if not items:
            return 0

        def fill(writer: tantivy.IndexWriter) -> None:
            for listing in items:
                # a delete applies to documents added before it, so repeats in one batch work too
                writer.delete_documents_by_term("id", listing.id)
                writer.add_document(listing_document(listing))

        self._write(fill, lambda: [{"upsert": x.model_dump(mode="json")} for x in items])
        return len(items)

    def delete(self, ids: Iterable[str]) -> int:
        unique = list(dict.fromkeys(ids))
        if unique:
            self._write(
                lambda writer: [writer.delete_documents_by_term("id", i) for i in unique],
                lambda: [{"delete": i} for i in unique],
            )
        return len(unique)

    def rebuild(self, listings: Iterable[Item]) -> int:
        """Write ``listings`` into a new generation, then switch ``CURRENT`` to it.

        Searches keep using the live generation until the switch. Upserts and deletes made
        meanwhile (by any process) go to the live generation and into a journal, which is
        replayed into the new generation right before the switch, so none is lost. Stored
        rows (``Store.iter_stored_rows``) of a large rebuild have their documents built in
        helper processes (hub/index/tantivy_build.py).
        """
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexError_(
                f"Der Suchindex unter {self.path} lässt sich nicht anlegen ({exc}); prüfen Sie "
                "Rechte und freien Platz."
            ) from exc
        gen_dir = gens.claim_next(self.path)
        pending = journal.start(self.path, gen_dir.name)
        try:
            index = self._open_index(gen_dir)
            count = self._fill_generation(gen_dir, index, listings)
            with journal.write_lock(self.path):
                replay = journal.read(pending)
                if replay:
                    self._fill_generation(gen_dir, index, _replayed(replay), replay=True)
                if not (gen_dir / "meta.json").is_file():
                    raise IndexError_(
                        f"Die Generation {gen_dir} verschwand, während sie gebaut wurde; läuft "
                        "ein zweiter Neuaufbau auf demselben Index? Bauen Sie nur einmal zugleich "
                        "neu auf."
                    )
                previous = gens.read_pointer(self.path)
                gens.write_pointer(self.path, gen_dir.name)
                journal.finish(pending)
                journal.remove_stale(self.path, gen_dir.name)
        except BaseException:
            journal.finish(pending)
            shutil.rmtree(gen_dir, ignore_errors=True)
            raise
        keep_from = gens.generation_number(previous or gen_dir.name) or 0
        gens.prune(self.path, keep_from)  # keeps the previous generation for readers in flight
        self._current()
        return count

    def _fill_generation(
        self,
        gen_dir: Path,
        index: tantivy.Index,
        items: Iterable[Item | str],
        *,
        replay: bool = False,
    ) -> int:
        """Add listings (or, for ids given as ``str``, delete) in one commit; the number of
        distinct listings added (a repeated id counts once, its last version stays)."""
        writer = self._writer(gen_dir, index, self.rebuild_heap_bytes, self.rebuild_threads)
        count = 0
        try:
            if replay:  # a few journal entries, deletions among them, strictly in order
                for item in items:
                    if isinstance(item, str):
                        writer.delete_documents_by_term("id", item)
                        continue
                    item_id, document = document_of(item)
                    writer.delete_documents_by_term("id", item_id)
                    writer.add_document(document)
            else:  # many documents: those of stored rows built in helper processes
                stream = iter(items)
                first = next(stream, None)
                # stored rows come from one scan of the store in key order, so no id repeats:
                # no set of every id is kept (≈ 110 MiB for a million listings)
                seen: set[str] | None = None if isinstance(first, StoredRow) else set()
                for item_id, doc in prepared(with_first(first, stream)):  # type: ignore[arg-type]
                    count += 1
                    if seen is not None:
                        if item_id in seen:
                            writer.delete_documents_by_term("id", item_id)
                        seen.add(item_id)
                    if isinstance(doc, str):
                        writer.add_json(doc)
                    else:
                        writer.add_document(doc)
                if seen is not None:
                    count = len(seen)
            writer.commit()
        except ValueError as exc:
            raise IndexError_(
                f"Der Neuaufbau des Suchindex in {gen_dir} ist fehlgeschlagen ({exc}); prüfen Sie "
                "freien Platz und starten Sie `regiohub reindex` erneut."
            ) from exc
        finally:
            writer.wait_merging_threads()
        return count

    def _write(
        self,
        fill: Callable[[tantivy.IndexWriter], object],
        entries: Callable[[], list[dict[str, Any]]],
    ) -> None:
        self._current()  # creates the index directory on first use
        with self._write_lock, journal.write_lock(self.path):
            gen = self._current()
            writer = self._writer(gen.path, gen.index, self.writer_heap_bytes, self.writer_threads)
            try:
                fill(writer)
                writer.commit()
            except ValueError as exc:
                writer.rollback()
                raise IndexError_(
                    f"Schreiben in den Suchindex unter {gen.path} ist fehlgeschlagen ({exc}); "
                    "prüfen Sie freien Platz, sonst hilft `regiohub reindex`."
                ) from exc
            finally:
                writer.wait_merging_threads()  # drops the writer and with it the lock file
            journal.record(journal.active(self.path, gen.name), entries())  # rebuilds running
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
                    raise IndexError_(
                        f"In den Suchindex unter {path} lässt sich nicht schreiben ({exc}); "
                        "prüfen Sie Rechte und freien Platz."
                    ) from exc
                if attempt >= len(self._retry_delays):
                    waited = sum(self._retry_delays)
                    raise IndexError_(
                        f"Der Suchindex unter {path} ist von einem anderen Schreiber gesperrt "
                        f"(eine Ernte oder ein Neuaufbau in einem anderen Prozess?); nach "
                        f"{waited:.1f} s aufgegeben. Versuchen Sie es erneut, wenn jener "
                        "fertig ist."
                    ) from exc
                time.sleep(self._retry_delays[attempt])
                attempt += 1

    # -- reading ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Strict first; relaxed to any one word when that finds too little (``relax``)."""
        gen = self._current()
        searcher = gen.index.searcher()
        series = query.series is None and self._has_series(gen, searcher)
        known = _known_in(searcher)
        units = query_units(query.text)
        scored = text_query(units, known, frequency=searcher.doc_freq)
        results = self._search(searcher, query, scored, series)
        if scored is not None and results.total < RELAX_BELOW and relaxable(units):
            loose = self._search(searcher, query, text_query(units, known, relaxed=True), series)
            if loose.total > results.total:
                results = relaxation(searcher, query, units, known, results.total, loose)
        return finish(results, units)

    def _search(
        self, searcher: tantivy.Searcher, query: SearchQuery, scored: Query | None, series: bool
    ) -> SearchResults:
        """One search; ``series``: the index holds series, fold them (``hub.index.series``)."""
        size = max(0, query.size)
        offset = decode_cursor(query.search_after) if query.search_after else None
        if offset is None:
            offset = (max(1, query.page) - 1) * size
        page = offset // size + 1 if size else 1
        # a far page or a huge size must not make Tantivy collect millions of hits
        limit = max(0, min(size, self.max_result_window - offset))
        facet_f = facet_filters(query)
        general = date_filters(query)
        if query.near is not None and query.radius_km is not None:
            scope = combine(scored, general)
            km = max(0.0, query.radius_km)
            general.append(self._geo_filter(searcher, query.near, km, scope))
        ranked = scored
        if scored is not None:  # offers still to come rank above past ones that match as well
            ranked = Query.boolean_query(
                [(Occur.Must, scored), (Occur.Should, upcoming_boost(query, UPCOMING_BOOST))]
            )
        main = combine(ranked, [*(q for q in facet_f.values() if q is not None), *general])
        facets = self._facets_soon(searcher, scored, facet_f, general, query, concurrent=limit > 0)
        if limit == 0:  # only the total (and the facets) are wanted
            offset = 0
        by_score = scored is not None and query.sort != "date"  # distance without near too
        if query.sort == "distance" and query.near is not None:
            total, raw = self._by_distance(searcher, main, query.near, offset, limit)
        else:
            folding = limit > 0 and series
            window = fold_window(offset, limit, self.max_result_window) if folding else None
            start_at, wanted = (0, window) if window else (offset, limit)
            # ranked by score, or (nothing to rank by, or asked for dates) soonest start first
            if by_score:
                result = searcher.search(main, limit=max(wanted, 1), offset=start_at)
            else:
                result = searcher.search(
                    main,
                    limit=max(wanted, 1),
                    offset=start_at,
                    order_by_field="start",
                    order=tantivy.Order.Asc,
                )
            total, raw = int(getattr(result, "count", 0) or 0), result.hits[:wanted]
            if window:
                total, raw = fold_page(searcher, raw, total, offset, limit)
        hits = read_hits(
            searcher,
            scored,
            raw,
            title_chars=self.title_snippet_chars,
            body_chars=self.body_snippet_chars,
            scores=by_score,
            near=query.near,
        )
        if hits and series:
            hits = series_dates(searcher, hits, general)
        end = offset + len(hits)
        more = bool(hits) and end < min(total, self.max_result_window)
        return SearchResults(
            total=total,
            hits=hits,
            facets=facets.result(),
            page=page,
            size=size,
            next_cursor=encode_cursor(end) if more else None,
        )

    def _has_series(self, gen: _Generation, searcher: tantivy.Searcher) -> bool:
        """Whether the live generation holds a series; looked up once per commit."""
        key = (gen.name, gen.meta)
        if self._series_flag is None or self._series_flag[0] != key:
            self._series_flag = (key, has_series(searcher))
        return self._series_flag[1]

    def _facets_soon(
        self,
        searcher: tantivy.Searcher,
        scored: Query | None,
        facet_f: dict[str, Query | None],
        general: list[Query],
        query: SearchQuery,
        *,
        concurrent: bool,
    ) -> Future[dict[str, list[FacetValue]]]:
        """Count the facets, on the facet thread while the caller reads its page of hits.

        Tantivy releases the GIL while it aggregates, so on two or more cores a search costs
        about the longer of the two parts instead of their sum. Inline when ``concurrent`` is
        false (no hits to read meanwhile), ``facet_threads`` is 0 or the index holds fewer than
        ``facet_threads_from`` listings.
        """

        def count() -> dict[str, list[FacetValue]]:
            return count_facets(searcher, scored, facet_f, general, self.facet_size, query)

        beside = concurrent and self.facet_threads > 0
        if beside and searcher.num_docs >= self.facet_threads_from:
            return _facet_pool(self.facet_threads).submit(count)
        done: Future[dict[str, list[FacetValue]]] = Future()
        try:
            done.set_result(count())
        except Exception as exc:  # handed to the caller by .result(), as from the thread
            done.set_exception(exc)
        return done

    def _geo_filter(
        self,
        searcher: tantivy.Searcher,
        centre: tuple[float, float],
        km: float,
        scope: Query | None,
    ) -> Query:
        """Listings within ``km`` of ``centre``: grid cells inside, exact distance on the edge.

        Only edge listings that also match ``scope`` (what every facet is counted under) are
        read and checked, which keeps the check small for text searches.
        """
        inside, edge = covering(centre, km)
        clauses: list[Query] = []
        if inside:
            clauses.append(Query.term_set_query(SCHEMA, "geo_cell", inside))
        if edge:
            candidates = Query.term_set_query(SCHEMA, "geo_cell", edge)
            if scope is not None:
                candidates = combine(scope, [candidates])
            result = searcher.search(candidates, limit=self.max_geo_candidates, count=False)
            near = []
            for _, address in result.hits:
                listing = stored_listing(searcher, address)
                point = coordinates(listing)
                if point is not None and distance_km(centre, point) <= km:
                    near.append(str(listing["id"]))
            if near:
                clauses.append(Query.term_set_query(SCHEMA, "id", near))
        if not clauses:
            return Query.empty_query()
        return Query.const_score_query(
            Query.boolean_query([(Occur.Should, q) for q in clauses]), 0.0
        )

    def _by_distance(
        self,
        searcher: tantivy.Searcher,
        main: Query,
        centre: tuple[float, float],
        offset: int,
        limit: int,
    ) -> tuple[int, list[tuple[Any, tantivy.DocAddress]]]:
        """Matches ordered by distance (unknown places last), one page.

        Widens a circle around ``centre`` until it holds enough matches for the page, then
        reads and sorts only those; past half the earth, every match is read.
        """
        total = int(getattr(searcher.search(main, limit=1), "count", 0) or 0)
        wanted = min(offset + limit, total)
        scope: Query = main
        km = self.distance_sort_start_km
        while km < HALF_EARTH_KM:
            scope = combine(main, [self._geo_filter(searcher, centre, km, main)])
            found = int(getattr(searcher.search(scope, limit=1), "count", 0) or 0)
            if found >= wanted:
                break
            km *= 3
        else:
            scope = main
        result = searcher.search(scope, limit=min(self.max_geo_candidates, max(total, 1)))
        keyed = []
        for _, address in result.hits:
            listing = stored_listing(searcher, address)
            point = coordinates(listing)
            far = distance_km(centre, point) if point is not None else float("inf")
            keyed.append(((far, str(listing["id"])), address))
        keyed.sort(key=lambda item: item[0])
        return total, [(0.0, address) for _, address in keyed[offset : offset + limit]]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Distinct titles with a word starting with the last typed word; title starts first."""
        query, folded = suggest_query(prefix)
        if query is None or limit <= 0:
            return []
        searcher = self._current().index.searcher()
        result = searcher.search(query, limit=max(50, limit * 10), count=False)
        found = rank_suggestions(searcher, result.hits, folded, limit)
        return found or suggest_by_search(self.search, prefix, limit)

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
            raise IndexError_(
                f"Dem Suchindex unter {self.path} fehlt die Datei {gens.POINTER}; bauen Sie "
                "ihn mit `regiohub reindex` neu auf."
            )
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
                raise ValueError("das installierte tantivy kann sein Indexformat nicht lesen")
            index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        except (ValueError, OSError) as exc:
            raise IndexError_(
                f"Der Suchindex unter {path} lässt sich nicht öffnen ({exc}); stammt er von einer "
                "anderen regiohub-Version, bauen Sie ihn mit `regiohub reindex` neu auf."
            ) from exc
        register_analyzers(index)
        return index


_POOL_LOCK = threading.Lock()
_POOLS: dict[int, ThreadPoolExecutor] = {}
# A forked child inherits the pools but not their threads: it starts its own.
os.register_at_fork(after_in_child=_POOLS.clear)


def _facet_pool(threads: int) -> ThreadPoolExecutor:
    """The process's facet threads (created on first use; daemon-like, never shut down)."""
    with _POOL_LOCK:
        pool = _POOLS.get(threads)
        if pool is None:
            pool = ThreadPoolExecutor(threads, thread_name_prefix="regiohub-facets")
            _POOLS[threads] = pool
        return pool


def _known_in(searcher: tantivy.Searcher) -> Callable[[str], bool]:
    """Whether a stemmed term occurs in a title or body of ``searcher``'s index."""

    def known(term: str) -> bool:
        return bool(searcher.doc_freq("body", term) or searcher.doc_freq("title", term))

    return known


def _replayed(entries: list[dict[str, Any]]) -> Iterator[Listing | str]:
    """Journal entries as listings to add and ids (``str``) to delete, in order."""
    for entry in entries:
        if "upsert" in entry:
            yield Listing.model_validate(entry["upsert"])
        elif "delete" in entry:
            yield str(entry["delete"])


@hookimpl
def register_index_backends(register: Callable[[str, Callable[..., Any]], None]) -> None:
    register(SCHEME, TantivyIndex.from_url)
