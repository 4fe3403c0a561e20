"""Speed and size of the embedded index on generated listings, against bare Tantivy.

    python benchmarks/search.py [--listings 100000] [--rounds 3] [--index DIR]

``--index DIR`` keeps the index in DIR and reuses it on the next run with the same
``--listings`` (a million listings take minutes to build), so only the queries are measured.

1. Build: a child process generates the listings (benchmarks/relevance_data.py, the same
   generator as the relevance catalogue) and loads them with ``TantivyIndex.rebuild``; the rate
   counts the rebuild only, not the generation.
2. Search: this process opens the index and runs the judged query texts, each with two filters
   (kind and Land) through ``SearchIndex.search`` (facets and highlights included), and, in the
   same loop, bare tantivy-py: the text-only query for the same text (parse on title + body,
   top 20, stored documents read), and the same work done the plainest way tantivy-py offers
   (text, filters and the "upcoming" date filter in one parsed query, top 20, stored
   documents, title and body snippets, the same disjunctive facets in one aggregation; see
   ``bare_searchers``). Our overhead is the ratio to the latter: what our layer adds on top of
   Tantivy doing the same work. The ratios to the text-only query (mostly the price of facets
   and highlights) and to the earlier, lighter baseline (facets not disjunctive) are printed
   too.
3. Size: the resident set of this search process after loading and after the queries (the
   build runs in the child, so its memory does not count here).

Targets (issue 6): p95 ≤ 20 ms, overhead ≤ 2× bare; at 1M listings (issue 17): p95 ≤ 30 ms,
overhead ≤ 1.3× bare; build ≥ 3,000 listings/s, RSS ≤ 600 MiB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from pathlib import Path

import orjson

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tantivy

from benchmarks.relevance_queries import QUERIES
from hub.index import tantivy_generations as gens
from hub.index.base import ALL_FACET_FIELDS, SearchQuery
from hub.index.tantivy import TantivyIndex
from hub.index.tantivy_schema import body_text, register_analyzers

TARGET_P95_MS = 20.0
TARGET_OVERHEAD = 2.0
#: from this many listings on, the targets of issue 17 (search at a million listings)
LARGE_LISTINGS = 1_000_000
TARGET_P95_MS_LARGE = 30.0
TARGET_OVERHEAD_LARGE = 1.3
TARGET_BUILD_RATE = 3000.0
TARGET_RSS_MIB = 600.0
#: the Länder used as the second filter, in turn
FILTER_REGIONS = ("DE-SN", "DE-NW", "DE-BY", "DE-BW", "DE-NI")
FILTER_KINDS = ("course", "event")
PAGE_SIZE = 20
_WORD = re.compile(r"[^\W_]+")


@dataclass
class BuildResult:
    listings: int
    generate_s: float
    build_s: float
    index_mib: float

    @property
    def rate(self) -> float:
        return self.listings / self.build_s if self.build_s else 0.0


@dataclass
class SearchResult:
    queries: int
    ours_ms: list[float]
    bare_ms: list[float]
    work_ms: list[float]
    light_ms: list[float]
    rss_loaded_mib: float
    rss_after_mib: float
    peak_rss_mib: float
    mean_total: float
    texts: list[str]


def _build(path: str, listings: int, answer: Queue[BuildResult]) -> None:
    """In the child: generate, then rebuild; report timings through ``answer``."""
    from benchmarks.relevance_data import iter_catalogue

    started = time.perf_counter()
    items = [item.listing for item in iter_catalogue(listings)]
    generated = time.perf_counter()
    TantivyIndex(path).rebuild(items)
    built = time.perf_counter()
    size = sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
    answer.put(BuildResult(len(items), generated - started, built - generated, size / 2**20))


def build(path: Path, listings: int) -> BuildResult:
    """Build the index in a fresh process, so the search process starts without its memory."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_build, args=(str(path), listings, answer))
    child.start()
    try:
        result: BuildResult = answer.get(timeout=3600)
    finally:
        child.join(60)
    if child.exitcode != 0:
        raise RuntimeError(f"the build process failed with exit code {child.exitcode}")
    return result


