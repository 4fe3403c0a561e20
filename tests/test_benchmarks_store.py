"""benchmarks/store.py runs on both backends and prints its figures (speed is not asserted)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # plain `pytest` does not put the repository on sys.path
    sys.path.insert(0, str(ROOT))

from benchmarks import store as store_benchmark  # noqa: E402

PHASES = ("upsert (all new)", "upsert again (unchanged)", "safe sync (1 % gone)", "change feed")


@pytest.mark.slow
def test_store_benchmark_prints_both_backends_and_the_worker_scaling(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--listings", "120", "--sources", "4", "--harvest-listings", "40"]
    assert store_benchmark.main(args) == 0
    out = capsys.readouterr().out
    for phase in PHASES:
        # seconds and rows/s for SQLite, then for PostgreSQL, then the ratio
        assert re.search(rf"^{re.escape(phase)}.*?(\s+[\d.,]+){{4}}\s+[\d.]+×$", out, re.M), phase
    row = r"(\s+[\d.,]+){3}\s+\d+%(\s+[\d.,]+){3}\s+\d+%\s+[\d.]+×$"
    for kind in ("store only", "real harvest"):
        assert re.search(rf"^{kind}, SQLite \(1 writer\)" + row, out, re.M), kind
        assert re.search(rf"^{kind}, PG" + row, out, re.M), kind
        assert re.search(rf"^two PG workers / one \({kind}\): [\d.]+×", out, re.M), kind
    assert re.search(r"^PG / SQLite, worst phase: [\d.]+×", out, re.M)


def test_generated_listings_are_spread_over_the_sources_with_stable_ids(tmp_path: Path) -> None:
    data = tmp_path / "listings.jsonl"
    store_benchmark.generate(data, 40, 4)
    by_source = store_benchmark.read_listings(data)
    assert sorted(by_source) == [store_benchmark.source_name(n) for n in range(4)]
    assert all(len(listings) == 10 for listings in by_source.values())
    listings = [lst for group in by_source.values() for lst in group]
    assert len({lst.id for lst in listings}) == 40
    assert all(lst.content_hash == lst.compute_hash() for lst in listings)
    again = tmp_path / "again.jsonl"
    store_benchmark.generate(again, 40, 4)
    assert again.read_text(encoding="utf-8") == data.read_text(encoding="utf-8")
