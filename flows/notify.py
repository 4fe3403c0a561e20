"""Prefect flow ``notify-needs``: tell saved needs about new matching offers.

Runs after every harvest (``after_harvest``, called where ``harvest_all``/``harvest_source``
finish) and on its own schedule for the daily and weekly digests (``notify_deployment``).
The work is ``hub.needs.notify.run_notifications``, an ordinary function; a failure here is
reported and never fails the harvest that called it.
"""

from __future__ import annotations

import logging
from typing import Any

from prefect import flow

from hub.runtime import Runtime

log = logging.getLogger(__name__)
#: when digests go out (Europe/Berlin): every morning at 07:00
DIGEST_CRON = "0 7 * * *"


@flow(name="notify-needs", log_prints=True)
def notify_needs() -> dict[str, Any]:
    """Match listings new since the last run against the saved needs, send what is due."""
    from hub.needs.notify import run_notifications

    runtime = Runtime.from_env()
    report = run_notifications(
        runtime.store, runtime.settings.home, index=runtime.index, settings=runtime.settings
    )
    for note in report.notes:
        print(note)
    return report.as_dict()


def after_harvest(runtime: Runtime | None = None) -> None:
    """The hook harvest flows call last; never lets a notification problem fail a harvest.

    Without any saved need there is nothing to tell anyone: the same work (moving the change
    cursor) runs as a plain function, so a hub that does not use needs pays no Prefect flow run
    per harvest and its run list shows only harvests. ``runtime``: the harvest's own, so the
    check does not read sources.toml and load the plugins once more.
    """
    try:
        runtime = runtime or Runtime.from_env()
        if _has_needs(runtime):
            notify_needs()
        else:
            from hub.needs.notify import run_notifications

            run_notifications(
                runtime.store, runtime.settings.home, index=runtime.index, settings=runtime.settings
            )
    except Exception:
        log.exception("notifying saved needs failed; the harvest itself succeeded")


def _has_needs(runtime: Runtime) -> bool:
    from hub.needs.notify import need_store

    counts = need_store(runtime.store, runtime.settings.home).counts()
    return bool(counts["confirmed"] or counts["unconfirmed"] or counts["matches_queued"])


def notify_deployment(**options: Any) -> Any:
    """The scheduled digest run as a deployment (``regiohub flows serve`` serves it)."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    return notify_needs.to_deployment(
        name="notify-needs",
        schedule=Cron(DIGEST_CRON, timezone="Europe/Berlin"),
        tags=["regiohub", "needs"],
        description="Gespeicherte Bedarfe: neue passende Angebote und Sammel-E-Mails",
        entrypoint_type=EntrypointType.MODULE_PATH,
        **options,
    )
