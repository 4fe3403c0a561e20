"""Kept search answers: served again while the index is unchanged, never after a commit.

Over the real Tantivy index and SQLite store; the second writer is a separate ``TantivyIndex``
on the same directory, as a harvest flow in another process is.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from search_api_helpers import CATALOGUE, make_listing, settings_for

from hub.config import Settings
from hub.errors import ConfigError
from hub.index.base import VersionedIndex
from hub.index.elasticsearch import ElasticsearchIndex
from hub.index.tantivy import TantivyIndex
from hub.store import SQLiteStore
from search_api import create_app
from search_api.answers import AnswerCache


def _client(home: Path, answer_cache: int = 1000) -> tuple[TestClient, TantivyIndex]:
    index = TantivyIndex(home / "index")
    index.upsert(CATALOGUE)
    store = SQLiteStore(home / "catalogue.sqlite3")
    store.upsert_listings(CATALOGUE)
    settings = replace(settings_for(home), answer_cache=answer_cache)
    return TestClient(create_app(index, store, settings=settings)), index


def _titles(client: TestClient, q: str) -> list[str]:
    response = client.get("/api/v1/search", params={"q": q})
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()["hits"]]


def test_a_repeated_search_is_answered_from_the_kept_body(tmp_path: Path) -> None:
    client, _ = _client(tmp_path)
    answers = client.app.state.context.answers  # type: ignore[attr-defined]

    first = client.get("/api/v1/search", params={"q": "Datenschutz"})
    again = client.get("/api/v1/search", params={"q": "Datenschutz"})
    other = client.get("/api/v1/search", params={"q": "Datenschutz", "kind": "course"})

    assert first.content == again.content
    assert first.headers["etag"] == again.headers["etag"]
    assert (answers.hits, answers.misses) == (1, 2)  # the filtered search is another answer
    assert other.json()["total"] < first.json()["total"]


def test_a_commit_by_another_writer_is_seen_by_the_next_search(tmp_path: Path) -> None:
    client, _ = _client(tmp_path)
    assert _titles(client, "Kryptografie") == []

    harvest = TantivyIndex(tmp_path / "index")  # another writer on the same directory
    harvest.upsert([make_listing("krypto", "Kryptografie für Einsteiger")])
    assert _titles(client, "Kryptografie") == ["Kryptografie für Einsteiger"]

    harvest.delete([make_listing("krypto", "x").id])
    assert _titles(client, "Kryptografie") == []


def test_facet_counts_are_kept_apart_from_searches(tmp_path: Path) -> None:
    client, _ = _client(tmp_path)
    search = client.get("/api/v1/search", params={"q": "Datenschutz"}).json()
    facets = client.get("/api/v1/facets", params={"q": "Datenschutz"}).json()
    assert "hits" not in facets
    assert facets["total"] == search["total"]
    assert facets["facets"] == search["facets"]


def test_answer_cache_zero_keeps_nothing_and_still_answers(tmp_path: Path) -> None:
    client, _ = _client(tmp_path, answer_cache=0)
    assert client.app.state.context.answers is None  # type: ignore[attr-defined]
    assert _titles(client, "Datenschutz") == _titles(client, "Datenschutz") != []


def test_the_answer_cache_size_comes_from_the_environment(tmp_path: Path) -> None:
    env = {"REGIOHUB_HOME": str(tmp_path)}
    assert Settings.from_env(env).answer_cache == 1000
    assert Settings.from_env({**env, "REGIOHUB_ANSWER_CACHE": "0"}).answer_cache == 0
    with pytest.raises(ConfigError, match=r"REGIOHUB_ANSWER_CACHE='viele' ist keine ganze Zahl"):
        Settings.from_env({**env, "REGIOHUB_ANSWER_CACHE": "viele"})


def test_only_indexes_that_know_their_version_are_cached() -> None:
    assert issubclass(TantivyIndex, VersionedIndex)
    # Elasticsearch may be written by other hubs: without a cheap version, nothing is kept
    assert not issubclass(ElasticsearchIndex, VersionedIndex)


# -- the cache itself --------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_kept_for_its_version_and_its_time_only() -> None:
    clock = Clock()
    cache = AnswerCache(10, ttl_s=60, clock=clock)
    cache.put("q=a", "gen-1:7", b"A")

    assert cache.get("q=a", "gen-1:7") == b"A"
    assert cache.get("q=a", "gen-1:8") is None  # the index committed since
    assert len(cache) == 0  # and the stale answer is gone
    cache.put("q=a", "gen-1:8", b"A2")
    clock.now = 59.9
    assert cache.get("q=a", "gen-1:8") == b"A2"
    clock.now = 60.0
    assert cache.get("q=a", "gen-1:8") is None


def test_the_least_recently_used_answers_go_first_by_count_and_by_bytes() -> None:
    cache = AnswerCache(2, max_bytes=10)
    cache.put("a", "v", b"1111")
    cache.put("b", "v", b"2222")
    assert cache.get("a", "v") == b"1111"  # "a" is now the most recent
    cache.put("c", "v", b"3333")
    assert cache.get("b", "v") is None
    assert cache.get("a", "v") == b"1111"

    cache.put("d", "v", b"444444")  # 4 + 6 bytes fit, 4 + 4 + 6 do not
    assert cache.get("c", "v") is None
    assert (cache.get("a", "v"), cache.get("d", "v")) == (b"1111", b"444444")
    cache.put("huge", "v", b"x" * 11)  # larger than the whole budget: not kept
    assert cache.get("huge", "v") is None
