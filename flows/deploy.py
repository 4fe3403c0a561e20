"""Deployments: one scheduled ``harvest-source`` deployment per source with a ``schedule``.

``regiohub flows serve`` serves them in this process (``prefect.serve``); the same
deployments can be registered with a Prefect server and a work pool instead (see
docs/operators.md; ``regiohub flows deploy --pool NAME``). Deployments in a pool allow one
run per source at a time (``ConcurrencyLimitConfig(limit=1, CANCEL_NEW)``: a run asked for
while the last still harvests is cancelled), proven against a real server in
tests/test_ops_server.py. Served deployments get no such limit: under Prefect's ephemeral
server (3.8.8) their slot lease was lost while the run started, which
cancelled the run itself ("Deployment concurrency slot lost during provisioning"). Two
overlapping runs of one source are harmless there (idempotent upserts, one transaction per
sync, and a run still alive on this machine is never closed as crashed).
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from hub.config import SourceConfig

DEPLOYMENT_PREFIX = "harvest-"


def deployment_name(source: SourceConfig) -> str:
    return f"{DEPLOYMENT_PREFIX}{source.id}"


def schedule_of(source: SourceConfig) -> Any:
    """The Prefect schedule of a source, or None when it has none."""
    from prefect.schedules import Cron, Interval

    plan = source.schedule
    if plan is None:
        return None
    if plan.cron:
        return Cron(plan.cron, timezone=plan.timezone)
    return Interval(timedelta(minutes=plan.interval_minutes or 0), timezone=plan.timezone)


def build_deployments(sources: list[SourceConfig], **options: Any) -> list[Any]:
    """``RunnerDeployment``s for every enabled source that has a schedule.

    ``options`` go to ``Flow.to_deployment`` (e.g. ``work_pool_name`` for a Prefect server).
    """
    from prefect.deployments.runner import EntrypointType

    from flows.harvest import harvest_source

    deployments = []
    for source in sources:
        schedule = schedule_of(source)
        if schedule is None or not source.enabled:
            continue
        deployments.append(
            harvest_source.to_deployment(
                name=deployment_name(source),
                parameters={"source_id": source.id},
                schedule=schedule,
                tags=["regiohub", f"partner:{source.partner.name}"],
                description=f"Ernte der Quelle {source.id} ({source.partner.name})",
                # the installed package, not a file path: workers on other machines find it
                entrypoint_type=EntrypointType.MODULE_PATH,
                **options,
            )
        )
    if os.environ.get("REGIOHUB_SMTP_URL"):  # daily/weekly digests of saved needs
        from flows.notify import notify_deployment

        deployments.append(notify_deployment(**options))
    return deployments


def serve(sources: list[SourceConfig], limit: int | None = None) -> None:
    """Serve the scheduled deployments in this process until interrupted."""
    from prefect import serve as prefect_serve

    deployments = build_deployments(sources)
    prefect_serve(*deployments, limit=limit, print_starting_message=True)


def deploy_to_pool(sources: list[SourceConfig], pool: str) -> list[str]:
    """Register the scheduled deployments with the Prefect server at ``PREFECT_API_URL`` in
    the work pool ``pool``; returns their names.

    No image and no remote storage: the entrypoint is the installed module
    ``flows.harvest``, so every worker machine needs regiohub installed (and the same
    ``REGIOHUB_*`` environment). The pool must exist already (``prefect work-pool create``),
    so a typo does not silently create a pool no worker listens to.
    """
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL

    from hub.errors import RegiohubError

    if not PREFECT_API_URL.value():
        raise RegiohubError(
            "PREFECT_API_URL ist nicht gesetzt; lassen Sie es auf Ihren Prefect-Server zeigen, "
            "z. B. "
            "'export PREFECT_API_URL=http://server:4200/api' (docs/operators.md)."
        )
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            raise RegiohubError(
                f"Work-Pool {pool!r} gibt es auf {PREFECT_API_URL.value()} nicht; legen Sie ihn "
                f"mit 'prefect work-pool create {pool} --type process' an."
            ) from None
        except httpx.HTTPError as exc:
            raise RegiohubError(
                f"Der Prefect-Server unter {PREFECT_API_URL.value()} ist nicht erreichbar ({exc}); "
                "prüfen Sie, ob er läuft und PREFECT_API_URL stimmt."
            ) from None
    deployments = build_deployments(
        sources,
        work_pool_name=pool,
        # one run per source at a time: a run started while the last one still harvests is
        # cancelled at once (see the module docstring on why only here, with a server)
        concurrency_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
        ),
    )
    for deployment in deployments:
        deployment.apply()
    return [f"harvest-source/{d.name}" for d in deployments]
