"""The feed connector's fast path: skipping URI rewriting must never change what it yields."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from connectors.feed import FeedConnector, has_relative_uri
from connectors.testing import FixtureServer, run_connector
from hub.config import SourceConfig

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
ITEM = (
    "<item><guid isPermaLink='false'>k-1</guid><title>Kurs</title>"
    '<description><![CDATA[<p><a href="{href}">Anmeldung</a></p>]]></description></item>'
)


def feed_with(href: str) -> str:
    item = ITEM.format(href=href)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{item}</channel></rss>'
    )


def harvest(folder: Path, text: str) -> str:
    (folder / "feed.xml").write_text(text, encoding="utf-8")
    with FixtureServer(folder) as server:
        entry = {"id": "f", "type": "feed", "kind": "event", "partner": {"name": "P"}}
        source = SourceConfig.model_validate(
            {**entry, "options": {"url": f"{server.url}/feed.xml"}}
        )
        record = run_connector(FeedConnector, source).records[0]
        return str(record.fields["description"]).replace(server.url, "{BASE}")


def test_relative_links_in_descriptions_are_still_resolved(tmp_path: Path) -> None:
    assert 'href="{BASE}/kurse/anmeldung.html"' in harvest(
        tmp_path, feed_with("/kurse/anmeldung.html")
    )


def test_absolute_links_are_kept_as_they_are(tmp_path: Path) -> None:
    assert 'href="https://zz.example/a"' in harvest(tmp_path, feed_with("https://zz.example/a"))


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_the_fast_path_gives_what_full_resolution_gives(name: str) -> None:
    body = (FEEDS / name).read_bytes()
    headers = {"content-location": "http://zz.example/feed.xml", "content-type": "application/xml"}
    full = feedparser.parse(body, response_headers=headers, resolve_relative_uris=True)
    fast = feedparser.parse(
        body, response_headers=headers, resolve_relative_uris=has_relative_uri(body)
    )
    assert fast.entries == full.entries


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        (b'<a href="/x">', True),
        (b'<A HREF="/x">', True),
        (b'<a href="HTTPS://x.example/">', False),
        (b"&lt;a href=&quot;kurs.html&quot;&gt;", True),
        (b"<img src='bild.png'>", True),
        (b'<a href="https://x.example/">', False),
        (b"&lt;a href=&quot;https://x.example/&quot;&gt;", False),
        (b'<a href="mailto:info@x.example">', False),
        (b"<a href=#oben>", False),
    ],
)
def test_relative_uri_detection(text: bytes, relative: bool) -> None:
    assert has_relative_uri(text) is relative
