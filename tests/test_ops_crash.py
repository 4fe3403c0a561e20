"""A harvest killed with SIGKILL mid-run leaves whole batches only; the next run finishes the
job with no duplicates and nothing lost, and closes the killed run as crashed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connectors.base import Connector, ConnectorOptions
from flows.core import BATCH_SIZE, harvest_plain
from hub.config import Settings
from hub.hookspecs import hookimpl
from hub.plugins import build_registry
from hub.runtime import Runtime

pytestmark = pytest.mark.slow
RECORDS = 5 * BATCH_SIZE
SOURCES = """
[[source]]
id = "langsam"
type = "slow-test"
kind = "course"
[source.partner]
name = "Langsamzentrum"
[source.options]
count = %d
delay = %s
"""


class SlowOptions(ConnectorOptions):
    count: int
    delay: float = 0.0


class SlowConnector(Connector):
    """Yields ``count`` courses, pausing ``delay`` seconds before each (a long harvest)."""

    name = "slow-test"
    Options = SlowOptions
    options: SlowOptions

    def fetch(self) -> Iterator[Any]:
        for i in range(self.options.count):
            time.sleep(self.options.delay)
            yield self.record(
                key=f"kurs-{i:04d}",
                url=f"http://example.invalid/kurse/{i}.html",
                title=f"Excel-Kurs Nummer {i}",
                description="<p><strong>Termin:</strong> 03.06.2027, 9:00 Uhr</p>",
            )


@hookimpl
def register_connectors(register: Any) -> None:
    register(SlowConnector)


def runtime_for(home: Path, delay: float) -> Runtime:
    (home / "sources.toml").write_text(SOURCES % (RECORDS, delay), encoding="utf-8")
    env = {"REGIOHUB_HOME": str(home), "REGIOHUB_SOURCES": str(home / "sources.toml")}
    return Runtime(Settings.from_env(env), registry=build_registry(extra=[sys.modules[__name__]]))


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    import test_ops_crash
    from flows.core import harvest_plain
    runtime = test_ops_crash.runtime_for(Path({home!r}), delay=0.01)
    harvest_plain(runtime, runtime.sources.sources)
    """
)


def listings_in(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM listings").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_a_harvest_killed_mid_run_is_finished_by_the_next_with_nothing_lost(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    script = CHILD.format(tests=str(Path(__file__).parent), home=str(home))
    child = subprocess.Popen([sys.executable, "-c", script], env={**os.environ})
    db = home / "catalogue.sqlite3"
    deadline = time.monotonic() + 120
    while listings_in(db) < BATCH_SIZE:
        assert child.poll() is None, "the harvest ended before it could be killed"
        assert time.monotonic() < deadline, "no batch was stored within two minutes"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(30)

    runtime = runtime_for(home, delay=0.0)
    survived = runtime.store.count_listings()
    assert 0 < survived < RECORDS
    assert survived % BATCH_SIZE == 0, "a batch was stored in part"
    (killed,) = runtime.store.runs("langsam")
    assert killed.status == "running"  # as the crash left it

    (counts,) = harvest_plain(runtime, runtime.sources.sources)

    assert counts.status == "ok" and counts.fetched == RECORDS
    assert (counts.added, counts.unchanged) == (RECORDS - survived, survived)
    assert runtime.store.count_listings() == RECORDS
    assert runtime.index.count() == RECORDS  # the index caught up with the store
    ids = {c.listing_id for c in runtime.store.changes(limit=10 * RECORDS)}
    assert len(ids) == RECORDS
    current, closed = runtime.store.runs("langsam")
    assert closed.id == killed.id and closed.status == "crashed"
    assert closed.counts["error_kind"] == "crashed"
    assert current.status == "ok"
