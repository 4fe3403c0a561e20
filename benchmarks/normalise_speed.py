"""Speed of the whole normalisation pipeline, against a baseline that only sanitises HTML.

    python benchmarks/normalise_speed.py [--records 50000] [--against REV]

Records are built from the evaluation set (tests/data/normalise/): each combines a title and
HTML description with a date, price, place and format text, cycling through the set until
``--records`` are reached. The pipeline (every built-in step, validation, content hash) runs
over all of them on one core; the baseline runs only ``nh3`` sanitising of the descriptions
(pipelines.text.sanitise_html) over the same records in the same run, interleaved with it:
chunk by chunk of ``CHUNK`` records, first the baseline, then the pipeline, so a change of the
machine's load hits both alike. Target: ≥ 2,000 records/s. Loading GeoNames and the taxonomy
happens once, before timing.

Every fourth record has no date field and a sentence with a date in its description, so the
prose date reader runs too. ``--against REV`` also times the pipeline of git revision REV
(e.g. ``main``) on the same records, in a child process started in the same run, and prints
the ratio of this pipeline's speed to that one's. Times are CPU time of the process
(``time.process_time``): on a machine shared with other jobs, wall-clock time measures the
neighbours as much as the pipeline.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
#: records per interleaved step of baseline and pipeline
CHUNK = 500


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
    prose = itertools.cycle(PROSE_SENTENCES)
    built = []
    for n, (topic, when, price, place, mode) in enumerate(itertools.islice(columns, count)):
        fields = {"title": topic["title"], "description": topic["description"], "date": when,
                  "price": price, "place": place, "mode": mode}  # fmt: skip
        if n % 4 == 3:  # no date field: the date is only in the running text
            del fields["date"]
            fields["description"] += f"<p>{next(prose)}</p>"
        built.append(RawRecord(source_id="eval", key=f"r{n}", fetched_at=FETCHED, fields=fields))
    return built


#: sentences with a date in running text, in our own words (see tests/data/normalise)
PROSE_SENTENCES = (
    "Der Kurs beginnt am Dienstag, 5. November 2024, um 9 Uhr im Rathaus.",
    "Seit 2019 gibt es die Reihe; wir treffen uns am 14.11.2024 von 17 bis 19 Uhr.",
    "Das Training findet vom 2. bis 4. Dezember 2024 statt. Anmeldung bis zum 15. November.",
    "Mehr Informationen erhalten Sie bei der Anmeldung.",
)

_CHILD = """
import json, sys, time, gc
sys.path.insert(0, sys.argv[1])
from hub.model import Listing, RawRecord
from hub.plugins import build_registry
from pipelines import build_pipeline
import pipelines
assert pipelines.__file__.startswith(sys.argv[1]), pipelines.__file__
from benchmarks.normalise_accuracy import SOURCE
batch = [RawRecord.model_validate(json.loads(line)) for line in open(sys.argv[2], encoding="utf-8")]
pipeline = build_pipeline(build_registry(entry_points=False))
pipeline.process(batch[0], SOURCE)
gc.collect(); gc.freeze()
started = time.process_time()
accepted = sum(isinstance(pipeline.process(raw, SOURCE), Listing) for raw in batch)
print(json.dumps({"seconds": time.process_time() - started, "accepted": accepted}))
"""


def time_revision(revision: str, batch: list[RawRecord], rounds: int) -> tuple[list[float], int]:
    """Seconds the pipeline of git ``revision`` takes for ``batch``, per round (child process)."""
    with tempfile.TemporaryDirectory(prefix="regiohub-speed-") as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        data = Path(tmp) / "records.jsonl"
        with data.open("w", encoding="utf-8") as out:
            for raw in batch:
                out.write(raw.model_dump_json() + "\n")
        seconds, accepted = [], 0
        for _ in range(rounds):
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(tree), str(data)],
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            seconds.append(float(result["seconds"]))
            accepted = int(result["accepted"])
        return seconds, accepted


def timed_round(pipeline: Any, batch: list[RawRecord]) -> tuple[float, float, int]:
    """CPU seconds of the baseline and of the pipeline over ``batch``, chunk by chunk in turn."""
    baseline_s = pipeline_s = 0.0
    accepted = 0
    for start in range(0, len(batch), CHUNK):
        chunk = batch[start : start + CHUNK]
        began = time.process_time()
        for raw in chunk:
            sanitise_html(raw.fields["description"])
        middle = time.process_time()
        accepted += sum(isinstance(pipeline.process(raw, SOURCE), Listing) for raw in chunk)
        pipeline_s += time.process_time() - middle
        baseline_s += middle - began
    return baseline_s, pipeline_s, accepted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--against", help="also time this git revision's pipeline (e.g. main)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="with --against: alternate runs, best of each"
    )
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

    # the machine's load changes over a run: alternate with the other revision, keep the best
    rounds = args.rounds if args.against else 1
    times, baseline_times, other_times, other_accepted = [], [], [], 0
    for _ in range(rounds):
        baseline_round, pipeline_round, accepted = timed_round(pipeline, batch)
        times.append(pipeline_round)
        baseline_times.append(baseline_round)
        if args.against:
            gc.unfreeze()
            spent, other_accepted = time_revision(args.against, batch, 1)
            other_times += spent
            gc.freeze()
    pipeline_s, baseline_s = min(times), min(baseline_times)

    rate, baseline_rate = len(batch) / pipeline_s, len(batch) / baseline_s
    print(f"Normalisation speed, {len(batch):,} records on one core")
    print(
        f"  baseline (nh3 sanitising only): {baseline_rate:>10,.0f} records/s  ({baseline_s:.2f} s)"
    )
    print(f"  whole pipeline:                 {rate:>10,.0f} records/s  ({pipeline_s:.2f} s)")
    print(f"  ratio pipeline / baseline:      {rate / baseline_rate:>10.3f}")
    print(f"  accepted {accepted:,}, quarantined {len(batch) - accepted:,}")
    if args.against:
        other_s = min(other_times)
        other_rate = len(batch) / other_s
        print(
            f"  pipeline of {args.against}:{'':<{18 - len(args.against)}}{other_rate:>10,.0f} "
            f"records/s  ({other_s:.2f} s; accepted {other_accepted:,})"
        )
        label = f"ratio this / {args.against}:"
        print(f"  {label:<32}{rate / other_rate:>10.3f}")
    print(f"  target ≥ {TARGET:,.0f} records/s: {'met' if rate >= TARGET else 'NOT met'}")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
