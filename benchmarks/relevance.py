"""Relevance of the search backends on the judged German query set: NDCG@10 and recall@20.

    python benchmarks/relevance.py [--verbose] [--backends baseline,tantivy,elasticsearch]

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


def _index_search(index: SearchIndex) -> SearchFn:
    def search(text: str) -> list[str]:
        results = index.search(SearchQuery(text=text, size=RECALL_K))
        return [hit.id for hit in results.hits]

    return search


@contextmanager
def tantivy_backend(listings: list[Listing], root: Path) -> Iterator[SearchFn]:
    from hub.index.tantivy import TantivyIndex

    index = TantivyIndex(root / "tantivy")
    index.rebuild(listings)
    try:
        yield _index_search(index)
    finally:
        index.close()


@contextmanager
def elasticsearch_backend(listings: list[Listing], root: Path) -> Iterator[SearchFn]:
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
            yield _index_search(index)
        finally:
            index.close()


@contextmanager
def baseline_backend(listings: list[Listing], root: Path) -> Iterator[SearchFn]:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--verbose", "-v", action="store_true", help="print every query")
    parser.add_argument(
        "--backends",
        default=",".join(BACKENDS),
        help=f"comma-separated, from {', '.join(BACKENDS)} (default: all)",
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.backends.split(",") if n.strip()]
    unknown = [n for n in names if n not in BACKENDS]
    if unknown or not names:
        parser.error(f"unknown backend {', '.join(unknown) or '(none)'}; use {', '.join(BACKENDS)}")
    scores = run(names)
    listings = int(load_judgements()["catalogue"]["listings"])  # type: ignore[index]
    report(scores, listings, args.verbose, print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
