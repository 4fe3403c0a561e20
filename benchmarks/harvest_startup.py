"""Wall time of ``regiohub harvest`` of one small source: through a running Prefect server,
through a short-lived server of its own, and without Prefect — as ratios to the last.

    python benchmarks/harvest_startup.py [--rounds 3] [--source zz-sachsen-feed]

Each round is a fresh ``regiohub harvest SOURCE --full`` process against the demo partner
sites on loopback (same work every time: ``--full`` ignores saved ETags), so every figure
includes interpreter start and imports. A Prefect server with its services (what ``regiohub
up`` runs) is up all the time; the short-lived-server harvests get a PREFECT_HOME of their own
so they do not find it. The three paths are interleaved in each round, median of
``--rounds``. Baseline: ``--no-prefect``. Target (issue 15): running server ≤ 1.5× the
baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo.server import DemoServer
from flows.server import LocalPrefectServer


def harvest_seconds(env: dict[str, str], source: str, *extra: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "hub.cli", "harvest", source, "--full", "--json", *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"harvest failed ({extra}): {done.stderr[-1500:]}")
    return took


def completed_runs(api_url: str) -> int:
    body = json.dumps({"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}).encode()
    request = urllib.request.Request(
        f"{api_url}/flow_runs/count", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.load(answer))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", default="zz-sachsen-feed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regiohub-bench-") as tmp, DemoServer() as demo:
        home = Path(tmp) / "home"
        home.mkdir()
        (home / "sources.toml").write_text(demo.sources_toml(), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIOHUB_", "PREFECT_"))}
        env.update(REGIOHUB_HOME=str(home), REGIOHUB_SOURCES=str(home / "sources.toml"))
        # the short-lived server keeps its database apart, so it does not find the running one
        own = {**env, "PREFECT_HOME": str(home / "prefect-own")}
        envs = {"no_prefect": env, "own_server": own, "running_server": env}
        extra = {"no_prefect": ("--no-prefect",), "own_server": (), "running_server": ()}
        # first calls: create the catalogue and the own server's database (migrations)
        harvest_seconds(own, args.source)
        # where the harvests look for a running server: importing flows set PREFECT_HOME
        # from this process's REGIOHUB_HOME, not the benchmark's
        os.environ["PREFECT_HOME"] = str(home / "prefect")
        times: dict[str, list[float]] = {key: [] for key in envs}
        with LocalPrefectServer(home, services=True) as server:  # what `regiohub up` runs
            harvest_seconds(env, args.source)  # not timed either
            order = list(envs)
            for round_ in range(args.rounds):  # interleaved, in a turning order
                for key in order[round_ % 3 :] + order[: round_ % 3]:
                    times[key].append(harvest_seconds(envs[key], args.source, *extra[key]))
            recorded = completed_runs(server.api_url)
    if recorded != args.rounds + 1:  # a harvest that did not record would be cheating
        raise SystemExit(
            f"the running server holds {recorded} completed runs, not {args.rounds + 1}"
        )
    base = statistics.median(times["no_prefect"])
    print(f"regiohub harvest {args.source}: median of {args.rounds} (s, ratio to --no-prefect)")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{'path':<34}{'seconds':>9}{'ratio':>8}")
    for key, label in (
        ("no_prefect", "--no-prefect (baseline)"),
        ("running_server", "Prefect, server running (up)"),
        ("own_server", "Prefect, short-lived own server"),
    ):
        median = statistics.median(times[key])
        print(f"{label:<34}{median:>9.2f}{median / base:>7.2f}×")
    ratio = statistics.median(times["running_server"]) / base
    print(f"target running server ≤ 1.5×: {'met' if ratio <= 1.5 else 'NOT met'} ({ratio:.2f}×)")


if __name__ == "__main__":
    main()
