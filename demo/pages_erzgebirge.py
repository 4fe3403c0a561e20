"""Pages of the fictional Weiterbildungsportal Erzgebirge: home, course lists, details."""

# ruff: noqa: E501  (HTML templates and German prose are kept on long lines on purpose)

from __future__ import annotations

from demo.content_erzgebirge import BWO, DSZ, ERZ_INTERN, KFC, LWF, TAW, WZM
from demo.markup import FICTION_NOTE, attr, esc

# --------------------------------------------------------------------------------------
# Weiterbildungsportal Erzgebirge
# --------------------------------------------------------------------------------------

ERZ_ROOT = "/erzgebirge"


def erz_page(title: str, body: str, depth: int) -> str:
    """depth: directories below /erzgebirge/ (0 for /erzgebirge/x.html, 1 for kurse/...)."""
    up = "../" * depth
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · Weiterbildungsportal Erzgebirge</title>
<link rel="stylesheet" href="{up}stil/portal.css">
</head>
<body>
<header class="portal-kopf">
  <div class="portal-name"><a href="{up}index.html">Weiterbildungsportal Erzgebirge</a></div>
  <p class="portal-slogan">Kurse finden. Fachkräfte stärken. Zwischen Annaberg-Buchholz, Aue, Marienberg, Chemnitz, Zwickau und Freiberg.</p>
  <ul class="portal-menue">
    <li><a href="{up}index.html">Startseite</a></li>
    <li><a href="{up}kurse/index.html">Kurssuche</a></li>
    <li><a href="{up}anbieter.html">Für Bildungsanbieter</a></li>
    <li><a href="{up}impressum.html">Impressum</a></li>
  </ul>
</header>
{body}
<footer class="portal-fuss">
  <p>Weiterbildungsportal Erzgebirge · Buchholzer Straße 4 · 09456 Annaberg-Buchholz</p>
  <p><a href="{up}impressum.html">Impressum</a> | <a href="{up}anbieter.html">Kurs melden</a></p>
  <p class="fiktion">{FICTION_NOTE}</p>
</footer>
</body>
</html>
"""


def erz_detail(it: dict, depth: int = 1) -> str:
    themen = " ".join(f'<span class="thema">{esc(t)}</span>' for t in it["topics"])
    body = f"""<main id="inhalt">
<p class="pfad"><a href="../kurse/index.html">Kurssuche</a> › Kursdetails</p>
<article class="kurs">
  <h1 class="kurs-titel">{esc(it["title"])}</h1>
  <div class="kurs-text">{it["desc"]}</div>
  <dl class="kurs-daten">
    <dt>Termin</dt><dd class="termin">{esc(it["termin"])}</dd>
    <dt>Ort</dt><dd class="ort">{esc(it["ort"])}</dd>
    <dt>Format</dt><dd class="format">{esc(it["format"])}</dd>
    <dt>Kosten</dt><dd class="kosten">{esc(it["kosten"])}</dd>
    <dt>Zielgruppe</dt><dd class="zielgruppe">{esc(it["zielgruppe"])}</dd>
    <dt>Themen</dt><dd class="themen">{themen}</dd>
    <dt>Anbieter</dt><dd class="anbieter">{esc(it["anbieter"])}</dd>
  </dl>
  <p class="kurs-anfrage"><a href="mailto:kurse@weiterbildung-erzgebirge.example?subject={attr(it["slug"])}">Unverbindlich anfragen</a></p>
