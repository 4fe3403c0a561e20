"""Sitemaps and list pages as partners really publish them: big indexes, dead children, junk
before the XML declaration, XHTML pages. Nothing a partner still lists may look gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from connectors.jsonld import JsonldConnector
from connectors.sitemap import SitemapConnector
from connectors.testing import FixtureServer, run_connector
from hub.config import SourceConfig

URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
INDEX = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'
PAGE = """<!doctype html><html><head><meta charset="utf-8"><script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "Course", "name": "Kurs {n}"}}
</script></head><body><h1>Kurs {n}</h1></body></html>"""


def source(source_type: str, options: dict[str, Any]) -> SourceConfig:
    return SourceConfig.model_validate(
        {
            "id": "zz-seiten",
            "type": source_type,
            "kind": "course",
            "partner": {"name": "Zukunftszentrum"},
            "options": options,
        }
    )


def site(root: Path, children: int, *, dead: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    """An index of ``children`` sitemaps of one page each; ``dead`` children are not served."""
    locs = "".join(f"<sitemap><loc>{{{{BASE}}}}/s-{n}.xml</loc></sitemap>" for n in range(children))
    (root / "index.xml").write_text(INDEX.format(locs), encoding="utf-8")
    for n in range(children):
        (root / f"k-{n}.html").write_text(PAGE.format(n=n), encoding="utf-8")
        if n not in dead:
            url = f"<url><loc>{{{{BASE}}}}/k-{n}.html</loc></url>"
            (root / f"s-{n}.xml").write_text(URLSET.format(url), encoding="utf-8")


def test_an_index_beyond_the_sitemap_limit_is_partial_and_reads_a_full_hundred(
    tmp_path: Path,
) -> None:
    site(tmp_path, 103)
    with FixtureServer(tmp_path) as server:
        harvest = run_connector(
            SitemapConnector, source("sitemap", {"url": f"{server.url}/index.xml"})
        )
    assert len(harvest.records) == 100  # the index itself does not count toward the limit
    assert harvest.context.partial, "pages in the unread sitemaps are still published"
    assert any("3 weitere nicht" in note for note in harvest.context.notes)


def test_a_dead_child_sitemap_makes_the_run_partial_not_failed(tmp_path: Path) -> None:
    site(tmp_path, 3, dead={1})
    with FixtureServer(tmp_path) as server:
        harvest = run_connector(
            SitemapConnector, source("sitemap", {"url": f"{server.url}/index.xml"})
        )
    assert [r.fields["title"] for r in harvest.records] == ["Kurs 0", "Kurs 2"]
    assert harvest.context.partial
    assert any("s-1.xml" in note and "404" in note for note in harvest.context.notes)


def test_a_complete_index_is_not_partial(tmp_path: Path) -> None:
    site(tmp_path, 3)
    with FixtureServer(tmp_path) as server:
        harvest = run_connector(
            JsonldConnector, source("jsonld", {"sitemap": f"{server.url}/index.xml"})
        )
    assert len(harvest.records) == 3 and not harvest.context.partial


def test_a_refused_child_sitemap_makes_the_run_partial(tmp_path: Path) -> None:
    site(tmp_path, 2)
    index = (tmp_path / "index.xml").read_text(encoding="utf-8")
    extra = "<sitemap><loc>http://fremd.invalid/s.xml</loc></sitemap></sitemapindex>"
    (tmp_path / "index.xml").write_text(index.replace("</sitemapindex>", extra), "utf-8")
    with FixtureServer(tmp_path) as server:
        harvest = run_connector(
            SitemapConnector, source("sitemap", {"url": f"{server.url}/index.xml"})
        )
    assert len(harvest.records) == 2 and harvest.context.partial


def test_a_blank_line_or_comment_before_the_declaration_is_read(tmp_path: Path) -> None:
    site(tmp_path, 2)
    index = (tmp_path / "index.xml").read_text(encoding="utf-8")
    (tmp_path / "index.xml").write_text("\n<!-- erzeugt vom CMS -->\n" + index, "utf-8")
    child = (tmp_path / "s-0.xml").read_text(encoding="utf-8")
    (tmp_path / "s-0.xml").write_text("\n\n" + child, "utf-8")
    with FixtureServer(tmp_path) as server:
        harvest = run_connector(
            SitemapConnector, source("sitemap", {"url": f"{server.url}/index.xml"})
        )
    assert len(harvest.records) == 2 and not harvest.context.partial


def test_an_xhtml_page_with_an_encoding_declaration_is_read(tmp_path: Path) -> None:
    xhtml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Förderung</title>'
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "MonetaryGrant", "name": "Innovationsgutschein Sachsen-Anhalt"}</script>'
        '</head><body><h1 class="t">Innovationsgutschein <span>Sachsen-Anhalt</span></h1>'
        "</body></html>"
    )
    (tmp_path / "gutschein.html").write_bytes(xhtml.encode("iso-8859-1"))
    with FixtureServer(tmp_path) as server:
        url = f"{server.url}/gutschein.html"
        jsonld = run_connector(JsonldConnector, source("jsonld", {"start_urls": [url]}))
        (tmp_path / "s.xml").write_text(URLSET.format(f"<url><loc>{url}</loc></url>"), "utf-8")
        html = run_connector(
            SitemapConnector,
            source(
                "sitemap",
                {"url": f"{server.url}/s.xml", "extract": "html", "fields": {"title": "h1.t"}},
            ),
        )
    assert [r.fields["title"] for r in jsonld.records] == ["Innovationsgutschein Sachsen-Anhalt"]
    assert [r.fields["title"] for r in html.records] == ["Innovationsgutschein Sachsen-Anhalt"]


def test_a_failed_list_page_makes_the_run_partial(tmp_path: Path) -> None:
    (tmp_path / "liste.html").write_text(
        '<a class="d" href="k-0.html">0</a><a class="weiter" href="fehlt.html">weiter</a>',
        encoding="utf-8",
    )
    (tmp_path / "k-0.html").write_text(PAGE.format(n=0), encoding="utf-8")
    with FixtureServer(tmp_path) as server:
        options = {
            "start_urls": [f"{server.url}/liste.html"],
            "item_links": "a.d",
            "next_page": "a.weiter",
        }
        harvest = run_connector(JsonldConnector, source("jsonld", options))
    assert [r.fields["title"] for r in harvest.records] == ["Kurs 0"]
    assert harvest.context.partial
