"""E-mail through the SMTP server named by ``REGIOHUB_SMTP_URL`` (standard library smtplib).

``smtp://host:587`` speaks STARTTLS (required, except to a relay on this machine),
``smtps://host:465`` TLS from the first byte. User and password come from
``REGIOHUB_SMTP_USER`` / ``REGIOHUB_SMTP_PASSWORD`` (or the URL's user part); the sender from
``REGIOHUB_MAIL_FROM``. Nothing here logs an address.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlsplit

from hub.config import Settings
from hub.errors import ConfigError, MailError

__all__ = ["MailError", "MailSettings", "compose", "public_url", "send"]
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
TIMEOUT_S = 30.0
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
SENDER_HINT = "prüfen Sie REGIOHUB_MAIL_FROM und ob der Server diesen Absender zulässt."
RETRY_HINT = "die nächste Benachrichtigung versucht es erneut."


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    tls: bool  # TLS from the first byte (smtps)
    user: str | None
    password: str | None
    sender: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> MailSettings | None:
        """The configured SMTP server, None when ``REGIOHUB_SMTP_URL`` is unset."""
        env = dict(os.environ if env is None else env)
        url = env.get("REGIOHUB_SMTP_URL", "").strip()
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ConfigError(
                f"REGIOHUB_SMTP_URL='{parts.scheme}://…' ist keine SMTP-Adresse; setzen Sie "
                "smtp://host:587 (STARTTLS) oder smtps://host:465 (TLS)."
            )
        try:
            port = parts.port or (465 if parts.scheme == "smtps" else 587)
        except ValueError:
            raise ConfigError(
                "REGIOHUB_SMTP_URL hat eine ungültige Portnummer; z. B. smtp://host:587."
            ) from None
        domain = parts.hostname if "." in parts.hostname else "regiohub.invalid"
        return cls(
            host=parts.hostname,
            port=port,
            tls=parts.scheme == "smtps",
            user=env.get("REGIOHUB_SMTP_USER") or (unquote(parts.username or "") or None),
            password=env.get("REGIOHUB_SMTP_PASSWORD") or (unquote(parts.password or "") or None),
            sender=env.get("REGIOHUB_MAIL_FROM") or formataddr(("regiohub", f"noreply@{domain}")),
        )

    @property
    def domain(self) -> str:
        return self.sender.rsplit("@", 1)[-1].strip("> ")


def public_url(settings: Settings) -> str:
    """The base URL links in e-mails and the needs radar point at: ``Settings.public_url``
    (``REGIOHUB_PUBLIC_URL``, checked there), else the address ``regiohub serve`` listens at."""
    return settings.public_url or DEFAULT_PUBLIC_URL


def compose(
    settings: MailSettings,
    to: str,
    subject: str,
    text: str,
    html: str,
    *,
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    """A German plain-text + HTML message; with one-click unsubscribe (RFC 8058) if given."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=settings.domain)
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send(
    settings: MailSettings, message: EmailMessage, before_commit: Callable[[], None] | None = None
) -> None:
    """Hand ``message`` over; ``before_commit`` runs when all but the final dot is sent.

    The SMTP server delivers nothing of a message whose final dot it never received, so an
    intent recorded in ``before_commit`` marks the one moment after which the message may
    be out: a crash before it leaves the message unsent and unrecorded (it is sent later),
    a crash after it leaves a record (it is never sent twice). Raises MailError when the
    server refuses or cannot be reached.
    """
    try:
        with _connect(settings) as smtp:
            sender = settings.sender
            recipients = [str(message["To"])]
            data = message.as_bytes(policy=SMTP_POLICY)
            code, _ = smtp.mail(_address(sender))
            if code != 250:
                raise MailError(
                    f"Der SMTP-Server lehnt den Absender ab (MAIL FROM: {code}); {SENDER_HINT}"
                )
            for rcpt in recipients:
                code, _ = smtp.rcpt(_address(rcpt))
                if code not in (250, 251):
                    raise MailError(f"Der SMTP-Server lehnt den Empfänger ab (RCPT TO: {code}).")
            code, _ = smtp.docmd("DATA")
            if code != 354:
                raise MailError(
                    f"Der SMTP-Server nimmt keine Nachricht an (DATA: {code}); {RETRY_HINT}"
                )
            stuffed = re.sub(rb"(?m)^\.", b"..", data)
            if not stuffed.endswith(b"\r\n"):
                stuffed += b"\r\n"
            smtp.send(stuffed)
            if before_commit is not None:
                before_commit()
            smtp.send(b".\r\n")
            code, _ = smtp.getreply()
            if code != 250:
                raise MailError(f"Der SMTP-Server lehnt die Nachricht ab ({code}); {RETRY_HINT}")
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(
            f"SMTP-Server {settings.host}:{settings.port} nicht erreichbar oder abweisend ({exc}); "
            "prüfen Sie REGIOHUB_SMTP_URL und Zugangsdaten."
        ) from None


def _connect(settings: MailSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.tls:
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_S, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_S)
    try:  # a refused login or TLS must not leave the connection open
        smtp.ehlo()
        if not settings.tls:
            if smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif settings.host not in LOOPBACK:
                raise MailError(
                    f"SMTP-Server {settings.host} bietet kein STARTTLS; unverschlüsselt "
                    "wird nichts verschickt – nutzen Sie smtps:// oder einen Server mit STARTTLS"
                )
        if settings.user and settings.password:
            smtp.login(settings.user, settings.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _address(value: str) -> str:
    match = re.search(r"<([^>]+)>", value)
    return match[1] if match else value.strip()
