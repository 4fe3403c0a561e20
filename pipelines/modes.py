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
)  # fmt: skip
_ON_SITE = (
    "präsenz",
    "vor ort",
    "inhouse",
    "in house",
    "vor ort termin",
    "im betrieb",
    "face to face",
)
_HYBRID = ("hybrid", "blended")


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")")


ONLINE, ON_SITE, HYBRID = _pattern(_ONLINE), _pattern(_ON_SITE), _pattern(_HYBRID)


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
