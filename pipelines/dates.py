"""German date texts → aware datetimes in Europe/Berlin. Pure functions; no guessing.

Conventions, so that every consumer reads the results the same way:

- A session without a time is *all-day*: its ``start`` (and ``end``, if any) is local midnight of
  that day; read such values as dates (inclusive), e.g. ``03.–05.06.2027`` is one all-day session
  from 3 June 00:00 to 5 June 00:00.
- ``ParsedSchedule.end`` is the last session's end, or, when there are several sessions and the last
  has no end, the last session's start; ``None`` for a single session without an end.
- A date without a year (``03.06.``) takes the year that puts it on or after ``reference − 90 days``
  (a listing is published before its dates, or shortly after a course began). Without a
  ``reference`` such a text is unreadable.
- A month or calendar week (``Sept. 2024``, ``KW 12/2025``) is one all-day session over the
  whole month or ISO week (Monday–Sunday), with ``precision`` "month" / "week"; ``ab`` before
  it or before a date gives a start without an end. ``laufend``, ``fortlaufend``, ``ab sofort``
  … are ``ongoing`` without dates.
- End times before start times, weekdays that contradict the date, impossible days and any word the
  parser does not know make the whole text unreadable: unknown is better than wrong. The reason
  (``UnreadableDate``) is in German, for the partner; ``impossible`` marks days that do not exist.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
YEARLESS_WINDOW = timedelta(days=90)

MONTHS: dict[str, int] = {
    **dict.fromkeys(("januar", "jänner", "jan"), 1),
    **dict.fromkeys(("februar", "feb", "febr"), 2),
    **dict.fromkeys(("märz", "maerz", "mär", "mrz"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    "mai": 5,
    **dict.fromkeys(("juni", "jun"), 6),
    **dict.fromkeys(("juli", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "okt"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("dezember", "dez"), 12),
}
WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("montag", "mo"), 0),
    **dict.fromkeys(("dienstag", "di"), 1),
    **dict.fromkeys(("mittwoch", "mi"), 2),
    **dict.fromkeys(("donnerstag", "do"), 3),
    **dict.fromkeys(("freitag", "fr"), 4),
    **dict.fromkeys(("samstag", "sonnabend", "sa"), 5),
    **dict.fromkeys(("sonntag", "so"), 6),
}
ONGOING = re.compile(
    r"(fort)?laufend(e antragstellung| antragstellung)?( möglich)?|ganzjährig|jederzeit( möglich)?|"
    r"ab sofort|(antragstellung|einstieg|beginn|anmeldung) (ist )?(laufend|fortlaufend|jederzeit)"
    r"( möglich)?|laufende antragstellung( möglich)?"
)
LABEL = re.compile(
    r"^(termin|termine|datum|zeit|wann|antragsfrist|frist|bewerbungsfrist|einreichungsfrist|"
    r"anmeldeschluss|anmeldefrist|stichtag|beginn|start)\s*:\s*"
)
DEADLINE_LEAD = re.compile(r"^(bis( zum| spätestens)?|spätestens( am| bis( zum)?)?)\s+")
FILLERS = frozenset({"am", "vom", "von", "um", "den", "dem", "und", "sowie", ","})
ISO_PART = r"\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
ISO = re.compile(rf"(?P<a>{ISO_PART})(?:/(?P<b>{ISO_PART}))?", re.IGNORECASE)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
TOKEN = re.compile(
    rf"(?P<num_date>(?P<d1>\d{{1,2}})\.(?P<m1>\d{{1,2}})\.(?:(?P<y1>\d{{4}}|\d{{2}})(?!\d))?)"
    rf"|(?P<name_date>(?P<d2>\d{{1,2}})\.?\s*(?P<mn>{_MONTH_NAMES})(?![a-zäöü])\.?"
    rf"(?:\s*(?P<y2>\d{{4}})(?!\d))?)"
    r"|(?P<day>\d{1,2})\.(?!\d)"
    r"|(?P<time>(?P<h>\d{1,2})[:.](?P<mi>\d{2}))(?!\d)"
    r"|(?P<num>\d{1,2})(?![\d.:])"
    r"|(?P<word>[a-zäöüß]+)\.?"
    r"|(?P<dash>-)|(?P<comma>,)|(?P<space>\s+)"
)


MONTH_ONLY = re.compile(rf"(?:(?P<ab>ab) |im )?(?P<mn>{_MONTH_NAMES})\.? ?(?P<y>\d{{4}})")
WEEK = re.compile(
    r"(?:(?P<ab>ab) |in der )?(?:kw|kalenderwoche)\.? ?(?P<w>\d{1,2})(?:(?: ?/ ?| |\. ?)"
    r"(?P<y>\d{4}|\d{2}))?"
)


class UnreadableDate(ValueError):
    """A date text that cannot be read with confidence; the message says why, in German.

    ``impossible`` marks dates that were read but do not exist (31.02.), so the quarantine can
    say "existiert nicht" rather than "nicht lesbar".
    """

    def __init__(self, message: str, *, impossible: bool = False) -> None:
        super().__init__(message)
        self.impossible = impossible


class ParsedSession(NamedTuple):
    start: datetime
    end: datetime | None
    all_day: bool


@dataclass(frozen=True)
class ParsedSchedule:
    start: datetime | None = None
    end: datetime | None = None
    sessions: list[ParsedSession] = field(default_factory=list)
    ongoing: bool = False
    #: "day" for exact dates; "month" / "week" for ``Sept. 2024`` / ``KW 12/2025``
    precision: str = "day"
    #: "dated"; or a statement instead of dates: "ongoing" (laufend, regular office hours),
    #: "on_request" (nach Vereinbarung, auf Anfrage) – see pipelines.schedules
    kind: str = "dated"
    #: a stated number of sessions when fewer are listed ("ab 01.10., 6 Termine")
    count: int | None = None

    def last_moment(self) -> datetime | None:
        """The latest moment covered: the last session's end, or the end of its last day."""
        if not self.sessions:
            return None
        last = self.sessions[-1]
        if last.all_day:
            day = (last.end or last.start).date()
            return datetime.combine(day, time(23, 59, 59), BERLIN)
        return last.end or last.start


