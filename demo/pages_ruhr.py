"""Atom feed, pages and good-practice stories of the fictional Zukunfts-HUB Ruhr."""

# ruff: noqa: E501  (HTML templates and German prose are kept on long lines on purpose)

from __future__ import annotations

import datetime as dt
import uuid

from demo.content_common import KIND_LABEL
from demo.content_ruhr import RUHR_ATOM, RUHR_PRAXIS
from demo.markup import (
    FICTION_NOTE,
    atom_id,
    berlin,
    esc,
    facts,
    facts_html,
    first_sentence,
    rfc3339,
    xml_attr,
    xml_text,
)

# --------------------------------------------------------------------------------------
# Zukunfts-HUB Ruhr – Atom feed, pages, good-practice stories
# --------------------------------------------------------------------------------------

RUHR_ROOT = "/ruhr-hub"


def ruhr_atom() -> str:
    entries = []
    for n, it in enumerate(RUHR_ATOM):
        cats = [KIND_LABEL[it["kind"]], *it["topics"]]
        cat_xml = "\n    ".join(f'<category term="{xml_attr(c)}"/>' for c in cats)
        body = xml_text(it["desc"] + facts_html(it))
        # Most entries carry <content>; every fourth only a <summary> (both are type="html").
        element = "summary" if n % 4 == 3 else "content"
        published = berlin(*it["pub"])
        updated = published + dt.timedelta(days=2, hours=3) if n % 3 == 0 else published
        entries.append(f"""  <entry>
    <title type="text">{xml_text(it["title"])}</title>
    <link rel="alternate" type="text/html" href="{{{{BASE}}}}{RUHR_ROOT}/angebote/{it["slug"]}.html"/>
    <id>{atom_id(it["slug"])}</id>
    <published>{rfc3339(published)}</published>
    <updated>{rfc3339(updated)}</updated>
    {cat_xml}
    <{element} type="html">{body}</{element}>
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Zukunfts-HUB Ruhr – Termine und Angebote</title>
  <subtitle>Veranstaltungen, Weiterbildungen und Beratung für KMU in Essen, Dortmund, Bochum, Duisburg und Gelsenkirchen (fiktives Demo-Angebot)</subtitle>
  <link rel="self" type="application/atom+xml" href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml"/>
  <link rel="alternate" type="text/html" href="{{{{BASE}}}}{RUHR_ROOT}/"/>
  <id>urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, "https://ruhr-hub.example/atom.xml")}</id>
  <updated>{rfc3339(berlin(2026, 11, 20, 16, 0))}</updated>
  <author><name>Zukunfts-HUB Ruhr</name><email>redaktion@ruhr-hub.example</email></author>
  <rights>Inhalte für regiohub erstellt, EUPL-1.2</rights>
  <generator>regiohub demo/generate.py</generator>
{chr(10).join(entries)}
</feed>
"""


def ruhr_page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | Zukunfts-HUB Ruhr</title>
<link rel="stylesheet" href="{RUHR_ROOT}/assets/hub.css">
<link rel="alternate" type="application/atom+xml" title="Termine und Angebote" href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">
</head>
<body class="hub">
<div class="page">
<header class="site-header">
  <a class="brand" href="{{{{BASE}}}}{RUHR_ROOT}/">Zukunfts-HUB <b>Ruhr</b></a>
  <nav class="main-nav">
    <a href="{{{{BASE}}}}{RUHR_ROOT}/index.html">Start</a>
    <a href="{{{{BASE}}}}{RUHR_ROOT}/angebote/index.html">Termine</a>
    <a href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/index.html">Praxisbeispiele</a>
    <a href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">Atom-Feed</a>
  </nav>
</header>
{body}
<footer class="site-footer">
  <span>Zukunfts-HUB Ruhr · Kettwiger Straße 20 · 45127 Essen</span>
  <a href="{{{{BASE}}}}{RUHR_ROOT}/impressum.html">Impressum</a>
  <small class="fiction">{FICTION_NOTE}</small>
</footer>
</div>
</body>
</html>
"""


def ruhr_offer_page(it: dict) -> str:
    rows = "\n".join(
        f'      <li><span class="label">{label}</span> {esc(value)}</li>'
        for label, value in facts(it)
    )
    tags = " ".join(f'<span class="tag">{esc(t)}</span>' for t in it["topics"])
    body = f"""<main class="content offer">
  <div class="offer-type">{KIND_LABEL[it["kind"]]}</div>
  <h1 class="offer-title">{esc(it["title"])}</h1>
  <div class="offer-body">{it["desc"]}</div>
  <ul class="offer-facts">
{rows}
  </ul>
  <div class="offer-tags">{tags}</div>
</main>"""
    return ruhr_page(it["title"], body)


def ruhr_offer_index() -> str:
    cards = "\n".join(
        f'  <li><a href="{{{{BASE}}}}{RUHR_ROOT}/angebote/{it["slug"]}.html">{esc(it["title"])}</a> '
        f'<span class="when">{esc(it.get("termin") or "Antragsfrist " + it.get("frist", ""))}</span></li>'
        for it in RUHR_ATOM
        if not it["broken"]
    )
    body = f"""<main class="content">
  <h1>Termine und Angebote</h1>
  <p>Unsere Veranstaltungen, Weiterbildungen und Beratungsangebote gibt es auch als <a href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">Atom-Feed</a>.</p>
  <ul class="offer-list">
{cards}
  </ul>
</main>"""
    return ruhr_page("Termine und Angebote", body)


def ruhr_praxis_detail(it: dict) -> str:
    tags = " ".join(f'<span class="pb-tag">{esc(t)}</span>' for t in it["topics"])
    body = f"""<main class="content">
  <article class="praxisbeispiel">
    <header>
      <p class="pb-rubrik">Praxisbeispiel</p>
      <h1 class="pb-titel">{esc(it["title"])}</h1>
    </header>
    <div class="pb-story">{it["desc"]}</div>
    <ul class="pb-fakten">
      <li>Standort: <span class="pb-ort">{esc(it["ort"])}</span></li>
      <li>Branche: <span class="pb-branche">{esc(it["branche"])}</span></li>
      <li>Beschäftigte: <span class="pb-groesse">{it["mitarbeitende"]}</span></li>
      <li>Zielgruppe: <span class="pb-zielgruppe">{esc(it["zielgruppe"])}</span></li>
    </ul>
    <p class="pb-tags">Themen: {tags}</p>
    <p class="pb-zurueck"><a href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/index.html">Alle Praxisbeispiele</a></p>
  </article>
</main>"""
    return ruhr_page(it["title"], body)


def ruhr_praxis_list() -> str:
    cards = "\n".join(
        f"""    <article class="beispiel-karte">
      <h2><a class="beispiel-link" href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/{it["slug"]}.html">{esc(it["title"])}</a></h2>
      <p>{esc(first_sentence(it["desc"]))}</p>
    </article>"""
        for it in RUHR_PRAXIS
    )
    body = f"""<main class="content">
  <h1>Praxisbeispiele aus dem Revier</h1>
  <p class="intro">So gehen Betriebe im Ruhrgebiet die Digitalisierung an: sechs Geschichten von kleinen und mittleren Unternehmen, die der Zukunfts-HUB Ruhr begleitet hat.</p>
  <section class="beispiele">
{cards}
  </section>
</main>"""
    return ruhr_page("Praxisbeispiele", body)


def ruhr_home() -> str:
    body = f"""<main class="content">
  <h1>Zukunfts-HUB Ruhr</h1>
  <p class="intro">Der Zukunfts-HUB Ruhr unterstützt kleine und mittlere Unternehmen in Essen, Dortmund, Bochum, Duisburg und Gelsenkirchen bei Digitalisierung, Weiterbildung und Fachkräftesicherung.</p>
  <ul>
    <li><a href="{{{{BASE}}}}{RUHR_ROOT}/angebote/index.html">Termine und Angebote</a> (auch als <a href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">Atom-Feed</a>)</li>
    <li><a href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/index.html">Praxisbeispiele</a></li>
  </ul>
</main>"""
    return ruhr_page("Start", body)


def ruhr_impressum() -> str:
    body = f"""<main class="content">
  <h1>Impressum</h1>
  <p>Zukunfts-HUB Ruhr (fiktiv)<br>Kettwiger Straße 20<br>45127 Essen</p>
  <p>Telefon: 0201 555 0470<br>E-Mail: kontakt@ruhr-hub.example</p>
  <p>Verantwortlich für den Inhalt: Murat Özdemir, Koordination</p>
  <p>{FICTION_NOTE} Die Inhalte dienen ausschließlich der Demonstration und stehen unter der EUPL-1.2.</p>
</main>"""
    return ruhr_page("Impressum", body)


RUHR_CSS = """body.hub{font-family:Inter,Helvetica,sans-serif;background:#f6f6f4;margin:0}
.page{max-width:64rem;margin:0 auto;background:#fff}
.site-header{display:flex;justify-content:space-between;padding:1rem;background:#ffcc00}
.main-nav a{margin-left:1rem;color:#111}
.content{padding:1.5rem}
.offer-type,.pb-rubrik{text-transform:uppercase;font-size:.8rem;color:#666}
.tag,.pb-tag{display:inline-block;background:#eee;padding:0 .4rem;margin-right:.3rem}
.site-footer{padding:1rem;background:#222;color:#ddd}.site-footer a{color:#fff}
"""
