"""Tables and formatting of the ``regiohub`` command line: German, Berlin time, 80 columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hub.timefmt import berlin

if TYPE_CHECKING:  # rich is imported when a table is drawn, not on `--help`
    from rich.table import Table

__all__ = ["berlin", "counts_table", "plural"]


def plural(count: int, one: str, many: str) -> str:
    """``1 Angebot``, ``2 Angebote``, ``0 Angebote``: the count with the right German noun."""
    return f"{count} {one if count == 1 else many}"


HARVEST_COLUMNS = (
    ("fetched", "Gelesen"),
    ("added", "Neu"),
    ("updated", "Geänd."),
    ("unchanged", "Gleich"),
    ("gone", "Entf."),
    ("quarantined", "Quar."),
)


def middle_ellipsis(text: str, width: int) -> str:
    """``text`` at most ``width`` characters, cut in the middle: ``kammer-…-kurse``, so both
    ends of a long source id stay readable."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = width // 2
    tail = width - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail else "")


def counts_table(
    rows: list[dict[str, Any]], title: str = "Ernte", width: int | None = None
) -> Table:
    """Fits ``width`` columns (the terminal's; 80 and narrower too): errors follow the table
    as a caption, one line per source, and a source id too long for what is left is cut in
    the middle (``--json`` has it whole)."""
    from rich.table import Table

    cells = [[str(row.get(k, 0)) for k, _ in HARVEST_COLUMNS] for row in rows]
    fixed = [len("Status")] + [
        max([len(label), *(len(c[n]) for c in cells)])
        for n, (_, label) in enumerate(HARVEST_COLUMNS)
    ]
    columns = 1 + len(fixed)
    # each column has one space of padding either side, and a border left of it (+1 at the end)
    room = (width or 10_000) - sum(fixed) - 3 * columns - 1
    id_width = max(room, len("Quelle"), 8)
    table = Table(title=title)
    table.add_column("Quelle", no_wrap=True, max_width=id_width)
    table.add_column("Status")
    for _, label in HARVEST_COLUMNS:
        table.add_column(label, justify="right")
    problems = []
    for row, numbers in zip(rows, cells, strict=True):
        # "busy": another harvest of the source holds its lock, so this one did not run
        style = {"ok": "green", "busy": "yellow"}.get(row["status"], "red")
        label = {"ok": "ok", "busy": "läuft schon"}.get(row["status"], "Fehler")
        table.add_row(
            middle_ellipsis(row["source_id"], id_width), f"[{style}]{label}[/{style}]", *numbers
        )
        if row.get("error") or row.get("attention"):
            problems.append(f"{row['source_id']}: {row.get('error') or row.get('attention')}")
    if problems:
        table.caption = "\n".join(problems)
        table.caption_justify = "left"
    return table
