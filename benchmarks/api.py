"""Throughput of ``/api/v1/search`` against ``SearchIndex.search`` in a loop, same queries.

    python benchmarks/api.py [--listings 100000] [--queries 2000] [--seconds 4] [--rounds 3]
                             [--connections 4]

The catalogue is generated (benchmarks/relevance_data.py) into a SQLite store and a Tantivy
index. The queries are **distinct** (benchmarks/api_load.py: words of generated titles, some
with a kind or Land filter, some for page 2), so no answer is asked for twice in a window and
an answer cache could not help. Rows, each in its own process:

- **SearchIndex.search loop** (the baseline): one process calling ``index.search`` on the
  same queries, already parsed into ``SearchQuery`` — the search and nothing else.
- **same loop, two processes**: what two processes get out of this machine right now.
- **regiohub serve, 1 worker / 2 workers** with ``REGIOHUB_ANSWER_CACHE=0``: the real app as
  ``regiohub serve [--workers 2]`` runs it (``search_api.serving``), every answer computed.
- **cache figure**: one worker with the answer cache on (the default), asked the 64 judged
  query texts over and over: what repeated traffic costs, not what a search costs.
- **bare Starlette**: one captured answer returned as fixed bytes, the floor of HTTP here.

One light load process (raw HTTP/1.1 over ``--connections`` keep-alive connections) drives one
server at a time; the loop windows walk the queries in the same order the connections do, so a
loop window and a server window of equal throughput see the same queries. All rows run in
``--rounds`` alternating windows of ``--seconds``, so a slow spell of the machine hits each
alike. CPU ms per answer (from /proc: every process of the server, all its threads) is printed
beside requests/s: on a machine shared with other work it is the steadier of the two. "cores"
is CPU seconds per wall second: a search that counts facets in a thread keeps more than one
core busy on its own, which bounds what a second process can add on two cores.

Targets (issue 17, item 6): 1 worker ≥ 0.7× the loop's queries/s; 2 workers ≥ 1.7× 1 worker.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from benchmarks.api_load import SEARCH, distinct_queries, run_load, search_path

TARGET_LOOP_RATIO = 0.7
TARGET_WORKERS_RATIO = 1.7
LIST_PARAMS = ("kind", "region")
#: the rows as labelled in the table, in the order they are measured in each round
ROWS = {
    "loop": "SearchIndex.search loop (baseline)",
    "loop2": "same loop, 2 processes",
    "one": "regiohub serve, 1 worker",
    "two": "regiohub serve, 2 workers",
    "kept": "cache figure: 64 texts repeated",
    "bare": "bare Starlette, fixed body",
}
SPAWN = multiprocessing.get_context("spawn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_catalogue(home: Path, listings: int) -> list[tuple[str, str, str]]:
    """Store and index ``listings`` generated listings; their (title, kind, Land) triples."""
    from benchmarks.relevance_data import iter_catalogue
    from hub.index import open_index
    from hub.store import SQLiteStore

    items = [generated.listing for generated in iter_catalogue(listings)]
    SQLiteStore(home / "catalogue.sqlite3").upsert_listings(items)
    index = open_index(f"tantivy://{home / 'index'}")
    index.ensure()
    index.rebuild(items)
    index.close()
    (home / "sources.toml").write_text("", encoding="utf-8")
    return [(item.title, item.kind, (item.regions or [""])[0]) for item in items]


def judged_paths() -> list[str]:
    from benchmarks.relevance_queries import QUERIES

    return [search_path({"q": query.text}) for query in QUERIES]


def window_order(count: int, connections: int, offset: int) -> Iterator[int]:
    """Query positions in the order ``connections`` load connections ask for them."""
    stride = max(1, count // connections)
    step = 0
    while True:
        for number in range(connections):
            yield (offset + number * stride + step) % count
        step += 1


# -- the in-process baseline ------------------------------------------------------------------


def loop_process(home: str, queries: list[dict[str, str]], commands: Connection) -> None:
    """Answer ("run", seconds, offset, connections) with (searches, CPU seconds) until None."""
    from hub.index import open_index
    from search_api.schemas import SearchParams

    index = open_index(f"tantivy://{Path(home) / 'index'}")
    parsed = [SearchParams.model_validate(_as_params(q)).to_query() for q in queries]
    for query in parsed[:20]:  # warm-up: open readers, as the servers' warm-up does
        index.search(query)
    commands.send("ready")
    while (command := commands.recv()) is not None:
        _, seconds, offset, connections = command
        order = window_order(len(parsed), connections, offset)
        done = 0
        cpu = time.process_time()
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            index.search(parsed[next(order)])
            done += 1
        commands.send((done, time.process_time() - cpu))
    index.close()


def _as_params(query: dict[str, str]) -> dict[str, Any]:
    return {k: [v] if k in LIST_PARAMS else v for k, v in query.items()}


class Loops:
    """``count`` loop processes, started once and run together for each window."""

    def __init__(self, home: Path, queries: list[dict[str, str]], count: int) -> None:
        self.pipes: list[Connection] = []
        self.processes = []
        for _ in range(count):
            ours, theirs = SPAWN.Pipe()
            process = SPAWN.Process(
                target=loop_process, args=(str(home), queries, theirs), daemon=True
            )
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)
        for pipe in self.pipes:
            if pipe.recv() != "ready":
                raise SystemExit("a loop process did not start")

    def window(self, seconds: float, offset: int, connections: int) -> tuple[int, float, float]:
        """(searches, CPU seconds, wall seconds) of all processes in one window."""
        for number, pipe in enumerate(self.pipes):  # each process its own share of queries
            pipe.send(("run", seconds, offset + number * 7919, connections))
        answers = [pipe.recv() for pipe in self.pipes]
        return sum(a[0] for a in answers), sum(a[1] for a in answers), seconds

    def close(self) -> None:
        for pipe, process in zip(self.pipes, self.processes, strict=True):
            pipe.send(None)
            process.join(10)


# -- the servers ------------------------------------------------------------------------------


def serve_regiohub(home: str, answer_cache: int, workers: int, port: int) -> None:
    """``regiohub serve --workers N`` on this catalogue (``search_api.serving``)."""
    os.environ["REGIOHUB_HOME"] = home
    os.environ["REGIOHUB_ANSWER_CACHE"] = str(answer_cache)
    from search_api.serving import serve

    serve("127.0.0.1", port, workers=workers)


def serve_baseline(body: bytes, port: int) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def search(request: Request) -> Response:
        return Response(body, media_type="application/json")

    app = Starlette(routes=[Route(SEARCH, search)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def wait_until_up(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start within {timeout:.0f} s")


def _tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads) of ``pid`` and its descendants (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):  # gone, or not Linux: counted as nothing
            continue
    return total


class Server:
    def __init__(self, target: Callable[..., None], args: tuple[Any, ...], probe: str) -> None:
        self.port = _free_port()
        # not a daemon: a server with several workers starts processes of its own
        self.process = SPAWN.Process(target=target, args=(*args, self.port))
        self.process.start()
        try:
            wait_until_up(f"http://127.0.0.1:{self.port}{probe}")
        except BaseException:
            self.process.terminate()
            raise

    def window(
        self, paths: Sequence[str], seconds: float, connections: int, offset: int
    ) -> tuple[int, float, float]:
        """(answers, server CPU seconds, wall seconds) of one window of load."""
        cpu = _tree_cpu_s(self.process.pid or 0)
        load = run_load(self.port, paths, seconds, connections, offset)
        return len(load.latencies), _tree_cpu_s(self.process.pid or 0) - cpu, load.elapsed

    def close(self) -> None:
        self.process.terminate()  # SIGTERM: a supervisor ends its workers first
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()


# -- the run ----------------------------------------------------------------------------------


def breakdown(home: Path, queries: list[dict[str, str]]) -> dict[str, float]:
    """Mean ms per query of the index search alone, and of shaping + serialising its answer."""
    from hub.index import open_index
    from search_api.schemas import SearchParams
    from search_api.search_json import search_json

    index = open_index(f"tantivy://{home / 'index'}")
    params = [SearchParams.model_validate(_as_params(q)) for q in queries]
    for p in params[:20]:
        index.search(p.to_query())
    search_s = present_s = 0.0
    for p in params:
        started = time.perf_counter()
        results = index.search(p.to_query())
        searched = time.perf_counter()
        search_json(p, results)
        search_s += searched - started
        present_s += time.perf_counter() - searched
    index.close()
    n = len(params)
    return {"search_ms": 1000 * search_s / n, "present_ms": 1000 * present_s / n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000, help="distinct (default: 2000)")
    parser.add_argument("--seconds", type=float, default=4.0, help="per window (default: 4)")
    parser.add_argument("--rounds", type=int, default=3, help="windows per row (default: 3)")
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    totals = {name: [0, 0.0, 0.0] for name in ROWS}  # answers, CPU s, wall s
    with tempfile.TemporaryDirectory(prefix="regiohub-api-bench-") as tmp:
        home = Path(tmp)
        print(f"building a catalogue of {args.listings:,} generated listings …", flush=True)
        queries = distinct_queries(build_catalogue(home, args.listings), args.queries)
        paths = [search_path(q) for q in queries]
        judged = judged_paths()
        parts = breakdown(home, queries[:300])
        runners: dict[str, Any] = {}
        try:
            runners["loop"] = Loops(home, queries, 1)
            runners["loop2"] = Loops(home, queries, 2)
            runners["one"] = Server(serve_regiohub, (str(home), 0, 1), "/health")
            runners["two"] = Server(serve_regiohub, (str(home), 0, 2), "/health")
            runners["kept"] = Server(serve_regiohub, (str(home), 1000, 1), "/health")
            body = httpx.get(f"http://127.0.0.1:{runners['kept'].port}{paths[0]}").content
            runners["bare"] = Server(serve_baseline, (body,), SEARCH)
            for name in ("one", "two", "kept"):  # warm-up: readers opened, answers kept
                runners[name].window(judged, 1.0, args.connections, 0)
            print(
                f"measuring {len(queries):,} distinct queries ({len(judged)} repeated texts for "
                f"the cache figure) in {args.rounds} alternating windows of {args.seconds:g} s "
                f"per row, {args.connections} connections; load: {_uptime()}",
                flush=True,
            )
            for round_number in range(args.rounds):
                offset = round_number * len(paths) // max(1, args.rounds)
                for name in ROWS:
                    runner = runners[name]
                    if isinstance(runner, Loops):
                        got = runner.window(args.seconds, offset, args.connections)
                    else:
                        wanted = {"kept": judged, "bare": [SEARCH]}.get(name, paths)
                        got = runner.window(wanted, args.seconds, args.connections, offset)
                    for i, value in enumerate(got):
                        totals[name][i] += value
        finally:
            for runner in runners.values():
                runner.close()
    return report(totals, parts, len(body), args)


def _uptime() -> str:
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def report(
    totals: dict[str, list[float]], parts: dict[str, float], body_size: int, args: Any
) -> int:
    rps = {name: answers / wall if wall else 0.0 for name, (answers, _, wall) in totals.items()}
    print()
    print(f"body size {body_size:,} B (first query); {_uptime()} after the run")
    print(f"{'':36}{'answers/s':>11}{'CPU ms/answer':>15}{'cores':>7}{'answers':>9}{'vs loop':>9}")
    for name, label in ROWS.items():
        answers, cpu, wall = totals[name]
        cpu_ms = 1000 * cpu / answers if answers else 0.0
        cores = cpu / wall if wall else 0.0
        ratio = rps[name] / rps["loop"] if rps["loop"] else 0.0
        print(
            f"{label:36}{rps[name]:>11,.1f}{cpu_ms:>15.2f}{cores:>7.2f}{answers:>9,.0f}"
            f"{ratio:>8.2f}×"
        )
    print(
        f"in process, per distinct query: index.search {parts['search_ms']:.1f} ms, "
        f"shaping + JSON {parts['present_ms']:.1f} ms"
    )
    one = rps["one"] / rps["loop"] if rps["loop"] else 0.0
    two = rps["two"] / rps["one"] if rps["one"] else 0.0
    machine = rps["loop2"] / rps["loop"] if rps["loop"] else 0.0
    beside = rps["two"] / rps["loop2"] if rps["loop2"] else 0.0
    ok = one >= TARGET_LOOP_RATIO and two >= TARGET_WORKERS_RATIO
    print(
        f"1 worker / loop: {one:.2f}× (target ≥ {TARGET_LOOP_RATIO}×); "
        f"2 workers / 1 worker: {two:.2f}× (target ≥ {TARGET_WORKERS_RATIO}×) — "
        f"{'meets' if ok else 'MISSES'}"
    )
    print(
        f"what the machine gave: 2 loop processes {machine:.2f}× one loop; "
        f"2 workers / 2 loop processes: {beside:.2f}×; one search alone keeps "
        f"{totals['loop'][1] / totals['loop'][2] if totals['loop'][2] else 0:.2f} cores busy "
        "(facets counted in a thread), so two cannot double it"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
