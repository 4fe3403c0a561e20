"""The dev set's catalogue and graded queries (``../shared/devset``), harvested the real way.

The set's own ``serve.py`` serves its partner sites on loopback; ``regiohub harvest`` (with the
clock at the set's snapshot day under ``faketime`` when it is installed) fills a temporary
``REGIOHUB_HOME`` through the same connectors and pipeline an operator runs; the catalogue is
then read from that store. Nothing of the set is copied into the repository: the set's folder
is read where it lies (``REGIOHUB_DEVSET`` or ``../shared/devset`` next to the checkout).

Queries are scored the way the set's ``score.py`` scores them (gains 2/1/0, a second hit of the
same item gains 0, recall@10 = share of judged items in the first ten), so the figures here and
in its report agree.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.model import Listing

ROOT = Path(__file__).resolve().parent.parent
SOURCES_OVERRIDE = ROOT / "benchmarks" / "devset-sources.toml"


def devset_dir() -> Path | None:
    """The dev set's folder, or None when it is not on this machine."""
    env = os.environ.get("REGIOHUB_DEVSET")
    for candidate in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "devset"]:
        if (candidate / "queries.json").is_file() and (candidate / "serve.py").is_file():
            return candidate.resolve()
    return None


@dataclass
class DevSet:
    folder: Path
    snapshot: str
    #: expected items as the set describes them
    items: list[dict[str, Any]]
    queries: list[dict[str, Any]]
    #: the harvested catalogue
    listings: list[Listing]
    #: listing id → item id of the set (several listings may share one item: a series)
    item_of: dict[str, str]


def _snapshot(folder: Path) -> str:
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    snap = (expected.get("conventions") or {}).get("snapshot")
    if snap:
        return str(snap)
    found = re.search(
        r"snapshot date is \*\*(\d{4}-\d{2}-\d{2})\*\*", (folder / "README.md").read_text()
    )
    return found.group(1) if found else "2026-09-07"


def _path_of(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    return urlsplit(url).path or None


def match_items(items: list[dict[str, Any]], listings: list[Listing]) -> dict[str, str]:
    """Listing id → item id, by the same keys the set's scorer matches on."""
    by_key = {x.source_key: x for x in listings}
    by_path: dict[str, list[Listing]] = {}
    for x in listings:
        for u in {str(x.url) if x.url else None, x.source_key}:
            if (p := _path_of(u)) is not None:
                by_path.setdefault(p, []).append(x)
    out: dict[str, str] = {}
    for it in items:
        found: list[Listing] = []
        for k in (
            it.get("guid"),
            it.get("atom_id"),
            it.get("uid"),
            it.get("key"),
            it.get("url_path"),
        ):
            if k and k in by_key:
                found = [by_key[k]]
                break
        if not found and not str(it["url_path"]).startswith("/"):  # iCal: UID@original start
            found = [x for k, x in by_key.items() if k.startswith(str(it["url_path"]) + "@")]
        if not found:
            found = by_path.get(str(it["url_path"]), [])
        for x in found:
            out.setdefault(x.id, str(it["id"]))
    return out


def _free_server(folder: Path, tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    out = tmp / "serve.out"
    proc = subprocess.Popen(
        [sys.executable, "-u", str(folder / "serve.py"), "--port", "0", "--root", str(tmp / "web"),
         "--log", str(tmp / "requests.log")],
        stdout=out.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"on (http://127\.0\.0\.1:\d+)", out.read_text(errors="replace"))
        if found:
            return proc, found.group(1)
        time.sleep(0.1)
    _stop(proc)
    raise RuntimeError("the dev set's serve.py did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except (ProcessLookupError, PermissionError, subprocess.TimeoutExpired):
        pass


def harvest(folder: Path, snapshot: str, tmp: Path) -> list[Listing]:
    """Serve the set, harvest it with the regiohub CLI of this interpreter, read the catalogue."""
    from hub.store import SQLiteStore

    template = SOURCES_OVERRIDE if SOURCES_OVERRIDE.is_file() else folder / "sources.example.toml"
    proc, base = _free_server(folder, tmp)
    try:
        home = tmp / "home"
        home.mkdir()
        sources = template.read_text("utf-8").replace("{BASE}", base)
        (home / "sources.toml").write_text(sources, "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REGIOHUB_", "PREFECT_"))}
        env.update(REGIOHUB_HOME=str(home), NO_PROXY="127.0.0.1,localhost")
        cli = Path(sys.executable).parent / "regiohub"
        cmd = [str(cli), "harvest", "--no-prefect", "--json"]
        if faketime := shutil.which("faketime"):
            cmd = [faketime, "-f", f"@{snapshot} 10:00:00", *cmd]
        subprocess.run(cmd, env=env, capture_output=True, timeout=900, check=False)
        store = SQLiteStore(home / "catalogue.sqlite3")
        return list(store.iter_catalogue())
    finally:
        _stop(proc)


def load(cache: Path | None = None) -> DevSet | None:
    """Harvest the dev set (or read the harvest cached in ``cache``); None without the set."""
    folder = devset_dir()
    if folder is None:
        return None
    snapshot = _snapshot(folder)
    items = json.loads((folder / "expected.json").read_text("utf-8"))["items"]
    queries = json.loads((folder / "queries.json").read_text("utf-8"))["queries"]
    if cache is not None and cache.is_file():
        listings = [Listing.model_validate(x) for x in json.loads(cache.read_text("utf-8"))]
    else:
        with tempfile.TemporaryDirectory(prefix="regiohub-devset-") as tmp:
            listings = harvest(folder, snapshot, Path(tmp))
        if cache is not None:
            cache.write_text(json.dumps([x.model_dump(mode="json") for x in listings]), "utf-8")
    return DevSet(folder, snapshot, items, queries, listings, match_items(items, listings))


def _dcg(gains: list[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def score_query(
    ranked_ids: list[str], query: dict[str, Any], item_of: dict[str, str]
) -> tuple[float, float]:
    """(NDCG@10, recall@10) as the set's scorer computes them."""
    grades = {r["id"]: int(r["grade"]) for r in query["relevant"]}
    seen: set[str] = set()
    gains: list[int] = []
    for listing_id in ranked_ids[:10]:
        item = item_of.get(listing_id)
        gains.append(grades.get(item, 0) if item and item not in seen else 0)
        if item:
            seen.add(item)
    ideal = _dcg(sorted(grades.values(), reverse=True)[:10]) or 1.0
    found = {i for i in seen if i in grades}
    return _dcg(gains) / ideal, (len(found) / len(grades) if grades else 0.0)


def snapshot_now(snapshot: str) -> Any:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(f"{snapshot}T10:00:00").replace(tzinfo=ZoneInfo("Europe/Berlin"))


if __name__ == "__main__":  # a quick look: python -m benchmarks.relevance_devset
    found = load()
    print(
        "no dev set"
        if found is None
        else f"{len(found.listings)} listings, {len(found.item_of)} matched"
    )
