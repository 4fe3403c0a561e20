"""Our price grammar against Zyte's ``price-parser`` on the labelled set, as docs/normalisation.md
reports it.

    pip install price-parser && python benchmarks/price_parser_compare.py

price-parser only extracts an amount; it has no notion of "free", so the free words of
pipelines/prices.py are given to it first (the fairest use). A text counts as correct when
amount and free flag both match the label; "paid shown free" counts the worst error.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.prices import FREE, parse_price  # noqa: E402

Reading = tuple[float | None, bool | None]


def ours(text: str) -> Reading:
    parsed = parse_price(text)
    return parsed.amount, parsed.free


def price_parser(text: str) -> Reading:
    from price_parser import Price  # type: ignore[import-not-found]

    if FREE.search(text) or re.fullmatch(r"\s*keine\s*", text, re.I):
        return 0.0, True
    amount = Price.fromstring(text).amount_float
    return (None, None) if amount is None else (amount, amount == 0)


def score(read: Callable[[str], Reading], rows: list[tuple[str, Reading]]) -> str:
    correct = empty = wrong = paid_free = 0
    for text, expected in rows:
        got = read(text)
        if got == expected:
            correct += 1
        elif got == (None, None):
            empty += 1
        else:
            wrong += 1
            paid_free += expected[1] is False and got[1] is True
    share = 100 * correct / len(rows)
    return (
        f"{correct:4} ({share:5.1f} %)  empty {empty:3}  wrong {wrong:3}  "
        f"paid shown free {paid_free}"
    )


def main() -> int:
    try:
        import price_parser as _  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        print("price-parser is not installed (pip install price-parser); nothing to compare.")
        return 0
    path = ROOT / "tests" / "data" / "normalise" / "prices.jsonl"
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    rows = [(i["text"], (i["expected"]["amount"], i["expected"]["free"])) for i in items]
    print(f"Price texts of {path.relative_to(ROOT)} ({len(rows)})")
    print(f"  pipelines.prices  {score(ours, rows)}")
    print(f"  price-parser      {score(price_parser, rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
