"""Odd but common partner files through the real flow: nothing the partner still lists is
lost, and deletions still work where the file is complete (see tests/connector_faults.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from connector_faults import CONNECTOR_FAULTS, ConnectorFault, run_connector_fault


def _marked(fault: ConnectorFault) -> object:
    slow = fault.source_type == "sitemap" and "130" in fault.name  # 390 page fetches
    return pytest.param(fault, id=fault.name, marks=[pytest.mark.slow] if slow else [])


@pytest.mark.parametrize("fault", [_marked(f) for f in CONNECTOR_FAULTS])
def test_odd_partner_files_lose_nothing_and_deletions_still_work(
    fault: ConnectorFault, tmp_path: Path
) -> None:
    outcome = run_connector_fault(fault, tmp_path / "home")
    assert outcome.crashed is None, outcome.crashed
    assert outcome.status == "ok", outcome.notes
    assert outcome.mode == fault.mode, outcome.notes
    assert outcome.lost == 0, "a listing the partner still lists was deleted"
    assert outcome.deleted == fault.withdrawn, "a withdrawn listing was not deleted"
    assert outcome.description_kept is not False, "the cut-off entry wiped a description"