def parse_schedule(text: str, *, reference: date | None = None) -> ParsedSchedule | None:
    """Read a German date text (see the module docstring); ``None`` when not confident."""
    try:
        return read_schedule(text, reference=reference)
    except UnreadableDate:
        return None


def parse_deadline(text: str, *, reference: date | None = None) -> ParsedSchedule | None:
    """Like parse_schedule, but also accepts a leading "bis (zum)" / "spätestens (am)"."""
    try:
        return read_schedule(text, reference=reference, deadline=True)
    except UnreadableDate:
        return None


def read_schedule(
    text: str, *, reference: date | None = None, deadline: bool = False
) -> ParsedSchedule:
    """Like parse_schedule, but raise UnreadableDate saying why instead of returning None.

    The strict grammar below first, then what partners write around it (pipelines.schedules).
    """
    from pipelines.schedules import read_partner_schedule  # it builds on this module

    return read_partner_schedule(text, reference=reference, deadline=deadline)


def read_strict(
    text: str, *, reference: date | None = None, deadline: bool = False
) -> ParsedSchedule:
    """One clean date text exactly as the grammar of this module says, or UnreadableDate."""
    s = _normalise(text)
    if deadline:
        s = DEADLINE_LEAD.sub("", s)
    if not s:
        raise UnreadableDate("der Text ist leer")
    if ONGOING.fullmatch(s):
        return ParsedSchedule(ongoing=True, kind="ongoing")
    iso = ISO.fullmatch(s)
    if iso:
        return _from_iso(text.strip(), iso)
    coarse = MONTH_ONLY.fullmatch(s) or WEEK.fullmatch(s)
    if coarse:
        return _coarse(coarse, reference)
    return _Parser(_tokens(s), reference).parse()


