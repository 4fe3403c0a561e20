"""The text snippets are cut from: a description's prose, without its fact lines.

Partner texts end in labelled facts ("Termin: …", "Ort: …", "Kosten: …", "Kontakt: …"),
addresses and site boilerplate (newsletter, cookies). The result page shows those facts in
their own fields already; a snippet made of them says nothing about the offer. So snippets
and summaries come from the description with such lines left out (the facts stay searchable:
the index still holds the whole description).
"""

from __future__ import annotations

import html
import re

from hub.index.analysis import Unit

#: "Label: value" at the start of a line; a label is one to three words, 30 letters at most
_FACT = re.compile(r"^\s*[A-ZÄÖÜ][\wÄÖÜäöüß./&()-]*(?:\s+[\wÄÖÜäöüß./&()-]+){0,2}\s*:\s")
#: a street with a number and a postcode with a town: a postal address
_ADDRESS = re.compile(
    r"(straße|strasse|str\.|weg|platz|allee|ring|gasse|ufer|damm|markt)\s+\d+[a-z]?\b.*\b\d{5}\s+[A-ZÄÖÜ]",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"newsletter|cookie|impressum|datenschutzerklärung|alle rechte vorbehalten|©",
    re.IGNORECASE,
)
#: a line of facts without a label, short enough to be one ("Eintritt frei.")
_SHORT = 25


def is_fact_line(line: str) -> bool:
    """Whether ``line`` is a labelled fact, an address or boilerplate rather than prose."""
    text = line.strip()
    if not text:
        return True
    return bool(
        _FACT.match(text)
        or _ADDRESS.search(text)
        or _BOILERPLATE.search(text)
        or (len(text) <= _SHORT and not text.endswith(("?", "!")))
    )


def prose(text: str | None) -> str:
    """``text`` without fact lines, addresses and boilerplate; "" when nothing else is left."""
    if not text:
        return ""
    lines = text.splitlines()
    kept = [line.strip() for line in lines if not is_fact_line(line)]
    return "\n".join(kept)


def facts(text: str | None) -> str:
    """The lines of ``text`` that ``prose`` leaves out."""
    if not text:
        return ""
    return "\n".join(
        line.strip() for line in text.splitlines() if line.strip() and is_fact_line(line)
    )


def query_stems(units: list[Unit]) -> frozenset[str]:
    """The stemmed terms a query's words (and their synonyms and parts) match."""
    from hub.index.tantivy_schema import ANALYZERS

    stems: set[str] = set()
    for unit in units:
        for alt in unit.alternatives:
            if not alt.field:
                stems.update(ANALYZERS.german(" ".join(alt.words)))
    return frozenset(stems)


def highlight(text: str, stems: frozenset[str], chars: int = 200) -> str:
    """About ``chars`` of ``text`` around its first match, matches in ``<mark>``; "" if none.

    The backend-neutral snippet (Elasticsearch's own highlighter would cut from the whole
    body, fact lines included); escaping as ``tantivy_query.snippet_html`` does.
    """
    from hub.index.tantivy_schema import ANALYZERS

    if not text or not stems:
        return ""
    tokens = ANALYZERS.german_offsets(text)
    found = [(a, b) for term, a, b in tokens if term in stems]
    if not found:
        return ""
    first = found[0][0]
    sentence = max(text.rfind(". ", 0, first) + 2, text.rfind("\n", 0, first) + 1, 0)
    start = sentence if first - sentence < chars // 2 else max(0, first - chars // 4)
    if start > 0 and start != sentence:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + chars)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > first else end
    out: list[str] = []
    pos = start
    for a, b in found:
        if a < pos or b > end:
            continue
        out += [html.escape(text[pos:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        pos = b
    out.append(html.escape(text[pos:end]))
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return lead + "".join(out).strip() + tail
