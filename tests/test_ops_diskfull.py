"""A full disk under the catalogue store: the harvest ends with one German sentence and a
non-zero exit, the store stays intact, and searches keep answering 200 meanwhile.

The store lives on a real size-limited file system (a 4 MB tmpfs mounted for the test; this
needs root, the test is skipped without it). The index lives elsewhere: this is about the
store."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ApiServer
from faults import feed
from servers import Route, ScriptedServer

SOURCE = """
[[source]]
id = "voll"
type = "feed"
kind = "event"
[source.partner]
name = "Zukunftszentrum"
[source.options]
url = "{url}/feed.xml"
"""


@contextlib.contextmanager
def small_disk(where: Path, size: str = "4m") -> Iterator[Path]:
    where.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path) -> None:
    # unbuffered: a write cut short by the full disk leaves nothing for close() to flush
    with (disk / "ballast").open("wb", buffering=0) as ballast:
        chunk = b"\0" * 65536
        with contextlib.suppress(OSError):
            while True:
                if not ballast.write(chunk):
                    break
    with contextlib.suppress(OSError), (disk / "ballast2").open("wb", buffering=0) as rest:
        while rest.write(b"\0" * 512):
            pass


@pytest.mark.slow
def test_a_full_disk_stops_the_harvest_with_one_sentence_and_reads_stay_200(
    tmp_path: Path,
) -> None:
    from hub.config import Settings
    from hub.runtime import Runtime
    from search_api.app import create_app

    with small_disk(tmp_path / "klein") as disk, ScriptedServer() as partner:
        home = disk / "home"
        env = {k: v for k, v in os.environ.items() if not k.startswith("REGIOHUB_")}
        env.update(
            REGIOHUB_HOME=str(home),
            REGIOHUB_SOURCES=str(tmp_path / "sources.toml"),
            REGIOHUB_INDEX=f"tantivy://{tmp_path / 'index'}",
            COLUMNS="200",
        )
        (tmp_path / "sources.toml").write_text(SOURCE.format(url=partner.url), encoding="utf-8")
        args = [sys.executable, "-m", "hub.cli", "harvest", "--no-prefect", "--full"]
        partner.routes["/feed.xml"] = Route(feed(5))
        first = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr[-2000:]

        # the search runs already (as it would) when the disk fills up
        runtime = Runtime(Settings.from_env(env))
        app = create_app(runtime.index, runtime.store, settings=runtime.settings)
        with ApiServer(app) as api:
            _fill(disk)
            partner.routes["/feed.xml"] = Route(feed(600, start=5))
            full = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
            answers = []
            for _ in range(6):
                with urllib.request.urlopen(f"{api.url}/api/v1/search?q=Werkstatt") as answer:
                    answers.append(answer.status)
        (disk / "ballast2").unlink(missing_ok=True)
        (disk / "ballast").unlink()
        with sqlite3.connect(runtime.settings.db_path) as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        runs = runtime.store.runs("voll", limit=2)

    assert full.returncode == 2, (full.stdout, full.stderr)
    assert "Traceback" not in full.stderr
    lines = [line for line in full.stderr.splitlines() if line.strip()]
    # SQLite names the full disk (SQLITE_FULL) or, writing its log, only an I/O error
    space = ("Datenträger ist voll", "freien Platz")
    assert "Der Katalog" in lines[-1] and any(s in lines[-1] for s in space), full.stderr
    assert sum("Fehler:" in line for line in lines) == 1
    assert answers == [200] * 6
    assert integrity == "ok"
    assert all(r.status != "running" for r in runs), runs  # no run left open
