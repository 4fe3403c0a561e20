"""What the operator page draws: per-source run charts (server-side SVG), quality hints, the
admin session cookie and Berlin times. No JavaScript; the page works with any browser."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass, field
from html import escape

from hub.store import RunRecord, Store
from hub.timefmt import berlin

SESSION_COOKIE = "regiohub_betrieb"
SESSION_SECONDS = 12 * 3600
#: counts drawn as stacked bars per run, with their German label and colour
SERIES = (
    ("added", "neu", "#2e7d32"),
    ("updated", "geändert", "#1565c0"),
    ("gone", "entfernt", "#6d4c41"),
    ("quarantined", "abgewiesen", "#c62828"),
)
CHART_RUNS = 20


# -- session --------------------------------------------------------------------------------


def _sign(token: str, issued: int) -> str:
    return hmac.new(token.encode(), f"betrieb:{issued}".encode(), hashlib.sha256).hexdigest()


def new_session(token: str) -> str:
    """A cookie value that proves the admin token was given, without containing it."""
    issued = int(time.time())
    return f"{issued}.{_sign(token, issued)}"


def valid_session(token: str | None, value: str | None) -> bool:
    if not token or not value or "." not in value:
        return False
    issued_text, _, signature = value.partition(".")
    if not issued_text.isdigit():
        return False
    issued = int(issued_text)
    if not 0 <= time.time() - issued <= SESSION_SECONDS:
        return False
    return hmac.compare_digest(signature, _sign(token, issued))


# -- charts ---------------------------------------------------------------------------------


def run_chart(source_id: str, runs: list[RunRecord]) -> str:
    """Recent runs, oldest left: stacked bars of added/changed/removed/rejected records, a
    dot per run for its duration (right scale), failed runs marked red below the axis."""
    runs = [r for r in reversed(runs[:CHART_RUNS]) if r.status != "running"]
    width, height, pad, bottom = 320, 120, 28, 96
    if not runs:
        return '<p class="keine-laeufe">Noch keine abgeschlossenen Läufe.</p>'
    totals = [sum(int(r.counts.get(k) or 0) for k, _, _ in SERIES) for r in runs]
    top = max(max(totals), 1)
    longest = max(max(float(r.counts.get("duration_s") or 0) for r in runs), 0.001)
    step = (width - 2 * pad) / max(len(runs), 1)
    bar = max(step * 0.7, 2)
    parts = [
        f'<svg class="laufdiagramm" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="d-{escape(source_id)}">',
        f'<title id="d-{escape(source_id)}">Letzte {len(runs)} Läufe von {escape(source_id)}: '
        f"Datensätze je Lauf (höchstens {top}) und Dauer (längster {longest:.1f} s)</title>",
        f'<line x1="{pad}" y1="{bottom}" x2="{width - pad}" y2="{bottom}" stroke="#777"/>',
        f'<text x="2" y="12" font-size="9">{top}</text>',
        f'<text x="{width - pad + 2}" y="12" font-size="9">{longest:.0f}s</text>',
    ]
    for n, run in enumerate(runs):
        x = pad + n * step
        y = float(bottom)
        tip = [f"{berlin(run.started_at)}: {run.status}"]
        for key, label, colour in SERIES:
            value = int(run.counts.get(key) or 0)
            tip.append(f"{label} {value}")
            if value:
                h = (bottom - 14) * value / top
                y -= h
                parts.append(
                    f'<rect class="{key}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                    f'height="{h:.1f}" fill="{colour}"/>'
                )
        duration = float(run.counts.get("duration_s") or 0)
        tip.append(f"Dauer {duration:.1f} s")
        dy = bottom - (bottom - 14) * duration / longest
        parts.append(
            f'<circle class="dauer" cx="{x + bar / 2:.1f}" cy="{dy:.1f}" r="2.5" fill="#f9a825" '
            f'stroke="#333" stroke-width="0.5"><title>{escape(", ".join(tip))}</title></circle>'
        )
        if run.status != "ok":
            parts.append(
                f'<rect class="fehlgeschlagen" x="{x:.1f}" y="{bottom + 2}" '
                f'width="{bar:.1f}" height="5" fill="#c62828"/>'
            )
    legend_x = pad
    for _, label, colour in (*SERIES, ("duration_s", "Dauer", "#f9a825")):
        parts.append(
            f'<rect x="{legend_x}" y="{height - 10}" width="8" height="8" fill="{colour}"/>'
            f'<text x="{legend_x + 10}" y="{height - 3}" font-size="9">{label}</text>'
        )
        legend_x += 14 + 6 * len(label)
    parts.append("</svg>")
    return "".join(parts)


# -- quality hints --------------------------------------------------------------------------


@dataclass
class Hint:
    flag: str
    count: int = 0
    #: (listing id, title) of some listings carrying the flag
    examples: list[tuple[str, str]] = field(default_factory=list)


def quality_hints(store: Store, source_id: str, examples: int = 3) -> list[Hint]:
    """Per flag (a field the pipeline could not read), how many listings of the source carry
    it and a few of them to open; the commonest first. Reads only the flagged listings
    (``Store.quality_hints``, the same rows ``regiohub hinweise`` shows)."""
    hints: dict[str, Hint] = {}
    for listing in store.quality_hints(source_id):
        for flag in listing.flags:
            hint = hints.setdefault(flag, Hint(flag))
            hint.count += 1
            if len(hint.examples) < examples:
                hint.examples.append((listing.listing_id, listing.title))
    return sorted(hints.values(), key=lambda h: (-h.count, h.flag))
