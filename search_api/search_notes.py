"""The German notes a results page gives about its search: relaxed, corrected, understood.

Built from what the index reports (``SearchResults.relaxation``, ``.corrections``,
``.understood``); the JSON API returns the same notes, so every client can show them.
"""

from __future__ import annotations

import re
from datetime import datetime

from hub.index.base import SearchResults
from search_api.formatting import _local, format_day
from search_api.labels import facet_label
from search_api.schemas_search import DidYouMeanOut, RelaxedOut, UnderstoodOut

#: what an understood word is shown as, by field
FIELD_TITLES = {
    "kind": "Art",
    "mode": "Format",
    "free": "Kosten",
    "audience": "Zielgruppe",
    "region": "Bundesland",
    "place": "Ort",
}


def _quoted(words: list[str]) -> str:
    return " ".join(f"„{w}“" for w in words)


def relaxed_out(results: SearchResults, understood: list[UnderstoodOut]) -> RelaxedOut | None:
    relaxation = results.relaxation
    if relaxation is None:
        return None
    places = [u.word for u in understood if u.field in ("place", "region")]
    found = [w for w in relaxation.found if w not in places]
    where = f" in {' '.join(places)}" if places else ""
    if relaxation.missing:
        message = (
            f"Keine Treffer für {_quoted(list(relaxation.missing))}; "
            f"Ergebnisse für {_quoted(found)}{where}"
        )
    elif relaxation.all_words == 0:
        some = _quoted(found) or "einen Teil davon"
        message = f"Keine Treffer für alle Wörter; Ergebnisse für {some}{where}"
    else:
        n = relaxation.all_words
        message = f"Nur {n} Treffer mit allen Wörtern; danach Ergebnisse mit einem Teil der Wörter"
    return RelaxedOut(
        all_words=relaxation.all_words,
        found=list(relaxation.found),
        missing=list(relaxation.missing),
        message=message,
    )


def without(q: str, word: str) -> str:
    """``q`` with ``word`` (whole words, any case) taken out."""
    pattern = r"(?<!\w)" + r"[\s-]+".join(re.escape(w) for w in word.split()) + r"(?!\w)"
    return " ".join(re.sub(pattern, " ", q, flags=re.IGNORECASE).split())


def did_you_mean_out(results: SearchResults, q: str) -> DidYouMeanOut | None:
    if not results.corrections:
        return None
    fixed = q
    for typed, word in results.corrections.items():
        fixed = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", word, fixed)
    words = " ".join(results.corrections.values())
    return (
        DidYouMeanOut(
            corrections=dict(results.corrections), q=fixed, message=f"Meinten Sie „{fixed}“?"
        )
        if words
        else None
    )


def understood_out(results: SearchResults, q: str) -> list[UnderstoodOut]:
    out = []
    for item in results.understood:
        if item.field == "place":
            label = f"Ort: {item.value}"
        elif item.field == "free":
            label = "Kosten: kostenfrei"
        else:
            name = "region" if item.field == "region" else item.field
            label = f"{FIELD_TITLES[item.field]}: {facet_label(name, item.value)}"
        out.append(
            UnderstoodOut(
                word=item.text,
                field=item.field,
                value=item.value,
                label=label,
                q_without=without(q, item.text),
            )
        )
    return out


def dates_label(dates: list[datetime]) -> str | None:
    """ "6 Termine ab 6. Oktober 2026" for a series; None for a single date."""
    if len(dates) < 2:
        return None
    return f"{len(dates)} Termine ab {format_day(_local(dates[0]).date())}"
