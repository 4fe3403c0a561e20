"""Which taxonomy topics a listing is about, and whom it is for, from categories and prose.

Topics: the partner's own categories (mapped per source) come first, then the kind's topics
(a funding programme is about Förderung), then what the title names, then what the running text
names *as its subject* – a label named at least twice, or in the lead sentence of a text whose
partner gave no categories. A word mentioned in passing ("… zeigen Geschäftsführung und
Betriebsrat") is no topic. At most three topics, most important first.

Audiences: the partner's words about whom an offer is for, with two German habits undone first:
the size of a firm ("Betriebe mit bis zu 50 Beschäftigten" names firms, not employees) and new
team leads described as "Beschäftigte, die … ein Team leiten" (they are Führungskräfte). Without
such words, a sentence of the text that says whom the offer addresses is read.
"""

from __future__ import annotations

import re

from pipelines.taxonomy import Vocabulary

MAX_TOPICS = 3
#: "(Betriebe) mit bis zu 50 Beschäftigten": a firm size, not an audience of employees
FIRM_SIZE = re.compile(
    r"\b(mit|von|und|oder)\s+((bis zu|weniger als|höchstens|unter|maximal|max\.|mehr als|über|ab|"
    r"mindestens)\s+)?\d[\d.]*\s+(beschäftigten|mitarbeitenden|mitarbeiter\w*|angestellten|"
    r"personen)\b",
    re.I,
)
#: "Beschäftigte, die seit Kurzem ein Team leiten": people who lead
LEADING = re.compile(
    r"\b(beschäftigte|mitarbeitende|mitarbeiter\w*|fachkräfte|personen|menschen)\s*,?\s+die\s+"
    r"[^,.;]{0,60}?\b(team|teams|gruppe|abteilung|bereich|mitarbeitende\w*)\s+"
    r"(leiten|führen|verantworten)",
    re.I,
)
#: sentences saying whom an offer addresses
ADDRESSED = re.compile(
    r"(?:richtet|wendet)\s+sich\s+(?:vor allem\s+|insbesondere\s+|ausdrücklich\s+)?an\s+"
    r"(?P<a>[^.!?\n]+)"
    r"|(?:zielgruppe\s+sind|angesprochen\s+sind|eingeladen\s+sind|geeignet\s+für)\s+"
    r"(?P<b>[^.!?\n]+)"
    r"|(?:^|[.!?:]\s+)(?:(?:ein|eine|das|der|die)\s+\w+\s+)?für\s+(?P<c>[^.!?:\n]+)",
    re.I | re.M,
)


#: "Beschäftigte aus Betrieben und Verwaltungen": where people work, not a second audience
PROVENANCE = re.compile(
    r"(?<=\w)\s+(aus|in)\s+(den\s+|allen\s+|verschiedenen\s+|ihren\s+)?"
    r"(betrieben|unternehmen|firmen|verwaltungen|einrichtungen)\b",
    re.I,
)


def audience_text(text: str) -> str:
    """A partner's audience words with firm sizes removed and team leads named as such."""
    if " die " in text:  # the regexes only where they can match: this runs on every record
        text = LEADING.sub("Teamleitungen", text)
    if " aus " in text or " in " in text:
        text = PROVENANCE.sub(" ", text)
    if any(c.isdigit() for c in text):
        text = FIRM_SIZE.sub(" ", text)
    return text


def audiences_in_prose(text: str) -> list[str]:
    """The phrases of a text that say whom the offer is for (for the audience vocabulary)."""
    found = []
    for m in ADDRESSED.finditer(text):
        phrase = m["a"] or m["b"] or m["c"]
        if phrase:
            found.append(audience_text(phrase))
    return found


def _lead(text: str) -> str:
    """The first sentence of a text: where a partner says what the offer is about."""
    return re.split(r"(?<=[.!?])\s+|\n", text.strip(), maxsplit=1)[0] if text else ""


def choose_topics(
    vocabulary: Vocabulary, *, kind: str | None, categories: list[str], title: str, text: str
) -> list[str]:
    """Up to three topics, most important first (see the module docstring)."""
    chosen: list[str] = []

    def add(labels: list[str]) -> None:
        chosen.extend(label for label in labels if label not in chosen)

    add(list(vocabulary.kind_labels.get(kind or "", ())))
    add(categories)
    add(vocabulary.find(title))
    counts, early = vocabulary.scan(text, "" if categories else _lead(text))
    lead = early if not categories else set()
    ranked = sorted(counts, key=lambda label: (-counts[label], vocabulary.labels.index(label)))
    add([label for label in ranked if counts[label] >= 2 or label in lead])
    return chosen[:MAX_TOPICS]
