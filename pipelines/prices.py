"""German price and funding texts → amounts. Unknown stays empty: a wrong price is worse.

``kostenfrei``, ``Kosten: keine``, ``Teilnahme frei`` → free; ``150,00 €``, ``EUR 1.250,-``,
``365,– €``, ``420.00 EUR`` (schema.org and API dot decimals), ``95 € zzgl. MwSt.`` (net, as
printed), ``ab 49 € …, sonst 69 €`` (the lowest) → an amount in EUR; a price field holding only a
number (``2450.0``, ``260,00``) is an amount in EUR too. ``Zuschuss bis zu 50 % (max. 10.000
Euro)`` → share 50 %, cap 10,000 EUR.

"Free" needs positive evidence – a free word, ``0 €`` or ``keine`` as the whole price – and is
never read where another amount could be the price: ``kostenfrei für Mitglieder, sonst 40 €``
stays unknown. Numbers that are no prices are never read as one: percentages (``19 % MwSt.``,
``10 % Rabatt``, ``zu 50 % förderfähig``), caps of a funding (``max. 1.500 €``), donations,
counts and durations (they carry no currency). A text naming several different amounts (``99 € /
ermäßigt 49 €``) keeps only its text, unless ``ab`` says the lowest one is the price.

The amount grammar is our own rather than Zyte's ``price-parser``: measured on the project's
labelled set and the independent development set (docs/normalisation.md), price-parser reads one
number per text and cannot tell a cap, a percentage or a second price from the price, which is
what most of the hard cases are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.taxonomy import taxonomy

FREE = re.compile(
    r"\b(kostenfrei|kostenlos|gebührenfrei|entgeltfrei|unentgeltlich|gratis|beitragsfrei|"
    r"ohne (teilnahme)?(gebühr|gebühren|kosten|entgelt)|keine (teilnahme)?(kosten|gebühr|gebühren)|"
    r"eintritt (ist )?frei|teilnahme (ist )?frei|freier eintritt)\b",
    re.I,
)
#: "keine", "entfällt", "0" as the whole price text: nothing to pay
WHOLE_FREE = re.compile(r"^\s*(keine|keine\.|entfällt|frei|0|0[.,]0{1,2}|-)\s*$", re.I)
NOT_FREE = re.compile(r"\b(kostenpflichtig|nicht (kostenfrei|kostenlos|gebührenfrei))\b", re.I)
_CURRENCY = r"(?:€|eur\b|euro\b)"
#: 1.240 / 1 240 (with a non-breaking space) / 1240, then ,50 .50 ,- ,– (not a third digit)
_NUMBER = r"\d{1,3}(?:[.\u00a0\u202f]\d{3})+|\d+"
_FRACTION = r"(?:[.,](?:\d{1,2}(?!\d)|-{1,2}|–|—))?"


def _amount_pattern(tag: str) -> str:
    return rf"(?P<num{tag}>{_NUMBER})(?P<frac{tag}>{_FRACTION})"


#: "EUR 1.250,-" (currency first) or "150,00 €" (currency last); never a percentage
AMOUNT = re.compile(
    rf"{_CURRENCY}\s*{_amount_pattern('a')}(?!\s*(?:%|prozent))"
    rf"|(?<![\d.,]){_amount_pattern('b')}\s*{_CURRENCY}",
    re.I,
)
#: a price field that is only a number: "2450.0", "260,00", "760"
BARE_AMOUNT = re.compile(rf"^\s*(?P<num>{_NUMBER})(?P<frac>{_FRACTION})\s*{_CURRENCY}?\s*$", re.I)
#: words right before an amount that make it a cap, a funding or a donation, not a price
NOT_A_PRICE_CUE = re.compile(
    r"\b(maximal|max\.?|höchstens|bis zu|bis|mindestens|"
    r"\w*(zuschuss|zuschüsse|förder|spende|investition|einsparung|kredit|darlehen|erstatt|umsatz)\w*)",
    re.I,
)
#: what may stand between such a word and the amount
_CUE_TAIL = re.compile(r"(\s+(von|in höhe von|um|über|rund|ca\.|etwa))*\s*(€|eur|euro)?\s*", re.I)


def _not_a_price(clause: str) -> bool:
    """Whether the words right before an amount make it a cap, funding or donation."""
    last = None
    for last in NOT_A_PRICE_CUE.finditer(clause):  # noqa: B007 - the last one counts
        pass
    return last is not None and _CUE_TAIL.fullmatch(clause, last.end()) is not None


LOWEST = re.compile(r"\bab\s*$", re.I)
#: "… kostenfrei, Folgetermine 60 €": the first meeting is what the listing offers
FIRST_FREE = re.compile(
    r"\b(erstberatung|erstgespräch|erstcheck|erstkontakt|erste beratung|erstes gespräch)"
    r"\s+(ist\s+)?"
    r"(kostenfrei|kostenlos|gebührenfrei|gratis|unentgeltlich)",
    re.I,
)
#: "kostenfrei für Beschäftigte aus KMU, sonst 240 €": free for whom?
FREE_FOR = re.compile(
    r"(kostenfrei|kostenlos|gebührenfrei|gratis|unentgeltlich)\s+für\s+(?P<who>[^,;.()]+)", re.I
)
ON_REQUEST = re.compile(r"\b(auf anfrage|nach vereinbarung|nach absprache|individuell)\b", re.I)

SHARE = re.compile(r"(?P<share>\d{1,3}(?:,\d+)?)\s*(?:%|prozent\b)", re.I)
CAP = re.compile(
    rf"(?:max\.?|maximal|höchstens|bis zu|bis)\s*(?:{_CURRENCY}\s*)?"
    rf"(?P<num>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(?P<cents>\d{{1,2}}|-{{1,2}}))?\s*{_CURRENCY}?",
    re.I,
)
OWN_SHARE = re.compile(r"\beigenanteil\b", re.I)
#: a share the applicant pays ("trägt mindestens 30 %", "Eigenanteil von 10 %"), not the funded one
OWN_SHARE_BEFORE = re.compile(
    r"\b(eigenanteil\w*|mindestens|trägt|tragen|selbst|eigenmittel\w*)(\s+\w+){0,2}\s*$", re.I
)
#: a share that is no funding at all ("19 % MwSt.", "10 % Rabatt")
NOT_A_SHARE_AFTER = re.compile(r"^\s*(mwst|ust|mehrwertsteuer|umsatzsteuer|rabatt|skonto)", re.I)
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
#: sentences in running text that say what the offer itself costs
PROSE_FREE = re.compile(
    r"\b(die\s+)?(teilnahme|nutzung|beratung|veranstaltung|anmeldung und teilnahme)\s+"
    r"(ist|bleibt)\s+(für\s+[^.;:]{1,60}?\s+)?"
    r"(kostenfrei|kostenlos|gebührenfrei|unentgeltlich|frei|gratis)\b"
    r"(?!\s+(wählbar|zugänglich|gestaltbar|zu wählen))"
    r"|\b(der|die|das)\s+(kurs|seminar|workshop|webinar|training|lehrgang|angebot|sprechstunde|"
    r"check|termin|abend|impuls|vortrag|austausch|treffen)\s+(ist|bleibt)\s+"
    r"(für\s+[^.;:]{1,60}?\s+)?(kostenfrei|kostenlos|gebührenfrei|unentgeltlich|gratis)\b"
    r"|^\s*(eintritt frei|teilnahme frei|kostenfrei|kostenlos|der eintritt ist frei)\s*[.!]?\s*$",
    re.I | re.M,
)
PROSE_PRICE = re.compile(
    r"\b(teilnahme|teilnehmer|kurs|seminar|lehrgangs?|workshop|kosten)?(gebühr|entgelt|beitrag|preis|kosten)\b"
    r"\s*(beträgt|beträgt pro person|liegt bei|von|in höhe von|:)?\s*[^.;\n]{0,25}?"
    rf"(?={_CURRENCY}\s*\d|\d[\d.,\u00a0]*\s*{_CURRENCY})",
    re.I,
)


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


UNKNOWN = ParsedPrice(None, None, None)
FREE_PRICE = ParsedPrice(0.0, "EUR", True)


def _value(num: str, fraction: str | None) -> float:
    whole = float(re.sub(r"[.\u00a0\u202f]", "", num))
    cents = (fraction or "")[1:]
    if cents.isdigit():
        whole += float(cents.ljust(2, "0")) / 100
    return whole


@dataclass(frozen=True)
class _Amount:
    value: float
    start: int
    lowest: bool  # "ab 49 €"
    excluded: bool  # a cap, a funding amount, a donation: not a price


def _amounts(text: str) -> list[_Amount]:
    found = []
    for m in AMOUNT.finditer(text):
        num, frac = (m["numa"], m["fraca"]) if m["numa"] else (m["numb"], m["fracb"])
        before = text[max(0, m.start() - 40) : m.start()]
        clause = re.split(r"[,;:()–]|\s-\s", before)[-1]
        found.append(
            _Amount(
                _value(num, frac),
                m.start(),
                LOWEST.search(before) is not None,
                _not_a_price(clause),
            )
        )
    return found


def _free_for_audience(text: str) -> bool:
    """ "kostenfrei für Beschäftigte aus KMU": free for people the hub's audiences name."""
    match = FREE_FOR.search(text)
    return match is not None and bool(taxonomy()["audiences"].find(match["who"]))


