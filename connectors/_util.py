"""Small helpers the built-in connectors share: dotted paths, safe XML, text decoding."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from defusedxml import DefusedXmlException
from lxml import etree

from hub.errors import ConnectorError

#: an XML declaration or meta tag naming the document's encoding
_DECLARED = re.compile(rb"""encoding=["']([A-Za-z0-9._-]+)["']|charset=["']?([A-Za-z0-9._-]+)""")


def dig(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` ("a.b.0.c"); a list met mid-path maps over its items.

    Missing parts give None, so a field mapping never fails on a record that lacks a field.
    """
    if not path:
        return data
    head, _, rest = path.partition(".")
    if isinstance(data, dict):
        return dig(data.get(head), rest) if head in data else None
    if isinstance(data, list):
        if head.isdigit():
            index = int(head)
            return dig(data[index], rest) if index < len(data) else None
        found = [dig(item, path) for item in data]
        flat: list[Any] = []
        for value in found:
            if isinstance(value, list):
                flat.extend(value)
            elif value is not None:
                flat.append(value)
        return flat or None
    return None


def as_text(value: Any) -> Any:
    """A JSON value as what a RawRecord field holds: a string or a list of strings."""
    if value is None:
        return None
    if isinstance(value, list):
        items = [as_text(v) for v in value]
        return [v for v in items if isinstance(v, str) and v]
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dict):
        return None
    return str(value).strip()


def german_amount(value: Any, currency: str = "EUR") -> str | None:
    """A machine number (``2450.0``, ``"99.5"``) as a German amount text: ``2.450,00 EUR``.

    Connectors hand prices to the pipeline as text; a dot-decimal figure next to a currency
    ("2450.0 EUR") reads as 0 or 24.500 to a German price reader, the German form only one way.
    Returns None for what is not a plain number.
    """
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} {currency}".strip()


def decode(body: bytes, url: str, header_charset: str | None = None) -> str:
    """Decode a document: BOM, then the HTTP charset, then the declared one, then UTF-8.

    A document that is none of these is decoded as Windows-1252, the usual culprit; the
    caller is told through the returned text only if even that fails (it never does for
    single-byte text), so undecodable bytes raise a clear ConnectorError instead.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    candidates = [header_charset] if header_charset else []
    match = _DECLARED.search(body[:1024])
    if match:
        candidates.append((match.group(1) or match.group(2)).decode("ascii"))
    candidates += ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ConnectorError(
        f"{url} hat keine Zeichenkodierung, die regiohub lesen kann; bitte den Anbieter um "
        "UTF-8 bitten.",
        kind="encoding",
    )


def charset_of(content_type: str | None) -> str | None:
    match = re.search(r"charset=([A-Za-z0-9._-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def parse_xml(body: bytes, url: str) -> etree._Element:
    """Parse XML without DTDs' entities, network access or huge trees: hostile XML is refused."""
    if b"<!ENTITY" in body[:65536] or b"<!entity" in body[:65536]:
        raise ConnectorError(
            f"{url} deklariert XML-Entitäten; aus Sicherheitsgründen abgelehnt – bitte den "
            "Anbieter bitten, sie aus der Datei zu entfernen.",
            kind="unsafe_xml",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        return etree.fromstring(body, parser=parser)
    except (etree.XMLSyntaxError, DefusedXmlException) as exc:
        raise ConnectorError(
            f"{url} ist kein wohlgeformtes XML ({exc}); bitte die Datei beim Anbieter prüfen "
            "lassen.",
            kind="parse",
        ) from None
