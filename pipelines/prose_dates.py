"""Dates in running prose, for records whose source gives no date field.

"Der Kurs beginnt am Dienstag, 13. Oktober 2026, um 9 Uhr in der Volkshochschule …" names the
start only in a sentence. This reader looks at the sentences of the description that name a
day, leaves out those about something else (registration and booking deadlines, early-bird
prices, the history of a programme or a firm: "seit Januar 2025", "Anmeldung bis zum …"),
keeps the date words of what remains (dates, times, "bis", "jeweils", a count, a weekday
rhythm) and reads them with the partner grammar of ``pipelines.schedules``.

It answers only when exactly one reading is left: two sentences naming different offers' dates
("Das nächste Treffen …") make it stay empty and say so, rather than choose. A sentence needs a
word that introduces the offer's own date ("beginnt", "findet … statt", "am", "vom", "Termine")
so that a date in passing is not taken for the start.

``dateparser.search`` (``search_dates(languages=["de"])``) was measured as the alternative; see
docs/normalisation.md for the figures and why this reader is kept.
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.dates import MONTHS, WEEKDAYS, ParsedSchedule, UnreadableDate
from pipelines.schedules import COUNT_NOUNS, DATE_TOKEN, NUMBER_WORDS, TRAP_CLAUSE, read_loose

_SENTENCE = re.compile(r"(?<=[a-zäöüß)\]“”\"])[.!?](?:\s+|$)|(?<=\d{4})\.\s+(?=[A-ZÄÖÜ])|\n+")
#: a word that introduces the offer's own date
CUE = re.compile(
    r"\b(beginnt|beginn|startet|start|findet|finden|statt|stattfinden|treffen|trifft|lädt|"
    r"laden|läuft|umfasst|termin|termine|wann|am|vom|ab dem|jeweils)\b"
)
#: other events named in a text ("das nächste Netzwerktreffen", "im Anschluss an die Messe")
OTHER_EVENT = re.compile(r"\b(nächste[nrs]?|letzte[nrs]?|vorherige[nrs]?|frühere[nrs]?)\b")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = "|".join(k for k in WEEKDAYS if len(k) > 2)
_KEEP = re.compile(
    rf"(?P<date>\b\d{{1,2}}\.\s?(?:\d{{1,2}}\.(?:\d{{4}}|\d{{2}}(?!\d))?|(?:{_MONTH_NAMES})\b\.?"
    rf"(?:\s\d{{4}})?))"
    rf"|(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    r"|(?P<time>\b\d{1,2}[:.]\d{2}\b(?:\s?uhr\b)?|\b\d{1,2}\s?uhr\b)"
    rf"|(?P<count>\b(?:\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s(?:{COUNT_NOUNS})\b)"
    r"|(?P<word>\b(?:bis|ab|und|jeweils|täglich|montags|dienstags|mittwochs|donnerstags|freitags|"
    rf"samstags|sonntags|{_WEEKDAY_NAMES})\b)"
    r"|(?P<day>\b\d{1,2}\.(?=\s?(?:bis|-|–|und)\s?\d))"
    r"|(?P<hour>\b\d{1,2}\b(?=\s(?:bis|-|–)\s\d{1,2}(?:[:.]\d{2})?\s?uhr))"
    r"|(?P<dash>\s[-–]\s|(?<=\.)[-–](?=\d))"
)


#: words that join a date to the one before it (no list comma in between)
_JOINERS = frozenset({"bis", "-", "und", "ab"})


def schedule_from_prose(text: str, *, reference: date | None) -> tuple[ParsedSchedule | None, str]:
    """(the schedule the prose states, "") or (None, a German note when it was unsure)."""
    readings: list[ParsedSchedule] = []
    if not DATE_TOKEN.search(text.lower()):
        return None, ""  # most descriptions name no day at all
    for sentence in _SENTENCE.split(text):
        s = " ".join(sentence.lower().split())
        if not DATE_TOKEN.search(s) or not CUE.search(s):
            continue
        if TRAP_CLAUSE.search(s) and not _has_own_clause(s):
            continue
        if OTHER_EVENT.search(s):
            continue
        reduced = _reduce(_drop_trap_clauses(s))
        if not DATE_TOKEN.search(reduced):
            continue
        try:
            reading = read_loose(reduced, reference=reference)
        except UnreadableDate:
            continue
        if not any(_same(reading, r) for r in readings):
            readings.append(reading)
    if len(readings) == 1:
        return readings[0], ""
    if len(readings) > 1:
        return None, (
            "Termin nur im Beschreibungstext, dort aber mehrere Daten genannt; "
            "bitte den Termin als eigenes Feld angeben"
        )
    return None, ""


def _has_own_clause(s: str) -> bool:
    """Whether a sentence with a trap word also has a clause that is free of it."""
    return any(DATE_TOKEN.search(c) and not TRAP_CLAUSE.search(c) for c in re.split(r"[,;()]", s))


def _drop_trap_clauses(s: str) -> str:
    return ", ".join(c for c in re.split(r"[;()]|,(?!\d)", s) if not TRAP_CLAUSE.search(c))


def _reduce(s: str) -> str:
    """Only the date words of a sentence, in order, joined so the grammar can read them."""
    s = re.sub(r"\bbis (zum|zur|einschließlich)\b", "bis", s)
    s = re.sub(r"\b(von|vom)\b(?=\s\d)", "", s)
    parts: list[str] = []
    for match in _KEEP.finditer(s):
        kind = match.lastgroup
        value = match.group(0).strip()
        if kind == "dash":
            value = "-"
        elif (kind in {"date", "iso", "day"} and parts and parts[-1] not in _JOINERS) or (
            kind == "word" and value in WEEKDAYS
        ):
            parts.append(",")
        parts.append(value)
    reduced = " ".join(parts)
    reduced = re.sub(r"\s+,", ",", reduced)
    # "9 uhr und … bis 27. Oktober": a start time before a span's end belongs to the span's days
    reduced = re.sub(r"(\d{1,2}(?:[:.]\d{2})?\s?uhr)\s+und\s+", "", reduced)
    reduced = re.sub(r"\bund\s+(?=bis\b)", "", reduced)
    reduced = re.sub(r"(^|,)\s*und\s+", r"\1 ", reduced)
    reduced = re.sub(r"\bund\s*$|\bab\s*$|\bbis\s*$", "", reduced)
    reduced = re.sub(r"^(\s*(bis|und|-|,)\s+)+", "", reduced)
    return reduced.strip(" ,")


def _same(a: ParsedSchedule, b: ParsedSchedule) -> bool:
    return a.start == b.start and a.end == b.end and len(a.sessions) == len(b.sessions)
