"""Requests/s and p95 of the German results page ``/suche`` against bare Starlette, same run.

    python benchmarks/web.py [--listings 5000] [--seconds 3] [--rounds 4] [--connections 8]

Like benchmarks/api.py, for the page people use: the real app over generated listings answers
``/suche?q=…`` for the judged query texts (search, 20 result cards, filter sidebar with counts,
every filter and paging link), rendered by Jinja2; the baseline is a bare Starlette route
returning the HTML of the first query as bytes. Windows alternate between the two. Pages are
not kept (only API answers are), so every request renders. No target: the figure is there so
a slow template or helper shows up (rendering once took 0.2 s per page, see links.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from benchmarks.api import Server, build_catalogue, serve_regiohub
from benchmarks.api_load import Load, run_load

PAGE = "/suche"


def serve_page_baseline(body: bytes, port: int) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(body)

    app = Starlette(routes=[Route(PAGE, page)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", workers=1)


def _merge(windows: list[Load]) -> dict[str, float]:
    latencies = sorted(x for window in windows for x in window.latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / sum(window.elapsed for window in windows),
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    from benchmarks.relevance_queries import QUERIES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--listings", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=3.0, help="per window (default: 3)")
    parser.add_argument("--rounds", type=int, default=4, help="windows per server (default: 4)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    paths = [f"{PAGE}?{urlencode({'q': query.text})}" for query in QUERIES]
    windows: dict[str, list[Load]] = {"page": [], "bare": []}
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="regiohub-web-bench-") as tmp:
        home = Path(tmp)
        print(f"building a catalogue of {args.listings:,} generated listings …", flush=True)
        build_catalogue(home, args.listings)
        try:
            page_server = Server(serve_regiohub, (str(home), 0, 1), "/health")
            servers.append(page_server)
            body = httpx.get(f"http://127.0.0.1:{page_server.port}{paths[0]}", timeout=30).content
            bare_server = Server(serve_page_baseline, (body,), PAGE)
            servers.append(bare_server)
            print(f"measuring {PAGE} and the bare baseline in {args.rounds} windows …", flush=True)
            for _ in range(args.rounds):
                for name, server, wanted in (
                    ("page", page_server, paths),
                    ("bare", bare_server, [PAGE]),
                ):
                    windows[name].append(
                        run_load(server.port, wanted, args.seconds, args.connections)
                    )
        finally:
            for server in servers:
                server.close()
    page = _merge(windows["page"])
    bare = _merge(windows["bare"])
    print()
    print(f"page size (first query): {len(body):,} B")
    print(f"{'':28}{'requests/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'requests':>10}")
    for label, row in ((f"regiohub {PAGE}", page), ("bare Starlette, same HTML", bare)):
        print(
            f"{label:28}{row['rps']:>12,.0f}{row['p50_ms']:>10.1f}{row['p95_ms']:>10.1f}"
            f"{row['requests']:>10,.0f}"
        )
    print(f"ratio regiohub / baseline: {page['rps'] / bare['rps']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
