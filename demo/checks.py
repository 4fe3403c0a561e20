"""Checks the demo generator runs on every listing before writing anything.

The date, price, place and audience strings must be ones regiohub's parsers support, so
the demo and ``expected.json`` cannot silently drift from what a harvest produces.
"""

from __future__ import annotations

import datetime as dt
import re

from demo.content_common import KIND_LABEL, VALID_FROM, VALID_TO
from demo.markup import strip_malicious

# --------------------------------------------------------------------------------------
# Date strings: the formats regiohub's parser supports, checked here before writing
# --------------------------------------------------------------------------------------

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        start=1,
    )
}
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
_T = r"(\d{1,2})[:.](\d{2})"
_RANGE_T = rf"{_T}(?: [–-] {_T})?"
_MONTH = "|".join(MONTHS)
_WD = "|".join(WEEKDAYS)

DATE_PATTERNS = {
    "dd.mm.yyyy[, HH:MM[ – HH:MM] Uhr]": re.compile(
        rf"(?:Antragsfrist: )?(\d{{2}})\.(\d{{2}})\.(\d{{4}})(?:, {_RANGE_T} Uhr)?"
    ),
    "dd.mm.yyyy – dd.mm.yyyy": re.compile(r"(\d{2})\.(\d{2})\.(\d{4}) – (\d{2})\.(\d{2})\.(\d{4})"),
    "[Weekday, ]d. Monat yyyy[, HH:MM[ – HH:MM] Uhr]": re.compile(
        rf"(?:({_WD}), )?(\d{{1,2}})\. ({_MONTH}) (\d{{4}})(?:, {_RANGE_T} Uhr)?"
    ),
    "dd.mm.[, dd.mm.] und dd.mm.yyyy, jeweils HH:MM – HH:MM Uhr": re.compile(
        rf"((?:\d{{2}}\.\d{{2}}\., )*\d{{2}}\.\d{{2}}\.) und (\d{{2}})\.(\d{{2}})\.(\d{{4}}), "
        rf"jeweils {_T} [–-] {_T} Uhr"
    ),
}


def parse_date(text: str) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of a date string; None for 'laufend'; ValueError if invalid."""
    if text == "laufend":
        return None
    if m := DATE_PATTERNS["dd.mm.yyyy[, HH:MM[ – HH:MM] Uhr]"].fullmatch(text):
        d = dt.date(int(m[3]), int(m[2]), int(m[1]))
        _check_times(m.groups()[3:])
        return d, d
    if m := DATE_PATTERNS["dd.mm.yyyy – dd.mm.yyyy"].fullmatch(text):
        a = dt.date(int(m[3]), int(m[2]), int(m[1]))
        b = dt.date(int(m[6]), int(m[5]), int(m[4]))
        if b <= a:
            raise ValueError(f"range ends before it starts: {text!r}")
        return a, b
    if m := DATE_PATTERNS["[Weekday, ]d. Monat yyyy[, HH:MM[ – HH:MM] Uhr]"].fullmatch(text):
        d = dt.date(int(m[4]), MONTHS[m[3]], int(m[2]))
        if m[1] and WEEKDAYS[d.weekday()] != m[1]:
            raise ValueError(f"{text!r}: {d} is a {WEEKDAYS[d.weekday()]}")
        _check_times(m.groups()[4:])
        return d, d
    if m := DATE_PATTERNS["dd.mm.[, dd.mm.] und dd.mm.yyyy, jeweils HH:MM – HH:MM Uhr"].fullmatch(
        text
    ):
        year = int(m[4])
        days = [
            dt.date(year, int(mo), int(da)) for da, mo in re.findall(r"(\d{2})\.(\d{2})\.", m[1])
        ]
        days.append(dt.date(year, int(m[3]), int(m[2])))
        if days != sorted(set(days)):
            raise ValueError(f"sessions not in order: {text!r}")
        _check_times(m.groups()[4:])
        return days[0], days[-1]
    raise ValueError(f"unsupported date format: {text!r}")


def _check_times(groups) -> None:
    vals = [int(g) for g in groups if g is not None]
    times = [vals[i] * 60 + vals[i + 1] for i in range(0, len(vals), 2)]
    for t in times:
        if not 0 <= t < 24 * 60:
            raise ValueError("bad time")
    if len(times) == 2 and times[1] <= times[0]:
        raise ValueError("end time before start time")


PRICE_PATTERNS = [
    re.compile(r"kostenfrei|kostenlos"),
    re.compile(r"\d{1,3}(?:\.\d{3})*,\d{2} €"),
    re.compile(r"EUR \d{1,3}(?:\.\d{3})*,-"),
    re.compile(r"\d+ € zzgl\. MwSt\."),
    re.compile(r"Teilnahmegebühr: \d+ €"),
]
FUNDING_PATTERN = re.compile(r"Zuschuss bis zu \d{1,3} % \(max\. \d{1,3}(?:\.\d{3})* Euro\)")
PLACE_PATTERN = re.compile(
    r"online|Online \(Zoom\)|Landkreis [A-ZÄÖÜ][\wäöüß-]+|[A-ZÄÖÜ][\wäöüß-]+"
    r"|[^,]+(?:, [^,]+)*, \d{5} [A-ZÄÖÜ][\wäöüß-]+"
)
MODES = {"Präsenz", "vor Ort", "Online-Seminar", "Webinar", "hybrid"}
AUDIENCES = {
    "KMU",
    "Beschäftigte",
    "Führungskräfte",
    "Betriebsräte",
    "Auszubildende",
    "Arbeitsuchende",
    "Gründerinnen und Gründer",
}


def check_listing(it: dict, where: str) -> tuple[dt.date | None, dt.date | None]:
    """Assert a valid listing uses only the supported formats; return its date span."""
    assert it["title"].strip(), where
    assert len(set(it["topics"])) == len(it["topics"]), where
    assert not set(it["topics"]) & set(KIND_LABEL.values()), (where, "topic equals a kind label")
    assert "<script" not in strip_malicious(it["desc"]), where
    if it["kind"] == "good_practice":
        return None, None
    date_text = it["frist"] if it["kind"] == "funding" else it["termin"]
    if it["kind"] != "funding":
        assert date_text != "laufend" and not date_text.startswith("Antragsfrist"), where
    span = None if it.get("unread_date") else parse_date(date_text)
    if span:
        assert VALID_FROM <= span[0] <= span[1] <= VALID_TO, (where, span)
    if it["kind"] == "funding":
        assert FUNDING_PATTERN.fullmatch(it["foerderung"]), where
        assert not it.get("format"), where
    else:
        assert any(p.fullmatch(it["kosten"]) for p in PRICE_PATTERNS), (where, it["kosten"])
        assert it["format"] in MODES, where
    assert PLACE_PATTERN.fullmatch(it["ort"]), (where, it["ort"])
    assert set(it["zielgruppe"].split(", ")) <= AUDIENCES, where
    return span or (None, None)


def check_broken(it: dict) -> None:
    if it["broken"]["field"] == "title":
        assert it["title"] == ""
        parse_date(it["termin"])  # everything else is fine
    else:
        try:
            parse_date(it["termin"])
        except ValueError:
            return
        raise AssertionError(f"broken date parses: {it['termin']}")
