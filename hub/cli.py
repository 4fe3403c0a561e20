"""The ``regiohub`` command line: harvest, search, serve, inspect — and the demo."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from hub.cli_flows import flows_app
from hub.cli_plugins import commands_for_help
from hub.cli_store import store_app
from hub.cli_tables import berlin, counts_table, plural
from hub.errors import RegiohubError
from hub.kinds import KIND_LABELS, LISTING_KINDS

app = typer.Typer(
    name="regiohub",
    help="regiohub: ein durchsuchbarer Katalog der Angebote der Zentren einer Region.\n\n"
    "Daten liegen unter REGIOHUB_HOME (Standard ./.regiohub), Quellen in REGIOHUB_SOURCES "
    "(Standard $REGIOHUB_HOME/sources.toml).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        import hub

        print(f"regiohub {hub.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", help="Version ausgeben und beenden.", callback=_version),
    ] = False,
) -> None:
    """regiohub: ein durchsuchbarer Katalog der Angebote der Zentren einer Region.

    Daten liegen unter REGIOHUB_HOME (Standard ./.regiohub), Quellen in REGIOHUB_SOURCES
    (Standard $REGIOHUB_HOME/sources.toml)."""


def _runtime() -> Any:
    from hub.runtime import Runtime

    return Runtime.from_env()


def run_harvest(
    source_ids: list[str] | None,
    *,
    use_prefect: bool = True,
    full: bool = False,
    as_json: bool = False,
    title: str = "Ernte",
) -> list[dict[str, Any]]:
    """Harvest with live progress bars, print the counts; returns them (hub/cli_harvest.py)."""
    from hub import cli_harvest

    def show(rows: list[dict[str, Any]]) -> None:
        if as_json:
            print(json.dumps(rows, indent=2, ensure_ascii=False), flush=True)
        else:
            console.print(counts_table(rows, title=title, width=console.width))

    return cli_harvest.run_harvest(
        source_ids, use_prefect=use_prefect, full=full, err=err, show=show
    )


@app.command()
def harvest(
    source_ids: Annotated[
        list[str] | None, typer.Argument(help="Quellen-IDs; Standard: alle.")
    ] = None,
    no_prefect: Annotated[bool, typer.Option("--no-prefect", help="Ohne Prefect ernten.")] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Jede Quelle ganz neu lesen (gespeicherte ETags, Cursor, lastmod ignorieren).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Zahlen als JSON ausgeben.")] = False,
    processes: Annotated[
        int | None,
        typer.Option(
            "--prozesse",
            min=0,
            help=(
                "Quellen in so vielen Prozessen ernten (1: in diesem; 0, Vorgabe: einer je "
                "Kern, wenn viele Quellen viel zu lesen haben)."
            ),
        ),
    ] = None,
) -> None:
    """Quellen über den Prefect-Flow ernten und Geändertes indexieren.

    Wo eine Quelle es erlaubt, wird nur Neues gelesen; --full liest alles neu."""
    if processes is not None:  # read by Settings.from_env, as REGIOHUB_HARVEST_PROCESSES
        os.environ["REGIOHUB_HARVEST_PROCESSES"] = str(processes)
    rows = run_harvest(source_ids, use_prefect=not no_prefect, full=full, as_json=as_json)
    if any(r["status"] != "ok" for r in rows):
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adresse der Suche.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port der Suche.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Prozesse, die Anfragen beantworten (etwa einer je Kern).", min=1)
    ] = 1,
) -> None:
    """Such-API und Suchseite bereitstellen."""
    from flows.server import require_free_port
    from search_api.serving import app_from_env
    from search_api.serving import serve as serve_app

    require_free_port(host, port, "--port")
    # built here also with several workers: a configuration error shows once, in German
    app = app_from_env()
    console.print(f"regiohub: Suche unter http://{host}:{port}/ · API-Doku unter /docs")
    serve_app(host, port, workers=workers, app=None if workers > 1 else app)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Wonach gesucht wird, z. B. 'Datenschutz'.")],
    kind: Annotated[
        list[str] | None, typer.Option(help=f"Nach Art filtern: {', '.join(LISTING_KINDS)}.")
    ] = None,
    size: Annotated[int, typer.Option(help="Wie viele Treffer.", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Treffer als JSON ausgeben.")] = False,
) -> None:
    """Den Katalog auf der Kommandozeile durchsuchen."""
    from hub.index.base import SearchQuery

    for k in kind or []:
        if k not in LISTING_KINDS:
            raise RegiohubError(
                f"Unbekannte Art '{k}'; verwenden Sie eine von: {', '.join(LISTING_KINDS)}."
            )
    results = _runtime().index.search(SearchQuery(text=query, kind=tuple(kind or ()), size=size))
    if as_json:
        print(
            json.dumps(
                {
                    "total": results.total,
                    "hits": [{"id": h.id, "score": h.score, **h.listing} for h in results.hits],
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
        return
    table = Table(title=f"{results.total} Treffer für „{query}“")
    for column in ("Art", "Titel", "Partner", "Link"):
        table.add_column(column)
    for hit in results.hits:
        listing = hit.listing
        table.add_row(
            KIND_LABELS.get(listing["kind"], listing["kind"]),
            listing["title"],
            listing["partner"]["name"],
            listing.get("url") or "",
        )
    console.print(table)


sources_app = typer.Typer(
    name="sources",
    invoke_without_command=True,
    help="Konfigurierte Quellen auflisten; `sources test QUELLE` probiert eine aus.",
)
app.add_typer(sources_app)


@sources_app.callback()
def sources(ctx: typer.Context) -> None:
    """Konfigurierte Quellen mit Angeboten, letztem Lauf und Quarantäne auflisten."""
    if ctx.invoked_subcommand is not None:
        return
    from flows.health import health_of

    runtime = _runtime()
    table = Table(title=f"Quellen in {runtime.sources.path}")
    for column in ("Quelle", "Typ", "Art", "Angebote", "Letzter Lauf", "Status", "Quar."):
        table.add_column(column, overflow="fold")
    by_id = {s.id: s for s in runtime.sources.sources}
    errors = []
    for h in health_of(runtime.store, runtime.sources.sources):
        source = by_id[h.source_id]
        table.add_row(
            source.id,
            source.type,
            KIND_LABELS.get(source.kind, source.kind),
            str(h.listings),
            berlin(h.last_run) if h.last_run else "noch nie",
            {"ok": "ok", "running": "läuft"}.get(h.last_status or "", h.last_status or "—"),
            str(h.quarantined),
        )
        if h.latest_error and h.last_status != "ok":
            errors.append(f"{source.id}: {h.latest_error}")
    if errors:
        table.caption, table.caption_justify = "\n".join(errors), "left"
    console.print(table)


@sources_app.command("test")
def sources_test(
    source_id: Annotated[str, typer.Argument(help="Die Quelle, die ausprobiert wird.")],
    limit: Annotated[int, typer.Option(help="Wie viele Angebote gezeigt werden.", min=1)] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Ergebnis als JSON ausgeben.")] = False,
) -> None:
    """Eine Quelle probeweise lesen: erste Angebote und jedes Problem zeigen; schreibt nichts."""
    from connectors.dryrun import dry_run, render, report

    result = dry_run(_runtime(), source_id, limit)
    if as_json:
        print(json.dumps(report(result), indent=2, ensure_ascii=False))
    else:
        render(result, console)
    if result.failed:
        raise typer.Exit(1)


@app.command("quarantine")
def quarantine_cmd(
    source_id: Annotated[str | None, typer.Argument(help="Nur diese Quelle.")] = None,
    record_key: Annotated[
        str | None, typer.Argument(help="Nur diesen Datensatz zeigen (mit --rerun: erneut prüfen).")
    ] = None,
    rerun: Annotated[
        bool,
        typer.Option("--rerun", help="Die Datensätze erneut durch die aktuelle Pipeline schicken."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Einträge als JSON ausgeben.")] = False,
) -> None:
    """Datensätze in Quarantäne auflisten, einen zeigen oder nach einer Korrektur neu prüfen.

    `quarantine` listet alle, `quarantine QUELLE` die einer Quelle, `quarantine QUELLE SCHLÜSSEL`
    zeigt einen Eintrag mit Rohdaten, `--rerun` prüft die Auswahl erneut.
    """
    runtime = _runtime()
    if source_id:
        runtime.sources.get(source_id)
    if rerun:
        from flows.core import rerun_quarantine

        result = rerun_quarantine(runtime, source_id, record_key)
        if as_json:
            print(json.dumps(result.__dict__, indent=2, ensure_ascii=False))
        else:
            console.print(result.summary())
        return
    entries = runtime.store.quarantined(source_id)
    if record_key is not None:
        entries = [e for e in entries if e.record_key == record_key]
        if not entries:
            err.print(f"Kein Datensatz '{record_key}' von '{source_id}' in Quarantäne.")
            raise typer.Exit(1)
        _show_quarantine_entry(entries[0], as_json)
        return
    if as_json:
        print(json.dumps([e.__dict__ for e in entries], indent=2, ensure_ascii=False))
        return
    table = Table(title=plural(len(entries), "Datensatz", "Datensätze") + " in Quarantäne")
    for column in ("Quelle", "Datensatz", "Grund", "Schritt", "Zuletzt gesehen"):
        table.add_column(column, overflow="fold")
    for e in entries:
        table.add_row(e.source_id, e.record_key, e.reason, e.step, berlin(e.last_seen))
    console.print(table)


def _show_quarantine_entry(entry: Any, as_json: bool) -> None:
    """One quarantine entry in full: where it came from, why it failed, what the source said."""
    if as_json:
        print(json.dumps(entry.__dict__, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Quarantäne: {entry.source_id} / {entry.record_key}", show_header=False)
    table.add_column("Feld", style="bold")
    table.add_column("Wert")
    for label, value in (
        ("source", entry.source_id),
        ("key", entry.record_key),
        ("reason", entry.reason),
        ("step", entry.step),
        ("url", entry.record.get("url") or ""),
        ("first seen", entry.first_seen[:19]),
        ("last seen", entry.last_seen[:19]),
    ):
        table.add_row(label, str(value))
    for name, value in (entry.record.get("fields") or {}).items():
        shown = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
        table.add_row(f"fields.{name}", shown)
    console.print(table)


@app.command()
def plugins() -> None:
    """Geladene Plugins und was sie bereitstellen; fehlgeschlagene Plugins und warum."""
    from hub.plugins import get_registry

    registry = get_registry()
    table = Table(title="Plugins")
    for column in ("Plugin", "Herkunft", "Stellt bereit"):
        table.add_column(column)
    for info in registry.plugins:
        table.add_row(
            info.name,
            "eingebaut" if info.builtin else "Entry Point",
            ", ".join(info.provides) or "—",
        )
    console.print(table)
    if registry.failures:
        failed = Table(title="Fehlgeschlagene Plugins (übersprungen)")
        for column in ("Plugin", "Schritt", "Fehler"):
            failed.add_column(column)
        for f in registry.failures:
            failed.add_row(f.name, f.stage, f.error)
        console.print(failed)


@app.command()
def reindex() -> None:
    """Den Suchindex aus dem Katalog neu aufbauen (neue Generation, atomarer Wechsel)."""
    from flows.core import reindex as rebuild

    with console.status("Suchindex wird neu aufgebaut …"):
        count = rebuild(_runtime())
    console.print(plural(count, "Angebot", "Angebote") + " indexiert.")


@app.command()
def demo(
    once: Annotated[bool, typer.Option("--once", help="Ernten, Zahlen ausgeben, beenden.")] = False,
    host: Annotated[str, typer.Option(help="Adresse der Suche.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port der Suche.", min=1, max=65535)] = 8000,
    demo_port: Annotated[
        int, typer.Option(help="Port der Demo-Partnerseiten.", min=1, max=65535)
    ] = 8710,
    as_json: Annotated[bool, typer.Option("--json", help="Zahlen als JSON ausgeben.")] = False,
) -> None:
    """Demo-Partnerseiten starten, über Prefect ernten, dann die Suche bereitstellen."""
    from demo.server import DemoServer
    from flows.server import require_free_port
    from hub.config import DEMO_SOURCES

    if not once:  # before a minute of harvesting, not after it
        require_free_port(host, port, "--port")

    home = Path(os.environ.get("REGIOHUB_HOME", ".regiohub")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    try:
        server = DemoServer(port=demo_port).start()
    except OSError as exc:
        raise RegiohubError(
            f"Die Demo-Partnerseiten starten nicht auf Port {demo_port} ({exc.strerror}); "
            "geben Sie den Port frei oder wählen Sie einen mit --demo-port."
        ) from None
    sources_file = home / DEMO_SOURCES
    sources_file.write_text(server.sources_toml(), encoding="utf-8")
    os.environ["REGIOHUB_SOURCES"] = str(sources_file)
    err.print(f"Demo-Partnerseiten unter {server.base_url}/ · Ernte über Prefect …")
    run_harvest(None, as_json=as_json, title="Demo-Ernte")
    if once:
        server.stop()
        return
    serve(host=host, port=port)


@app.command()
def up(
    host: Annotated[str, typer.Option(help="Adresse der Suche.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port der Suche.", min=1, max=65535)] = 8000,
    prefect_port: Annotated[
        int, typer.Option(help="Port des Prefect-Servers und seiner Oberfläche.", min=1)
    ] = 4200,
) -> None:
    """Die Region auf einem Rechner betreiben: Prefect-Server, geplante Ernten und Suche.

    Ein Prozessbaum; Strg+C oder SIGTERM beendet alles. Die Prefect-Datenbank liegt unter
    REGIOHUB_HOME/prefect; mit PREFECT_API_URL wird stattdessen jener Server genutzt."""
    from flows.region import run_region

    runtime = _runtime()
    for source in runtime.sources.sources:
        runtime.registry.connector(source.type)  # unknown connector type: fail fast, clearly
    why = run_region(
        runtime.settings, host=host, port=port, prefect_port=prefect_port, say=err.print
    )
    err.print(why)


HEALTH_STYLES = {
    "ok": "green",
    "degraded": "yellow",
    "failing": "red",
    "needs_attention": "bold red",
    "never": "dim",
}


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Zustand als JSON ausgeben.")] = False,
) -> None:
    """Zustand jeder Quelle: letzter Lauf, letzter Erfolg, Zahlen, Quarantäne, letzter Fehler.

    Zustand: in Ordnung, eingeschränkt, gestört, Prüfung nötig (der Schutzschalter hat das
    Löschen von Angeboten verhindert) oder noch nie geerntet. Endet mit 1, wenn eine Quelle
    gestört ist oder Prüfung braucht, damit ein Monitoring es bemerkt.
    """
    from flows.health import BAD, health_of

    runtime = _runtime()
    rows = health_of(runtime.store, runtime.sources.sources)
    if as_json:
        print(json.dumps([h.as_dict() for h in rows], indent=2, ensure_ascii=False))
    else:
        table = Table(title=f"Zustand der Quellen ({runtime.sources.path})")
        labels = ("Quelle", "Zustand", "Angebote", "Letzter Lauf", "Letzter Erfolg")
        for column in (*labels, "Neu", "Geänd.", "Entf.", "Quar."):
            table.add_column(column, overflow="fold")
        problems = []
        for h in rows:
            style = HEALTH_STYLES[h.health]
            table.add_row(
                h.source_id,
                f"[{style}]{h.label}[/{style}]",
                str(h.listings),
                berlin(h.last_run),
                berlin(h.last_success),
                *(str(h.counts.get(k, "—")) for k in ("added", "updated", "gone")),
                str(h.quarantined),
            )
            if h.attention or h.latest_error:
                problems.append(f"{h.source_id}: {h.attention or h.latest_error}")
        if problems:
            table.caption, table.caption_justify = "\n".join(problems), "left"
        console.print(table)
        from hub.needs.commands import mail_status

        console.print(mail_status())  # saved needs (hub/needs) say whether they can e-mail
    if any(h.health in BAD for h in rows):
        raise typer.Exit(1)


app.add_typer(flows_app, name="flows")
app.add_typer(store_app, name="store")


def mount_plugin_commands(target: typer.Typer = app, argv: list[str] | None = None) -> None:
    """Add what plugins registered through ``register_commands``: a Typer app becomes a command
    group (named by its ``name``), a plain function a command.

    Loading every plugin takes a moment, so a built-in command named in ``argv`` skips it.
    """
    builtin = {g.name for g in target.registered_groups} | {
        c.name or (c.callback.__name__.replace("_", "-") if c.callback else "")
        for c in target.registered_commands
    }
    first = next((a for a in (argv or []) if not a.startswith("-")), None)
    if first in builtin or (first is None and "--version" in (argv or [])):
        return  # `--version` prints and ends before any command is looked at
    from hub.plugins import get_registry

    commands = commands_for_help() if first is None else get_registry().commands
    for command in commands:
        if isinstance(command, typer.Typer):
            target.add_typer(command)
        else:
            target.command()(command)


def _store_errors() -> tuple[type[Exception], ...]:
    """Evaluated only when an exception is matched, so ``--help`` never imports a driver."""
    from hub.store import store_errors

    return store_errors()


def main() -> None:
    """Entry point: turns every expected error into one clear sentence and a non-zero exit."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort

    from hub import cli_german

    if sys.argv[1:] == ["--version"]:  # no help texts, no plugins: print and end
        import hub

        print(f"regiohub {hub.__version__}")
        return
    cli_german.install()
    try:
        mount_plugin_commands(argv=sys.argv[1:])
        command = typer.main.get_command(app)
        cli_german.german_help_option(command)
        # outside standalone mode Click leaves usage errors to us: one German sentence
        code = command.main(prog_name="regiohub", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except SystemExit:  # the normal end: the clauses below (the store's) are not evaluated
        raise
    except NoArgsIsHelpError as exc:  # the help itself, already printed under rich
        text = exc.format_message()
        if text.strip():
            print(text, file=sys.stderr)
        sys.exit(2)
    except UsageError as exc:
        err.print(
            f"[red]Fehler:[/red] {cli_german.usage_error(exc)}",
            highlight=False,
            soft_wrap=True,
            markup=True,
        )
        sys.exit(exc.exit_code)
    except Abort:
        err.print("Abgebrochen.")
        sys.exit(1)
    except RegiohubError as exc:
        # one sentence on one line, however narrow the terminal: monitors grep it
        err.print(f"[red]Fehler:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except _store_errors() as exc:  # the store, outside a harvest (disk full, damaged file)
        from hub.errors import store_message

        err.print(f"[red]Fehler:[/red] {store_message(exc)}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("Abgebrochen.")
        sys.exit(130)


if __name__ == "__main__":
    main()
