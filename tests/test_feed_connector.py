"""The feed connector and the polite HTTP client, against a scripted server on loopback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from servers import Route, ScriptedServer

from connectors.base import HarvestContext
from connectors.feed import FeedConnector
from hub.config import SourceConfig
from hub.errors import ConfigError, ConnectorError, FetchError, HostNotAllowedError
from hub.http import HttpClient

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
KINDS = {
    "Veranstaltung": "event",
    "Weiterbildung": "course",
    "Förderung": "funding",
    "Beratung": "advice",
}


def source_for(url: str, **options: object) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "test-feed",
            "type": "feed",
            "kind": "event",
            "partner": {"name": "Testzentrum", "url": url},
            "options": {"url": url, "kind_categories": KINDS, **options},
        }
    )


def harvest(source: SourceConfig, state: dict[str, str] | None = None):
    context = HarvestContext(source=source, http=HttpClient(source.hosts()), state=state or {})
    return list(FeedConnector(source, context).fetch()), context


@pytest.fixture
def server():
    with ScriptedServer() as s:
        yield s


def test_rss_items_become_records_keyed_by_guid_or_link(server: ScriptedServer) -> None:
    server.routes["/rss.xml"] = Route((FIXTURES / "rss.xml").read_bytes())
    records, context = harvest(source_for(server.url + "/rss.xml"))
    assert [r.key for r in records] == [
        "tz-001",
        "tz-002",
        "http://example.invalid/kurse/excel.html",
    ]
    first = records[0]
    assert first.fields["title"] == "Datenschutz im Handwerk"
    assert first.fields["kind"] == "event"
    assert first.fields["topics"] == ["Veranstaltung", "Datenschutz"]  # kind category kept
    assert "Termin:" in first.fields["description"]
    assert records[1].fields["kind"] == "funding"
    assert context.notes == []


def test_atom_entries_carry_kind_topics_and_author(server: ScriptedServer) -> None:
    server.routes["/atom.xml"] = Route((FIXTURES / "atom.xml").read_bytes())
    (record,), _ = harvest(source_for(server.url + "/atom.xml"))
    assert record.key == "tag:test-hub.invalid,2026:ki-1"
    assert record.fields["kind"] == "advice"
    assert record.fields["topics"] == ["Beratung", "Künstliche Intelligenz"]
    assert record.fields["provider"] == "Test-HUB Ruhr"
    assert "Erstberatung" in record.fields["description"]


def test_same_feed_gives_same_ids_on_every_harvest(server: ScriptedServer) -> None:
    server.routes["/rss.xml"] = Route((FIXTURES / "rss.xml").read_bytes())
    first, _ = harvest(source_for(server.url + "/rss.xml"))
    second, _ = harvest(source_for(server.url + "/rss.xml"))
    assert [r.listing_id for r in first] == [r.listing_id for r in second]


def test_conditional_get_sends_validators_and_honours_304(server: ScriptedServer) -> None:
    server.routes["/rss.xml"] = Route((FIXTURES / "rss.xml").read_bytes(), headers={"ETag": '"v1"'})
    source = source_for(server.url + "/rss.xml")
    records, context = harvest(source)
    assert len(records) == 3 and context.state["etag"] == '"v1"'
    again, context2 = harvest(source, state=dict(context.state))
    assert again == [] and context2.not_modified
    assert server.hits[-1][1].get("If-None-Match") == '"v1"'


def test_broken_xml_with_no_entries_fails_with_cause(server: ScriptedServer) -> None:
    server.routes["/rss.xml"] = Route(b"<?xml version='1.0'?><rss><channel><title>kaputt")
    with pytest.raises(ConnectorError) as error:
        harvest(source_for(server.url + "/rss.xml"))
    assert error.value.kind == "parse"
    assert "kein wohlgeformter Feed" in str(error.value)


def test_truncated_feed_keeps_what_it_could_read_and_notes_the_problem(
    server: ScriptedServer,
) -> None:
    body = (FIXTURES / "rss.xml").read_bytes()
    cut = body[: body.index(b"<item>", body.index(b"tz-002"))]  # two whole items, then nothing
    server.routes["/rss.xml"] = Route(cut)
    records, context = harvest(source_for(server.url + "/rss.xml"))
    assert [r.key for r in records] == ["tz-001", "tz-002"]
    assert any("kein wohlgeformter Feed" in note for note in context.notes)
    assert context.partial, "items after the break may still exist: no deletions may follow"


def test_feed_declaring_entities_is_refused(server: ScriptedServer) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel>'
        b"<item><title>&b;</title><guid>x</guid></item></channel></rss>"
    )
    server.routes["/rss.xml"] = Route(bomb)
    with pytest.raises(ConnectorError) as error:
        harvest(source_for(server.url + "/rss.xml"))
    assert error.value.kind == "unsafe_xml"


def test_http_500_is_a_connector_error_naming_the_status(server: ScriptedServer) -> None:
    server.routes["/rss.xml"] = Route(b"oops", status=500)
    with pytest.raises(ConnectorError, match="HTTP 500") as error:
        harvest(source_for(server.url + "/rss.xml"))
    assert error.value.kind == "http_status"


def test_timeout_is_reported_within_the_limit(server: ScriptedServer) -> None:
    server.routes["/rss.xml"] = Route(b"", delay_s=3)
    started = time.monotonic()
    with pytest.raises(ConnectorError, match="nicht innerhalb von") as error:
        harvest(source_for(server.url + "/rss.xml", timeout=0.5))
    assert error.value.kind == "timeout"
    assert time.monotonic() - started < 2.5


def test_body_over_the_size_limit_is_refused(server: ScriptedServer) -> None:
    server.routes["/big.xml"] = Route(b"x" * 200_000)
    with pytest.raises(FetchError) as error:
        harvest(source_for(server.url + "/big.xml", max_bytes=100_000))
    assert error.value.kind == "too_large"


def test_redirect_to_a_host_the_config_does_not_name_is_refused(server: ScriptedServer) -> None:
    with ScriptedServer() as other:
        other.routes["/rss.xml"] = Route((FIXTURES / "rss.xml").read_bytes())
        server.routes["/rss.xml"] = Route(status=302, headers={"Location": other.url + "/rss.xml"})
        with pytest.raises(HostNotAllowedError):
            harvest(source_for(server.url + "/rss.xml"))
        assert other.hits == []


def test_redirect_loop_is_reported(server: ScriptedServer) -> None:
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError) as error:
        HttpClient({f"127.0.0.1:{server.port}"}).get(server.url + "/a")
    assert error.value.kind == "redirect_loop"


def test_bad_options_are_a_config_error_naming_the_option() -> None:
    source = SourceConfig.model_validate(
        {
            "id": "x",
            "type": "feed",
            "kind": "event",
            "partner": {"name": "X"},
            "options": {"ur": "y"},
        }
    )
    with pytest.raises(ConfigError, match="Option 'url'"):
        harvest(source)


def test_a_relative_entry_link_is_resolved_against_the_feed_url(server: ScriptedServer) -> None:
    server.routes["/feeds/rss.xml"] = Route(
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
        b"<item><title>Kurs</title><link>../kurse/1.html</link><guid>k1</guid></item>"
        b"</channel></rss>",
        headers={"Content-Type": "application/rss+xml"},
    )
    (record,) = harvest(source_for(server.url + "/feeds/rss.xml"))[0]
    assert record.url == server.url + "/kurse/1.html"


def _rss(items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{head}<rss version="2.0"><channel><title>Zentrum</title>'
        f"<link>http://example.invalid/</link>{items}</channel></rss>"
    ).encode()


def _item(n: int, description: str = "Ganzer Text des Angebots.") -> str:
    return (
        f"<item><title>Werkstatt {n}</title><guid>wz-{n}</guid>"
        f"<link>http://example.invalid/{n}.html</link>"
        f"<description>{description}</description></item>"
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (_rss(_item(1, "Eintritt&nbsp;frei") + _item(2)), "application/rss+xml"),
        (_rss(_item(1, "M&auml;rz-Termin") + _item(2)), "application/rss+xml"),
        (_rss(_item(1, "Förderung") + _item(2)).decode().encode("cp1252"), "application/rss+xml"),
        (_rss(_item(1, "Förderung") + _item(2)), "text/xml"),
        (_rss(_item(1) + _item(2)), "text/html; charset=utf-8"),
    ],
    ids=["nbsp", "auml", "cp1252-declared-utf8", "text-xml-no-charset", "text-html"],
)
def test_a_complete_feed_with_recoverable_problems_is_not_partial(
    server: ScriptedServer, body: bytes, content_type: str
) -> None:
    server.routes["/rss.xml"] = Route(body, headers={"Content-Type": content_type})
    records, context = harvest(source_for(server.url + "/rss.xml"))
    assert [r.key for r in records] == ["wz-1", "wz-2"]
    assert context.notes, "feedparser flags each of these shapes; the operator is told"
    assert not context.partial, "a feed read to its end proves what it no longer lists"


def test_entity_problems_are_noted_and_the_text_survives(server: ScriptedServer) -> None:
    server.routes["/rss.xml"] = Route(_rss(_item(1, "M&auml;rz") + _item(2)))
    records, context = harvest(source_for(server.url + "/rss.xml"))
    assert "rz" in records[0].fields["description"]
    assert any("kein fehlerfreies XML" in note for note in context.notes)


def test_a_cut_off_last_entry_is_not_harvested(server: ScriptedServer) -> None:
    whole = _rss(_item(1) + _item(2) + _item(3, "Ein langer Text, der mitten im Satz"))
    cut = whole[: whole.index(b"mitten") + len(b"mitten")]
    server.routes["/rss.xml"] = Route(cut)
    records, context = harvest(source_for(server.url + "/rss.xml"))
    assert [r.key for r in records] == ["wz-1", "wz-2"]  # wz-3 keeps its catalogue version
    assert context.partial
    assert any("endet mitten in einem Eintrag" in note for note in context.notes)


def test_entries_with_only_a_title_survive_a_broken_feed(server: ScriptedServer) -> None:
    items = "<item><title>Sprechstunde Förderung</title></item><item><title>Lotsendienst"
    server.routes["/rss.xml"] = Route(_rss("").replace(b"</channel></rss>", items.encode()))
    # the second entry is cut; the first has neither guid nor link but a title
    records, context = harvest(source_for(server.url + "/rss.xml"))
    assert [r.fields["title"] for r in records] == ["Sprechstunde Förderung"]
    assert records[0].key.startswith("sha256:") and context.partial


def test_duplicate_keys_keep_the_first_entry_and_are_noted(server: ScriptedServer) -> None:
    same = "".join(
        f"<item><title>Angebot {n}</title><guid>immer-gleich</guid></item>" for n in range(50)
    )
    server.routes["/rss.xml"] = Route(_rss(same + _item(7)))
    records, context = harvest(source_for(server.url + "/rss.xml"))
    assert [r.key for r in records] == ["immer-gleich", "wz-7"]
    assert records[0].fields["title"] == "Angebot 0"
    assert any("50 Einträge" in n and "immer-gleich" in n for n in context.notes)


def test_kind_categories_match_the_atom_term_or_label(server: ScriptedServer) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>T</title><id>tag:t</id><updated>2026-11-01T10:00:00Z</updated>"
        "<entry><title>Gutschein</title><id>tag:t:1</id><updated>2026-11-01T10:00:00Z</updated>"
        '<category term="foerderung" label="Förderung"/></entry>'
        "<entry><title>Kurs</title><id>tag:t:2</id><updated>2026-11-01T10:00:00Z</updated>"
        '<category term="weiterbildung"/></entry></feed>'
    ).encode()
    server.routes["/atom.xml"] = Route(body)
    first, second = harvest(source_for(server.url + "/atom.xml"))[0]
    assert first.fields["kind"] == "funding"  # by label
    assert first.fields["topics"] == ["foerderung", "Förderung"]
    assert second.fields["kind"] == "course"  # by term, case-insensitively
