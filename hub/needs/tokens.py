"""Unguessable tokens: confirmation links (stored hashed) and private links (an HMAC).

The private link of a need goes into every e-mail, so it must be re-creatable without being
stored: it is ``<id>.<HMAC-SHA256(secret, id)>``. The secret is ``REGIOHUB_SECRET`` or a
random key kept in ``REGIOHUB_HOME/needs.key`` (created once, readable by the owner only).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

KEY_FILE = "needs.key"


def load_secret(home: Path, env: dict[str, str] | None = None) -> bytes:
    env = dict(os.environ if env is None else env)
    given = env.get("REGIOHUB_SECRET", "").strip()
    if given:
        return given.encode()
    path = home / KEY_FILE
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process (API, flow) made it just now
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
    key = path.read_bytes()
    if len(key) < 32:  # read while the other process was still writing it
        time.sleep(0.05)
        key = path.read_bytes()
    return key


def new_id() -> str:
    return secrets.token_urlsafe(12)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """How a confirmation token is stored: a leaked table confirms nobody."""
    return hashlib.sha256(token.encode()).hexdigest()


def keyed(secret: bytes, value: str) -> str:
    """An HMAC of a value (an address or a client) for rate limits: never the value itself."""
    mac = hmac.new(secret, value.strip().lower().encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:18]).decode()


def private_token(secret: bytes, need_id: str) -> str:
    return f"{need_id}.{keyed(secret, 'need:' + need_id)}"


def need_of(secret: bytes, token: str) -> str | None:
    """The need id a private token belongs to, or None for a forged or broken token."""
    need_id, _, mac = token.partition(".")
    if not need_id or not mac:
        return None
    expected = private_token(secret, need_id)
    return need_id if hmac.compare_digest(expected, token) else None
