"""The scale benchmarks run end to end on a tiny size and print their comparison rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # plain `pytest` does not put the repository on sys.path
    sys.path.insert(0, str(ROOT))

from benchmarks import harvest_scale, index_build  # noqa: E402


@pytest.mark.slow
def test_the_harvest_benchmark_compares_every_harvest_with_the_bare_loop(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # one process: the worker-process rows are the feature's own tests' business
    # (tests/test_harvest_processes.py); here a worker's start-up would only cost time
    assert (
        harvest_scale.main(["--sizes", "40", "--feeds", "2", "--processes", "1", "--rounds", "1"])
        == 0
    )
    out = capsys.readouterr().out
    for row in ("bare fetch + feedparser", "initial harvest", "1 % changed", "all 304"):
        assert row in out
    (initial,) = [line.split() for line in out.splitlines() if line.startswith("initial harvest  ")]
    assert float(initial[3]) > 0 and int(initial[-1]) > 0  # items/s, rows read to regroup


@pytest.mark.slow
def test_the_build_benchmark_reports_a_ratio_to_bare_tantivy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert index_build.main(["--listings", "60"]) == 0
    out = capsys.readouterr().out
    assert "bare tantivy-py, same documents" in out and "build ratio ours / bare:" in out
    assert "peak RSS of our rebuild" in out
