"""CLI commands of the normalisation: ``regiohub postcodes import PATH`` and ``… lookup PLZ``.

Registered through ``register_commands`` like any plugin's commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from hub.errors import ConfigError
from hub.hookspecs import hookimpl

postcodes_app = typer.Typer(
    name="postcodes",
    help="Postleitzahlentabelle (PLZ → Bundesland, Kreis, Koordinaten) aus einer Datei.",
    no_args_is_help=True,
)


@postcodes_app.command("import")
def import_postcodes(
    path: Annotated[
        Path, typer.Argument(help="Eine GeoNames-PLZ-Datei auf diesem Rechner, z. B. DE.txt.")
    ],
) -> None:
    """Eine GeoNames-PLZ-Datei (CC BY 4.0) einlesen; es wird nichts heruntergeladen.

    Beispiel: regiohub postcodes import ~/Downloads/DE.txt
    """
    from pipelines.postcodes import import_geonames_postcodes, table_path

    count = import_geonames_postcodes(path.expanduser())
    typer.echo(
        f"{count} Postleitzahlen nach {table_path()} übernommen. "
        "Quelle: GeoNames (CC BY 4.0) – bitte die Namensnennung beibehalten."
    )


@postcodes_app.command("lookup")
def lookup_postcode(
    postcode: Annotated[str, typer.Argument(help="Eine fünfstellige Postleitzahl.")],
) -> None:
    """Zeigen, was die eingelesene Tabelle zu einer Postleitzahl sagt."""
    from pipelines.postcodes import postcode_table, table_path

    wanted = postcode.strip()
    if not (wanted.isdigit() and len(wanted) == 5):
        raise ConfigError(f"'{postcode}' ist keine fünfstellige Postleitzahl; z. B. 04109.")
    table = postcode_table()
    if not table:
        raise ConfigError(
            f"Unter {table_path()} liegt keine Postleitzahlentabelle; lesen Sie eine mit "
            "'regiohub postcodes import PFAD' ein (z. B. DE.txt von GeoNames)."
        )
    row = table.get(wanted)
    if row is None:
        raise ConfigError(
            f"Die Postleitzahl {wanted} steht nicht in der eingelesenen Tabelle; prüfen Sie "
            "die Zahl oder lesen Sie eine vollständige Tabelle ein."
        )
    typer.echo(
        f"{row.postcode} {row.place}: {row.state}, Kreis {row.district or '—'} "
        f"({row.district_code or '—'}), {row.lat:.4f}, {row.lon:.4f}"
    )


@hookimpl
def register_commands(register: Callable[[Any], None]) -> None:
    register(postcodes_app)
