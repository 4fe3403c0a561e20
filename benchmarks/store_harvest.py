"""The real-harvest row of ``benchmarks/store.py``'s worker comparison.

The store-only row hands the store ready ``Listing`` objects; this one is a whole first
harvest: RSS feeds (``benchmarks/harvest_scale.py``'s generator, one feed a source) served on
loopback by ``connectors.testing``'s FixtureServer, each source harvested through the real
pipeline (``flows.core.harvest_source_records``: source lock, run, fetch, parse, normalise,
batches through ``apply_batch``, safe sync) by one worker process, then by two processes
sharing the sources, each against a fresh catalogue. The feed server runs in the parent
process and its CPU is not counted (a partner's server is elsewhere).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from benchmarks.harvest_scale import sources_toml, write_feeds


def feed_names(sources: int) -> list[str]:
    return [f"feed-{f}" for f in range(sources)]


def write_site(root: Path, listings: int, sources: int) -> None:
    """``sources`` feeds of ``listings`` items in all (not timed)."""
    write_feeds(root, sources, max(1, listings // sources), set())


def write_home(home: Path, url: str, sources: int) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "sources.toml").write_text(sources_toml(url, sources), encoding="utf-8")


def harvest_worker(
    url: str, home: str, sources: list[str], ready: Any, go: Any, answer: Any
) -> None:
    """One harvest worker process: every source of its share, through the real pipeline."""
    os.environ.update(
        REGIOHUB_HOME=home,
        REGIOHUB_SOURCES=str(Path(home) / "sources.toml"),
        REGIOHUB_STORE=url,
    )
    from flows.core import harvest_source_records
    from hub.runtime import Runtime

    runtime = Runtime.from_env()
    wanted = set(sources)
    share = [s for s in runtime.sources.sources if s.id in wanted]
    # opened before the clock, as a running worker has them (imports, pipeline, store pool)
    runtime.store, runtime.pipeline, runtime.registry.connector("feed")
    ready.release()
    go.wait()
    cpu = time.process_time()
    started = time.perf_counter()
    rows = 0
    for source in share:
        counts = harvest_source_records(runtime, source).counts
        if counts.status != "ok":
            raise RuntimeError(f"{source.id}: {counts.status} {counts.error}")
        rows += counts.fetched
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    runtime.store.close()
    answer.put((rows, seconds, cpu))
