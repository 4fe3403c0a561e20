"""The normalisation benchmarks run: accuracy targets hold on the labelled set; speed prints.

Speed is never asserted (see benchmarks/normalise_speed.py for the full-size run); accuracy is,
because the labelled set is the specification of what the parsers must read.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import normalise_accuracy  # noqa: E402


@pytest.mark.slow
def test_the_labelled_set_is_big_enough_and_every_target_is_met(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sizes = {
        name: sum(1 for _ in normalise_accuracy.items(name))
        for name in ("dates", "prices", "places", "modes", "topics", "duplicates")
    }
    assert sum(sizes.values()) >= 400 and min(sizes.values()) >= 16
    assert normalise_accuracy.main() == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    for field in ("dates (exact)", "prices", "place → Bundesland", "topics", "duplicate pairs"):
        assert field in out
    assert "empty+flagged" in out and "wrong" in out


@pytest.mark.slow
def test_the_speed_benchmark_prints_records_per_second_and_the_baseline_ratio() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "normalise_speed.py"), "--records", "300"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "records/s" in done.stdout and "ratio pipeline / baseline" in done.stdout
    assert "300 records" in done.stdout
