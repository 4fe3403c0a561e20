"""The scale-out search backend: an Elasticsearch (8.x or 9.x) cluster behind an alias.

Layout for ``elasticsearch://es.example.org:9200?prefix=regiohub``::

    regiohub        alias → regiohub-2    (moved atomically by a rebuild)
    regiohub-1      the previous generation, kept for searches still in flight
    regiohub-2      the live index

Searches, upserts and deletes go through the alias. A rebuild loads a new numbered index,
moves the alias with one ``update_aliases`` call, and deletes generations older than the one
it replaced, which is what the Tantivy backend does with its ``CURRENT`` file.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from hub.errors import IndexError_
from hub.index.analysis import Unit, query_units
from hub.index.base import Hit, SearchQuery, SearchResults
from hub.index.es_connection import (
    Connection,
    api_error_type,
    cluster_errors,
    describe_item_error,
    index_error,
    make_client,
    parse_url,
)
from hub.index.es_mapping import (
    MAPPINGS,
    MAX_RESULT_WINDOW,
    index_settings,
    listing_document,
    tombstone,
)
from hub.index.es_query import decode_cursor, encode_cursor, search_request, suggest_query
from hub.index.es_results import rank_suggestions, read_facets, read_hits
from hub.index.es_series import fold_page, in_series, series_request, with_dates
from hub.index.relax import RELAX_BELOW, Relaxation, matchable, relaxable
from hub.index.series import fold_window
from hub.index.snippets import highlight, prose, query_stems
from hub.index.spelling import finish, suggest_by_search
from hub.model import Listing

log = logging.getLogger(__name__)

#: failed documents named in an error message; all of them are logged
_FAILURES_SHOWN = 3


class ElasticsearchIndex:
    """``SearchIndex`` on an Elasticsearch cluster; safe to share between threads."""

    #: facet values returned per field
    facet_size = 100
    #: documents per bulk request
    bulk_chunk_size = 500
    #: retries of a bulk chunk the cluster answered with 429 (too many requests)
    bulk_retries = 3
    #: hits fetched to pick distinct titles from, at least ``limit * 10``
    suggest_candidates = 50

    def __init__(self, connection: Connection, *, client: Elasticsearch | None = None) -> None:
        self.connection = connection
        self.alias = connection.prefix
        self._client = client
        self._generation = re.compile(rf"^{re.escape(self.alias)}-(\d+)$")
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str) -> ElasticsearchIndex:
        """``elasticsearch://host:9200`` or ``elasticsearch+https://host:9200``, ``?prefix=…``."""
        return cls(parse_url(url))

    def __repr__(self) -> str:
        return f"ElasticsearchIndex('{self.connection.where}', alias='{self.alias}')"

    def __enter__(self) -> ElasticsearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lifecycle ----------------------------------------------------------------------------

    def ensure(self) -> None:
        """Create the first generation and point the alias at it, unless the alias exists."""
        if self.live_index() is None:
            with self._errors("Anlegen des Suchindex"):
                if self.client.indices.exists(index=self.alias):
                    raise IndexError_(
                        f"Elasticsearch unter {self.connection.where} hat einen Index namens "
                        f"'{self.alias}', der nicht der Alias von regiohub ist; löschen Sie ihn "
                        "oder wählen Sie in REGIOHUB_INDEX ein anderes ?prefix=."
                    )
                name = self._create_generation(reuse=True)
                self.client.indices.update_aliases(
                    actions=[{"add": {"index": name, "alias": self.alias}}]
                )
        self._ready = True  # a plain flag: at worst two threads both check once

    @property
    def client(self) -> Elasticsearch:
        """The client, (re)created on first use so that ``close`` is not the end of the object."""
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = make_client(self.connection)
                client = self._client
        return client

    def close(self) -> None:
        """Close the connections; the next call opens new ones."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def count(self) -> int:
        self._ensure_once()
        with self._errors("Zählen der Angebote"):
            return int(self.client.count(index=self.alias)["count"])

    def live_index(self) -> str | None:
        """The generation the alias points at, or None before ``ensure``."""
        names = self._alias_targets()
        if len(names) > 1:
            raise IndexError_(
                f"Der Alias '{self.alias}' unter {self.connection.where} zeigt auf mehrere "
                f"Indizes ({', '.join(names)}); `regiohub reindex` richtet ihn auf einen aus."
            )
        return names[0] if names else None

    def _alias_targets(self) -> list[str]:
        with self._errors("Lesen des Index-Alias"):
            answer = self.client.options(ignore_status=404).indices.get_alias(name=self.alias)
        if answer.meta.status == 404:
            return []
        return sorted(name for name, info in answer.body.items() if isinstance(info, dict))

    def generations(self) -> dict[int, str]:
        """Generation number → index name, of every ``<prefix>-<n>`` index on the cluster."""
        with self._errors("Auflisten der Index-Generationen"):
            answer = self.client.indices.get(index=f"{self.alias}-*", expand_wildcards="open")
        found = {}
        for name in answer.body:
            number = self._number(name)
            if number is not None:
                found[number] = name
        return found

    def _number(self, name: str) -> int | None:
        match = self._generation.match(name)
        return int(match.group(1)) if match else None

    # -- writing ------------------------------------------------------------------------------

    def upsert(self, listings: Iterable[Listing]) -> int:
        docs = [(listing.id, listing_document(listing)) for listing in listings]
        if not docs:
            return 0
        self._ensure_once()
        for target in [self.alias, *self._building()]:
            actions = (
                {"_op_type": "index", "_index": target, "_id": listing_id, "_source": doc}
                for listing_id, doc in docs  # a repeated id in one batch: the last one wins
            )
            self._bulk(actions, target, "Schreiben der Angebote")
        return len(docs)

    def delete(self, ids: Iterable[str]) -> int:
        unique = list(dict.fromkeys(ids))
        if unique:
            self._ensure_once()
            actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in unique)
            self._bulk(actions, self.alias, "Löschen der Angebote")
            for target in self._building():
                # a rebuild may still load the old version later: a tombstone makes that load's
                # ``create`` fail, and the rebuild removes the tombstones before switching
                stones = (
                    {"_op_type": "index", "_index": target, "_id": i, "_source": tombstone(i)}
                    for i in unique
                )
                self._bulk(stones, target, "Löschen der Angebote")
        return len(unique)

    def _clear_tombstones(self, name: str) -> None:
        with self._errors(f"Entfernen der Löschmarken aus {name}"):
            found = self.client.search(
                index=name,
                query={"term": {"tombstone": True}},
                size=MAX_RESULT_WINDOW,
                source=False,
            )
        ids = [str(item["_id"]) for item in found["hits"]["hits"]]
        if ids:
            actions = ({"_op_type": "delete", "_index": name, "_id": i} for i in ids)
            self._bulk(actions, name, f"Entfernen der Löschmarken aus {name}")

    def rebuild(self, listings: Iterable[Listing]) -> int:
        """Load ``listings`` into a new generation, then move the alias to it atomically.

        Searches keep using the live generation until the alias moves. If anything fails
        (the store, the cluster, a rejected document) the new index is deleted and the live
        one stays as it was. Upserts and deletes made meanwhile (by any process) go to the
        live generation and to every newer one being built; the load itself only *creates*
        documents, so it never overwrites a newer version written that way. Of two rebuilds
        at once (two harvest workers), the newer generation stays live: an older one that
        finishes last is dropped instead of switched to.
        """
        previous = self._alias_targets()  # normally one; several after a hand-made mistake
        if not previous:
            with self._errors("Suche nach einem Index mit dem Namen des Alias"):
                clash = self.client.indices.exists(index=self.alias)
            if clash:
                self.ensure()  # raises the clear "not regiohub's alias" error
        name = self._create_generation(reuse=False)
        seen: set[str] = set()

        def actions() -> Iterator[dict[str, Any]]:
            for listing in listings:
                # a repeat within the input replaces (as on Tantivy); otherwise only create
                op = "index" if listing.id in seen else "create"
                seen.add(listing.id)
                doc = listing_document(listing)
                yield {"_op_type": op, "_index": name, "_id": listing.id, "_source": doc}

        try:
            self._bulk(actions(), name, f"Laden der neuen Generation {name}")
            self._clear_tombstones(name)
            # read again: two workers rebuilding at once both saw the same live generation
            previous = self._alias_targets()
            ours = self._number(name) or 0
            if any((self._number(live) or 0) > ours for live in previous):
                # a rebuild begun after ours is live: it holds all ours does (writes reach
                # every newer generation), and switching back would lose what it got since
                self._drop([name])
                return len(seen)
            switch: list[dict[str, Any]] = [{"add": {"index": name, "alias": self.alias}}]
            if previous:  # from every generation, not only those read: never two targets
                switch.insert(0, {"remove": {"index": f"{self.alias}-*", "alias": self.alias}})
            with self._errors(f"Umstellen des Alias '{self.alias}' auf {name}"):
                self.client.indices.update_aliases(actions=switch)
        except BaseException:
            self._drop([name])
            raise
        self._ready = True
        self._clear_tombstones(name)  # a delete that raced the switch
        numbers = [n for n in map(self._number, previous) if n is not None]
        if numbers:  # the replaced generation stays for searches in flight, older ones go
            keep_from = min(numbers)
            self._drop([n for number, n in self.generations().items() if number < keep_from])
        return len(seen)

    def _building(self) -> list[str]:
        """Generations newer than the live one: rebuilds in progress that writes must reach."""
        live = self._alias_targets()
        numbers = [n for n in map(self._number, live) if n is not None]
        newest_live = max(numbers, default=0)
        return [name for number, name in self.generations().items() if number > newest_live]

    def _bulk(self, actions: Iterable[dict[str, Any]], target: str, doing: str) -> None:
        """Send ``actions`` in chunks, make them visible, and raise naming the rejected ids.

        Bulk requests are not atomic: what the cluster accepted stays written (and is
        refreshed), so a retry after fixing the rejected listings is a plain upsert again.
        """
        failures: dict[str, str] = {}
        total = 0
        with self._errors(doing):
            for ok, item in helpers.streaming_bulk(
                self.client,
                actions,
                chunk_size=self.bulk_chunk_size,
                max_retries=self.bulk_retries,
                raise_on_error=False,
            ):
                total += 1
                op, result = next(iter(item.items()))
                if ok or (op == "delete" and result.get("status") == 404):
                    continue  # deleting an id that is not there is no failure
                if op == "create" and result.get("status") == 409:
                    continue  # a rebuild meets a newer version written meanwhile: keep it
                failures[str(result.get("_id"))] = describe_item_error(result.get("error"))
            self.client.indices.refresh(index=target)
        if failures:
            for listing_id, reason in failures.items():
                log.error("Elasticsearch rejected listing %s in %s: %s", listing_id, target, reason)
            shown = "; ".join(f"{i}: {r}" for i, r in list(failures.items())[:_FAILURES_SHOWN])
            hidden = len(failures) - _FAILURES_SHOWN
            more = f" und {hidden} weitere" if hidden > 0 else ""
            raise IndexError_(
                f"Elasticsearch unter {self.connection.where} wies {len(failures)} von {total} "
                f"Angeboten in {target} ab ({shown}{more}); die übrigen sind geschrieben, das Log "
                "nennt jedes abgewiesene."
            )

    def _create_generation(self, *, reuse: bool) -> str:
        """Create the next ``<prefix>-<n>`` index; with ``reuse``, one created meanwhile is fine."""
        number = max(self.generations(), default=0) + 1
        while True:
            name = f"{self.alias}-{number}"
            try:
                self.client.indices.create(
                    index=name,
                    settings=index_settings(self.connection.shards, self.connection.replicas),
                    mappings=MAPPINGS,
                )
                return name
            except ApiError as exc:
                if api_error_type(exc) != "resource_already_exists_exception":
                    raise index_error(exc, self.connection.where, f"Anlegen von {name}") from exc
                if reuse:  # another process ensured the same index first
                    return name
                number += 1  # another rebuild claimed this number
            except TransportError as exc:  # unreachable cluster, timeout
                raise index_error(exc, self.connection.where, f"Anlegen von {name}") from exc

    def _drop(self, names: list[str]) -> None:
        """Delete indices, logging (not raising) failures: they only cost disk space."""
        for name in names:
            try:
                self.client.options(ignore_status=404).indices.delete(index=name)
            except Exception as exc:  # cleanup must not hide the error that caused it
                log.warning("Could not delete the old index %s: %s", name, exc)

    # -- reading ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Strict first; relaxed to any one word when that finds too little (``relax``)."""
        units = query_units(query.text)
        results, first = self._search(query, units, relaxed=False)
        if results.total < RELAX_BELOW and relaxable(units) and query.text.strip():
            loose, answer = self._search(query, units, relaxed=True)
            if loose.total > results.total:
                buckets = ((answer.get("aggregations") or {}).get("relax_words") or {}).get(
                    "buckets"
                ) or {}
                found: list[str] = []
                missing: list[str] = []
                for i, unit in enumerate(matchable(units)):
                    n = int((buckets.get(str(i)) or {}).get("doc_count", 0))
                    (found if n else missing).append(unit.text)
                start = query.offset
                hits = [
                    replace(hit, partial=start + i >= results.total)
                    for i, hit in enumerate(loose.hits)
                ]
                relaxation = Relaxation(results.total, tuple(found), tuple(missing))
                results = replace(loose, hits=hits, relaxation=relaxation)
                answer_in_use = answer
            else:
                answer_in_use = first
        else:
            answer_in_use = first
        fold_here = not query.search_after and query.sort != "distance" and query.series is None
        if fold_here and in_series(answer_in_use):
            relaxed = results.relaxation is not None
            folded, _ = self._search(query, units, relaxed=relaxed, folding=True)
            hits = self._series_dates(folded.hits, query)
            marks = {h.id: h.partial for h in results.hits}
            hits = [replace(h, partial=marks.get(h.id, h.partial)) for h in hits]
            results = replace(results, hits=hits, total=folded.total)
        return finish(results, units)

    def _series_dates(self, hits: list[Hit], query: SearchQuery) -> list[Hit]:
        out = []
        for hit in hits:
            request = series_request(hit, query)
            if request is None:
                out.append(hit)
                continue
            with self._errors("Suche der Termine einer Reihe"):
                answer = self.client.search(index=self.alias, **request)
            out.append(with_dates(hit, answer))
        return out

    def _search(
        self, query: SearchQuery, units: list[Unit], *, relaxed: bool, folding: bool = False
    ) -> tuple[SearchResults, Any]:
        """One request; ``folding``: read from the first hit on and fold series (es_series)."""
        size = max(0, query.size)
        cursor = decode_cursor(query.search_after) if query.search_after else None
        offset = cursor[1] if cursor else (max(1, query.page) - 1) * size
        page = offset // size + 1 if size else 1
        # Elasticsearch refuses from + size beyond max_result_window; a far page gets the total.
        # search_after has no such window: its cost does not grow with depth.
        limit = size if cursor else max(0, min(size, MAX_RESULT_WINDOW - offset))
        window = fold_window(offset, limit, MAX_RESULT_WINDOW) if folding else 0
        request = search_request(
            query,
            offset=0 if cursor or window else offset,
            limit=window or limit,
            facet_size=self.facet_size,
            units=units,
            relaxed=relaxed,
        )
        if cursor:
            request["search_after"] = cursor[0]
        elif limit == 0:
            request["from_"] = 0
        self._ensure_once()
        with self._errors("Suche"):
            answer = self.client.search(index=self.alias, **request)
        raw = answer["hits"]["hits"]
        total = int(answer["hits"]["total"]["value"])
        hits = read_hits(raw, near=query.near)
        if window:
            total, hits = fold_page(hits, total, offset, limit)
            raw = raw[: offset + len(hits)]  # the cursor: the last hit of the window read
        if query.text.strip():
            stems = query_stems(units)
            hits = [_with_body_snippet(hit, stems, BODY_SNIPPET_CHARS) for hit in hits]
        end = offset + len(hits)
        next_cursor = None
        if hits and len(hits) == limit and end < total:
            next_cursor = encode_cursor(list(raw[-1].get("sort") or []), end)
        results = SearchResults(
            total=total,
            hits=hits,
            facets=read_facets(answer.get("aggregations")),
            page=page,
            size=size,
            next_cursor=next_cursor,
        )
        return results, answer

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Distinct titles with a word starting with the last typed word; title starts first."""
        query = suggest_query(prefix)
        if query is None or limit <= 0:
            return []
        self._ensure_once()
        with self._errors("Titelvorschläge"):
            answer = self.client.search(
                index=self.alias,
                query=query,
                size=max(self.suggest_candidates, limit * 10),
                source_includes=["title"],
            )
        found = rank_suggestions(answer["hits"]["hits"], prefix, limit)
        return found or suggest_by_search(self.search, prefix, limit)

    # -- helpers ------------------------------------------------------------------------------

    def _ensure_once(self) -> None:
        """Create the index on first use, as the Tantivy backend does; one check per object."""
        if not self._ready:
            self.ensure()

    def _errors(self, doing: str) -> AbstractContextManager[None]:
        return cluster_errors(self.connection.where, doing)


#: length of the body snippet, as on Tantivy
BODY_SNIPPET_CHARS = 200


def _with_body_snippet(hit: Hit, stems: frozenset[str], chars: int) -> Hit:
    marks = dict(hit.highlights)
    marks.pop("body", None)
    if snippet := highlight(prose(hit.listing.get("description_text")), stems, chars):
        marks["body"] = snippet
    return replace(hit, highlights=marks)
