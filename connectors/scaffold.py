"""``regiohub connector new NAME``: writes a connector plugin package that works at once.

The package has a pyproject with the ``regiohub`` entry point, a connector module reading a
JSON list, a fixture, and tests built on the conformance kit (``connectors.testing``), so
``pip install -e . && pytest`` passes before the partner changes a line.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template
from typing import Annotated, Any

import typer

from hub.errors import RegiohubError
from hub.hookspecs import hookimpl

TEMPLATES = Path(__file__).parent / "templates" / "plugin"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

connector_app = typer.Typer(
    name="connector", help="Connector-Plugins anlegen und prüfen.", no_args_is_help=True
)


def files_for(name: str) -> dict[str, str]:
    """Relative path → text of every file of the package for connector type ``name``."""
    package = f"regiohub_{name}"
    values = {
        "name": name,
        "package": package,
        "dist": f"regiohub-{name.replace('_', '-')}",
        "class_name": "".join(p.capitalize() for p in name.split("_")) + "Connector",
        "source_id": name.replace("_", "-"),
    }
    layout = {
        "pyproject.toml": "pyproject.toml.tmpl",
        "README.md": "README.md.tmpl",
        f"{package}/__init__.py": "__init__.py.tmpl",
        f"{package}/connector.py": "connector.py.tmpl",
        f"tests/fixtures/{name}/angebote.json": "angebote.json.tmpl",
        f"tests/test_{name}.py": "test_connector.py.tmpl",
    }
    return {
        path: Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
        for path, template in layout.items()
    }


def write_plugin(name: str, parent: Path) -> Path:
    """Write the package for connector type ``name`` into ``parent``; returns its folder."""
    if not NAME.match(name):
        raise RegiohubError(
            f"'{name}' taugt nicht als Connector-Name: nehmen Sie 2–40 Kleinbuchstaben, "
            "Ziffern und Unterstriche, beginnend mit einem Buchstaben (z. B. 'kursportal_halle')."
        )
    target = parent / f"regiohub-{name.replace('_', '-')}"
    if target.exists():
        raise RegiohubError(f"{target} gibt es schon; wählen Sie einen anderen Namen oder Ordner.")
    for relative, text in files_for(name).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


@connector_app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="Connector-Typ, z. B. 'kursportal_halle'.")],
    directory: Annotated[
        Path, typer.Option("--dir", help="Ordner, in dem das Paket angelegt wird.")
    ] = Path("."),
) -> None:
    """Ein Connector-Plugin-Paket anlegen (Connector, Testdaten, Konformitätstests)."""
    target = write_plugin(name, directory)
    typer.echo(f"Plugin-Paket angelegt: {target}")
    typer.echo(f"Weiter: cd {target} && pip install -e . && python -m pytest")


@hookimpl
def register_commands(register: Any) -> None:
    register(connector_app)
