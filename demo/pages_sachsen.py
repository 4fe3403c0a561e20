"""Pages and RSS feed of the fictional Zukunftszentrum Sachsen, rendered from its content."""

# ruff: noqa: E501  (HTML templates and German prose are kept on long lines on purpose)

from __future__ import annotations

from email.utils import format_datetime

from demo.content_common import KIND_LABEL
from demo.content_sachsen import ZZ_FEED
from demo.markup import (
    FICTION_NOTE,
    berlin,
    esc,
    facts,
    facts_html,
    first_sentence,
    strip_malicious,
    xml_text,
)

# --------------------------------------------------------------------------------------
# Zukunftszentrum Sachsen – page layout
# --------------------------------------------------------------------------------------

ZZ_ROOT = "/zukunftszentrum-sachsen"


def zz_page(title: str, body: str, canonical: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – Zukunftszentrum Sachsen</title>
<link rel="canonical" href="{{{{BASE}}}}{canonical}">
<link rel="stylesheet" href="{ZZ_ROOT}/css/zz.css">
<link rel="alternate" type="application/rss+xml" title="Veranstaltungen und Weiterbildungen" href="{{{{BASE}}}}{ZZ_ROOT}/feed.xml">
</head>
<body>
<header class="kopf">
  <a class="logo" href="{ZZ_ROOT}/">Zukunftszentrum Sachsen</a>
  <p class="claim">Regionales Zukunftszentrum für Leipzig, Dresden und Chemnitz</p>
  <nav class="hauptnavigation" aria-label="Hauptnavigation">
    <ul>
      <li><a href="{ZZ_ROOT}/index.html">Start</a></li>
      <li><a href="{ZZ_ROOT}/angebote/index.html">Förderung &amp; Beratung</a></li>
      <li><a href="{ZZ_ROOT}/veranstaltungen/index.html">Veranstaltungen</a></li>
      <li><a href="{ZZ_ROOT}/feed.xml">RSS-Feed</a></li>
    </ul>
  </nav>
</header>
{body}
<footer class="fuss">
  <p>Zukunftszentrum Sachsen · Petersstraße 12 · 04109 Leipzig · Telefon 0341 555 0190</p>
  <p><a href="{ZZ_ROOT}/impressum.html">Impressum</a> · <a href="{ZZ_ROOT}/impressum.html#barrierefreiheit">Barrierefreiheit</a></p>
  <p class="hinweis">{FICTION_NOTE}</p>
</footer>
</body>
</html>
"""


def zz_web_detail(it: dict) -> str:
    rows = []
    if it["kind"] == "funding":
        rows.append(("Antragsfrist", "frist", it["frist"]))
        rows.append(("Förderung", "foerderung", it["foerderung"]))
        rows.append(("Region", "ort", it["ort"]))
    else:
        rows.append(("Termin", "termin", it["termin"]))
        rows.append(("Ort", "ort", it["ort"]))
        rows.append(("Format", "format", it["format"]))
        rows.append(("Kosten", "kosten", it["kosten"]))
    rows.append(("Zielgruppe", "zielgruppe", it["zielgruppe"]))
    table = "\n".join(
        f'    <tr><th scope="row">{label}</th><td class="{cls}">{esc(value)}</td></tr>'
        for label, cls, value in rows
    )
    tags = "".join(f"<li>{esc(t)}</li>" for t in it["topics"])
    art = KIND_LABEL[it["kind"]]
    contact = (
        "Team Fördermittel, foerderung@zukunftszentrum-sachsen.example"
        if it["kind"] == "funding"
        else "Team Beratung, beratung@zukunftszentrum-sachsen.example"
    )
    body = f"""<main class="angebot" id="inhalt">
  <p class="brotkrumen"><a href="{ZZ_ROOT}/index.html">Start</a> › <a href="{ZZ_ROOT}/angebote/index.html">Förderung &amp; Beratung</a></p>
  <p class="kategorie">Angebotsart: <span class="angebotsart">{art}</span></p>
  <h1 class="titel">{esc(it["title"])}</h1>
  <section class="beschreibung">{it["desc"]}</section>
  <table class="eckdaten">
    <caption>Eckdaten</caption>
{table}
  </table>
  <h2>Schlagworte</h2>
  <ul class="schlagworte">{tags}</ul>
  <aside class="ansprechpartner"><h2>Kontakt</h2><p>{esc(contact)}</p></aside>
</main>"""
    return zz_page(it["title"], body, f"{ZZ_ROOT}/angebote/{it['slug']}.html")


def zz_web_list(page_no: int, items: list[dict], n_pages: int) -> str:
    teasers = "\n".join(
        f"""    <div class="angebot-teaser">
      <span class="teaser-art">{KIND_LABEL[it["kind"]]}</span>
      <h2 class="angebot-titel"><a href="{ZZ_ROOT}/angebote/{it["slug"]}.html">{esc(it["title"])}</a></h2>
      <p class="teaser-text">{esc(first_sentence(it["desc"]))}</p>
    </div>"""
        for it in items
    )
    nav = []
    if page_no > 1:
        prev = "index.html" if page_no == 2 else f"seite-{page_no - 1}.html"
        nav.append(
            f'<a class="vorherige" rel="prev" href="{ZZ_ROOT}/angebote/{prev}">‹ Vorherige Seite</a>'
        )
    nav.append(f'<span class="seitenzahl">Seite {page_no} von {n_pages}</span>')
    if page_no < n_pages:
        nav.append(
            f'<a class="naechste" rel="next" href="{ZZ_ROOT}/angebote/seite-{page_no + 1}.html">Nächste Seite ›</a>'
        )
    this = "index.html" if page_no == 1 else f"seite-{page_no}.html"
    body = f"""<main class="uebersicht" id="inhalt">
  <h1>Förderprogramme und Beratungsangebote</h1>
  <p class="einleitung">Hier finden Sie aktuelle Förderprogramme für Unternehmen in Sachsen und unsere kostenfreien Beratungsangebote rund um Digitalisierung, Weiterbildung und gute Arbeit.</p>
  <div class="angebotsliste">
{teasers}
  </div>
  <nav class="seitennavigation" aria-label="Seiten">
    {" ".join(nav)}
  </nav>
</main>"""
    return zz_page("Förderung und Beratung", body, f"{ZZ_ROOT}/angebote/{this}")


def zz_event_page(it: dict) -> str:
    rows = "\n".join(
        f'    <tr><th scope="row">{label}</th><td>{esc(value)}</td></tr>'
        for label, value in facts(it)
    )
    body = f"""<main class="veranstaltung" id="inhalt">
  <p class="brotkrumen"><a href="{ZZ_ROOT}/index.html">Start</a> › <a href="{ZZ_ROOT}/veranstaltungen/index.html">Veranstaltungen</a></p>
  <p class="kategorie">{KIND_LABEL[it["kind"]]}</p>
  <h1 class="titel">{esc(it["title"])}</h1>
  <section class="beschreibung">{strip_malicious(it["desc"])}</section>
  <table class="eckdaten">
{rows}
  </table>
  <p><a class="anmeldung" href="mailto:veranstaltungen@zukunftszentrum-sachsen.example">Jetzt anmelden</a></p>
</main>"""
    return zz_page(it["title"], body, f"{ZZ_ROOT}/veranstaltungen/{it['slug']}.html")


def zz_event_index(items: list[dict]) -> str:
    lis = "\n".join(
        f'    <li><a href="{ZZ_ROOT}/veranstaltungen/{it["slug"]}.html">{esc(it["title"])}</a> – {esc(it["termin"])}</li>'
        for it in items
    )
    body = f"""<main class="uebersicht" id="inhalt">
  <h1>Veranstaltungen und Weiterbildungen</h1>
  <p>Alle Termine gibt es auch als <a href="{ZZ_ROOT}/feed.xml">RSS-Feed</a>.</p>
  <ul class="terminliste">
{lis}
  </ul>
</main>"""
    return zz_page("Veranstaltungen", body, f"{ZZ_ROOT}/veranstaltungen/index.html")


def zz_home() -> str:
    body = f"""<main class="startseite" id="inhalt">
  <h1>Willkommen beim Zukunftszentrum Sachsen</h1>
  <p>Wir begleiten kleine und mittlere Unternehmen, Beschäftigte und Betriebsräte in Sachsen durch den digitalen und ökologischen Wandel – mit Weiterbildung, Beratung und Vernetzung an unseren Standorten in Leipzig, Dresden und Chemnitz.</p>
  <ul class="einstiege">
    <li><a href="{ZZ_ROOT}/angebote/index.html">Förderprogramme und Beratung</a></li>
    <li><a href="{ZZ_ROOT}/veranstaltungen/index.html">Veranstaltungen und Weiterbildungen</a></li>
    <li><a href="{ZZ_ROOT}/feed.xml">Termine als RSS-Feed abonnieren</a></li>
  </ul>
</main>"""
    return zz_page("Start", body, f"{ZZ_ROOT}/")


def zz_impressum() -> str:
    body = f"""<main class="impressum" id="inhalt">
  <h1>Impressum</h1>
  <p>Zukunftszentrum Sachsen (fiktiv)<br>Petersstraße 12<br>04109 Leipzig</p>
  <p>Telefon: 0341 555 0190<br>E-Mail: info@zukunftszentrum-sachsen.example</p>
  <p>Vertreten durch: Dr. Henrike Voigtländer (Projektleitung)</p>
  <h2 id="barrierefreiheit">Barrierefreiheit</h2>
  <p>Wir bemühen uns, diese Website barrierearm zu gestalten. Hinweise nehmen wir gern per E-Mail entgegen.</p>
  <h2>Hinweis</h2>
  <p>{FICTION_NOTE} Die Inhalte dienen ausschließlich der Demonstration und stehen unter der EUPL-1.2.</p>
</main>"""
    return zz_page("Impressum", body, f"{ZZ_ROOT}/impressum.html")


ZZ_CSS = """body{font-family:"Source Sans 3",Arial,sans-serif;margin:0;color:#1d2b36}
.kopf{background:#00594f;color:#fff;padding:1rem 2rem}.kopf a{color:#fff}
.hauptnavigation ul{list-style:none;display:flex;gap:1.5rem;padding:0}
main{max-width:60rem;margin:2rem auto;padding:0 1rem}
.angebotsart,.teaser-art{background:#e3f1ee;padding:.1rem .5rem;border-radius:.25rem}
.eckdaten th{text-align:left;padding-right:1rem}
.fuss{border-top:1px solid #ccc;padding:1rem 2rem;font-size:.9rem}
"""

# --------------------------------------------------------------------------------------
# RSS feed (Zukunftszentrum Sachsen)
# --------------------------------------------------------------------------------------


def zz_rss() -> str:
    items = []
    for it in ZZ_FEED:
        cats = [KIND_LABEL[it["kind"]], *it["topics"]]
        cat_xml = "\n      ".join(f"<category>{xml_text(c)}</category>" for c in cats)
        description = it["desc"] + facts_html(it)
        assert "]]>" not in description
        items.append(f"""    <item>
      <title>{xml_text(it["title"])}</title>
      <link>{{{{BASE}}}}{ZZ_ROOT}/veranstaltungen/{it["slug"]}.html</link>
      <guid isPermaLink="false">{it["key"]}</guid>
      <pubDate>{format_datetime(berlin(*it["pub"]))}</pubDate>
      {cat_xml}
      <description><![CDATA[{description}]]></description>
    </item>""")
    build = format_datetime(berlin(2026, 11, 20, 12, 5))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Zukunftszentrum Sachsen – Veranstaltungen und Weiterbildungen</title>
    <link>{{{{BASE}}}}{ZZ_ROOT}/</link>
    <atom:link href="{{{{BASE}}}}{ZZ_ROOT}/feed.xml" rel="self" type="application/rss+xml"/>
    <description>Termine des Regionalen Zukunftszentrums Sachsen in Leipzig, Dresden und Chemnitz (fiktives Demo-Angebot)</description>
    <language>de-de</language>
    <copyright>Inhalte für regiohub erstellt, EUPL-1.2</copyright>
    <lastBuildDate>{build}</lastBuildDate>
    <ttl>360</ttl>
{chr(10).join(items)}
  </channel>
</rss>
"""
