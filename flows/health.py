"""Per-source health from the stored runs: what `regiohub status` and the operator page show.

- ``needs_attention``: the circuit breaker stopped a full harvest from deleting listings;
  stays until a full harvest passes the breaker again.
- ``failing``: the newest finished run failed or crashed.
- ``degraded``: the newest run succeeded, but records of the source sit in quarantine, or it
  had errors, was read only in part, or a failure among the last few runs.

This is the one place that answers "how is the source, how much is in quarantine": `status`,
`sources`, `/betrieb`, `/api/v1/ops/sources` and `/metrics` all read it. ``quarantined`` is
what the quarantine holds now (what `regiohub quarantine` lists), not what the last run
rejected: after an unchanged (304) re-harvest the last run rejected nothing, yet the records
are still there.
- ``ok``: none of that. ``never``: the source has not been harvested yet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from hub.config import SourceConfig
from hub.store import RunRecord, Store

HEALTH_LABELS = {
    "ok": "in Ordnung",
    "degraded": "eingeschränkt",
    "failing": "gestört",
    "needs_attention": "Prüfung nötig",
    "never": "noch nie geerntet",
}
#: how many recent runs a past failure keeps a source "degraded"
RECENT_RUNS = 3
BAD = ("failing", "needs_attention")


@dataclass(frozen=True)
class SourceHealth:
    source_id: str
    partner: str
    health: str
    listings: int
    last_run: str | None = None
    last_status: str | None = None
    last_success: str | None = None
    latest_error: str | None = None
    attention: str | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    #: listings of this source with quality hints (``regiohub hinweise``)
    hints: int = 0
    #: records of this source in quarantine now
    quarantined: int = 0

    @property
    def label(self) -> str:
        return HEALTH_LABELS[self.health]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}


def health_of(store: Store, sources: list[SourceConfig]) -> list[SourceHealth]:
    """Health of every configured source, in the order of ``sources.toml``."""
    successes = store.last_success()
    attention = store.attention()
    listings = store.counts_by_source()
    hints = store.quality_counts()
    held = store.quarantine_counts()
    return [
        replace(
            _one(
                source,
                store.runs(source.id, limit=RECENT_RUNS),
                successes,
                attention,
                listings,
                held.get(source.id, 0),
            ),
            hints=hints.get(source.id, 0),
        )
        for source in sources
    ]


def _one(
    source: SourceConfig,
    recent: list[RunRecord],
    successes: dict[str, RunRecord],
    attention: dict[str, tuple[str, str]],
    listings: dict[str, int],
    quarantined: int,
) -> SourceHealth:
    finished = [r for r in recent if r.status != "running"]
    latest = recent[0] if recent else None
    errors = [r.counts.get("error") for r in finished if r.counts.get("error")]
    success = successes.get(source.id)
    counts = (finished[0].counts if finished else {}) or {}
    if source.id in attention:
        health = "needs_attention"
    elif not finished:
        health = "never"
    elif finished[0].status != "ok":
        health = "failing"
    elif (
        quarantined
        or counts.get("errors")
        or counts.get("mode") == "partial"
        or any(r.status != "ok" for r in finished[1:])
    ):
        health = "degraded"
    else:
        health = "ok"
    return SourceHealth(
        source_id=source.id,
        partner=source.partner.name,
        health=health,
        listings=listings.get(source.id, 0),
        last_run=latest.started_at if latest else None,
        last_status=latest.status if latest else None,
        last_success=success.finished_at if success else None,
        latest_error=errors[0] if errors else None,
        attention=attention[source.id][0] if source.id in attention else None,
        counts={k: v for k, v in counts.items() if isinstance(v, int | float | dict)},
        quarantined=quarantined,
    )
