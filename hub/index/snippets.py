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
#: a postcode with a town, and a street with a number before it: a postal address
_POSTCODE = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ]")
_STREET = re.compile(
    r"(straße|strasse|str\.|weg|platz|allee|ring|gasse|ufer|damm|markt)\s+\d+[a-z]?\b",
    re.IGNORECASE,
)
_BOILERPLATE = ("newsletter", "cookie", "impressum", "datenschutzerklärung", "alle rechte", "©")
#: a line of facts without a label, short enough to be one ("Eintritt frei.")
_SHORT = 25


def is_fact_line(line: str) -> bool:
    """Whether ``line`` is a labelled fact, an address or boilerplate rather than prose."""
    text = line.strip()
    return not text or _is_fact(text)


def _is_fact(text: str) -> bool:
    """``is_fact_line`` for a stripped, non-empty line."""
    if len(text) <= _SHORT and not text.endswith(("?", "!")):
        return True
    if _FACT.match(text):
        return True
    if (at := _POSTCODE.search(text)) is not None and _STREET.search(text, 0, at.start()):
        return True
    lower = text.lower()
    for word in _BOILERPLATE:  # noqa: SIM110 - a plain loop: twice as fast as any() here
        if word in lower:
            return True
    return False


#: description → (its prose, its fact lines); descriptions repeat across searches, and a dict
#: look-up is far cheaper than the line checks (cleared when full)
_SPLIT: dict[str, tuple[str, str]] = {}
_SPLIT_MAX = 20_000


def split_description(text: str | None) -> tuple[str, str]:
    """(``prose(text)``, ``facts(text)``) with each line checked once (indexing wants both)."""
    if not text:
        return "", ""
    found = _SPLIT.get(text)
    if found is None:
        kept: list[str] = []
        fact_lines: list[str] = []
        for line in text.splitlines():
            if stripped := line.strip():
                (fact_lines if _is_fact(stripped) else kept).append(stripped)
        found = "\n".join(kept), "\n".join(fact_lines)
        if len(_SPLIT) >= _SPLIT_MAX:
            _SPLIT.clear()
        _SPLIT[text] = found
    return found


def prose(text: str | None) -> str:
    """``text`` without fact lines, addresses and boilerplate; "" when nothing else is left."""
    return split_description(text)[0]


def facts(text: str | None) -> str:
    """The lines of ``text`` that ``prose`` leaves out."""
    return split_description(text)[1]


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