def parse_price(text: str) -> ParsedPrice:
    """Read a price text; fields we are not sure of stay None."""
    text = " ".join(text.split())
    if not text:
        return UNKNOWN
    if WHOLE_FREE.match(text):
        return FREE_PRICE
    bare = BARE_AMOUNT.match(text)
    if bare:
        amount = _value(bare["num"], bare["frac"])
        return FREE_PRICE if amount == 0 else ParsedPrice(amount, "EUR", False)
    amounts = _amounts(text)
    prices = [a for a in amounts if not a.excluded]
    paid = {a.value for a in prices} - {0.0}
    free_word = FREE.search(text) is not None and NOT_FREE.search(text) is None
    if free_word or (prices and not paid):
        if not paid:
            return FREE_PRICE
        # a free word beside an amount: free only if the free part is the offer itself
        if FIRST_FREE.search(text) or _free_for_audience(text):
            return FREE_PRICE
        return UNKNOWN
    if not paid:
        return UNKNOWN
    if len(paid) == 1:
        return ParsedPrice(paid.pop(), "EUR", False)
    if any(a.lowest for a in prices):  # "ab 59 € (…, danach 79 €)": the lowest is the price
        return ParsedPrice(min(paid), "EUR", False)
    return UNKNOWN  # "99 € / ermäßigt 49 €": two prices, neither is the price


