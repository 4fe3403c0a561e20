"""German price and funding texts → amounts. Unknown stays empty: a wrong price is worse.

``kostenfrei`` → free; ``150,00 €``, ``EUR 1.250,-``, ``95 € zzgl. MwSt.``, ``ab 99 €`` → an
amount in EUR; ``Zuschuss bis zu 50 % (max. 10.000 Euro)`` → share 50 %, cap 10,000 EUR.
A text naming several different amounts (``99 € / ermäßigt 49 €``) keeps only its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FREE = re.compile(
    r"\b(kostenfrei|kostenlos|gebührenfrei|entgeltfrei|unentgeltlich|gratis|"
    r"ohne (teilnahme)?gebühr|keine kosten|eintritt frei)\b",
    re.I,
)
_CURRENCY = r"(?:€|eur\b|euro\b)"


def _number(tag: str) -> str:
    return rf"(?P<num{tag}>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(?P<cents{tag}>\d{{1,2}}|-{{1,2}}|–))?"


#: "EUR 1.250,-" (currency first) or "150,00 €" (currency last)
AMOUNT = re.compile(rf"{_CURRENCY}\s*{_number('a')}(?!\s*%)|{_number('b')}\s*{_CURRENCY}", re.I)
SHARE = re.compile(r"(?P<share>\d{1,3}(?:,\d+)?)\s*(?:%|prozent\b)", re.I)
CAP = re.compile(
    rf"(?:max\.?|maximal|höchstens|bis zu|bis)\s*(?:{_CURRENCY}\s*)?"
    rf"(?P<num>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(?P<cents>\d{{1,2}}|-{{1,2}}))?\s*{_CURRENCY}?",
    re.I,
)
#: words that make a text about funding (share, cap), whose amounts are not prices
FUNDING_CUES = re.compile(
    r"\b(zuschuss|zuschüsse|förder\w*|darlehen|kredit|max\.|maximal|höchstens|bis zu)|"
    r"(%|\bprozent\b)(?!\s*(mwst|ust|mehrwertsteuer))",
    re.I,
)
OWN_SHARE = re.compile(r"\beigenanteil\b", re.I)
#: "2 Mio. Euro", "1,5 Millionen €" — caps of loans and programmes
MILLIONS = re.compile(
    rf"(?P<num>\d{{1,3}}(?:,\d{{1,2}})?)\s*(?:mio\.?|millionen|million)\s*{_CURRENCY}", re.I
)
AID_TYPES: dict[str, str] = {
    "zuschuss": "Zuschuss",
    "zuschüsse": "Zuschuss",
    "darlehen": "Darlehen",
    "kredit": "Darlehen",
    "bürgschaft": "Bürgschaft",
    "beteiligung": "Beteiligung",
    "prämie": "Prämie",
    "gutschein": "Gutschein",
    "beratung": "Beratungsförderung",
}


@dataclass(frozen=True)
class ParsedPrice:
    amount: float | None
    currency: str | None
    free: bool | None


@dataclass(frozen=True)
class ParsedFunding:
    aid_type: str | None
    share_percent: float | None
    max_amount: float | None


def _value(num: str, cents: str | None) -> float:
    whole = float(num.replace(".", ""))
    if cents and cents.isdigit():
        whole += float(cents.ljust(2, "0")) / 100
    return whole


def parse_price(text: str) -> ParsedPrice:
    """Read a price text; fields we are not sure of stay None."""
    if FUNDING_CUES.search(text):
        return ParsedPrice(None, None, None)  # a funding amount or cap is not a price
    amounts = {_value(num, cents) for num, cents in _amounts(text)}
    free_word = FREE.search(text) is not None
    if free_word and not amounts - {0.0}:
        return ParsedPrice(0.0, "EUR", True)
    if free_word:  # "kostenfrei für Mitglieder, sonst 40 €": two prices, neither is the price
        return ParsedPrice(None, None, None)
    if len(amounts) == 1:
        (amount,) = amounts
        return ParsedPrice(amount, "EUR", amount == 0.0)
    return ParsedPrice(None, None, None)


def _amounts(text: str) -> list[tuple[str, str | None]]:
    """(number, cents) of every amount with a currency in the text."""
    return [
        (m["numa"], m["centsa"]) if m["numa"] else (m["numb"], m["centsb"])
        for m in AMOUNT.finditer(text)
    ]


def parse_funding(text: str) -> ParsedFunding:
    """Read a funding text: aid type, share of costs in %, cap in EUR."""
    lower = text.lower()
    aid = next((label for word, label in AID_TYPES.items() if word in lower), None)
    shares = {float(m["share"].replace(",", ".")) for m in SHARE.finditer(text)}
    share = shares.pop() if len(shares) == 1 else None
    if share is not None and OWN_SHARE.search(text):
        share = 100 - share  # "Eigenanteil 25 %" means 75 % are funded
    if share is not None and not 0 < share <= 100:
        share = None
    caps = {
        _value(m["num"], m["cents"])
        for m in CAP.finditer(text)
        if not re.match(r"\s*(%|prozent)", text[m.end() :], re.I)
        and re.search(_CURRENCY, m.group(0) + text[m.end() : m.end() + 6], re.I)
    }
    caps |= {float(m["num"].replace(",", ".")) * 1_000_000 for m in MILLIONS.finditer(text)}
    caps -= {float(m["num"].replace(",", ".")) for m in MILLIONS.finditer(text)}
    cap = caps.pop() if len(caps) == 1 else None
    return ParsedFunding(aid, share, cap)
