"""The schedule grammar partners really write, on top of the strict reader in ``pipelines.dates``.

``read_schedule`` (dates.py) reads one clean date text exactly. Partners write more around it:

- statements instead of dates: "nach Vereinbarung", "auf Anfrage" (kind ``on_request``) and
  "laufend", "fortlaufend", "jederzeit", "solange Mittel vorhanden sind", regular office hours
  ("jeden ersten Mittwoch im Monat", "dienstags 14–16 Uhr") (kind ``ongoing``) – no dates, and
  never past;
- a count and a rhythm: "ab 01.10.2026, 6 Termine, donnerstags 16–18 Uhr" (start, 6 sessions,
  last date unknown), "10 Kurstage vom 12.01. bis 23.03., dienstags 9–16 Uhr (außer 16.02.)"
  (the Tuesdays of the span without the exception, checked against the count);
- per-day times over a short span: "26.–27.01.2027, täglich 9–15 Uhr" (one session per day);
- "ab 18:30 Uhr" (a start without an end), a label without a colon ("Stichtag 15. Januar"),
  words after the date (", online.", a venue), dates separated by line breaks only;
- application windows: "Anträge ab dem 1. Oktober 2026; Einreichungsschluss ist der 30. Juni
  2027" (start = opening, end = deadline).

Everything is tried in this order and only when the strict reader failed, so a text it read
keeps its meaning. Clauses that speak of registration, early booking or the past ("Anmeldung
bis …", "seit …") are left out before dates are collected. What stays unsure raises
``UnreadableDate`` with a German reason, as before: unknown is better than wrong.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from pipelines.dates import (
    BERLIN,
    MONTHS,
    WEEKDAYS,
    YEARLESS_WINDOW,
    ParsedSchedule,
    ParsedSession,
    UnreadableDate,
    read_strict,
)

#: statements that say "no fixed date" – data, so that new phrasings are one line each
ON_REQUEST_PHRASES: tuple[str, ...] = (
    r"nach (vorheriger |individueller |telefonischer )?(vereinbarung|absprache|terminvereinbarung"
    r"|terminabsprache)",
    r"auf anfrage",
    r"termine? (individuell|flexibel)( vereinbar| wählbar)?",
    r"individuelle termine",
    r"nach bedarf",
)
ONGOING_PHRASES: tuple[str, ...] = (
    r"(fort)?laufend",
    r"jederzeit",
    r"ganzjährig",
    r"ab sofort",
    r"solange (die )?(mittel|fördermittel|haushaltsmittel|vorrat)",
    r"bis auf weiteres",
    r"dauerhaft",
    r"regelmäßig",
    # regular office hours: "jeden (ersten) Mittwoch (im Monat)", "immer montags"
    r"jede[nrs]? (ersten |zweiten |dritten |vierten |letzten )?(montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|werktag|monat|woche)",
    r"(immer|jeweils) (montags|dienstags|mittwochs|donnerstags|freitags|samstags)",
    r"wöchentlich|monatlich|14-täglich|alle zwei wochen",
    r"(montags|dienstags|mittwochs|donnerstags|freitags)( und (montags|dienstags|mittwochs|"
    r"donnerstags|freitags))?( von)? \d{1,2}([:.]\d{2})? ?(uhr )?(-|bis)",
)
_ON_REQUEST = re.compile(r"\b(" + "|".join(ON_REQUEST_PHRASES) + r")")
_ONGOING = re.compile(r"\b(" + "|".join(ONGOING_PHRASES) + r")")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
#: something that names a day: 12.01., 12.01.2027, 12. Januar, 2027-01-12
DATE_TOKEN = re.compile(
    rf"\b\d{{1,2}}\.\s?(?:\d{{1,2}}\.|(?:{_MONTH_NAMES})\b)|\b\d{{4}}-\d{{2}}-\d{{2}}"
)
_TIME_TOKEN = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2} ?uhr\b")
NUMBER_WORDS = {
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
}
#: what a stated count counts ("6 Termine", "10 Unterrichtstage", "vier Dienstagvormittage")
COUNT_NOUNS = (
    r"termine|unterrichtstage|kurstage|seminartage|schulungstage|präsenztage|sitzungen|abende|"
    r"treffen|einheiten|module|modultage|veranstaltungen|workshops|tage|lerneinheiten|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag)(?:vormittag|nachmittag|abend)?e"
)
_NUMBER = r"\d{1,2}|" + "|".join(NUMBER_WORDS)
_COUNT = re.compile(rf"\b(?:über |insgesamt |an )?(?P<n>{_NUMBER}) (?P<noun>{COUNT_NOUNS})\b")
_RHYTHM_DAYS = {
    "montags": 0,
    "dienstags": 1,
    "mittwochs": 2,
    "donnerstags": 3,
    "freitags": 4,
    "samstags": 5,
    "sonntags": 6,
}
_RHYTHM = re.compile(
    r"\b(?:jeweils |immer |wöchentlich )?(?P<days>(?:montags|dienstags|mittwochs|donnerstags|"
    r"freitags|samstags|sonntags)(?:(?: und |, ?)(?:montags|dienstags|mittwochs|donnerstags|"
    r"freitags|samstags|sonntags))*)\b"
)
_DAILY = re.compile(r"\b(?:täglich|tagsüber|an beiden tagen|an allen tagen)\b")
_EXCEPT = re.compile(
    r"\b(?:außer|ausgenommen|nicht am|ohne den|entfällt am|kein termin am)\s+(?:am\s+)?"
    r"(?P<dates>[\d.\s]+(?:(?:,|und)\s*[\d.\s]+)*\d{2,4}\.?|[\d.]+)"
)
#: a label before the date, also without a colon ("Stichtag 15. Januar")
_LEAD = re.compile(
    r"^(?:(?:termin|termine|datum|zeitraum|wann|beginn|start|stichtag|antragsfrist|frist|"
    r"einreichungsschluss|einsendeschluss|bewerbungsschluss|antragsschluss|antragszeitraum|"
    r"nächster termin|der kurs (?:beginnt|startet)|kursbeginn)\s*:?\s*(?:ist\s+)?"
    r"(?:(?:der|am|den|ab dem)\s+)?)"
)
_CUT = re.compile(r",| - |\.\s| ")
_AB_TIME = re.compile(r"\bab (?=\d{1,2}(?:[:.]\d{2})? ?uhr|\d{1,2}[:.]\d{2})")
_AB_DEM = re.compile(r"\bab dem\b")
#: clauses about something other than the offer's own dates
TRAP_CLAUSE = re.compile(
    r"\b(anmeld\w*|buchung\w*|buchbar bis|frühbucher\w*|bewerbung\w*|seit|gegründet|"
    r"zuletzt|vergangen\w*|bereits|fand\w*|war|wurde\w*|ersatztermin|rücktritt\w*|storn\w*)\b"
)
#: window words in a funding text: what opens it, what closes it
_OPENS = re.compile(
    r"\b(ab( dem)?|vom|von|beginnt|beginn|startet|öffnet|geöffnet|möglich ab)\s*(?:am\s+)?$"
)
_CLOSES = re.compile(
    r"(bis( zum| spätestens)?|spätestens( am| bis)?|schluss|frist|endet|ende|stichtag)"
    r"(\s+(ist|am|der|den|zum|endet))*\s*$"
)
#: a daily rhythm over a span longer than this is an exhibition or a window, not sessions
MAX_DAILY_SPAN = timedelta(days=7)


def read_partner_schedule(
    text: str, *, reference: date | None = None, deadline: bool = False
) -> ParsedSchedule:
    """Read ``text`` as partners write it (module docstring); raise UnreadableDate if unsure.

    A deadline without a year is the next such day on or after the reference day (nobody
    publishes a deadline that has passed), not the 90-day look-back used for course dates.
    """
    if deadline and reference is not None:
        reference = reference + YEARLESS_WINDOW
    cleaned = _clean(text)
    try:
        return _per_day(read_strict(cleaned, reference=reference, deadline=deadline), cleaned)
    except UnreadableDate as exc:
        if exc.impossible or not _about_words(exc):
            raise  # a weekday or an order that contradicts the dates: more words do not help
        first = exc
    lowered = cleaned.lower()
    if not DATE_TOKEN.search(lowered):
        if _ON_REQUEST.search(lowered):
            return ParsedSchedule(kind="on_request")
        if _ONGOING.search(lowered):
            return ParsedSchedule(ongoing=True, kind="ongoing")
        raise first
    if deadline:
        window = _window(lowered, reference)
        if window is not None:
            return window
    try:
        return read_loose(lowered, reference=reference, deadline=deadline)
    except UnreadableDate as exc:
        if exc.impossible:
            raise
        raise first from None


def read_loose(s: str, *, reference: date | None, deadline: bool = False) -> ParsedSchedule:
    """Count, rhythm, exceptions and per-day times around a date text the strict reader refused."""
    s = _LEAD.sub("", _without_traps(s.strip()))
    excluded: set[date] = set()
    for match in list(_EXCEPT.finditer(s)):
        for part in re.split(r",|und", match["dates"]):
            if part.strip(" ."):
                excluded |= {_day(x.start) for x in _strict(part, reference).sessions}
    s = _EXCEPT.sub(" ", s)
    count = None
    if (found := _COUNT.search(s)) is not None:
        count = _number(found["n"])
        noun_day = next((v for k, v in WEEKDAYS.items() if found["noun"].startswith(k)), None)
        rhythm = {noun_day} if noun_day is not None and len(found["noun"]) > 3 else set()
        s = s[: found.start()] + " " + s[found.end() :]
    else:
        rhythm = set()
    if (found := _RHYTHM.search(s)) is not None:
        rhythm |= {_RHYTHM_DAYS[d] for d in re.split(r" und |, ?", found["days"])}
        s = s[: found.start()] + " " + s[found.end() :]
    daily = _DAILY.search(s) is not None
    s = _DAILY.sub(" ", s)
    s = _AB_TIME.sub("", _AB_DEM.sub("ab", s))
    s = _tidy(s)
    parsed = _longest_reading(s, reference, deadline)
    return _apply(parsed, count=count, rhythm=rhythm, daily=daily, excluded=excluded)


def _apply(
    parsed: ParsedSchedule, *, count: int | None, rhythm: set[int], daily: bool, excluded: set[date]
) -> ParsedSchedule:
    sessions = parsed.sessions
    if rhythm and any(_day(s.start).weekday() not in rhythm for s in sessions[:1]):
        raise UnreadableDate("der erste Termin liegt nicht auf dem genannten Wochentag")
    span = sessions[0] if len(sessions) == 1 else None
    span_end = span.end if span is not None else None
    if (
        span is not None
        and span_end is not None
        and _day(span_end) > _day(span.start)
        and (rhythm or daily or count)
    ):
        days = _days_between(_day(span.start), _day(span_end))
        if rhythm:
            days = [d for d in days if d.weekday() in rhythm]
        elif (not daily and count is None) or span_end - span.start > MAX_DAILY_SPAN:
            days = []
        days = [d for d in days if d not in excluded]
        if days and (count is None or count == len(days)):
            sessions = [_same_times(span, d) for d in days]
            return replace(parsed, sessions=sessions, start=sessions[0].start, end=_end(sessions))
        if count is not None:
            return replace(parsed, count=count)
        raise UnreadableDate("die Termine im Zeitraum lassen sich nicht sicher bestimmen")
    if count is not None and count > len(sessions):
        # a series whose last date is not stated: start known, end unknown (not guessed)
        return replace(parsed, end=None, count=count)
    return parsed


def _per_day(parsed: ParsedSchedule, text: str) -> ParsedSchedule:
    """A span of a few days with one time range after all dates is one session per day.

    "09.–10.02.2027, jeweils 9–16 Uhr" are two days of 9 to 16, not 31 hours; "10.10. 10 Uhr
    – 11.10. 16 Uhr" (a time before the last date) stays one continuous session.
    """
    if len(parsed.sessions) != 1 or deadline_like(text):
        return parsed
    span = parsed.sessions[0]
    if span.all_day or span.end is None or _day(span.end) == _day(span.start):
        return parsed
    if span.end - span.start > MAX_DAILY_SPAN:
        return parsed
    lowered = text.lower()
    dates = list(DATE_TOKEN.finditer(lowered))
    # times are looked for with the dates (and their years) blanked out: "10.02" is no time
    blanked = re.sub(r"\d{1,2}\.\s?\d{1,2}\.(\d{2,4})?", lambda m: " " * len(m[0]), lowered)
    times = list(_TIME_TOKEN.finditer(blanked))
    if not dates or not times or times[0].start() < dates[-1].end():
        return parsed
    if _at(_day(span.start), span.end) <= span.start:
        return parsed
    sessions = [_same_times(span, d) for d in _days_between(_day(span.start), _day(span.end))]
    return replace(parsed, sessions=sessions, start=sessions[0].start, end=_end(sessions))


def deadline_like(text: str) -> bool:
    return bool(re.search(r"\b(frist|schluss|stichtag)\b", text.lower()))


def _same_times(span: ParsedSession, day: date) -> ParsedSession:
    if span.all_day:
        return ParsedSession(_at(day, span.start), None, True)
    end = span.end or span.start
    return ParsedSession(_at(day, span.start), _at(day, end), False)


def _at(day: date, moment: datetime) -> datetime:
    local = moment.astimezone(BERLIN)
    return datetime.combine(day, local.time().replace(tzinfo=None), BERLIN)


def _end(sessions: list[ParsedSession]) -> datetime:
    last = sessions[-1]
    return last.end or last.start


def _days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _day(moment: datetime) -> date:
    return moment.astimezone(BERLIN).date()


def _number(text: str) -> int:
    return NUMBER_WORDS.get(text) or int(text)


def _strict(text: str, reference: date | None, deadline: bool = False) -> ParsedSchedule:
    return read_strict(_tidy(text), reference=reference, deadline=deadline)


#: reasons of the strict reader that words around the dates may explain (others are about the
#: dates themselves – a wrong weekday, an end before the start – and stay unreadable)
_WORD_REASONS = (
    "unbekanntes Wort",
    "nach dem Datum folgt",
    "unerwartetes Zeichen",
    "auf den Wochentag folgt",
    "kein Datum gefunden",
    "eine Zahl ohne",
    "zu viele Daten",
    "dem Zeitraum fehlt",
    "ein Zeitraum mit Uhrzeiten",
)
#: front parts tried when words follow a date; more would only cost time
MAX_CUTS = 12


def _about_words(exc: UnreadableDate) -> bool:
    return str(exc).startswith(_WORD_REASONS)


def _longest_reading(s: str, reference: date | None, deadline: bool) -> ParsedSchedule:
    """The whole text, else the longest front part whose rest names no further date or time.

    Words after a date (", online.", a venue after the time) are dropped that way; a rest that
    still holds a date or a time is not dropped silently – the text is then unreadable.
    """
    try:
        return _strict(s, reference, deadline)
    except UnreadableDate as exc:
        if exc.impossible or not _about_words(exc):
            raise
        error = exc
    cuts = [m.start() for m in _CUT.finditer(s)]
    for cut in sorted(cuts, reverse=True)[:MAX_CUTS]:
        head, rest = s[:cut], s[cut:]
        if DATE_TOKEN.search(rest) or _TIME_TOKEN.search(rest) or not head.strip():
            continue
        try:
            return _strict(head, reference, deadline)
        except UnreadableDate as exc:
            if exc.impossible:
                raise
    raise error


def _window(s: str, reference: date | None) -> ParsedSchedule | None:
    """An application window said in words: the opening date and the closing date, in order."""
    parts = re.split(r"[;\n]|,(?!\s?\d)|(?<=[a-zäöüß])\.\s", s)
    clauses = [c for c in parts if DATE_TOKEN.search(c)]
    opens: list[ParsedSchedule] = []
    closes: list[ParsedSchedule] = []
    for clause in clauses:
        match = DATE_TOKEN.search(clause)
        if match is None:
            continue
        before, after = clause[: match.start()], clause[match.start() :]
        target = opens if _OPENS.search(before) else closes if _CLOSES.search(before) else None
        if target is None:
            return None
        target.append(_longest_reading(_tidy(after), reference, False))
    if len(opens) != 1 or len(closes) != 1:
        return None
    start = opens[0].start
    end = closes[0].sessions[-1].end or closes[0].sessions[-1].start
    if start is None or end < start:
        return None
    session = ParsedSession(start, end, opens[0].sessions[0].all_day)
    return ParsedSchedule(start=start, end=end, sessions=[session])


def _without_traps(s: str) -> str:
    """The text without bracketed or comma-separated clauses about registration or the past."""
    s = re.sub(r"\(([^()]*)\)", lambda m: "" if TRAP_CLAUSE.search(m[1]) else f", {m[1]},", s)
    parts = re.split(r"(;|,(?!\d))", s)
    kept = [p for p in parts if not TRAP_CLAUSE.search(p)]
    return "".join(kept)


_BREAKS = re.compile(r"<br\s*/?>|\n|\r", re.IGNORECASE)
#: a year or "Uhr" glued to the next word by markup removed without a space ("2026Mi, 04.11.")
_GLUED = re.compile(r"(?<=\d{4})(?=[A-Za-zÄÖÜäöü])|(?<=Uhr)(?=[A-ZÄÖÜ])")


def _clean(text: str) -> str:
    """Line breaks (``<br>``, new lines) become list commas; spaces are collapsed."""
    s = _BREAKS.sub(", ", text) if ("<" in text or "\n" in text or "\r" in text) else text
    s = _GLUED.sub(", ", s)
    return " ".join(s.split()).strip(" ,")


def _tidy(s: str) -> str:
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"(\s*,\s*)+", ", ", s)
    s = re.sub(r"\s+\.", ".", s)
    return s.strip(" ,.;:")
