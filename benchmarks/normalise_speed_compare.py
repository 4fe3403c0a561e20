"""Normalisation speed of this tree against the pipeline of another git revision, in one run.

    python benchmarks/normalise_speed_compare.py --ref REV [--records 20000] [--rounds 2]

Exports ``REV`` (``git archive``) into a temporary folder, gives it this tree's labelled set
(tests/data/normalise/, so both pipelines normalise the very same records), and runs
``benchmarks/normalise_speed.py`` of each tree alternately, ``--rounds`` times, each in its own
process on one core. Prints both rates (best round each), their ratio and the median of the
per-round ratios (each round runs the two back to back, so a busy machine slows both alike).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATE = re.compile(r"whole pipeline:\s+([\d,]+) records/s")


def export(ref: str, target: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref], capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise SystemExit(f"git archive {ref} failed: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    data = target / "tests" / "data" / "normalise"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(ROOT / "tests" / "data" / "normalise", data)


def rate(tree: Path, records: int) -> float:
    script = tree / "benchmarks" / "normalise_speed.py"
    run = subprocess.run(
        [sys.executable, str(script), "--records", str(records)],
        capture_output=True,
        text=True,
        cwd=tree,
        check=False,
    )
    found = RATE.search(run.stdout)
    if found is None:
        raise SystemExit(f"no rate from {tree}:\n{run.stdout}\n{run.stderr}")
    return float(found[1].replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", required=True, help="git revision to compare with")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regiohub-speed-") as tmp:
        base = Path(tmp)
        export(args.ref, base)
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(args.rounds):
            theirs.append(rate(base, args.records))
            ours.append(rate(ROOT, args.records))
    best_ours, best_theirs = max(ours), max(theirs)
    print(f"Normalisation speed, {args.records:,} records, best of {args.rounds} rounds each")
    print(f"  pipeline at {args.ref}: {best_theirs:>10,.0f} records/s  (rounds: {theirs})")
    print(f"  this tree:{'':{len(args.ref) + 3}}{best_ours:>10,.0f} records/s  (rounds: {ours})")
    paired = sorted(o / t for o, t in zip(ours, theirs, strict=True))
    print(f"  ratio this tree / {args.ref}: {best_ours / best_theirs:.3f} (best rounds), "
          f"{paired[len(paired) // 2]:.3f} (median of the rounds)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
