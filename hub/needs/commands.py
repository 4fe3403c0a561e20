"""CLI: ``regiohub needs status`` (counts, never addresses) and ``regiohub needs notify``.

Registered through ``register_commands`` like any plugin's commands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from hub.hookspecs import hookimpl

needs_app = typer.Typer(
    name="needs",
    help="Gespeicherte Bedarfe: Zahlen und Benachrichtigungen (docs/needs.md).",
    no_args_is_help=True,
)


def mail_status() -> str:
    """One German sentence on whether saved needs can send e-mail (for ``regiohub status``)."""
    from hub.errors import ConfigError
    from hub.needs.mail import MailSettings

    try:
        mail = MailSettings.from_env()
    except ConfigError as exc:
        return f"E-Mail für gespeicherte Bedarfe: falsch eingerichtet – {exc}"
    if mail is None:
        return (
            "E-Mail für gespeicherte Bedarfe: nicht eingerichtet (REGIOHUB_SMTP_URL fehlt); "
            "das Formular /bedarf nimmt keine Anmeldungen an."
        )
    mode = "TLS" if mail.tls else "STARTTLS"
    return f"E-Mail für gespeicherte Bedarfe: {mail.host}:{mail.port} ({mode})."


@needs_app.command("status")
def needs_status(
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON ausgeben.")] = False,
) -> None:
    """Wie viele Bedarfe bestätigt/unbestätigt sind und wie viele E-Mails verschickt wurden."""
    from hub.needs.notify import need_store
    from hub.runtime import Runtime

    runtime = Runtime.from_env()
    counts = need_store(runtime.store, runtime.settings.home).counts()
    if as_json:
        typer.echo(json.dumps(counts))
        return
    typer.echo(
        f"{counts['confirmed']} bestätigte und {counts['unconfirmed']} unbestätigte Bedarfe, "
        f"{counts['messages_sent']} E-Mails verschickt, {counts['matches_queued']} Angebote "
        "warten auf die nächste Sammel-E-Mail."
    )
    typer.echo(mail_status())


@needs_app.command("notify")
def needs_notify() -> None:
    """Neue passende Angebote jetzt zuordnen und fällige E-Mails verschicken."""
    from hub.needs.notify import run_notifications
    from hub.runtime import Runtime

    runtime = Runtime.from_env()
    report = run_notifications(runtime.store, runtime.settings.home, settings=runtime.settings)
    typer.echo(
        f"{report.matched} neue Treffer, {report.sent} E-Mails verschickt, "
        f"{report.failed} fehlgeschlagen."
    )
    for note in report.notes:
        typer.echo(note)


@hookimpl
def register_commands(register: Callable[[Any], None]) -> None:
    register(needs_app)
