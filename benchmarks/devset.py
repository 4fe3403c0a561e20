"""Score regiohub against the independent development set and print the scorer's table.

    python benchmarks/devset.py [--set ../shared/devset] [--sources benchmarks/devset-sources.toml]
                                [--json-out FILE] [-- more score.py options]

Runs ``score.py`` of the set (it starts the set's server, harvests through the real CLI and
Prefect path at the snapshot clock with ``faketime`` and reads the catalogue through
``regiohub serve``) with this checkout's virtualenv and the partner configuration kept in
``benchmarks/devset-sources.toml``. The set lives outside the repository (it is for measuring,
not for training rules on); its README describes the conventions the scorer applies.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SET = ROOT.parent / "shared" / "devset"
DEFAULT_SOURCES = ROOT / "benchmarks" / "devset-sources.toml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="folder of the set")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--json-out", type=Path, default=None)
    args, extra = parser.parse_known_args(argv)
    score = args.set / "score.py"
    if not score.is_file():
        print(f"Kein Bewertungsskript unter {score}: --set muss auf den Ordner des Sets zeigen.")
        return 2
    cmd = [
        sys.executable,
        str(score),
        "--venv",
        str(args.venv),
        "--set",
        str(args.set),
        "--sources",
        str(args.sources),
    ]
    if args.json_out:
        cmd += ["--json-out", str(args.json_out)]
    cmd += [a for a in extra if a != "--"]
    # The scorer prints its own table; pass it through unchanged so runs can be compared.
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
