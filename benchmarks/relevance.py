"""Relevance of the search backends on judged German query sets: NDCG@10 and recall.

    python benchmarks/relevance.py [--verbose] [--backends baseline,tantivy,elasticsearch]
                                   [--sets own,devset]

Two sets, side by side for every backend:

* **own** – the 1,200-listing test catalogue and its 64 judged queries (below);
* **devset** – the independent dev set (``../shared/devset``, see benchmarks/relevance_devset.py):
  its partner sites served by its own ``serve.py``, harvested through ``regiohub harvest``
  (connectors, pipeline, store), its 40 queries scored as its ``score.py`` scores them (NDCG@10
  with gains 2/1/0, recall@10, a second hit of the same item gains 0; past offers included).
  Skipped with a note when the set is not on this machine.

Loads the 1,200-listing test catalogue (benchmarks/relevance_data.py) into every backend
through ``SearchIndex.rebuild``, runs the 64 judged queries of
tests/data/relevance/judgements.json through ``SearchIndex.search`` and prints the means. The
baseline, measured in the same run, is plain BM25 over title + description with Tantivy's
default tokenizer (no stemming, no compounds, no umlaut folding, no synonyms): the ratio shows
what the German analysis buys. Elasticsearch runs on a local noida-db server when it starts;
otherwise that is said and the run goes on without it.

NDCG@10 uses gains 2^grade − 1 and the ideal ranking of all judged listings. Recall@20 counts
the listings graded 2 or 3 found in the first 20 hits, out of at most 20 (so a query with 60
fully relevant listings can still reach 1.0).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tantivy

from benchmarks.relevance_data import JUDGEMENTS, catalogue, load_judgements
from hub.index.base import SearchIndex, SearchQuery
from hub.model import Listing

TARGET_NDCG = 0.85
#: issue 14: dev set NDCG@10 and recall@10 on Tantivy, and the largest backend gap
DEV_TARGET = 0.85
MAX_BACKEND_GAP = 0.02
NDCG_K = 10
RECALL_K = 20
#: the grade from which a listing counts for recall
RECALL_GRADE = 2
BACKENDS = ("baseline", "tantivy", "elasticsearch")
BASELINE_LABEL = "baseline (BM25, default tokenizer)"

SearchFn = Callable[[str], list[str]]
_WORD = re.compile(r"[^\W_]+")


def ndcg(ranked: Sequence[str], grades: dict[str, int], k: int = NDCG_K) -> float:
    """Normalised discounted cumulative gain of the first ``k`` ids (gain 2^grade − 1)."""
    dcg = sum((2 ** grades.get(i, 0) - 1) / math.log2(r + 2) for r, i in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: Sequence[str], grades: dict[str, int], k: int = RECALL_K) -> float:
    """Share of the listings graded ≥ RECALL_GRADE in the first ``k``, out of at most ``k``."""
    wanted = {i for i, g in grades.items() if g >= RECALL_GRADE}
    if not wanted:
        return 0.0
    found = len(wanted.intersection(ranked[:k]))
    return found / min(len(wanted), k)


@dataclass
class QueryScore:
    id: str
    text: str
    ndcg: float
    recall: float
    hits: int


@dataclass
class BackendScore:
    name: str
    load_s: float
    queries: list[QueryScore] = field(default_factory=list)

    @property
    def ndcg(self) -> float:
        return sum(q.ndcg for q in self.queries) / len(self.queries)

    @property
    def recall(self) -> float:
        return sum(q.recall for q in self.queries) / len(self.queries)


# -- backends ---------------------------------------------------------------------------------


#: how each set's queries are asked: the dev set (score.py) without the upcoming filter and
#: with its snapshot day as "now"
QUERY_OPTIONS: dict[str, dict[str, object]] = {"own": {}}


def _index_search(index: SearchIndex, options: dict[str, object] | None = None) -> SearchFn:
    extra = options or {}

    def search(text: str) -> list[str]:
        results = index.search(SearchQuery(text=text, size=RECALL_K, **extra))  # type: ignore[arg-type]
        return [hit.id for hit in results.hits]

    return search


@contextmanager
def tantivy_backend(
    listings: list[Listing], root: Path, options: dict[str, object] | None = None
) -> Iterator[SearchFn]:
    from hub.index.tantivy import TantivyIndex

    index = TantivyIndex(root / "tantivy")
    index.rebuild(listings)
    try:
        yield _index_search(index, options)
    finally:
        index.close()


@contextmanager
def elasticsearch_backend(
    listings: list[Listing], root: Path, options: dict[str, object] | None = None
) -> Iterator[SearchFn]:
    """Elasticsearch on a local noida-db; RuntimeError (with the reason) when it cannot start."""
    tests = Path(__file__).resolve().parent.parent / "tests"
    sys.path.insert(0, str(tests))
    try:
        from es_server import NoidaElasticsearch
    except ImportError as exc:  # pytest missing: the dev extra is not installed
        raise RuntimeError(f"the test helpers cannot be imported ({exc})") from exc
    finally:
        sys.path.remove(str(tests))
    from hub.index.elasticsearch import ElasticsearchIndex

    with NoidaElasticsearch(root / "noida") as server:
        index = ElasticsearchIndex.from_url(
            f"elasticsearch://127.0.0.1:{server.port}?prefix=relevance"
        )
        index.rebuild(listings)
        try:
            yield _index_search(index, options)
        finally:
            index.close()


@contextmanager
def baseline_backend(
    listings: list[Listing], root: Path, options: dict[str, object] | None = None
) -> Iterator[SearchFn]:
    """Plain BM25 over title + description: Tantivy's default tokenizer, OR of the words."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="default")
    builder.add_text_field("description", tokenizer_name="default")
    schema = builder.build()
    path = root / "baseline"
    path.mkdir()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    for item in listings:
        writer.add_document(
            tantivy.Document(id=item.id, title=item.title, description=item.description_text)
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()

    def search(text: str) -> list[str]:
        words = " ".join(_WORD.findall(text))  # no query syntax: words only
        if not words:
            return []
        query = index.parse_query(words, ["title", "description"])
        searcher = index.searcher()
        hits = searcher.search(query, RECALL_K).hits
        return [str(searcher.doc(address).get_first("id")) for _, address in hits]

    yield search


_FACTORIES = {
    "baseline": baseline_backend,
    "tantivy": tantivy_backend,
    "elasticsearch": elasticsearch_backend,
}


# -- running ----------------------------------------------------------------------------------


def evaluate(
    name: str, search: SearchFn, queries: list[dict[str, object]], load_s: float
) -> BackendScore:
    score = BackendScore(name, load_s)
    for query in queries:
        grades = query["relevant"]
        assert isinstance(grades, dict)
        ranked = search(str(query["text"]))
        score.queries.append(
            QueryScore(
                str(query["id"]),
                str(query["text"]),
                ndcg(ranked, grades),
                recall(ranked, grades),
                len(ranked),
            )
        )
    return score


def run(
    backends: Sequence[str] = BACKENDS,
    *,
    judgements: Path = JUDGEMENTS,
    out: Callable[[str], None] = print,
) -> list[BackendScore]:
    """Load the catalogue into each backend, run the judged queries; the scores per backend."""
    data = load_judgements(judgements)
    queries = data["queries"]
    about = data["catalogue"]
    assert isinstance(queries, list) and isinstance(about, dict)
    listings = [item.listing for item in catalogue(int(about["listings"]))]
    scores: list[BackendScore] = []
    with tempfile.TemporaryDirectory(prefix="regiohub-relevance-") as tmp:
        for name in backends:
            with ExitStack() as stack:
                started = time.perf_counter()
                root = Path(tmp) / name
                root.mkdir()
                try:
                    search = stack.enter_context(_FACTORIES[name](listings, root))
                except RuntimeError as exc:
                    out(f"{name}: not measured – {exc}".splitlines()[0])
                    continue
                load_s = time.perf_counter() - started
                scores.append(evaluate(name, search, queries, load_s))
    return scores


def report(
    scores: list[BackendScore], listings: int, verbose: bool, out: Callable[[str], None]
) -> None:
    queries = len(scores[0].queries) if scores else 0
    out(f"Relevance: {listings} listings, {queries} judged queries ({JUDGEMENTS.name})")
    if verbose and scores:
        out("")
        head = "".join(f"  {s.name[:13]:>13} nDCG  R@20" for s in scores)
        out(f"{'query':<42}{head}")
        for row in zip(*(s.queries for s in scores), strict=True):
            cells = "".join(f"  {q.ndcg:>18.3f} {q.recall:>5.2f}" for q in row)
            out(f"{row[0].id} {row[0].text[:38]:<38}{cells}")
        out("")
    base = next((s for s in scores if s.name == "baseline"), None)
    out(f"{'backend':<36} {'NDCG@10':>8} {'recall@20':>10} {'load s':>7}  ratio to baseline")
    for s in scores:
        label = BASELINE_LABEL if s.name == "baseline" else s.name
        ratio = f"{s.ndcg / base.ndcg:.2f}× NDCG" if base and base.ndcg and s is not base else ""
        out(f"{label:<36} {s.ndcg:>8.3f} {s.recall:>10.3f} {s.load_s:>7.1f}  {ratio}")
    embedded = next((s for s in scores if s.name == "tantivy"), None)
    if embedded is not None:
        verdict = "met" if embedded.ndcg >= TARGET_NDCG else "MISSED"
        out(f"target NDCG@10 ≥ {TARGET_NDCG} on tantivy: {verdict} ({embedded.ndcg:.3f})")


@dataclass
class DevSetScore:
    name: str
    #: (query id, text, NDCG@10, recall@10, hits)
    queries: list[tuple[str, str, float, float, int]] = field(default_factory=list)

    @property
    def ndcg(self) -> float:
        return sum(q[2] for q in self.queries) / max(1, len(self.queries))

    @property
    def recall(self) -> float:
        return sum(q[3] for q in self.queries) / max(1, len(self.queries))

    @property
    def empty(self) -> int:
        return sum(1 for q in self.queries if q[4] == 0)


def run_devset(
    backends: Sequence[str], out: Callable[[str], None] = print, cache: Path | None = None
) -> tuple[list[DevSetScore], str]:
    """The dev set's queries over its harvested catalogue, per backend; and a note."""
    from benchmarks.relevance_devset import load, score_query, snapshot_now

    found = load(cache)
    if found is None:
        return [], "devset: not measured – ../shared/devset (or REGIOHUB_DEVSET) not found"
    options: dict[str, object] = {"upcoming_only": False, "now": snapshot_now(found.snapshot)}
    present = set(found.item_of.values())
    note = (
        f"devset: {len(found.listings)} listings harvested through the real path, "
        f"{len(present)} of {len(found.items)} expected items in the catalogue"
    )
    scores: list[DevSetScore] = []
    with tempfile.TemporaryDirectory(prefix="regiohub-devset-") as tmp:
        for name in backends:
            with ExitStack() as stack:
                root = Path(tmp) / name
                root.mkdir()
                try:
                    factory = _FACTORIES[name]
                    search = stack.enter_context(factory(found.listings, root, options))
                except RuntimeError as exc:
                    out(f"{name}: not measured on the dev set – {exc}".splitlines()[0])
                    continue
                score = DevSetScore(name)
                for query in found.queries:
                    ranked = search(str(query["query"]))
                    n, r = score_query(ranked, query, found.item_of)
                    score.queries.append((str(query["id"]), str(query["query"]), n, r, len(ranked)))
                scores.append(score)
    return scores, note


def report_sets(
    own: list[BackendScore], dev: list[DevSetScore], note: str, out: Callable[[str], None]
) -> None:
    """The sets side by side: one row per backend, NDCG and recall of each set."""
    out("")
    out(note)
    out(
        f"{'backend':<36} {'own NDCG@10':>11} {'own R@20':>9} "
        f"{'dev NDCG@10':>12} {'dev R@10':>9} {'dev empty':>10}"
    )
    names = [s.name for s in own] + [d.name for d in dev if d.name not in {s.name for s in own}]
    for name in names:
        o = next((s for s in own if s.name == name), None)
        d = next((s for s in dev if s.name == name), None)
        label = BASELINE_LABEL if name == "baseline" else name
        cells = (
            f"{o.ndcg:>11.3f} {o.recall:>9.3f}" if o else f"{'–':>11} {'–':>9}",
            f"{d.ndcg:>12.3f} {d.recall:>9.3f} {d.empty:>10}"
            if d
            else f"{'–':>12} {'–':>9} {'–':>10}",
        )
        out(f"{label:<36} {cells[0]} {cells[1]}")
    by = {s.name: s for s in dev}
    if "tantivy" in by:
        t = by["tantivy"]
        verdict = "met" if t.ndcg >= DEV_TARGET and t.recall >= DEV_TARGET else "MISSED"
        out(f"target dev NDCG@10 and recall@10 ≥ {DEV_TARGET} on tantivy: {verdict}")
    if "tantivy" in by and "elasticsearch" in by:
        gap = abs(by["tantivy"].ndcg - by["elasticsearch"].ndcg)
        out(f"dev NDCG gap elasticsearch – tantivy: {gap:.3f} (target ≤ {MAX_BACKEND_GAP})")
    own_by = {s.name: s for s in own}
    if "tantivy" in own_by and "elasticsearch" in own_by:
        gap = abs(own_by["tantivy"].ndcg - own_by["elasticsearch"].ndcg)
        out(f"own NDCG gap elasticsearch – tantivy: {gap:.3f} (target ≤ {MAX_BACKEND_GAP})")


def report_devset_queries(dev: list[DevSetScore], out: Callable[[str], None]) -> None:
    if not dev:
        return
    out("")
    head = "".join(f"  {s.name[:13]:>13} nDCG  R@10" for s in dev)
    out(f"{'dev query':<42}{head}")
    for row in zip(*(s.queries for s in dev), strict=True):
        cells = "".join(f"  {q[2]:>18.3f} {q[3]:>5.2f}" for q in row)
        out(f"{row[0][0]} {row[0][1][:38]:<38}{cells}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--verbose", "-v", action="store_true", help="print every query")
    parser.add_argument(
        "--backends",
        default=",".join(BACKENDS),
        help=f"comma-separated, from {', '.join(BACKENDS)} (default: all)",
    )
    parser.add_argument("--sets", default="own,devset", help="comma-separated: own, devset")
    parser.add_argument(
        "--devset-cache", type=Path, help="keep the dev set's harvest in this JSON file"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.backends.split(",") if n.strip()]
    unknown = [n for n in names if n not in BACKENDS]
    if unknown or not names:
        parser.error(f"unknown backend {', '.join(unknown) or '(none)'}; use {', '.join(BACKENDS)}")
    sets = {n.strip() for n in args.sets.split(",") if n.strip()}
    scores: list[BackendScore] = []
    if "own" in sets:
        scores = run(names)
        listings = int(load_judgements()["catalogue"]["listings"])  # type: ignore[index]
        report(scores, listings, args.verbose, print)
    dev: list[DevSetScore] = []
    note = "devset: not asked for"
    if "devset" in sets:
        dev, note = run_devset(names, cache=args.devset_cache)
        if args.verbose:
            report_devset_queries(dev, print)
    report_sets(scores, dev, note, print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
