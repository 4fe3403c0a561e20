"""``regiohub connector new``: the generated plugin installs and passes its own tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from connectors.scaffold import files_for, write_plugin
from hub.errors import RegiohubError


def test_the_package_has_an_entry_point_a_connector_a_fixture_and_kit_tests() -> None:
    files = files_for("kursportal_halle")
    assert set(files) == {
        "pyproject.toml",
        "README.md",
        "regiohub_kursportal_halle/__init__.py",
        "regiohub_kursportal_halle/connector.py",
        "tests/fixtures/kursportal_halle/angebote.json",
        "tests/test_kursportal_halle.py",
    }
    assert (
        '[project.entry-points.regiohub]\nkursportal_halle = "regiohub_kursportal_halle.connector"'
        in files["pyproject.toml"]
    )
    assert (
        "class KursportalHalleConnector(Connector)"
        in files["regiohub_kursportal_halle/connector.py"]
    )
    assert "ConnectorConformance" in files["tests/test_kursportal_halle.py"]


@pytest.mark.parametrize("name", ["Kursportal", "1portal", "kurs-portal", "x"])
def test_unusable_names_are_refused_clearly(name: str, tmp_path: Path) -> None:
    with pytest.raises(RegiohubError, match="taugt nicht als Connector-Name"):
        write_plugin(name, tmp_path)


def test_an_existing_folder_is_not_overwritten(tmp_path: Path) -> None:
    write_plugin("portal", tmp_path)
    with pytest.raises(RegiohubError, match="gibt es schon"):
        write_plugin("portal", tmp_path)


@pytest.mark.slow
def test_a_generated_plugin_installs_and_passes_its_own_tests(tmp_path: Path) -> None:
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "hub.cli",
            "connector",
            "new",
            "kursportal_halle",
            "--dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    package = tmp_path / "regiohub-kursportal-halle"
    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(site), str(package)],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    assert (site / "regiohub_kursportal_halle" / "connector.py").exists()
    env = {**os.environ, "PYTHONPATH": str(site)}
    tested = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert tested.returncode == 0, tested.stdout[-3000:]
    assert "10 passed" in tested.stdout
