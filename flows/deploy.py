"""Deployments: one scheduled ``harvest-source`` deployment per source with a ``schedule``.

``regiohub flows serve`` serves them in this process (``prefect.serve``); the same
deployments can be registered with a Prefect server and a work pool instead (see
docs/operators.md). No Prefect deployment concurrency limit is set: with Prefect 3.8 its slot
lease was lost while a slow machine provisioned the run, cancelling it. Two overlapping runs
of one source are harmless anyway (idempotent upserts, one transaction per sync).
"""

from __future__ import annotations

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
    return deployments


def serve(sources: list[SourceConfig], limit: int | None = None) -> None:
    """Serve the scheduled deployments in this process until interrupted."""
    from prefect import serve as prefect_serve

    deployments = build_deployments(sources)
    prefect_serve(*deployments, limit=limit, print_starting_message=True)
