"""Partner HTML made safe (nh3) and readable as plain text; labelled lines read as fields.

Partners' descriptions are untrusted HTML. We keep a small set of formatting tags, drop
scripts, styles, event handlers and every URL scheme except http, https and mailto, and add
``rel="noopener noreferrer nofollow"`` to links. The plain text feeds search and snippets.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "h3", "h4", "h5", "blockquote"}
    | {"table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "span", "abbr"}
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
#: partners' descriptions beyond this are cut (after sanitising) — nobody reads 200 kB of text
MAX_HTML_CHARS = 50_000

_BLOCK = re.compile(r"<\s*/?\s*(p|br|li|div|h\d|tr|ul|ol|dt|dd|table|blockquote)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
#: runs of spaces to make one " ": a lone " " is left alone (replacing it costs, changes nothing)
_SPACES = re.compile(r"[\t\r\f\v\u00a0][ \t\r\f\v\u00a0]*| [ \t\r\f\v\u00a0]+")

#: labels partners put in front of facts in running text → the field they fill
LABELS: dict[str, str] = {
    "termin": "date",
    "termine": "date",
    "datum": "date",
    "zeit": "date",
    "wann": "date",
    "antragsfrist": "deadline",
    "frist": "deadline",
    "bewerbungsfrist": "deadline",
    "einreichungsfrist": "deadline",
    "anmeldeschluss": "deadline",
    "ort": "place",
    "veranstaltungsort": "place",
    "wo": "place",
    "format": "mode",
    "durchführung": "mode",
    "kosten": "price",
    "preis": "price",
    "gebühr": "price",
    "teilnahmegebühr": "price",
    "entgelt": "price",
    "förderung": "funding",
    "fördersumme": "funding",
    "förderhöhe": "funding",
    "zielgruppe": "audience",
    "zielgruppen": "audience",
    "für wen": "audience",
    "anbieter": "provider",
    "veranstalter": "provider",
    "kontakt": "contact",
    # further labels partners use for the same facts
    "kostenbeitrag": "price",
    "teilnahmeentgelt": "price",
    "teilnahmebeitrag": "price",
    "seminargebühr": "price",
    "kursgebühr": "price",
    "eigenanteil": "price",
    "treffpunkt": "place",
    "fördergebiet": "place",
    "einsatzgebiet": "place",
    "lernform": "mode",
    "antragsberechtigt": "audience",
    "teilnehmende": "audience",
}
_LABELLED = re.compile(
    r"^\s*(?P<label>" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)) + r")"
    r"\s*:\s*(?P<value>\S.*?)\s*$",
    re.I | re.M,
)


def sanitise_html(raw: str) -> str:
    """Safe HTML to show: allowed tags only, no scripts, no event handlers, safe links."""
    return _sanitised(raw)[0]


#: the policy built once (nh3.clean() builds it again on every call): the description's …
_SAFE = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
#: … and the one that only strips tags, keeping their text
_NO_TAGS = nh3.Cleaner(tags=set())


def _sanitised(raw: str) -> tuple[str, bool]:
    """:func:`sanitise_html`'s answer, and whether it had to cut the text at MAX_HTML_CHARS."""
    cleaned = _SAFE.clean(raw).strip()
    if len(cleaned) > MAX_HTML_CHARS:  # cut between tags, then let nh3 close what is open
        cut = cleaned.rfind("<", 0, MAX_HTML_CHARS)
        cleaned = nh3.clean(cleaned[: cut if cut > 0 else MAX_HTML_CHARS], tags=set(ALLOWED_TAGS))
        return cleaned, True
    return cleaned, False


def html_to_text(raw: str, *, sanitised: bool = False) -> str:
    """Readable plain text: block elements become line breaks, entities are decoded.

    ``sanitised=True`` says ``raw`` came from :func:`sanitise_html`: it is well-formed, with
    scripts and comments gone, so removing its tags needs no second pass through nh3.
    """
    with_breaks = _BLOCK.sub("\n", raw)
    stripped = with_breaks if sanitised else _NO_TAGS.clean(with_breaks)
    text = html.unescape(_TAG.sub("", stripped))
    # _SPACES has no "\n": one pass over the whole text equals one a line
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text))
    return "\n".join(line for line in map(str.strip, text.split("\n")) if line)


class Description(NamedTuple):
    """A partner's HTML description read once for every step that needs it."""

    #: :func:`sanitise_html` of it
    html: str
    #: :func:`html_to_text` of ``html``: the text to search and show
    text: str
    #: :func:`html_to_text` of the raw description: where labelled lines are looked for
    label_text: str


#: a tag: its name ("/" in front for an end tag); the split of a text by it keeps the names
_NAMED_TAG = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")


@lru_cache(maxsize=64)
def read_description(raw: str) -> Description:
    """The description sanitised, as text, and as text for labelled lines: nh3 once if it can.

    The label text reads the raw HTML flat, every block tag a line break, before any tree is
    built: a ``<div>`` (which sanitising drops) still breaks a line, a stray ``</tr>`` too.
    When sanitising kept the raw HTML's tags and texts as they were, in the same order (only
    attributes changed), both readings have the same lines and the second nh3 pass is
    skipped; when sanitising changed nothing at all, neither is compared. Cached for the next
    step: steps 10 and 20 read the same description.
    """
    safe, cut = _sanitised(raw)
    text = html_to_text(safe, sanitised=True)
    if safe == raw:  # sanitising changed nothing (clean partner HTML): the same lines
        return Description(safe, text, text)
    kept = _skeleton(raw)
    if cut or kept is None or kept != _skeleton(safe):
        return Description(safe, text, html_to_text(raw))
    return Description(safe, text, text)


def _skeleton(markup: str) -> tuple[list[str], str] | None:
    """The tag names of ``markup`` and its texts (decoded, "\\0" between two); None unless
    each of its "<" starts a tag. Sanitising changes no text, only tags and attributes."""
    parts = _NAMED_TAG.split(markup)  # text, name, text, name, …, text
    if len(parts) != 2 * markup.count("<") + 1:
        return None
    return [name.lower() for name in parts[1::2]], html.unescape("\0".join(parts[0::2]))


def plain(value: str) -> str:
    """One line of plain text from something that may contain tags or entities (titles)."""
    if "<" not in value and "&" not in value:  # the common case: nothing to strip or decode
        return " ".join(unicodedata.normalize("NFC", value).split())
    return " ".join(html_to_text(value).split())


def labelled_fields(text: str) -> dict[str, str]:
    """``Termin: 03.06.2027`` lines in a description → {"date": "03.06.2027"}; first one wins."""
    found: dict[str, str] = {}
    for match in _LABELLED.finditer(text):
        name = LABELS[match["label"].lower()]
        found.setdefault(name, match["value"])
    return found


def unlabelled_text(text: str) -> str:
    """The text without its labelled lines (``Zielgruppe: …``): the running prose only."""
    return _LABELLED.sub("", text)
