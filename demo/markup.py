"""Escaping and formatting helpers shared by the demo page renderers, plus the root files."""

# ruff: noqa: E501  (HTML templates and German prose are kept on long lines on purpose)

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


def strip_malicious(desc: str) -> str:
    """The harmless version of a description, for our own JS-free HTML pages."""
    desc = re.sub(r"<script\b.*?</script>", "", desc, flags=re.S)
    return re.sub(r'\s+on\w+="[^"]*"', "", desc)


def first_sentence(desc: str) -> str:
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", desc))).strip()
    m = re.match(r"(.+?[.?!:])(?: |$)", text)
    return m[1] if m else text


def berlin(y, mo, d, h, mi) -> dt.datetime:
    """A local time in Germany in 2026 (DST from 29 March to 25 October 2026)."""
    naive = dt.datetime(y, mo, d, h, mi)
    summer = dt.datetime(2026, 3, 29, 2) <= naive < dt.datetime(2026, 10, 25, 3)
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=2 if summer else 1)))


def rfc3339(d: dt.datetime) -> str:
    return d.isoformat(timespec="seconds")


def atom_id(slug: str) -> str:
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"https://ruhr-hub.example/angebote/{slug}")
    )


def facts(it: dict) -> list[tuple[str, str]]:
    """The labelled facts of a listing in the order the partners print them."""
    rows = []
    if it["kind"] == "funding":
        rows.append(("Antragsfrist", it["frist"]))
    elif "termin" in it:
        rows.append(("Termin", it["termin"]))
    rows.append(("Ort", it["ort"]))
    if it.get("format"):
        rows.append(("Format", it["format"]))
    if it["kind"] == "funding":
        rows.append(("Förderung", it["foerderung"]))
    elif "kosten" in it:
        rows.append(("Kosten", it["kosten"]))
    rows.append(("Zielgruppe", it["zielgruppe"]))
    return rows


def facts_html(it: dict) -> str:
    return "".join(f"<p><strong>{label}:</strong> {esc(value)}</p>" for label, value in facts(it))


FICTION_NOTE = (
    "Fiktives Demo-Angebot des Projekts regiohub – alle Organisationen, Personen "
    "und Adressen sind erfunden."
)


# --------------------------------------------------------------------------------------
# Root files
# --------------------------------------------------------------------------------------

ROBOTS = """# robots.txt der regiohub-Demo
# Alles darf gelesen werden, außer interne Seiten.
User-agent: *
Disallow: /intern/
Disallow: /erzgebirge/intern/
Allow: /
"""


def root_index() -> str:
    return """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>regiohub – Demo-Partner</title>
</head>
<body>
<h1>regiohub – fiktive Demo-Partner</h1>
<p>Diese Websites und Feeds sind erfunden und dienen nur der Demonstration von regiohub.</p>
<ul>
  <li><a href="{{BASE}}/zukunftszentrum-sachsen/">Zukunftszentrum Sachsen</a> – <a href="{{BASE}}/zukunftszentrum-sachsen/feed.xml">RSS-Feed</a>, <a href="{{BASE}}/zukunftszentrum-sachsen/angebote/index.html">Förderung &amp; Beratung</a></li>
  <li><a href="{{BASE}}/ruhr-hub/">Zukunfts-HUB Ruhr</a> – <a href="{{BASE}}/ruhr-hub/atom.xml">Atom-Feed</a>, <a href="{{BASE}}/ruhr-hub/praxisbeispiele/index.html">Praxisbeispiele</a></li>
  <li><a href="{{BASE}}/erzgebirge/">Weiterbildungsportal Erzgebirge</a> – <a href="{{BASE}}/erzgebirge/kurse/index.html">Kurssuche</a></li>
</ul>
</body>
</html>
"""
