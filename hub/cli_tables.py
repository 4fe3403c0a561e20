"""Tables and formatting of the ``regiohub`` command line: German, Berlin time, 80 columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported when a table is drawn, not on `--help`
    from rich.table import Table


def berlin(iso: str | None) -> str:
    """A stored UTC timestamp as Berlin time, short: ``02.12.2026 02:47``."""
    if not iso:
        return "—"
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    when = datetime.fromisoformat(iso)
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return f"{when.astimezone(ZoneInfo('Europe/Berlin')):%d.%m.%Y %H:%M}"


def plural(count: int, one: str, many: str) -> str:
    """``1 Angebot``, ``2 Angebote``, ``0 Angebote``: the count with the right German noun."""
    return f"{count} {one if count == 1 else many}"


HARVEST_COLUMNS = (
    ("fetched", "Abgerufen"),
    ("added", "Neu"),
    ("updated", "Geänd."),
    ("unchanged", "Gleich"),
    ("gone", "Entf."),
    ("quarantined", "Quar."),
)


def counts_table(rows: list[dict[str, Any]], title: str = "Ernte") -> Table:
    """Fits 80 columns: errors follow the table as a caption, one line per source."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("Quelle", overflow="fold")
    table.add_column("Status")
    for _, label in HARVEST_COLUMNS:
        table.add_column(label, justify="right")
    problems = []
    for row in rows:
        # "busy": another harvest of the source holds its lock, so this one did not run
        style = {"ok": "green", "busy": "yellow"}.get(row["status"], "red")
        label = {"ok": "ok", "busy": "läuft schon"}.get(row["status"], "Fehler")
        table.add_row(
            row["source_id"],
            f"[{style}]{label}[/{style}]",
            *(str(row.get(k, 0)) for k, _ in HARVEST_COLUMNS),
        )
        if row.get("error") or row.get("attention"):
            problems.append(f"{row['source_id']}: {row.get('error') or row.get('attention')}")
    if problems:
        table.caption = "\n".join(problems)
        table.caption_justify = "left"
    return table
