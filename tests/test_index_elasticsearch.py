"""What only the Elasticsearch backend has: URLs, credentials, the alias layout, errors."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from es_server import NoidaElasticsearch, es_server, free_port  # noqa: F401  (a fixture)
from index_catalogue import CATALOGUE, es_url, ids, new_prefix

import hub.index.es_plugin as es_plugin
from hub.errors import ConfigError, IndexError_
from hub.index.base import SearchIndex
from hub.index.elasticsearch import ElasticsearchIndex
from hub.index.es_connection import parse_url
from hub.model import Listing
from hub.plugins import build_registry


def test_elasticsearch_urls_name_nodes_prefix_and_protocol() -> None:
    plain = parse_url("elasticsearch://es.example.org", env={})
    assert plain.nodes == ("http://es.example.org:9200",)
    assert (plain.prefix, plain.shards, plain.replicas) == ("regiohub", 1, None)
    tls = parse_url("elasticsearch+https://a:9243,b:9243/proxy?prefix=kat-de&replicas=2", env={})
    assert tls.nodes == ("https://a:9243/proxy", "https://b:9243/proxy")
    assert (tls.prefix, tls.replicas) == ("kat-de", 2)
    assert parse_url("elasticsearch://[::1]", env={}).nodes == ("http://[::1]:9200",)
    for bad in (
        "elasticsearch://",
        "elasticsearch://host?prefix=Gross",
        "elasticsearch://host?colour=blue",
        "elasticsearch://host:port",
        "elasticsearch://host?shards=0",
        "opensearch://host:9200",
    ):
        with pytest.raises(ConfigError):
            parse_url(bad, env={})


def test_elasticsearch_credentials_come_from_the_environment_only(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="darf keine Zugangsdaten enthalten"):
        parse_url("elasticsearch://elastic:secret@host:9200", env={})
    key = parse_url("elasticsearch://h", env={"REGIOHUB_ES_API_KEY": "abc"})
    assert (key.api_key, key.basic_auth) == ("abc", None)
    login = {"REGIOHUB_ES_USER": "regiohub", "REGIOHUB_ES_PASSWORD": "geheim"}
    basic = parse_url("elasticsearch://h", env=login)
    assert basic.basic_auth == ("regiohub", "geheim")
    assert "geheim" not in repr(basic)
    with pytest.raises(ConfigError, match="REGIOHUB_ES_PASSWORD"):
        parse_url("elasticsearch://h", env={"REGIOHUB_ES_USER": "regiohub"})
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    assert parse_url("elasticsearch+https://h", env={"REGIOHUB_ES_CA_CERTS": str(ca)}).ca_certs
    with pytest.raises(ConfigError, match="ist keine Datei"):
        parse_url("elasticsearch+https://h", env={"REGIOHUB_ES_CA_CERTS": str(tmp_path / "x")})


def test_an_unreachable_cluster_raises_one_clear_sentence() -> None:
    port = free_port()  # nothing listens there
    index = ElasticsearchIndex.from_url(f"elasticsearch://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(IndexError_) as raised:
        index.count()
    message = str(raised.value)
    assert message.startswith(f"Elasticsearch unter http://127.0.0.1:{port} ")
    assert "ist nicht erreichbar (Connection refused)" in message
    assert "REGIOHUB_INDEX" in message and "\n" not in message
    assert time.monotonic() - started < 10
    index.close()


def test_elasticsearch_registers_its_url_schemes_through_the_plugin_hook(
    es_server: NoidaElasticsearch,  # noqa: F811  (the fixture imported above)
) -> None:
    registry = build_registry(entry_points=False)
    assert {"elasticsearch", "elasticsearch+https"} <= set(registry.index_backends)
    assert not [f for f in registry.failures if "elasticsearch" in f.name]
    (info,) = [p for p in registry.plugins if p.module == es_plugin.__name__]
    assert info.builtin
    index = registry.index_backends["elasticsearch"](es_url(es_server, new_prefix()))
    assert isinstance(index, ElasticsearchIndex) and isinstance(index, SearchIndex)
    index.upsert(CATALOGUE[:2])
    assert ids(index, "Datenschutz") == ["demo-01"]
    index.close()


def test_a_hub_process_on_tantivy_never_loads_the_elasticsearch_client() -> None:
    # every hub process (CLI, harvest workers, rebuild) loads the built-in plugins; the
    # client would cost each of them ≈ 30 MiB of memory it never uses
    code = (
        "import sys; from hub.plugins import build_registry; r = build_registry(); "
        "assert 'elasticsearch' in r.index_backends; print('elasticsearch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_elasticsearch_keeps_generations_behind_one_alias(
    es_server: NoidaElasticsearch,  # noqa: F811
) -> None:
    prefix = new_prefix()
    index = ElasticsearchIndex.from_url(es_url(es_server, prefix))
    index.ensure()
    index.ensure()  # idempotent
    assert index.live_index() == f"{prefix}-1"
    index.upsert(CATALOGUE)
    index.rebuild(CATALOGUE[:3])
    assert index.live_index() == f"{prefix}-2"
    assert index.generations() == {1: f"{prefix}-1", 2: f"{prefix}-2"}
    index.rebuild(CATALOGUE)
    assert index.generations() == {2: f"{prefix}-2", 3: f"{prefix}-3"}
    aliases = index.client.indices.get_alias(name=prefix).body
    assert list(aliases) == [f"{prefix}-3"]
    tokens = index.client.indices.analyze(
        index=f"{prefix}-3", analyzer="regiohub_german", text="Schulungen für Führungskräfte"
    )
    assert [t["token"] for t in tokens["tokens"]] == ["schulung", "fuhrungskraft"]
    index.close()


def test_two_rebuilds_at_once_leave_the_alias_on_the_newer_generation(
    es_server: NoidaElasticsearch,  # noqa: F811
) -> None:
    """Two harvest workers rebuild at the same time: the one that began first finishes last
    and must not add its older generation next to the newer live one (an alias on two
    indices fails every later search and harvest)."""
    prefix = new_prefix()
    first = ElasticsearchIndex.from_url(es_url(es_server, prefix))
    second = ElasticsearchIndex.from_url(es_url(es_server, prefix))
    first.ensure()

    def slow_catalogue() -> Iterator[Listing]:
        yield CATALOGUE[0]
        second.rebuild(CATALOGUE)  # the other worker begins later and switches first
        yield from CATALOGUE[1:]

    first.rebuild(slow_catalogue())
    assert second.live_index() == f"{prefix}-3"
    assert first.live_index() == f"{prefix}-3"
    assert first.count() == len(CATALOGUE)
    assert f"{prefix}-2" not in first.generations().values()  # the stale one was dropped
    first.close()
    second.close()


def test_elasticsearch_reports_every_rejected_listing_by_id(
    es_server: NoidaElasticsearch,  # noqa: F811
) -> None:
    index = ElasticsearchIndex.from_url(es_url(es_server, new_prefix()))
    index.upsert(CATALOGUE[:1])
    live = index.live_index()
    index.client.indices.put_settings(index=live, settings={"index.blocks.write": True})
    try:
        with pytest.raises(IndexError_) as raised:
            index.upsert(CATALOGUE[1:6])
    finally:
        index.client.indices.put_settings(index=live, settings={"index.blocks.write": False})
    message = str(raised.value)
    assert "wies 5 von 5 Angeboten" in message
    assert "demo-02: cluster_block_exception" in message and "und 2 weitere" in message
    assert index.upsert(CATALOGUE[1:6]) == 5  # nothing was half-written that blocks a retry
    assert index.count() == 6
    index.close()


def test_an_index_named_like_the_alias_is_not_taken_over(
    es_server: NoidaElasticsearch,  # noqa: F811
) -> None:
    prefix = new_prefix()
    index = ElasticsearchIndex.from_url(es_url(es_server, prefix))
    index.client.indices.create(index=prefix)
    with pytest.raises(IndexError_, match="nicht der Alias von regiohub"):
        index.upsert(CATALOGUE[:1])
    with pytest.raises(IndexError_, match="nicht der Alias von regiohub"):
        index.rebuild(CATALOGUE[:1])
    assert index.generations() == {}
    index.close()
