"""Print the fault tables: a partner misbehaving on purpose, and what the catalogue kept;
then odd but common partner files per connector (tests/connector_faults.py).

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

from connector_faults import (  # noqa: E402
    CONNECTOR_FAULTS,
    ConnectorOutcome,
    connector_table,
    run_connector_fault,
)
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
    connectors = connector_faults()
    attacks = security_rows()
    crashes = sum(1 for o in [*outcomes, *connectors, *attacks] if o.crashed)
    lost = sum(o.lost for o in outcomes) + sum(c.lost for c in connectors)
    lost += sum(a.lost for a in attacks)
    escapes = sum(len(a.escapes) for a in attacks)
    total = len(outcomes) + len(connectors) + len(attacks)
    print(f"\n{total} faults, {crashes} crashes, {lost} listings lost, {escapes} escapes")
    passed = all(o.passed for o in [*outcomes, *connectors, *attacks])
    return 0 if passed else 1


def connector_faults() -> list[ConnectorOutcome]:
    """Odd partner files (issue 13): bozo-but-complete and cut feeds, big and broken sitemaps.

    Baseline: the listings of a healthy first harvest of the same partner in the same run
    ("Katalog vorher"); "verloren" counts those gone although the partner still lists them.
    """
    outcomes = []
    for number, fault in enumerate(CONNECTOR_FAULTS):
        outcome = run_connector_fault(fault, work / f"connector-{number}")
        outcomes.append(outcome)
        print(f"{fault.name}: {outcome.mode or outcome.crashed} in {outcome.seconds} s",
              file=sys.stderr)  # fmt: skip
    print()
    print(connector_table(outcomes))
    return outcomes


if __name__ == "__main__":
    sys.exit(main())
