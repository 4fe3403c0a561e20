"""``regiohub flows``: the scheduled harvests as Prefect deployments (list, serve, deploy)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from hub.errors import RegiohubError

console = Console()
err = Console(stderr=True)


def _runtime() -> Any:
    from hub.runtime import Runtime

    return Runtime.from_env()


flows_app = typer.Typer(help="Geplante Ernten als Prefect-Deployments.", no_args_is_help=True)


@flows_app.command("list")
def flows_list() -> None:
    """Die Deployments, die `flows serve` ausführt: eines je Quelle mit Zeitplan."""
    from flows.deploy import deployment_name

    runtime = _runtime()
    table = Table(title="Geplante Ernten")
    for column in ("Deployment", "Quelle", "Zeitplan", "Aktiv"):
        table.add_column(column)
    for source in runtime.sources.sources:
        plan = source.schedule
        if plan is None:
            continue
        when = f"cron {plan.cron}" if plan.cron else f"alle {plan.interval_minutes:g} min"
        table.add_row(
            deployment_name(source),
            source.id,
            f"{when} ({plan.timezone})",
            "ja" if source.enabled else "nein",
        )
    console.print(table)


@flows_app.command("serve")
def flows_serve(
    limit: Annotated[
        int | None, typer.Option(help="Höchstens so viele Ernten gleichzeitig.", min=1)
    ] = None,
) -> None:
    """Geplante Ernten mit Prefect ausführen, bis Strg+C.

    Nutzt PREFECT_API_URL oder den Server von `regiohub up`; läuft keiner, startet ein eigener
    Prefect-Server unter REGIOHUB_HOME (mit Zeitplaner), solange der Befehl läuft."""
    from flows.server import prefect_api, sigterm_as_exit

    runtime = _runtime()
    sources = runtime.sources.sources
    for source in sources:
        runtime.registry.connector(source.type)  # unknown connector type: fail fast, clearly
    if not any(s.schedule and s.enabled for s in sources):
        raise RegiohubError(
            f"Keine Quelle in {runtime.sources.path} hat einen Zeitplan; ergänzen Sie "
            "'schedule = { interval_minutes = 60 }' oder ein cron an einer [[source]] "
            "(docs/sources.md)."
        )
    try:
        with sigterm_as_exit(), prefect_api(runtime.settings.home, services=True, ui=True) as url:
            from flows.deploy import serve

            err.print(f"Geplante Ernten laufen gegen {url}")
            serve(sources, limit=limit)
    except KeyboardInterrupt:
        err.print("Beendet.")


@flows_app.command("deploy")
def flows_deploy(
    pool: Annotated[str, typer.Option(help="Prefect-Work-Pool, auf den die Worker hören.")],
) -> None:
    """Die geplanten Ernten beim Prefect-Server unter PREFECT_API_URL in einem Pool anmelden."""
    from flows.deploy import build_deployments, deploy_to_pool

    runtime = _runtime()
    sources = runtime.sources.sources
    for source in sources:
        runtime.registry.connector(source.type)  # unknown connector type: fail fast, clearly
    if not build_deployments(sources):
        raise RegiohubError(
            f"Keine Quelle in {runtime.sources.path} hat einen Zeitplan; ergänzen Sie einen "
            "(docs/sources.md#schedules)."
        )
    for name in deploy_to_pool(sources, pool):
        console.print(f"{name} → Work-Pool {pool}")
