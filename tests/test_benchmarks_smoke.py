"""The benchmark scripts run, print their figures, and their judged data is complete and current.

Speed is never asserted here (the figures come from the full-size runs, see benchmarks/);
these tests prove the scripts work on a small size and that the judged query set still
describes the catalogue the generator builds.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # plain `pytest` does not put the repository on sys.path
    sys.path.insert(0, str(ROOT))

from benchmarks import api, api_load, relevance, relevance_data, search, web  # noqa: E402
from benchmarks.relevance_queries import QUERIES, grade  # noqa: E402


def test_judged_set_has_enough_queries_over_a_big_enough_catalogue() -> None:
    data = relevance_data.load_judgements()
    queries = data["queries"]
    assert isinstance(queries, list) and len(queries) >= 50
    assert data["catalogue"]["listings"] >= 1000  # type: ignore[index]
    items = relevance_data.catalogue(relevance_data.RELEVANCE_LISTINGS)
    assert len({item.listing.id for item in items}) >= 1000
    assert {item.listing.kind for item in items} == set(relevance_data.KINDS)
    # every query has something fully relevant to find
    assert all(3 in q["relevant"].values() for q in queries)


def test_judgements_file_matches_the_generator() -> None:
    """Changed blocks or queries need `python -m benchmarks.relevance_data` to be run."""
    items = relevance_data.catalogue(relevance_data.RELEVANCE_LISTINGS)
    assert relevance_data.build_judgements(items) == relevance_data.load_judgements()


def test_catalogue_is_deterministic_and_a_prefix_of_bigger_ones() -> None:
    small = relevance_data.catalogue(50, today=date(2030, 1, 1))
    big = relevance_data.catalogue(80, today=date(2030, 1, 1))
    assert [g.listing for g in small] == [g.listing for g in big[:50]]
    later = relevance_data.catalogue(50, today=date(2031, 1, 1))
    assert [g.listing.title for g in small] == [g.listing.title for g in later]
    starts = [g.listing.start for g in later if g.listing.start]
    assert starts and all(s.date() > date(2031, 1, 1) for s in starts)


def test_grades_follow_intent_not_engine() -> None:
    items = relevance_data.catalogue(relevance_data.RELEVANCE_LISTINGS)
    excel_beginner = next(q for q in QUERIES if q.text == "excel kurs anfänger")
    grades = {
        (g.facets.theme, g.facets.kind, g.facets.level): grade(excel_beginner, g.facets)
        for g in items
    }
    assert grades[("excel", "course", "beginner")] == 3
    assert grades[("excel", "course", "advanced")] == 2
    assert grades[("datenschutz", "course", "beginner")] == 0


def test_ndcg_and_recall() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    assert relevance.ndcg(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert relevance.ndcg(["x", "y"], grades) == 0.0
    assert 0 < relevance.ndcg(["c", "b", "a"], grades) < 1
    assert relevance.recall(["b", "x"], grades) == pytest.approx(0.5)  # a and b count


def test_relevance_benchmark_prints_scores_per_backend(capsys: pytest.CaptureFixture[str]) -> None:
    assert relevance.main(["--backends", "baseline,tantivy", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^q01 excel kurs anfänger\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+$", out, re.M)
    rows = dict(re.findall(r"^(baseline \(BM25[^)]*\)|tantivy)\s+([\d.]+)\s+[\d.]+", out, re.M))
    assert set(rows) == {"baseline (BM25, default tokenizer)", "tantivy"}
    assert all(0.0 < float(v) <= 1.0 for v in rows.values())
    assert re.search(r"^tantivy .*\d\.\d\d× NDCG$", out, re.M)
    assert re.search(r"^target NDCG@10 ≥ 0.85 on tantivy: (met|MISSED)", out, re.M)


def test_search_benchmark_prints_build_latency_and_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert search.main(["--listings", "300", "--rounds", "1", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^build: [\d,]+ listings/s", out, re.M)
    for row in (
        "SearchIndex.search",
        "bare tantivy \\(text only\\)",
        "bare tantivy, same work",
        "overhead ratio \\(ours / bare, same work\\)",
        "ratio to the text-only query",
    ):
        assert re.search(rf"^{row}.*?\s+[\d.]+×?\s+[\d.]+×?$", out, re.M), row
    assert re.search(r"^RSS of the search process: \d+ MiB after loading", out, re.M)
    assert "300 generated listings" in out


@pytest.mark.slow
def test_api_benchmark_prints_loop_worker_cache_and_bare_rows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the exit code tells whether the targets were met; on 300 listings and short windows of a
    # busy test machine either is possible, so only the report is checked
    api.main(
        ["--listings", "300", "--queries", "100", "--seconds", "0.5", "--rounds", "1",
         "--connections", "2"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "measuring 100 distinct queries" in out
    for label in api.ROWS.values():
        row = re.escape(label)
        assert re.search(rf"^{row}\s+[\d,.]+\s+[\d.]+\s+[\d.]+\s+[\d,]+\s+[\d.]+×$", out, re.M), (
            label
        )
    assert re.search(r"^1 worker / loop: [\d.]+×", out, re.M)
    assert re.search(r"2 workers / 1 worker: [\d.]+×", out)


def test_distinct_queries_are_distinct_and_drawn_from_titles() -> None:
    titles = [("Datenschutz im Betrieb für Einsteiger", "course", "DE-SN"),
              ("Förderprogramm Digitalisierung Sachsen", "funding", "DE-SN"),
              ("Workshop: Pivot-Tabellen in Excel", "event", "DE-BY")]  # fmt: skip
    queries = api_load.distinct_queries(titles, 30)
    assert len(queries) == 30
    assert len({tuple(sorted(q.items())) for q in queries}) == 30
    words = {w for title, _, _ in titles for w in title.replace(":", "").split()}
    assert all(set(q["q"].split()) <= words for q in queries)


def test_loop_walks_the_queries_in_the_order_of_the_load_connections() -> None:
    order = api.window_order(100, 4, 10)
    assert [next(order) for _ in range(6)] == [10, 35, 60, 85, 11, 36]


@pytest.mark.slow
def test_web_benchmark_prints_page_and_bare_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert web.main(["--listings", "200", "--seconds", "0.5", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    for label in ("regiohub /suche", "bare Starlette, same HTML"):
        assert re.search(rf"^{label}\s+[\d,]+\s+[\d.]+\s+[\d.]+\s+[\d,]+$", out, re.M), label
    assert re.search(r"^ratio regiohub / baseline: [\d.]+×$", out, re.M)
