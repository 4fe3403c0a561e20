"""Accuracy of the normalisation on the labelled evaluation set (tests/data/normalise/).

    python benchmarks/normalise_accuracy.py

Prints, per field, how many items were read correctly, how many were left empty and flagged
(the parser was not sure: acceptable, but it counts against accuracy) and how many were read
wrongly (the failure that matters), with the issue's target. Exits 1 if a target is missed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.config import SourceConfig  # noqa: E402
from hub.model import Listing, RawRecord  # noqa: E402
from hub.plugins import build_registry  # noqa: E402
from pipelines import Pipeline, build_pipeline  # noqa: E402
from pipelines.dates import BERLIN, parse_schedule  # noqa: E402
from pipelines.duplicates import OfferFacts, same_offer  # noqa: E402
from pipelines.modes import parse_mode  # noqa: E402
from pipelines.places import parse_place  # noqa: E402
from pipelines.prices import parse_funding, parse_price  # noqa: E402

DATA = ROOT / "tests" / "data" / "normalise"
SOURCE = SourceConfig.model_validate(
    {"id": "eval", "type": "feed", "kind": "course", "partner": {"name": "Evaluation"}}
)
FETCHED = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)


def items(name: str) -> Iterator[dict[str, Any]]:
    with (DATA / f"{name}.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


@dataclass
class Score:
    field: str
    target: float
    metric: str = "accuracy"
    correct: int = 0
    empty: int = 0
    wrong: int = 0
    value: float | None = None  # set for F1 metrics

    @property
    def total(self) -> int:
        return self.correct + self.empty + self.wrong

    @property
    def result(self) -> float:
        if self.value is not None:
            return self.value
        return self.correct / self.total if self.total else 0.0

    def count(self, verdict: str) -> None:
        setattr(self, verdict, getattr(self, verdict) + 1)


def judge(expected: Any, got: Any) -> str:
    """correct | empty (left unknown where a value was expected) | wrong."""
    if got == expected:
        return "correct"
    if isinstance(expected, dict) and isinstance(got, dict):
        mismatched = [k for k in expected if got.get(k) != expected[k]]
        return "empty" if all(got.get(k) is None for k in mismatched) else "wrong"
    return "empty" if got is None else "wrong"


def score_dates() -> Score:
    score = Score("dates (exact)", 0.98)
    for item in items("dates"):
        parsed = parse_schedule(item["text"], reference=date.fromisoformat(item["reference"]))
        got = None
        if parsed is not None:
            got = {
                "start": _local(parsed.start),
                "end": _local(parsed.end),
                "sessions": len(parsed.sessions),
                "ongoing": parsed.ongoing,
            }
            # statements instead of dates and stated counts are labelled only where they occur
            if parsed.kind != "dated":
                got["kind"] = parsed.kind
            if parsed.count is not None:
                got["count"] = parsed.count
        expected = item["expected"]
        score.count("correct" if got == expected else "empty" if got is None else "wrong")
    return score


def _local(moment: datetime | None) -> str | None:
    return moment.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M") if moment else None


def score_prices() -> Score:
    score = Score("prices", 0.98)
    for item in items("prices"):
        expected = item["expected"]
        price, funding = parse_price(item["text"]), parse_funding(item["text"])
        got = {"amount": price.amount, "free": price.free}
        if "share_percent" in expected:
            got |= {"share_percent": funding.share_percent, "max_amount": funding.max_amount}
        score.count(judge(expected, got))
    return score


def score_places() -> Score:
    score = Score("place → Bundesland", 0.97)
    for item in items("places"):
        parsed = parse_place(item["text"])
        if item["online"]:
            score.count("correct" if parsed.online else "wrong")
            continue
        got = parsed.regions[0] if parsed.regions else None
        score.count(judge(item["state"], got))
    return score


def score_modes() -> Score:
    score = Score("delivery mode", 0.95)
    for item in items("modes"):
        score.count(judge(item["mode"], parse_mode(item["text"])))
    return score


def _listing(pipeline: Pipeline, key: str, **fields: Any) -> Listing:
    raw = RawRecord(source_id="eval", key=key, fetched_at=FETCHED, fields=fields)
    result = pipeline.process(raw, SOURCE)
    if not isinstance(result, Listing):
        raise SystemExit(f"evaluation record {key} was rejected: {result.reason}")
    return result


def micro_f1(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, int, int, int]:
    tp = sum(len(exp & got) for exp, got in pairs)
    fp = sum(len(got - exp) for exp, got in pairs)
    fn = sum(len(exp - got) for exp, got in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, tp, fp, fn


def score_topics(pipeline: Pipeline) -> tuple[Score, Score]:
    topic_pairs, audience_pairs = [], []
    for i, item in enumerate(items("topics")):
        listing = _listing(pipeline, f"t{i}", title=item["title"], description=item["description"])
        topic_pairs.append((set(item["topics"]), set(listing.topics)))
        audience_pairs.append((set(item["audiences"]), set(listing.audiences)))
    scores = []
    for name, pairs in (("topics", topic_pairs), ("audiences", audience_pairs)):
        f1, tp, fp, fn = micro_f1(pairs)
        scores.append(Score(name, 0.85, "micro-F1", correct=tp, empty=fn, wrong=fp, value=f1))
    return scores[0], scores[1]


def score_duplicates(pipeline: Pipeline) -> Score:
    pairs = []
    for i, item in enumerate(items("duplicates")):
        a, b = (
            _listing(
                pipeline, f"d{i}{side}", **{k: v for k, v in item[side].items() if k != "source"}
            )
            for side in ("a", "b")
        )
        found = same_offer(OfferFacts.of(a), OfferFacts.of(b))
        pairs.append(({"dup"} if item["duplicate"] else set(), {"dup"} if found else set()))
    f1, tp, fp, fn = micro_f1(pairs)
    return Score("duplicate pairs", 0.95, "F1", correct=tp, empty=fn, wrong=fp, value=f1)


def main() -> int:
    pipeline = build_pipeline(build_registry(entry_points=False))
    scores = [score_dates(), score_prices(), score_places(), score_modes()]
    scores += [*score_topics(pipeline), score_duplicates(pipeline)]
    print(f"Normalisation accuracy on {DATA.relative_to(ROOT)}")
    header = f"{'field':<22}{'items':>6}{'correct':>9}{'empty+flagged':>15}{'wrong':>7}"
    print(header + f"  {'metric':<9}{'result':>8}{'target':>8}  met")
    print("-" * (len(header) + 32))
    missed = 0
    for s in scores:
        met = s.result >= s.target
        missed += not met
        print(
            f"{s.field:<22}{s.total:>6}{s.correct:>9}{s.empty:>15}{s.wrong:>7}  "
            f"{s.metric:<9}{s.result:>8.3f}{s.target:>8.2f}  {'yes' if met else 'NO'}"
        )
    print(
        "(for F1 rows: correct = true positives, empty+flagged = missed, wrong = false positives)"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
