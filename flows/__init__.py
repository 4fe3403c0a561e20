"""Prefect flows and the plain functions they run.

Prefect's defaults are set here, before Prefect is imported: its data lives under
REGIOHUB_HOME, no analytics leave the machine, and the ephemeral server gets time to start
on a slow machine. Anything already set in the environment wins.
"""

from __future__ import annotations

import os
from pathlib import Path

_home = Path(os.environ.get("REGIOHUB_HOME", ".regiohub")).expanduser().resolve()
for _key, _value in {
    "PREFECT_HOME": str(_home / "prefect"),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_UI_ENABLED": "false",
}.items():
    os.environ.setdefault(_key, _value)