</article>
</main>"""
    return erz_page(it["title"] or it.get("teaser", "Kurs"), body, depth)


def erz_list(page_no: int, items: list[dict], n_pages: int, total: int) -> str:
    def entry(it: dict, href: str) -> str:
        label = it.get("teaser") or it["title"]
        return (
            f'  <li class="kurs-eintrag"><a class="kurs-link" href="{href}">{esc(label)}</a>'
            f' <span class="kurs-meta">{esc(it["termin"])} · {esc(it["ort"])} · '
            f"{esc(it['anbieter'])}</span></li>"
        )

    lines = [entry(it, f"{it['slug']}.html") for it in items]
    if page_no == 1:
        # a CMS slip: an internal page in the public list (robots.txt disallows it)
        lines.insert(4, entry(ERZ_INTERN, "../intern/geheim.html"))
    pager = []
    if page_no > 1:
        prev = "index.html" if page_no == 2 else f"seite-{page_no - 1}.html"
        pager.append(f'<a class="zurueck" href="{prev}">« zurück</a>')
    for n in range(1, n_pages + 1):
        target = "index.html" if n == 1 else f"seite-{n}.html"
        pager.append(
            f'<span class="aktuell">{n}</span>'
            if n == page_no
            else f'<a class="seitenzahl" href="{target}">{n}</a>'
        )
    if page_no < n_pages:
        pager.append(f'<a class="weiter" href="seite-{page_no + 1}.html">weiter »</a>')
    teaser = ""
    if page_no == 1:
        teaser = (
            '<aside class="kurs-des-monats"><h2>Kurs des Monats</h2>'
            '<a class="teaser-link" href="excel-fuer-einsteiger.html">Excel für Einsteiger</a>'
            "</aside>\n"
        )
    body = f"""<main id="inhalt">
<h1>Kursangebote im Erzgebirge</h1>
<p class="treffer">{total} Kurse gefunden – Seite {page_no} von {n_pages}</p>
{teaser}<ul class="kursliste">
{chr(10).join(lines)}
</ul>
<nav class="blaettern" aria-label="Seiten">{" ".join(pager)}</nav>
</main>"""
    return erz_page(f"Kurssuche – Seite {page_no}", body, 1)


def erz_home() -> str:
    body = """<main id="inhalt">
<h1>Weiterbildung im Erzgebirge</h1>
<p>Das Weiterbildungsportal Erzgebirge bringt Betriebe und Bildungsanbieter der Region zusammen. Finden Sie passende Kurse für Ihre Beschäftigten – von Office-Anwendungen über IT-Sicherheit bis zur Führung auf Distanz.</p>
<p><a href="kurse/index.html">Zur Kurssuche</a></p>
</main>"""
    return erz_page("Startseite", body, 0)


def erz_anbieter() -> str:
    providers = "".join(f"<li>{esc(p)}</li>" for p in [BWO, TAW, LWF, DSZ, KFC, WZM])
    body = f"""<main id="inhalt">
<h1>Für Bildungsanbieter</h1>
<p>Sie bieten Weiterbildungen im Erzgebirge oder in Südwestsachsen an? Melden Sie Ihre Kurse kostenfrei über kurse@weiterbildung-erzgebirge.example.</p>
<h2>Unsere Partner</h2>
<ul class="anbieterliste">{providers}</ul>
</main>"""
    return erz_page("Für Bildungsanbieter", body, 0)


def erz_impressum() -> str:
    body = f"""<main id="inhalt">
<h1>Impressum</h1>
<p>Weiterbildungsportal Erzgebirge (fiktiv)<br>c/o Bildungswerk Obererzgebirge e. V.<br>Buchholzer Straße 4<br>09456 Annaberg-Buchholz</p>
<p>Telefon: 03733 555 012<br>E-Mail: kurse@weiterbildung-erzgebirge.example</p>
<p>Vertretungsberechtigter Vorstand: Uwe Schreckenbach</p>
<p>{FICTION_NOTE} Die Inhalte dienen ausschließlich der Demonstration und stehen unter der EUPL-1.2.</p>
</main>"""
    return erz_page("Impressum", body, 0)


ERZ_CSS = """body{font-family:Georgia,serif;margin:0;background:#fbfaf7}
.portal-kopf{background:#3d4f2f;color:#fff;padding:1rem}.portal-kopf a{color:#fff}
.portal-menue{list-style:none;padding:0;display:flex;gap:1rem}
#inhalt{max-width:56rem;margin:1rem auto;padding:0 1rem}
.kursliste{list-style:none;padding:0}.kurs-eintrag{padding:.5rem 0;border-bottom:1px dotted #999}
.kurs-meta{display:block;font-size:.85rem;color:#555}
.kurs-daten dt{font-weight:bold}.thema{background:#e8eddf;padding:0 .3rem;margin-right:.2rem}
.portal-fuss{background:#eee;padding:1rem;font-size:.85rem}
"""
