"""``regiohub store``: create or upgrade the catalogue store, move a catalogue to another."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hub.errors import StoreError

store_app = typer.Typer(
    help="Der Katalogspeicher (SQLite oder PostgreSQL): Schema anlegen und aktualisieren, "
    "einen Katalog in einen anderen Speicher kopieren.",
    no_args_is_help=True,
)
console = Console()


def _default_url() -> str:
    from hub.config import Settings

    return Settings.from_env().store


@store_app.command("migrate")
def migrate(
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="Speicher-URL: sqlite://PFAD oder postgresql://BENUTZER@HOST:PORT/DATENBANK "
            "(Standard: REGIOHUB_STORE, sonst $REGIOHUB_HOME/catalogue.sqlite3).",
        ),
    ] = None,
) -> None:
    """Legt das Schema des Katalogspeichers an oder bringt es auf den neuesten Stand.

    Mehrfach ausführbar: ein aktueller Speicher bleibt unverändert. Jeder Prozess, der den
    Speicher öffnet, tut dasselbe; dieser Befehl macht es vorab und sagt, was geschah.
    """
    from hub.store import open_store
    from hub.store.migrations import LATEST

    store = open_store(url or _default_url())
    try:
        done: list[str] = getattr(store, "migrated", [])
        if not done:
            console.print(
                f"Das Schema in {store.location} ist aktuell (Version {LATEST}); nichts zu tun."
            )
            return
        console.print(
            f"Das Schema in {store.location} ist jetzt auf Version {LATEST}; ausgeführt:",
            highlight=False,
        )
        for line in done:
            console.print(f"  {line}", highlight=False)
    finally:
        store.close()


@store_app.command("copy")
def copy(
    source: Annotated[str, typer.Option("--from", help="Speicher-URL, aus der kopiert wird.")],
    target: Annotated[str, typer.Option("--to", help="Speicher-URL, in die kopiert wird.")],
    force: Annotated[
        bool, typer.Option("--force", help="Daten eines nicht leeren Ziels ersetzen.")
    ] = False,
) -> None:
    """Kopiert einen ganzen Katalog (Angebote, Läufe, Quarantäne, Zustand, Tombstones,
    Änderungsprotokoll, Dubletten, gespeicherte Bedarfe) und prüft jede Tabelle.

    Beispiel: regiohub store copy --from sqlite://.regiohub/catalogue.sqlite3
    --to postgresql://regiohub@db.example:5432/regiohub. Während des Kopierens sollte
    keine Ernte laufen. Ein Ziel mit Daten wird nur mit --force überschrieben.
    """
    from hub.store import check_store_url, open_store, store_location
    from hub.store.copy import copy_store
    from hub.store.core import SQLStore

    if store_location(check_store_url(source)) == store_location(check_store_url(target)):
        raise StoreError("Quelle und Ziel sind derselbe Speicher; nichts wurde kopiert.")
    src, dst = open_store(source), open_store(target)
    try:
        assert isinstance(src, SQLStore) and isinstance(dst, SQLStore)
        report = copy_store(src, dst, force=force)
    finally:
        src.close()
        dst.close()
    table = Table(title=f"Kopie {src.location} → {dst.location}")
    for column in ("Tabelle", "Zeilen Quelle", "Zeilen Ziel", "Inhalt"):
        table.add_column(column, justify="left" if column in ("Tabelle", "Inhalt") else "right")
    for t in report:
        table.add_row(
            t.table, f"{t.source_rows:,}".replace(",", "."), f"{t.target_rows:,}".replace(",", "."),
            "gleich" if t.same else "ABWEICHEND",
        )  # fmt: skip
    console.print(table)
    bad = [t.table for t in report if not t.same]
    if bad:
        raise StoreError(
            f"Die Kopie weicht in {', '.join(bad)} von der Quelle ab; lief währenddessen eine "
            "Ernte? Kopieren Sie erneut mit --force, wenn keine mehr läuft."
        )
    rows = sum(t.target_rows for t in report)
    console.print(
        f"{rows:,} Zeilen in {len(report)} Tabellen kopiert; Anzahl und Prüfsumme jeder "
        "Tabelle stimmen überein.".replace(",", "."),
        highlight=False,
    )
