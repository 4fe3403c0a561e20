"""Connector throughput against plain baselines on the same loopback site and feed, same run.

    python benchmarks/connector_speed.py [--pages 600] [--items 3000] [--rounds 3]

- **html** vs a **plain Scrapy spider**: both crawl the same generated site (list pages with
  pagination, ``--pages`` detail pages) served on loopback, with the same concurrency, no
  delay and robots.txt obeyed; each runs in a fresh process (the connector always spawns one),
  so both timings include interpreter and reactor start. Figure: detail pages/s.
- **feed** vs **bare feedparser.parse**: the connector fetches the feed over loopback HTTP,
  refuses entity tricks and builds RawRecords; the baseline only parses the same bytes already
  in memory, with the same options: relative URIs in the entries' HTML are resolved by both
  when the feed has any (the ``feed, relative links`` row: both get the feed's URL as base) and
  by neither when it has none (feedparser's default would join every link-like element with
  an empty base, work the connector rightly skips). Figure: items/s.

Best of ``--rounds`` for each side. Target (issue 4): each connector ≥ 0.8× its baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import feedparser
import httpx

from connectors.feed import FeedConnector, has_relative_uri
from connectors.html import HtmlConnector
from connectors.testing import FixtureServer, run_connector
from hub.config import SourceConfig

CONCURRENCY = 16
PER_LIST_PAGE = 50

SPIDER = textwrap.dedent(
    """
    import sys, scrapy
    from scrapy.crawler import CrawlerProcess

    start, count, CONCURRENCY = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    found = []

    class Plain(scrapy.Spider):
        name = "plain"
        start_urls = [start]

        def parse(self, response):
            for href in response.css("ul.kurse a::attr(href)").getall():
                yield response.follow(href, self.detail)
            nxt = response.css("a.weiter::attr(href)").get()
            if nxt:
                yield response.follow(nxt, self.parse)

        def detail(self, response):
            found.append({"title": response.css("h1::text").get(),
                          "date": response.css("dd.termin::text").get()})

    process = CrawlerProcess({"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "WARNING",
                              "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY, "DOWNLOAD_DELAY": 0,
                              "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False})
    process.crawl(Plain)
    process.start()
    assert len(found) == count, (len(found), count)
    """
)


def build_site(root: Path, pages: int) -> None:
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /privat/\n")
    kurse = root / "kurse"
    kurse.mkdir()
    lists = (pages + PER_LIST_PAGE - 1) // PER_LIST_PAGE
    for n in range(lists):
        items = range(n * PER_LIST_PAGE, min(pages, (n + 1) * PER_LIST_PAGE))
        links = "".join(f'<li><a href="kurs-{i}.html">Kurs {i}</a></li>' for i in items)
        more = f'<a class="weiter" href="liste-{n + 1}.html">weiter</a>' if n + 1 < lists else ""
        (kurse / f"liste-{n}.html").write_text(
            f"<html><body><ul class='kurse'>{links}</ul>{more}</body></html>"
        )
    for i in range(pages):
        (kurse / f"kurs-{i}.html").write_text(
            f"<html><body><h1>Kurs Nummer {i}</h1><dl><dd class='termin'>0{1 + i % 9}.03.2027"
            f"</dd></dl><div class='text'><p>{'Inhalt ' * 80}</p></div></body></html>",
            encoding="utf-8",
        )


def build_feed(root: Path, items: int, name: str = "feed.xml", relative: bool = False) -> bytes:
    """An RSS feed of ``items``; with ``relative``, each description links a relative URI."""
    more = "<p><a href='/va/{i}/anmeldung'>Anmeldung</a></p>" if relative else ""
    entries = "".join(
        f"<item><title>Veranstaltung {i}</title><link>http://example.invalid/va/{i}</link>"
        f"<guid isPermaLink='false'>va-{i}</guid><category>Veranstaltung</category>"
        f"<category>Thema {i % 7}</category><pubDate>Mon, 02 Nov 2026 10:00:00 +0100</pubDate>"
        f"<description><![CDATA[<p>Beschreibung {i}</p><p>Termin: 03.06.2027</p>"
        f"{more.format(i=i)}]]></description>"
        "</item>"
        for i in range(items)
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>http://example.invalid/</link><description>b</description>{entries}</channel></rss>"
    ).encode()
    (root / name).write_bytes(body)
    return body


def time_html(server: FixtureServer, pages: int) -> float:
    source = SourceConfig.model_validate(
        {
            "id": "bench-html",
            "type": "html",
            "kind": "course",
            "partner": {"name": "Bench"},
            "options": {
                "start_urls": [f"{server.url}/kurse/liste-0.html"],
                "item_links": "ul.kurse a::attr(href)",
                "next_page": "a.weiter::attr(href)",
                "fields": {"title": "h1::text", "date": "dd.termin::text"},
                "download_delay": 0,
                "concurrency_per_host": CONCURRENCY,
                "max_pages": pages * 2,
            },
        }
    )
    started = time.perf_counter()
    harvest = run_connector(HtmlConnector, source)
    elapsed = time.perf_counter() - started
    assert len(harvest.records) == pages, len(harvest.records)
    return elapsed


def time_spider(server: FixtureServer, script: Path, pages: int) -> float:
    started = time.perf_counter()
    # a file, not -c: Scrapy inspects the callbacks' source code
    subprocess.run(
        [
            sys.executable,
            str(script),
            f"{server.url}/kurse/liste-0.html",
            str(pages),
            str(CONCURRENCY),
        ],
        check=True,
    )
    return time.perf_counter() - started


def time_feed(server: FixtureServer, items: int, name: str = "feed.xml") -> float:
    source = SourceConfig.model_validate(
        {
            "id": "bench-feed",
            "type": "feed",
            "kind": "event",
            "partner": {"name": "Bench"},
            "options": {
                "url": f"{server.url}/{name}",
                "kind_categories": {"Veranstaltung": "event"},
            },
        }
    )
    started = time.perf_counter()
    harvest = run_connector(FeedConnector, source)
    elapsed = time.perf_counter() - started
    assert len(harvest.records) == items
    return elapsed


def time_feedparser(body: bytes, items: int, url: str, content_type: str) -> float:
    """feedparser on bytes in memory, resolving relative URIs exactly when the connector does."""
    relative = has_relative_uri(body)
    headers = {"content-type": content_type}
    if relative:
        headers["content-location"] = url
    started = time.perf_counter()
    parsed = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=relative
    )
    elapsed = time.perf_counter() - started
    assert len(parsed.entries) == items
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regiohub-bench-") as tmp:
        root = Path(tmp)
        build_site(root, args.pages)
        body = build_feed(root, args.items)
        relative_body = build_feed(root, args.items, "feed-relativ.xml", relative=True)
        script = root / "plain_spider.py"
        script.write_text(SPIDER, encoding="utf-8")
        with FixtureServer(root) as server:
            # interleaved rounds, best of each: a busy machine slows both sides alike
            html = spider = feed = bare = rel_feed = rel_bare = float("inf")
            for _ in range(args.rounds):
                html = min(html, time_html(server, args.pages))
                spider = min(spider, time_spider(server, script, args.pages))
            content_type = httpx.get(f"{server.url}/feed.xml").headers["content-type"]
            for _ in range(args.rounds * 3):
                feed = min(feed, time_feed(server, args.items))
                bare = min(bare, time_feedparser(body, args.items, "", content_type))
                rel_url = f"{server.url}/feed-relativ.xml"
                rel_feed = min(rel_feed, time_feed(server, args.items, "feed-relativ.xml"))
                rel_bare = min(
                    rel_bare, time_feedparser(relative_body, args.items, rel_url, content_type)
                )
    rows = [
        (
            "html connector",
            args.pages / html,
            "plain Scrapy spider",
            args.pages / spider,
            "pages/s",
        ),
        (
            "feed connector",
            args.items / feed,
            "bare feedparser.parse",
            args.items / bare,
            "items/s",
        ),
        (
            "feed, relative",
            args.items / rel_feed,
            "feedparser, relative resolved",
            args.items / rel_bare,
            "items/s",
        ),
    ]
    print(f"{'':16} {'ours':>10} {'baseline':>10}  ratio  (target >= 0.80)")
    for name, ours, base_name, base, unit in rows:
        ratio = ours / base
        verdict = "ok" if ratio >= 0.8 else "BELOW TARGET"
        print(
            f"{name:16} {ours:10.1f} {base:10.1f}  {ratio:5.2f}  {unit}, vs {base_name}: {verdict}"
        )


if __name__ == "__main__":
    main()