def _coarse(match: re.Match[str], reference: date | None) -> ParsedSchedule:
    """``Sept. 2024`` or ``KW 12/2025``: one all-day session over the month or ISO week.

    A week without a year (``KW 45``) is the first such week on or after reference − 90 days.
    """
    year = _year(match["y"]) or 0
    if not match["y"]:
        if reference is None:
            raise UnreadableDate("dem Datum fehlt das Jahr")
        earliest = reference - YEARLESS_WINDOW
        year = earliest.year
        if date.fromisocalendar(year, min(int(match["w"]), 52), 7) < earliest:
            year += 1
    try:
        if match.re is MONTH_ONLY:
            first = date(year, MONTHS[match["mn"]], 1)
            following = date(year + first.month // 12, first.month % 12 + 1, 1)
            last, precision = following - timedelta(days=1), "month"
        else:
            first = date.fromisocalendar(year, int(match["w"]), 1)
            last, precision = first + timedelta(days=6), "week"
    except ValueError:
        raise UnreadableDate(f"'{match.group(0)}' gibt es nicht", impossible=True) from None
    start = _at(first)
    if match["ab"]:
        return ParsedSchedule(start, None, [ParsedSession(start, None, True)], precision=precision)
    session = ParsedSession(start, _at(last), True)
    return ParsedSchedule(start, session.end, [session], precision=precision)


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip().lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\bs\.\s?t\.(?=\s|$)", "", s)  # "s.t." (sharp) changes nothing
    s = s.replace("|", ",").replace(" + ", " und ").replace("(", ", ").replace(")", " ")
    s = re.sub(r"\s+", " ", s).strip(" ,")
    return LABEL.sub("", s).strip()


def _from_iso(original: str, match: re.Match[str]) -> ParsedSchedule:
    values: list[tuple[datetime, bool]] = []
    for group in ("a", "b"):
        part = match.group(group)
        if part is None:
            continue
        raw = original[match.start(group) : match.end(group)].upper()
        try:
            value = datetime.fromisoformat(raw.replace(" ", "T"))
        except ValueError:
            raise UnreadableDate(f"{raw} gibt es nicht", impossible=True) from None
        all_day = len(part) == 10
        local = value.replace(tzinfo=BERLIN) if value.tzinfo is None else value.astimezone(BERLIN)
        values.append((local, all_day))
    start, all_day = values[0]
    end = values[1][0] if len(values) > 1 else None
    if end is not None and (end < start or values[1][1] != all_day):
        raise UnreadableDate("der Zeitraum endet vor seinem Beginn oder mischt Tage und Uhrzeiten")
    session = ParsedSession(start, end, all_day)
    return ParsedSchedule(start=start, end=end, sessions=[session])


class _Token(NamedTuple):
    kind: str  # date, time, num, range, uhr, jeweils, ab, allday
    value: Any = None


@dataclass
class _Day:
    day: int
    month: int | None
    year: int | None
    weekday: int | None = None
    borrowed_year: bool = False


def _tokens(s: str) -> list[_Token]:
    tokens: list[_Token] = []
    weekday: int | None = None
    pos = 0
    while pos < len(s):
        m = TOKEN.match(s, pos)
        if not m:
            raise UnreadableDate(f"unerwartetes Zeichen in '{s[pos:]}'")
        pos = m.end()
        kind = m.lastgroup if m.lastgroup in {"dash", "comma", "space"} else None
        if m.group("num_date"):
            year = _year(m.group("y1"))
            tokens.append(_Token("date", _Day(int(m["d1"]), int(m["m1"]), year, weekday)))
        elif m.group("name_date"):
            year = _year(m.group("y2"))
            day = _Day(int(m["d2"]), MONTHS[m["mn"]], year, weekday)
            tokens.append(_Token("date", day))
        elif m.group("day"):
            tokens.append(_Token("date", _Day(int(m["day"]), None, None, weekday)))
        elif m.group("time"):
            tokens.append(_Token("time", (int(m["h"]), int(m["mi"]))))
        elif m.group("num"):
            tokens.append(_Token("num", (int(m["num"]), 0)))
        elif m.group("word"):
            word = m["word"]
            if word in WEEKDAYS:
                weekday = WEEKDAYS[word]
                continue
            if word in {"bis", "uhr", "jeweils", "ab", "ganztägig", "ganztags"}:
                tokens.append(_Token({"bis": "range", "ganztags": "allday"}.get(word, word)))
            elif word not in FILLERS:
                raise UnreadableDate(f"unbekanntes Wort '{word}'")
        elif kind == "dash":
            tokens.append(_Token("range"))
        if tokens and tokens[-1].kind == "date":
            weekday = None
        elif weekday is not None and kind not in {"comma", "space"} and m["word"] not in FILLERS:
            raise UnreadableDate("auf den Wochentag folgt kein Datum")
    if weekday is not None:
        raise UnreadableDate("auf den Wochentag folgt kein Datum")
    return [_Token("allday") if t.kind == "ganztägig" else t for t in tokens]


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


class _Parser:
    """Grammar: [ab] DATES [jeweils] [TIMES] | DATE TIME [uhr] - DATE TIME [uhr].

    DATES is one date, a range ``D - D`` / ``D bis D``, or a list ``D, D und D``.
    TIMES is ``T [uhr] [- T] [uhr]``; bare hours (``17 Uhr``) need the "Uhr".
    """

    def __init__(self, tokens: list[_Token], reference: date | None) -> None:
        self.tokens = tokens
        self.pos = 0
        self.reference = reference

    def peek(self, offset: int = 0) -> str | None:
        index = self.pos + offset
        return self.tokens[index].kind if index < len(self.tokens) else None

    def take(self, kind: str) -> _Token | None:
        if self.peek() == kind:
            self.pos += 1
            return self.tokens[self.pos - 1]
        return None

    def parse(self) -> ParsedSchedule:
        start_only = self.take("ab") is not None
        days: list[_Day] = []
        is_range = False
        while (token := self.take("date")) is not None:
            days.append(token.value)
            if self.peek() == "range" and self.peek(1) == "date" and not is_range:
                self.pos += 1
                is_range = True
        if not days:
            raise UnreadableDate("kein Datum gefunden")
        if (is_range and len(days) != 2) or (start_only and len(days) > 1):
            raise UnreadableDate("zu viele Daten für einen Zeitraum")
        self.take("jeweils")
        all_day_said = self.take("allday") is not None
        times = self._times()
        end_day: _Day | None = None
        end_time: tuple[int, int] | None = None
        if len(days) == 1 and times and times[1] is None and self.take("range"):
            if self.peek() != "date":
                raise UnreadableDate("dem Zeitraum fehlt das Ende")
            end_day = self.tokens[self.pos].value
            self.pos += 1
            end_times = self._times()
            if end_times is None or end_times[1] is not None:
                raise UnreadableDate(
                    "ein Zeitraum mit Uhrzeiten braucht an beiden Enden eine Uhrzeit"
                )
            end_time = end_times[0]
            days.append(end_day)
        if self.pos != len(self.tokens) or (all_day_said and times):
            raise UnreadableDate("nach dem Datum folgt weiterer Text")
        resolved = _resolve(days, self.reference, strictly_increasing=not is_range)
        if end_day is not None and times:
            first = _at(resolved[0], times[0])
            last = _at(resolved[1], end_time or (0, 0))
            return _schedule([ParsedSession(first, _after(first, last), False)])
        if is_range:
            if times:
                first, last = _at(resolved[0], times[0]), _at(resolved[1], times[1] or times[0])
                return _schedule([ParsedSession(first, _after(first, last), False)])
            first, last = _at(resolved[0]), _at(resolved[1])
            return _schedule([ParsedSession(first, _after(first, last), True)])
        sessions = []
        for day in resolved:
            if times is None:
                sessions.append(ParsedSession(_at(day), None, True))
            else:
                begin = _at(day, times[0])
                end = _after(begin, _at(day, times[1])) if times[1] else None
                sessions.append(ParsedSession(begin, end, False))
        return _schedule(sessions)

    def _times(self) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
        if self.peek() not in {"time", "num"}:
            return None
        bare = self.peek() == "num"
        first = self.tokens[self.pos].value
        self.pos += 1
        said_uhr = self.take("uhr") is not None
        second = None
        if self.peek() == "range" and self.peek(1) in {"time", "num"}:
            bare = bare or self.peek(1) == "num"
            second = self.tokens[self.pos + 1].value
            self.pos += 2
            said_uhr = self.take("uhr") is not None or said_uhr
        if bare and not said_uhr:
            raise UnreadableDate("eine Zahl ohne 'Uhr' ist keine Uhrzeit")
        for hour, minute in (first, second or first):
            if hour > 23 or minute > 59:
                raise UnreadableDate(
                    f"die Uhrzeit {hour}:{minute:02d} gibt es nicht", impossible=True
                )
        return first, second


def _resolve(days: list[_Day], reference: date | None, *, strictly_increasing: bool) -> list[date]:
    """Fill missing months and years from later dates (or the reference) and check them."""
    month: int | None = None
    year: int | None = None
    for day in reversed(days):
        day.month = day.month or month
        if day.month is None:
            raise UnreadableDate("einem Tag fehlt der Monat")
        if day.year is None and year is not None:
            day.year, day.borrowed_year = year, True
        month, year = day.month, day.year
    if days[-1].year is None:
        days[-1].year = _infer_year(days[-1], reference)
        for day in days[:-1]:
            day.year, day.borrowed_year = days[-1].year, True
    result = [_date(day) for day in days]
    for i in range(len(result) - 2, -1, -1):
        if _out_of_order(result[i], result[i + 1], strictly_increasing) and days[i].borrowed_year:
            days[i].year = (days[i].year or 0) - 1
            result[i] = _date(days[i])
        if _out_of_order(result[i], result[i + 1], strictly_increasing):
            raise UnreadableDate("die Daten stehen nicht in zeitlicher Reihenfolge")
    return result


def _out_of_order(a: date, b: date, strictly: bool) -> bool:
    return a >= b if strictly else a > b


def _infer_year(day: _Day, reference: date | None) -> int:
    if reference is None:
        raise UnreadableDate("dem Datum fehlt das Jahr")
    earliest = reference - YEARLESS_WINDOW
    for year in (earliest.year, earliest.year + 1):
        try:
            candidate = date(year, day.month or 0, day.day)
        except ValueError:
            continue
        if candidate >= earliest:
            return year
    raise UnreadableDate(f"den {day.day:02d}.{day.month:02d}. gibt es nicht", impossible=True)


def _date(day: _Day) -> date:
    try:
        value = date(day.year or 0, day.month or 0, day.day)
    except ValueError:
        raise UnreadableDate(
            f"den {day.day:02d}.{day.month:02d}.{day.year} gibt es nicht", impossible=True
        ) from None
    if day.weekday is not None and value.weekday() != day.weekday:
        names = [n for n, i in WEEKDAYS.items() if i == value.weekday()]
        raise UnreadableDate(
            f"der {value:%d.%m.%Y} ist ein {names[0].capitalize()}, nicht der genannte Wochentag"
        )
    return value


def _at(day: date, hm: tuple[int, int] = (0, 0)) -> datetime:
    return datetime.combine(day, time(*hm), BERLIN)


def _after(start: datetime, end: datetime) -> datetime:
    if end <= start:
        raise UnreadableDate("das Ende liegt vor dem Beginn")
    return end


def _schedule(sessions: list[ParsedSession]) -> ParsedSchedule:
    last = sessions[-1]
    end = last.end or (last.start if len(sessions) > 1 else None)
    return ParsedSchedule(start=sessions[0].start, end=end, sessions=sessions)
