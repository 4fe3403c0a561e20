"""Wall time of ``regiohub --help`` and ``regiohub --version`` against ``python -c pass``.

Run: ``.venv/bin/python benchmarks/cli_startup.py [--runs 7]``. Each command is started as a
fresh process (as a user types it) several times, interleaved, and the median is reported
together with its ratio to the bare interpreter measured in the same run — absolute seconds
on a loaded machine say little, the ratio and the difference say where the time goes.
Target of issue 15: ``regiohub --help`` under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "regiohub --help": [sys.executable, "-m", "hub.cli", "--help"],
    "regiohub --version": [sys.executable, "-m", "hub.cli", "--version"],
}


def wall(command: list[str]) -> float:
    env = {**os.environ, "COLUMNS": "80"}
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    for command in COMMANDS.values():  # warm the file cache and the .pyc files
        wall(command)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, command in COMMANDS.items():
            times[name].append(wall(command))
    base = statistics.median(times["python -c pass"])
    print(f"{'Befehl':<22}{'Median s':>10}{'Min s':>8}{'× Basis':>9}{'− Basis s':>11}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<22}{median:>10.3f}{min(values):>8.3f}{median / base:>9.1f}"
            f"{median - base:>11.3f}"
        )
    help_median = statistics.median(times["regiohub --help"])
    verdict = "erfüllt" if help_median < 0.5 else "NICHT erfüllt"
    print(f"Ziel regiohub --help < 0,5 s: {verdict} ({help_median:.3f} s, {runs} Läufe)")


if __name__ == "__main__":
    main()
