"""Print the fault table: a partner misbehaving on purpose, and what the catalogue kept.

    python benchmarks/faults_table.py

Baseline: the catalogue count after a healthy harvest of the same two sources in the same
run ("Katalog vorher"); the ratio printed is listings kept / baseline (must be 1.00).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# run as a script, this folder comes first on sys.path, and its benchmark modules (e.g.
# connectors.py) would shadow the packages of the same name
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
work = Path(tempfile.mkdtemp(prefix="regiohub-faults-"))
os.environ.setdefault("PREFECT_HOME", str(work / "prefect"))

from faults import FAULTS, run_fault, table  # noqa: E402


def main() -> int:
    outcomes = []
    for number, fault in enumerate(FAULTS):
        outcome = run_fault(fault, work / f"home-{number}")
        outcomes.append(outcome)
        print(
            f"{fault.name}: {outcome.status or outcome.crashed} in {outcome.seconds} s",
            file=sys.stderr,
        )
    print(table(outcomes))
    kept = sum(o.after for o in outcomes)
    baseline = sum(o.before for o in outcomes)
    print(f"\nkept/baseline = {kept}/{baseline} = {kept / baseline:.2f}")
    return 0 if all(o.passed for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
