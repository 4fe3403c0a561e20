"""Delivery mode — online, in person or hybrid — from the words partners use for the format.

``Webinar``, ``Live-Online``, ``Videokonferenz (Zoom)`` → online; ``Präsenz``, ``vor Ort``,
``Inhouse-Schulung`` → in person; ``Blended Learning``, ``Hybrid`` or words of both kinds
(``wahlweise vor Ort oder online``) → hybrid. A text with none of these words says nothing we
can use: the mode stays unknown rather than guessed.
"""

from __future__ import annotations

import re

from pipelines.taxonomy import fold

_ONLINE = (
    "online", "webinar", "webinare", "virtuell", "live online", "e learning", "elearning", "zoom",
    "microsoft teams", "webex", "videokonferenz", "digital", "fernunterricht", "livestream",
    "live stream", "per video", "videocall", "video call", "videogespräch", "videotelefonie",
    "telefonisch", "per telefon", "am telefon", "bigbluebutton", "jitsi", "webkonferenz",
    "zugeschaltet", "selbstlernkurs", "lernplattform", "videosprechstunde", "videoberatung",
    "video sprechstunde",
)  # fmt: skip
_ON_SITE = (
    "präsenz",
    "vor ort",
    "inhouse",
    "in house",
    "vor ort termin",
    "im betrieb",
    "face to face",
    "persönlich",
    "im seminarraum",
    "im schulungsraum",
    "in ihrem betrieb",
)
_HYBRID = ("hybrid", "blended", "mixed")
#: running text: only phrases that say how one takes part, not topics ("hybride Teams führen")
_PROSE_ONLINE = (
    "per livestream", "per live stream", "online zugeschaltet", "oder online teilnehmen",
    "oder online dabei", "online teilnehmen", "als webinar", "per videokonferenz",
    "im livestream", "oder per video",
)  # fmt: skip


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")")


ONLINE, ON_SITE, HYBRID = _pattern(_ONLINE), _pattern(_ON_SITE), _pattern(_HYBRID)
PROSE_ONLINE = _pattern(_PROSE_ONLINE)
#: a title that names an online format ("Webinar: …", "Online-Sprechstunde …")
ONLINE_TITLE = re.compile(
    r"(?<!\w)(webinar|online (seminar|sprechstunde|impuls|kurs|workshop|vortrag|beratung|"
    r"training|veranstaltung)|live online|e learning)"
)


def mode_in_prose(title: str, text: str, *, venue: bool) -> str | None:
    """How one takes part, from the title and running text, when no field says so.

    Beside a venue, a live stream or "oder online zugeschaltet" makes the offer hybrid; without
    one, an online format named in the title ("Webinar: …") makes it online.
    """
    folded = fold(f"{title}\n{text}")
    if venue:
        return "hybrid" if PROSE_ONLINE.search(folded) else None
    if ONLINE_TITLE.search(fold(title)) or PROSE_ONLINE.search(folded):
        return "online"
    return None


def mode_of_place(text: str) -> str | None:
    """How one takes part, as a place text says it ("vor Ort in Herne oder per Video").

    "Digital" names organisations and venues too ("Lotsenstelle Digitale Arbeit"), so it is
    no evidence here.
    """
    return parse_mode(re.sub(r"(?i)digital\w*", " ", text))


def parse_mode(text: str) -> str | None:
    """``"online"``, ``"in_person"``, ``"hybrid"`` or None when the text does not say."""
    folded = fold(text)
    if HYBRID.search(folded):
        return "hybrid"
    online = ONLINE.search(folded) is not None
    on_site = ON_SITE.search(folded) is not None
    if online and on_site:
        return "hybrid"
    if online:
        return "online"
    if on_site:
        return "in_person"
    return None
