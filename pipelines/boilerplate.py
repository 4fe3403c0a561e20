"""Is a harvested page the site's boilerplate instead of an offer? (data: data/boilerplate.toml)

A site crawl also meets welcome pages, newsletter and cookie notes, "Angebot in Vorbereitung"
placeholders and pages whose heading is only the site's name. Such a page is no listing and goes
to quarantine with a reason, so that it is neither searchable nor silently dropped. A page that
states offer facts (a date, price, place, format or funding row) is kept even with an odd title:
losing an offer is worse than showing a listing whose title the partner should improve.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "boilerplate.toml"
#: fields that say "this is an offer": its facts, or a kind the source itself stated (a feed
#: category, an "Angebotsart" row, a schema.org type, an upstream hub's listing kind)
OFFER_FIELDS = ("date", "deadline", "price", "place", "mode", "funding", "kind")
#: boilerplate sentences that make a page with an offer-like title boilerplate, on a short page
MIN_SIGNALS = 3
MAX_BOILERPLATE_CHARS = 800


@cache
def _patterns() -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    titles: list[str] = []
    signals: list[str] = []
    files = [DATA]
    home = os.environ.get("REGIOHUB_HOME")
    if home and (Path(home) / "boilerplate.toml").is_file():
        files.append(Path(home) / "boilerplate.toml")
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        titles += list(data.get("titles", []))
        signals += list(data.get("signals", []))
    title = re.compile(r"(?:" + "|".join(titles) + r")[.!]?", re.IGNORECASE)
    return title, [re.compile(s, re.IGNORECASE) for s in signals]


def boilerplate_reason(
    title: str, text: str, partner: str, offer_fields: dict[str, object]
) -> str | None:
    """A German reason when the page is boilerplate, else None."""
    if any(offer_fields.get(name) for name in OFFER_FIELDS):
        return None
    title_re, signals = _patterns()
    clean = " ".join(title.split())
    generic = bool(title_re.fullmatch(clean)) or clean.casefold() == partner.casefold()
    hits = [s.pattern for s in signals if s.search(f"{clean}\n{text}")]
    # an offer may mention a newsletter or cookies ("Cookie-Banner DSGVO-konform"): without a
    # generic title only a short page made of several boilerplate sentences counts
    if generic or (len(hits) >= MIN_SIGNALS and len(text) <= MAX_BOILERPLATE_CHARS):
        what = "Überschrift ist nur der Seitenname" if generic else "nur Standardtexte"
        return (
            f"kein Angebot: {what} ('{clean[:80]}'), keine Angaben zu Termin, Ort oder Kosten "
            "– Seite aus der Angebotsliste nehmen oder das Angebot ergänzen"
        )
    return None
