"""What a harvest tells the operator: a markdown table (the Prefect artifact) and the webhook.

The webhook (``REGIOHUB_WEBHOOK_URL``) gets one JSON POST when a source *turns* failing or
needs attention — not on every run it stays that way — so a chat channel is not flooded.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import httpx

from flows.health import BAD, SourceHealth

log = logging.getLogger(__name__)
WEBHOOK_ENV = "REGIOHUB_WEBHOOK_URL"
COLUMNS = (
    ("source_id", "Quelle"),
    ("status", "Status"),
    ("mode", "Art"),
    ("fetched", "Abgerufen"),
    ("added", "Neu"),
    ("updated", "Geändert"),
    ("unchanged", "Unverändert"),
    ("gone", "Entfernt"),
    ("quarantined", "Quarantäne"),
    ("duration_s", "Dauer (s)"),
)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """One line per source; errors and breaker messages follow the table."""
    head = "| " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    lines = [head, rule]
    for row in rows:
        cells = [str(row.get(key, "")).replace("|", "\\|") for key, _ in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    problems = [
        f"- **{r['source_id']}**: {r.get('attention') or r.get('error')}"
        for r in rows
        if r.get("attention") or r.get("error")
    ]
    if problems:
        lines += ["", "**Zu prüfen:**", *problems]
    return "\n".join(lines) + "\n"


def turned_bad(before: list[SourceHealth], after: list[SourceHealth]) -> list[SourceHealth]:
    """Sources whose health became failing or needs-attention with this harvest."""
    previous = {h.source_id: h.health for h in before}
    return [h for h in after if h.health in BAD and previous.get(h.source_id) != h.health]


def notify(changed: list[SourceHealth], url: str | None = None) -> bool:
    """POST the sources that turned bad to the webhook, if one is configured.

    A webhook that does not answer is logged, never raised: telling the operator must not
    break the harvest it reports on.
    """
    url = url or os.environ.get(WEBHOOK_ENV)
    if not url or not changed:
        return False
    payload = {
        "text": "regiohub: "
        + "; ".join(f"{h.source_id} – {h.label}: {h.attention or h.latest_error}" for h in changed),
        "sources": [h.as_dict() for h in changed],
    }
    try:
        httpx.post(url, json=payload, timeout=10, trust_env=False).raise_for_status()
    except httpx.HTTPError as exc:
        log.warning("webhook %s failed: %s", url, exc)
        return False
    return True