def price_in_prose(text: str) -> str | None:
    """The part of a description that says what the offer costs, for :func:`parse_price`.

    Only sentences whose subject is the offer count: "Die Teilnahme ist kostenfrei", "Eintritt
    frei.", "Die Teilnahmegebühr beträgt 90 €". "Unsere Lotsinnen helfen ohne Kosten beim Antrag"
    or "mit kostenlosen Werkzeugen" say nothing about the price.
    """
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if PROSE_PRICE.search(sentence) or PROSE_FREE.search(sentence):
            return sentence.strip()
    return None


def parse_funding(text: str) -> ParsedFunding:
    """Read a funding text: aid type, share of costs in %, cap in EUR."""
    lower = text.lower()
    aid = next((label for word, label in AID_TYPES.items() if word in lower), None)
    return ParsedFunding(aid, _share(text), _cap(text))


def _share(text: str) -> float | None:
    funded: set[float] = set()
    own: set[float] = set()
    for m in SHARE.finditer(text):
        if NOT_A_SHARE_AFTER.match(text[m.end() :]):
            continue
        value = float(m["share"].replace(",", "."))
        before = text[max(0, m.start() - 30) : m.start()]
        (own if OWN_SHARE_BEFORE.search(before) else funded).add(value)
    if len(funded) == 1:
        share: float | None = funded.pop()
    elif not funded and len(own) == 1 and OWN_SHARE.search(text):
        share = 100 - own.pop()  # "Eigenanteil 25 %, der Rest wird gefördert": 75 % funded
    else:
        share = None
    return share if share is not None and 0 < share <= 100 else None


def _cap(text: str) -> float | None:
    caps = {
        _value(m["num"], f",{m['cents']}" if m["cents"] else None)
        for m in CAP.finditer(text)
        if not re.match(r"\s*(%|prozent)", text[m.end() :], re.I)
        and re.search(_CURRENCY, m.group(0) + text[m.end() : m.end() + 6], re.I)
    }
    caps |= {float(m["num"].replace(",", ".")) * 1_000_000 for m in MILLIONS.finditer(text)}
    caps -= {float(m["num"].replace(",", ".")) for m in MILLIONS.finditer(text)}
    return caps.pop() if len(caps) == 1 else None


#: funding words a sentence of the description must hold for its share or cap to count
FUNDING_SENTENCE = re.compile(
    r"\b(zuschuss\w*|förder\w*|gefördert|bezuschusst|erstattet|übernimmt|übernommen|"
    r"förderquote|fördersatz|zuwendung\w*)",
    re.I,
)


def funding_in_prose(text: str) -> ParsedFunding:
    """Share and cap said in the running text of a funding listing ("Der Zuschuss beträgt bis
    zu 40 Prozent …"); only sentences about the funding count, so a minimum project size
    ("muss mindestens 3.000 Euro kosten") or the applicant's own share are not read."""
    shares: set[float] = set()
    caps: set[float] = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if not FUNDING_SENTENCE.search(sentence):
            continue
        share, cap = _share(sentence), _cap(sentence)
        if share is not None:
            shares.add(share)
        if cap is not None:
            caps.add(cap)
    return ParsedFunding(
        None,
        shares.pop() if len(shares) == 1 else None,
        caps.pop() if len(caps) == 1 else None,
    )