def rss_mib() -> float:
    """The resident set of this process now (Linux /proc), else the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mib()


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


BareSearch = Callable[[SearchQuery], int]


def bare_searchers(path: Path) -> tuple[BareSearch, BareSearch, BareSearch]:
    """Plain tantivy-py on the live generation: the text query, and two versions of the work.

    The first is the issue's bare query: parse the text on title + body, top 20, read the
    stored documents. The third does what a search page needs the plainest way tantivy-py
    offers, with the same answer as ours apart from the text analysis: text, both filters and
    the default "upcoming" date filter in one parsed query, top 20, the stored documents, title
    + body snippets, and the same facets in one aggregation: each group counted under the text
    and the *other* filters (``filter`` aggregations in query syntax), the deadline as funding
    by kind with a range. The ratio of ours to it is what our layer costs on top of Tantivy
    doing the same work (query analysis, synonyms, compounds, safe highlight HTML, the model).
    The second is the earlier, lighter baseline kept for comparison: the facets counted once
    under all filters (not disjunctive: the kind and Land groups show only the chosen values)
    and no date filter.
    """
    name = gens.read_pointer(path)
    if name is None:
        raise RuntimeError(f"no index generation in {path}")
    index = tantivy.Index.open(str(path / name))
    register_analyzers(index)
    schema = index.schema
    facets = {f: {"terms": {"field": f, "size": 100}} for f in ALL_FACET_FIELDS if f != "deadline"}

    def text_only(query: SearchQuery) -> int:
        parsed = index.parse_query(" ".join(_WORD.findall(query.text)), ["title", "body"])
        searcher = index.searcher()
        hits = searcher.search(parsed, PAGE_SIZE).hits
        for _, address in hits:
            searcher.doc(address)
        return len(hits)

    def page(searcher: tantivy.Searcher, parsed: tantivy.Query) -> int:
        hits = searcher.search(parsed, PAGE_SIZE).hits
        listings = [orjson.loads(searcher.doc(address)["doc"][0]) for _, address in hits]
        for field in ("title", "body"):  # the body is not stored: rebuilt from the listing
            generator = tantivy.SnippetGenerator.create(searcher, parsed, schema, field)
            for listing in listings:
                text = listing["title"] if field == "title" else body_text(listing)
                generator.snippet_from_doc(tantivy.Document(**{field: text})).to_html()
        return len(hits)

    def plain_work(query: SearchQuery) -> int:
        words = " ".join(_WORD.findall(query.text))
        kinds = " OR ".join(f"kind:{k}" for k in query.kind)
        regions = " OR ".join(f'region_path:"{r}"' for r in query.region)
        parsed = index.parse_query(f"({words}) AND ({kinds}) AND ({regions})", ["title", "body"])
        searcher = index.searcher()
        found = page(searcher, parsed)
        searcher.aggregate(parsed, facets)
        return found

    def same_work(query: SearchQuery) -> int:
        words = " ".join(_WORD.findall(query.text))
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        upcoming = f"-((kind:course OR kind:event) AND end:{{* TO {now}}})"
        chosen = {
            "kind": " OR ".join(f"kind:{k}" for k in query.kind),
            "region": " OR ".join(f'region_path:"{r}"' for r in query.region),
        }
        scope = index.parse_query(f"({words}) AND {upcoming}", ["title", "body"])
        every = " AND ".join(f"({q})" for q in chosen.values())
        parsed = index.parse_query(f"({words}) AND {every} AND {upcoming}", ["title", "body"])
        searcher = index.searcher()
        found = page(searcher, parsed)
        closed = {"range": {"field": "deadline", "ranges": [{"to": time.time() * 1e9}]}}
        others = {f: spec for f, spec in facets.items() if f not in chosen}
        others["deadline"] = {"terms": {"field": "kind", "size": 100}, "aggs": {"closed": closed}}
        aggs: dict[str, object] = {"rest": {"filter": every, "aggs": others}}
        for group in chosen:
            where = " AND ".join(f"({q})" for g, q in chosen.items() if g != group)
            aggs[group] = {"filter": where, "aggs": {group: facets[group]}}
        searcher.aggregate(scope, aggs)
        return found

    return text_only, plain_work, same_work


def measure_search(path: Path, rounds: int) -> SearchResult:
    index = TantivyIndex(path)
    bare, bare_plain, bare_work = bare_searchers(path)
    texts = [q.text for q in QUERIES]
    queries = [
        SearchQuery(
            text=text,
            kind=FILTER_KINDS,
            region=(FILTER_REGIONS[i % len(FILTER_REGIONS)],),
            size=PAGE_SIZE,
        )
        for i, text in enumerate(texts)
    ]
    for query in queries:  # warm-up: open readers, fill the OS page cache
        index.search(query)
        bare(query)
        bare_plain(query)
        bare_work(query)
    loaded = rss_mib()
    ours: list[float] = []
    plain: list[float] = []
    work: list[float] = []
    light: list[float] = []
    totals = 0
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            results = index.search(query)
            ours.append((time.perf_counter() - started) * 1000)
            for run, times in ((bare, plain), (bare_work, work), (bare_plain, light)):
                started = time.perf_counter()
                run(query)
                times.append((time.perf_counter() - started) * 1000)
            if results.hits and not results.facets:
                raise RuntimeError("search returned hits but no facets")
            totals += results.total
    index.close()
    return SearchResult(
        len(queries),
        ours,
        plain,
        work,
        light,
        loaded,
        rss_mib(),
        peak_rss_mib(),
        totals / max(1, len(ours)),
        texts,
    )


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def slowest(searched: SearchResult, count: int = 10) -> list[tuple[str, float, float]]:
    """The query texts with the highest median latency: (text, ours ms, bare ms)."""
    n = len(searched.texts)
    rows = []
    for i, text in enumerate(searched.texts):
        ours = searched.ours_ms[i::n]
        bare = searched.bare_ms[i::n]
        rows.append((text, percentile(ours, 0.5), percentile(bare, 0.5)))
    return sorted(rows, key=lambda row: -row[1])[:count]


def report(
    built: BuildResult, searched: SearchResult, out: Callable[[str], None], verbose: bool = False
) -> None:
    out(
        f"Search benchmark: {built.listings} generated listings, "
        f"Tantivy index {built.index_mib:.0f} MiB"
    )
    out(
        f"build: {built.rate:,.0f} listings/s (rebuild {built.build_s:.1f} s; generating "
        f"took another {built.generate_s:.1f} s)   target ≥ {TARGET_BUILD_RATE:,.0f}: "
        f"{_verdict(built.rate >= TARGET_BUILD_RATE)}"
    )
    ours50, ours95 = percentile(searched.ours_ms, 0.5), percentile(searched.ours_ms, 0.95)
    bare50, bare95 = percentile(searched.bare_ms, 0.5), percentile(searched.bare_ms, 0.95)
    out(
        f"queries: {len(searched.ours_ms)} ({searched.queries} texts × rounds), "
        f"text + kind + Land filters, facets, highlights, {PAGE_SIZE} hits; "
        f"mean total {searched.mean_total:,.0f}"
    )
    out(f"{'':<44} {'p50 ms':>8} {'p95 ms':>8}")
    out(f"{'SearchIndex.search':<44} {ours50:>8.2f} {ours95:>8.2f}")
    out(f"{'bare tantivy (text only)':<44} {bare50:>8.2f} {bare95:>8.2f}")
    work50, work95 = percentile(searched.work_ms, 0.5), percentile(searched.work_ms, 0.95)
    light50, light95 = percentile(searched.light_ms, 0.5), percentile(searched.light_ms, 0.95)
    out(f"{'bare tantivy, same work (filters, facets, …)':<44} {work50:>8.2f} {work95:>8.2f}")
    out(f"{'bare tantivy, lighter (plain facets)':<44} {light50:>8.2f} {light95:>8.2f}")
    work_ratio50 = ours50 / work50 if work50 else 0.0
    work_ratio95 = ours95 / work95 if work95 else 0.0
    label = "overhead ratio (ours / bare, same work)"
    out(f"{label:<44} {work_ratio50:>7.2f}× {work_ratio95:>7.2f}×")
    light_ratio50 = ours50 / light50 if light50 else 0.0
    light_ratio95 = ours95 / light95 if light95 else 0.0
    out(f"{'ratio to the lighter baseline':<44} {light_ratio50:>7.2f}× {light_ratio95:>7.2f}×")
    ratio50 = ours50 / bare50 if bare50 else 0.0
    ratio95 = ours95 / bare95 if bare95 else 0.0
    out(f"{'ratio to the text-only query':<44} {ratio50:>7.2f}× {ratio95:>7.2f}×")
    large = built.listings >= LARGE_LISTINGS
    p95_target = TARGET_P95_MS_LARGE if large else TARGET_P95_MS
    overhead_target = TARGET_OVERHEAD_LARGE if large else TARGET_OVERHEAD
    out(f"target p95 ≤ {p95_target:.0f} ms: {_verdict(ours95 <= p95_target)}")
    out(
        f"target overhead ≤ {overhead_target:.1f}× (p95, same work): "
        f"{_verdict(work_ratio95 <= overhead_target)}"
    )
    if verbose:
        out("slowest query texts (median ms, ours / bare):")
        for text, ours_ms, bare_ms in slowest(searched):
            out(f"  {text:<40} {ours_ms:>8.2f} {bare_ms:>8.2f}")
    out(
        f"RSS of the search process: {searched.rss_loaded_mib:.0f} MiB after loading, "
        f"{searched.rss_after_mib:.0f} MiB after the queries, peak {searched.peak_rss_mib:.0f} MiB"
        f"   target ≤ {TARGET_RSS_MIB:.0f}: {_verdict(searched.peak_rss_mib <= TARGET_RSS_MIB)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--listings", type=int, default=100_000, help="default: 100000")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the query texts")
    parser.add_argument(
        "--index", type=Path, help="keep the index in this directory and reuse it next time"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list the slowest queries")
    args = parser.parse_args(argv)
    if args.listings < 1 or args.rounds < 1:
        parser.error("--listings and --rounds must be at least 1")
    if args.index is not None:
        built = kept_build(args.index, args.listings)
        searched = measure_search(args.index, args.rounds)
    else:
        with tempfile.TemporaryDirectory(prefix="regiohub-search-bench-") as tmp:
            path = Path(tmp) / "index"
            built = build(path, args.listings)
            searched = measure_search(path, args.rounds)
    report(built, searched, print, args.verbose)
    return 0


def kept_build(path: Path, listings: int) -> BuildResult:
    """The build recorded beside a kept index of ``listings``, else a fresh build kept there."""
    record = path / "benchmark-build.json"
    if record.is_file():
        kept = BuildResult(**orjson.loads(record.read_bytes()))
        if kept.listings == listings:
            return kept
    if path.exists():
        shutil.rmtree(path)
    built = build(path, listings)
    record.write_bytes(orjson.dumps(built.__dict__))
    return built


if __name__ == "__main__":
    sys.exit(main())
