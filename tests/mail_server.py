"""A real SMTP server on loopback (aiosmtpd) that keeps what it received, for the needs tests."""

from __future__ import annotations

import email
import email.policy
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from conftest import free_port


class MailSink:
    """Messages as received; ``on_rcpt``/``on_data`` run inside the server (e.g. to kill)."""

    def __init__(self, host: str = "127.0.0.1", scheme: str = "smtp", **options: Any) -> None:
        """``options`` go to aiosmtpd (e.g. ``tls_context``, ``authenticator``,
        ``ssl_context`` for TLS from the first byte)."""
        self.messages: list[EmailMessage] = []
        self.on_rcpt: Callable[[], None] | None = None
        self.on_data: Callable[[], None] | None = None
        self.port = free_port()
        self.url = f"{scheme}://{host}:{self.port}"
        self._controller = Controller(self, hostname=host, port=self.port, **options)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.on_rcpt is not None:
            self.on_rcpt()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        if self.on_data is not None:
            self.on_data()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30.0) -> list[EmailMessage]:
        """The messages to ``address`` once there are ``count`` (mail is sent after the
        answer to the browser, so it can arrive a moment later)."""
        deadline = time.monotonic() + timeout
        while len(found := self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return found

    def __enter__(self) -> MailSink:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())
