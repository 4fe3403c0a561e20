"""Dates in prose: our reader (pipelines.prose_dates) against dateparser's ``search_dates``.

    python benchmarks/devset.py --keep          # prints the kept REGIOHUB_HOME (tmp folder)
    python benchmarks/prose_dates_eval.py --home /tmp/regiohub-score-…/home --set ../shared/devset

For every expected course, event and advice item of the development set, the description the
hub harvested is read by both: ours gives a schedule, dateparser (``languages=["de"]``, dates
from the future preferred, relative to the publication day) the first date it finds, read as
the start. A start is correct when it equals the expected one (the instant when a time is
stated, else the day); "wrong" counts readings that differ from it (an empty reading is not
wrong). For items with a labelled date field the prose is not used by the pipeline; there the
"wrong" column shows what a prose reader would have misread had the field been missing. Also run
on the labelled prose sentences of tests/data/normalise/hand_written.py, and timed per text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "normalise"))

import hand_written  # noqa: E402

from pipelines.dates import BERLIN  # noqa: E402
from pipelines.prose_dates import schedule_from_prose  # noqa: E402

SNAPSHOT = date(2026, 9, 7)


def ours(text: str, reference: date) -> datetime | None:
    parsed, _ = schedule_from_prose(text, reference=reference)
    return parsed.start if parsed else None


def with_dateparser(text: str, reference: date) -> datetime | None:
    from dateparser.search import search_dates

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(reference, datetime.min.time()),
        "TIMEZONE": "Europe/Berlin",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    found = search_dates(text, languages=["de"], settings=settings)  # type: ignore[arg-type]
    if not found:
        return None
    return found[0][1].replace(tzinfo=BERLIN)


def same(expected: str | None, got: datetime | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if "T" not in expected:
        return got.astimezone(BERLIN).date().isoformat() == expected
    return got == datetime.fromisoformat(expected)


def cases_from_devset(home: Path, folder: Path) -> list[tuple[str, date, str | None, str]]:
    """Expected items of the set, with the description the hub harvested for each."""
    from hub.store import SQLiteStore

    store_path = home / "catalogue.sqlite3"
    listings = list(SQLiteStore(store_path).iter_listings())
    by_key: dict[str, Any] = {}
    for listing in listings:
        by_key.setdefault(listing.source_key, listing)
        if listing.url:
            by_key.setdefault("/" + listing.url.split("://", 1)[-1].split("/", 1)[-1], listing)
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    cases = []
    for item in expected["items"]:
        if item["kind"] not in {"course", "event", "advice"}:
            continue
        keys = [item.get(k) for k in ("guid", "atom_id", "key", "url_path")]
        listing = next((by_key[k] for k in keys if k and k in by_key), None)
        if listing is None:
            continue
        labelled = bool(listing.schedule and listing.schedule.text)
        where = "labelled" if labelled else "prose only"
        cases.append((listing.description_text, SNAPSHOT, item["start"], where))
    return cases


def cases_from_labels() -> list[tuple[str, date, str | None, str]]:
    out = []
    for text, reference, expected in hand_written.PROSE:
        start = expected["start"] if expected else None
        value = None
        if start is not None:
            moment = datetime.fromisoformat(start).replace(tzinfo=BERLIN)
            value = start[:10] if start.endswith("T00:00") else moment.isoformat()
        out.append((text, date.fromisoformat(reference), value, "labelled set"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="REGIOHUB_HOME kept by score.py --keep")
    parser.add_argument("--set", type=Path, default=ROOT.parent / "shared" / "devset")
    args = parser.parse_args(argv)
    cases = cases_from_labels()
    if args.home:
        cases += cases_from_devset(args.home, args.set)
    print(f"{'reader':<12} {'group':<14} {'correct':>7} {'wrong':>6} {'total':>6} {'ms/text':>8}")
    for name, read in (("ours", ours), ("dateparser", with_dateparser)):
        read(cases[0][0], cases[0][1])  # load data (dateparser's language files) before timing
        for group in sorted({c[3] for c in cases}):
            chosen = [c for c in cases if c[3] == group]
            began = time.perf_counter()
            got = [(read(text, ref), exp) for text, ref, exp, _ in chosen]
            spent = (time.perf_counter() - began) * 1000 / len(chosen)
            correct = sum(same(exp, g) for g, exp in got)
            # a reading that differs from the expected start (an empty one is not wrong)
            wrong = sum(g is not None and not same(exp, g) for g, exp in got)
            print(f"{name:<12} {group:<14} {correct:>7} {wrong:>6} {len(chosen):>6} {spent:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
