"""Speed of the whole normalisation pipeline, against a baseline that only sanitises HTML.

    python benchmarks/normalise_speed.py [--records 50000]

Records are built from the evaluation set (tests/data/normalise/): each combines a title and
HTML description with a date, price, place and format text, cycling through the set until
``--records`` are reached. The pipeline (every built-in step, validation, content hash) runs
over all of them on one core; the baseline runs only ``nh3`` sanitising of the descriptions
(pipelines.text.sanitise_html) over the same records in the same run. Target: ≥ 2,000
records/s. Loading GeoNames and the taxonomy happens once, before timing.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.normalise_accuracy import FETCHED, SOURCE, items  # noqa: E402
from hub.model import Listing, RawRecord  # noqa: E402
from hub.plugins import build_registry  # noqa: E402
from pipelines import build_pipeline  # noqa: E402
from pipelines.geonames import german_places  # noqa: E402
from pipelines.taxonomy import taxonomy  # noqa: E402
from pipelines.text import sanitise_html  # noqa: E402

TARGET = 2000.0


def records(count: int) -> list[RawRecord]:
    """``count`` raw records composed from the evaluation set."""
    topics = list(items("topics"))
    dates = [i["text"] for i in items("dates")]
    prices = [i["text"] for i in items("prices")]
    places = [i["text"] for i in items("places")]
    modes = [i["text"] for i in items("modes")]
    columns = zip(
        itertools.cycle(topics),
        itertools.cycle(dates),
        itertools.cycle(prices),
        itertools.cycle(places),
        itertools.cycle(modes),
        strict=False,
    )
    built = []
    for n, (topic, when, price, place, mode) in enumerate(itertools.islice(columns, count)):
        fields = {"title": topic["title"], "description": topic["description"], "date": when,
                  "price": price, "place": place, "mode": mode}  # fmt: skip
        built.append(RawRecord(source_id="eval", key=f"r{n}", fetched_at=FETCHED, fields=fields))
    return built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args()
    pipeline = build_pipeline(build_registry(entry_points=False))
    batch = records(args.records)
    german_places(), taxonomy()  # loaded once per process, outside the timing
    pipeline.process(batch[0], SOURCE)
    # A harvest streams records; here all 50,000 sit in memory at once, and the cyclic garbage
    # collector would walk them again and again. Freezing them keeps that artefact out of both
    # timings (the pipeline's own garbage is still collected as usual).
    gc.collect()
    gc.freeze()

    started = time.perf_counter()
    for raw in batch:
        sanitise_html(raw.fields["description"])
    baseline_s = time.perf_counter() - started

    started = time.perf_counter()
    accepted = sum(isinstance(pipeline.process(raw, SOURCE), Listing) for raw in batch)
    pipeline_s = time.perf_counter() - started

    rate, baseline_rate = len(batch) / pipeline_s, len(batch) / baseline_s
    print(f"Normalisation speed, {len(batch):,} records on one core")
    print(
        f"  baseline (nh3 sanitising only): {baseline_rate:>10,.0f} records/s  ({baseline_s:.2f} s)"
    )
    print(f"  whole pipeline:                 {rate:>10,.0f} records/s  ({pipeline_s:.2f} s)")
    print(f"  ratio pipeline / baseline:      {rate / baseline_rate:>10.3f}")
    print(f"  accepted {accepted:,}, quarantined {len(batch) - accepted:,}")
    print(f"  target ≥ {TARGET:,.0f} records/s: {'met' if rate >= TARGET else 'NOT met'}")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
