"""Print the fault table: a partner misbehaving on purpose, and what the catalogue kept.

    python benchmarks/faults_table.py

Baseline: the catalogue count after a healthy harvest of the same two sources in the same
run ("Katalog vorher"); the ratio printed is listings kept / baseline (must be 1.00).

A second table holds the attacks of tests/faults_security.py (hostile partner and hub content,
compressed bombs, private addresses, endless sources, forged Host headers); the last line
counts both: "N faults, 0 crashes, 0 listings lost, 0 escapes".
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
from faults_security import SCENARIOS, SecurityOutcome, run_scenario  # noqa: E402
from faults_security import table as security_table  # noqa: E402


def security_rows() -> list[SecurityOutcome]:
    """Run every attack scenario on loopback and print its table."""
    outcomes = []
    for number, scenario in enumerate(SCENARIOS):
        outcome = run_scenario(scenario, work / f"attack-{number}")
        outcomes.append(outcome)
        print(f"{outcome.name}: {outcome.result or outcome.crashed}", file=sys.stderr)
    print("\n" + security_table(outcomes))
    return outcomes


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
    attacks = security_rows()
    crashes = sum(1 for o in outcomes if o.crashed) + sum(1 for a in attacks if a.crashed)
    lost = sum(o.lost for o in outcomes) + sum(a.lost for a in attacks)
    escapes = sum(len(a.escapes) for a in attacks)
    total = len(outcomes) + len(attacks)
    print(f"\n{total} faults, {crashes} crashes, {lost} listings lost, {escapes} escapes")
    passed = all(o.passed for o in outcomes) and all(a.passed for a in attacks)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
