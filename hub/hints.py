"""Quality hints: the German flags the pipeline left on listings, for partners and operators.

A listing keeps what could be read; a field the pipeline was not sure about stays empty and its
reason goes into ``Listing.flags`` ("Datum '…' nicht lesbar …", "Ort 'Naumburg' ist
mehrdeutig …"). Unlike quarantine, these listings are in the catalogue and searchable; the hints
say what the partner can fix at the source. Shown by ``regiohub hinweise`` (per source and per
listing, ``--json``), counted per source in ``regiohub status --json`` (``hints``) and readable
by the operator page through ``Store.quality_hints``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hub.hookspecs import hookimpl

if TYPE_CHECKING:
    from hub.store.db import Db


@dataclass(frozen=True)
class QualityHint:
    """The flags of one listing."""

    source_id: str
    listing_id: str
    source_key: str
    title: str
    url: str | None
    flags: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _flagged(db: Db) -> str:
    return (
        f"SELECT id, source_id, {db.json_text('data', 'source_key')} AS source_key, "
        f"{db.json_text('data', 'title')} AS title, {db.json_text('data', 'url')} AS url, "
        f"{db.json_array('data', 'flags')} AS flags FROM listings "
        f"WHERE {db.json_array_length('data', 'flags')} > 0"
    )


def hint_rows(db: Db, source_id: str | None = None) -> list[QualityHint]:
    """Flagged listings (of one source), by source and title; runs in the caller's connection."""
    query = _flagged(db)
    params: tuple[str, ...] = ()
    if source_id:
        query, params = query + " AND source_id = ?", (source_id,)
    rows = db.execute(query + " ORDER BY source_id, title, id", params).fetchall()
    return [
        QualityHint(
            source_id=r["source_id"],
            listing_id=r["id"],
            source_key=r["source_key"] or "",
            title=r["title"] or "",
            url=r["url"],
            flags=list(json.loads(r["flags"] or "[]")),
        )
        for r in rows
    ]


def hint_counts(db: Db) -> dict[str, int]:
    """Source id → how many of its listings carry at least one hint."""
    rows = db.execute(
        "SELECT source_id, COUNT(*) FROM listings "
        f"WHERE {db.json_array_length('data', 'flags')} > 0 GROUP BY source_id"
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def hinweise(
    source_id: Annotated[str | None, typer.Argument(help="Nur diese Quelle.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Hinweise als JSON ausgeben.")] = False,
) -> None:
    """Angebote mit Qualitätshinweisen (leer gelassene Felder und warum), je Quelle und Angebot.

    Diese Angebote sind im Katalog; die Hinweise sagen, was der Partner an der Quelle
    verbessern kann. Datensätze, die gar kein Angebot werden konnten: `regiohub quarantine`.
    """
    from rich.console import Console
    from rich.table import Table

    from hub.runtime import Runtime

    runtime = Runtime.from_env()
    if source_id:
        runtime.sources.get(source_id)  # an unknown source: one clear sentence
    hints = runtime.store.quality_hints(source_id)
    counts: dict[str, int] = {}
    for hint in hints:
        counts[hint.source_id] = counts.get(hint.source_id, 0) + 1
    if as_json:
        document = {"sources": counts, "listings": [h.as_dict() for h in hints]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return
    console = Console()
    summary = Table(title=f"Hinweise: {len(hints)} Angebote mit Hinweisen")
    for column in ("Quelle", "Angebote mit Hinweisen"):
        summary.add_column(column)
    for source, count in counts.items():
        summary.add_row(source, str(count))
    console.print(summary)
    table = Table(title="Hinweise je Angebot", show_lines=True)
    for column in ("Quelle", "Angebot", "Hinweis"):
        table.add_column(column)
    for hint in hints:
        table.add_row(
            hint.source_id, f"{hint.title}\n{hint.url or hint.source_key}", "\n".join(hint.flags)
        )
    console.print(table)


@hookimpl
def register_commands(register: Callable[[Any], None]) -> None:
    register(hinweise)
