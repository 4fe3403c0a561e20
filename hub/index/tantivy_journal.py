"""Writes made while a Tantivy rebuild runs, kept in a journal and replayed into the new generation.

A rebuild holds the new generation's one writer for minutes, so upserts and deletes (from
this or any other process) keep going to the live generation. While a rebuild runs, each of
them is also appended to ``<new generation>.pending.jsonl``; the rebuild replays that journal
into its generation just before switching ``CURRENT``. Both sides take the same ``WRITE.lock``
(``flock``) for the moment they touch the journal, so no write lands between the replay and
the switch: the next writer sees the new ``CURRENT`` and no journal any more.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

LOCK = "WRITE.lock"
SUFFIX = ".pending.jsonl"


@contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Exclusive across threads and processes (one open file description per call)."""
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def journal_path(root: Path, generation: str) -> Path:
    return root / f"{generation}{SUFFIX}"


def start(root: Path, generation: str) -> Path:
    """Open the journal of a rebuild into ``generation``: writes from now on are recorded."""
    path = journal_path(root, generation)
    with write_lock(root):
        path.touch()
    return path


def _number(path: Path) -> int:
    digits = path.name.removesuffix(SUFFIX).removeprefix("gen-")
    return int(digits) if digits.isdigit() else -1


def active(root: Path, live: str | None) -> list[Path]:
    """Journals of rebuilds in progress (call with the write lock held).

    Only generations newer than the live one count: a journal left by a rebuild that died is
    ignored once a later rebuild has switched past it (and removed by that rebuild).
    """
    floor = _number(root / f"{live}{SUFFIX}") if live else -1
    return [p for p in sorted(root.glob(f"gen-*{SUFFIX}")) if _number(p) > floor]


def remove_stale(root: Path, live: str) -> None:
    """Remove journals of generations not newer than ``live`` (dead rebuilds)."""
    floor = _number(root / f"{live}{SUFFIX}")
    for path in root.glob(f"gen-*{SUFFIX}"):
        if _number(path) <= floor:
            path.unlink(missing_ok=True)


def record(journals: list[Path], entries: list[dict[str, Any]]) -> None:
    """Append ``entries`` (``{"upsert": listing}`` or ``{"delete": id}``) to every journal."""
    if not journals or not entries:
        return
    lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
    for path in journals:
        with path.open("a", encoding="utf-8") as out:
            out.write(lines)
            out.flush()
            os.fsync(out.fileno())


def read(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def finish(path: Path) -> None:
    path.unlink(missing_ok=True)
