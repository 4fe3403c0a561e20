"""Matching saved needs against a harvest: percolation vs. every search one by one.

    python benchmarks/needs_match.py [--needs 10000] [--catalogue 5000] [--new 1000]

A catalogue of generated listings (benchmarks/relevance_data.py) is indexed; a harvest adds
``--new`` more. ``--needs`` saved needs are drawn like real ones: topic, Land and kind of an
offer someone wanted, some with free text, some around a town with a radius, some online,
some "nur kostenfrei". Two ways to find what to tell them, in the same run:

1. baseline: each need's search (its ``SearchQuery`` built from the saved need, as the
   percolation does too) through ``SearchIndex.search`` on the whole catalogue, one by one
   (what re-running every saved search after a harvest costs; page of 20);
2. ``hub.needs.match.percolate``: the new listings in a throw-away Tantivy index, each need's
   ``SearchQuery`` against it, skipping needs whose exact filters no new listing satisfies
   and sharing the answer of identical searches (index build included in the time).

The percolation's matches are checked against the truth: for a sample of needs, the
catalogue-wide search with a page big enough, restricted to the new listings.

Target (issue 19): percolation ≤ 60 s and ≥ 5× faster than the baseline.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.relevance_data import Generated, iter_catalogue
from hub.index.tantivy import TantivyIndex
from hub.model import Listing
from hub.needs.match import MAX_PER_NEED, percolate
from hub.needs.model import NeedSpec
from hub.needs.store import Need

TARGET_S = 60.0
TARGET_RATIO = 5.0
CHECK_SAMPLE = 200


def make_needs(items: list[Generated], count: int, seed: int = 19) -> list[Need]:
    rng = random.Random(seed)
    needs = []
    for n in range(count):
        item = rng.choice(items)
        f, lst = item.facets, item.listing
        spec: dict[str, object] = {"kind": [f.kind] if rng.random() < 0.7 else []}
        if lst.topics and rng.random() < 0.8:
            spec["topic"] = [lst.topics[0]]
        if rng.random() < 0.35:
            spec["q"] = f.subject.split()[0] if f.subject else ""
        roll = rng.random()
        if roll < 0.15 and f.city:
            spec.update(near=f.city, radius=rng.choice([10, 25, 50]))
        elif roll < 0.25:
            spec["online"] = True
        elif f.land and f.land != "DE":
            spec["region"] = [f.land]
        if rng.random() < 0.1:
            spec["free"] = True
        needs.append(
            Need(
                id=f"need-{n:05d}",
                email="",
                spec=NeedSpec.model_validate(spec),
                confirmed=True,
                since_seq=0,
                last_sent_at=None,
            )
        )
    return needs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--catalogue", type=int, default=5_000)
    parser.add_argument("--new", type=int, default=1_000)
    args = parser.parse_args(argv)

    items = list(iter_catalogue(args.catalogue + args.new))
    old, new = items[: args.catalogue], items[args.catalogue :]
    new_listings = [g.listing for g in new]
    needs = make_needs(items, args.needs)
    seqs = {lst.id: n + 1 for n, lst in enumerate(new_listings)}

    with tempfile.TemporaryDirectory(prefix="regiohub-needs-bench-") as tmp:
        index = TantivyIndex(Path(tmp) / "index")
        index.ensure()
        index.rebuild(g.listing for g in old)
        index.upsert(new_listings)  # the harvest
        queries = [n.spec.search_params().to_query() for n in needs]

        # both ways start from the saved needs, so both turn each need into its query
        started = time.perf_counter()
        baseline_hits = 0
        for need in needs:
            baseline_hits += len(index.search(need.spec.search_params().to_query()).hits)
        baseline_s = time.perf_counter() - started

        started = time.perf_counter()
        found = percolate(needs, new_listings, seqs, catalogue=index)
        percolate_s = time.perf_counter() - started

        # correctness: the same need's full search, restricted to the new listings
        new_ids = set(seqs)
        by_need: dict[str, set[str]] = {}
        for need_id, listing_id, _, _ in found:
            by_need.setdefault(need_id, set()).add(listing_id)
        wrong = 0
        for need, query in list(zip(needs, queries, strict=True))[:CHECK_SAMPLE]:
            full = index.search(replace(query, size=10_000))
            truth = {h.id for h in full.hits if h.id in new_ids}
            truth = {i for i in truth if need.spec.within_budget(_price(new_listings, i))}
            got = by_need.get(need.id, set())
            # a need gets at most MAX_PER_NEED listings of one harvest, the best ones
            if not got <= truth or len(got) != min(len(truth), MAX_PER_NEED):
                wrong += 1
        index.close()

    distinct = len(set(queries))
    ratio = baseline_s / percolate_s if percolate_s else float("inf")
    print(
        f"catalogue {args.catalogue:,} + {args.new:,} new listings, {args.needs:,} needs "
        f"({distinct:,} distinct searches)"
    )
    print(f"{'method':<42} {'seconds':>9} {'per need':>10}")
    print(
        f"{'baseline: SearchIndex.search one by one':<42} {baseline_s:9.2f} "
        f"{baseline_s / args.needs * 1000:8.2f}ms"
    )
    print(
        f"{'percolate (hub.needs.match)':<42} {percolate_s:9.2f} "
        f"{percolate_s / args.needs * 1000:8.2f}ms"
    )
    print(f"ratio baseline / percolate: {ratio:.1f}x (target >= {TARGET_RATIO:g}x)")
    print(
        f"matches found: {len(found):,} for {len(by_need):,} needs; "
        f"checked against the full search for {CHECK_SAMPLE} needs: {wrong} differ"
    )
    ok = percolate_s <= TARGET_S and ratio >= TARGET_RATIO and wrong == 0
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


def _price(listings: list[Listing], listing_id: str) -> dict[str, object] | None:
    for lst in listings:
        if lst.id == listing_id:
            return lst.price.model_dump() if lst.price else None
    return None


if __name__ == "__main__":
    raise SystemExit(main())
