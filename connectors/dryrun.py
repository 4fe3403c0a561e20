"""``regiohub sources test SOURCE_ID``: a dry run of one source that writes nothing.

It fetches the source as a harvest would (without saved state, so in full), runs every record
through the pipeline, and reports the first listings and every problem: rejected records,
connector notes and a failed fetch. Neither the catalogue, the index nor the source's state
is touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connectors.base import HarvestContext
from hub.config import SourceConfig
from hub.errors import ConnectorError
from hub.http import HttpClient
from hub.model import KIND_LABELS, Listing

if TYPE_CHECKING:
    from hub.runtime import Runtime


@dataclass
class DryRun:
    """What a dry run found."""

    source: SourceConfig
    listings: list[Listing] = field(default_factory=list)
    fetched: int = 0
    accepted: int = 0
    problems: list[str] = field(default_factory=list)
    failed: bool = False


def dry_run(runtime: Runtime, source_id: str, limit: int = 5) -> DryRun:
    """Fetch and normalise one source; keep the first ``limit`` listings and every problem."""
    source = runtime.sources.get(source_id)
    connector_cls = runtime.registry.connector(source.type)
    context = HarvestContext(source=source, http=HttpClient(allowed_hosts=source.hosts()))
    result = DryRun(source)
    try:
        for raw in connector_cls(source, context).fetch():
            result.fetched += 1
            outcome = runtime.pipeline.process(raw, source)
            if isinstance(outcome, Listing):
                result.accepted += 1
                if len(result.listings) < limit:
                    result.listings.append(outcome)
            else:
                result.problems.append(
                    f"Datensatz {outcome.key} abgelehnt ({outcome.step}): {outcome.reason}"
                )
    except ConnectorError as exc:
        result.failed = True
        result.problems.append(f"Abruf fehlgeschlagen ({exc.kind}): {exc}")
    result.problems.extend(f"Hinweis: {note}" for note in context.notes)
    return result


def report(result: DryRun) -> dict[str, object]:
    """The dry run as JSON-ready data (the CLI prints it as tables or ``--json``)."""
    return {
        "source": result.source.id,
        "fetched": result.fetched,
        "accepted": result.accepted,
        "failed": result.failed,
        "listings": [x.model_dump(mode="json", exclude={"content_hash"}) for x in result.listings],
        "problems": result.problems,
    }


def render(result: DryRun, console: Any) -> None:
    """Print the first listings and every problem as German tables."""
    from rich.table import Table

    from hub.cli_tables import plural

    source = result.source
    table = Table(
        title=f"Probelauf {source.id} ({source.type}): "
        f"{plural(result.fetched, 'Datensatz', 'Datensätze')} abgerufen, "
        f"{result.accepted} übernommen – nichts wurde gespeichert"
    )
    for column in ("Art", "Titel", "Termin", "Ort", "Link"):
        table.add_column(column)
    for listing in result.listings:
        start = listing.schedule.start if listing.schedule else None
        table.add_row(
            KIND_LABELS.get(listing.kind, listing.kind),
            listing.title,
            start.strftime("%d.%m.%Y %H:%M") if start else "",
            (listing.place.text or listing.place.city or "") if listing.place else "",
            listing.url or "",
        )
    console.print(table)
    if result.problems:
        problems = Table(title=plural(len(result.problems), "Problem", "Probleme"))
        problems.add_column("Problem")
        for problem in result.problems:
            problems.add_row(problem)
        console.print(problems)
    else:
        console.print("Keine Probleme gefunden.")
