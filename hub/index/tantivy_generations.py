"""Index generations on disk: ``gen-000001/``, ``gen-000002/`` … and a ``CURRENT`` pointer.

A rebuild writes a whole new generation next to the live one, then replaces ``CURRENT``
atomically (``os.replace``), so readers switch from one complete index to the next and never
see a half-built one. Readers notice the switch by reading ``CURRENT``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from pathlib import Path

from hub.errors import IndexError_

POINTER = "CURRENT"
_GENERATION = re.compile(r"^gen-(\d{6,})$")

#: what identifies one version of a file: a replaced file has a new inode
Stamp = tuple[int, int, int]


def stamp(path: Path) -> Stamp | None:
    """(inode, mtime in ns, size) of ``path``, or None if it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def generation_number(name: str) -> int | None:
    match = _GENERATION.match(name)
    return int(match.group(1)) if match else None


def generation_name(number: int) -> str:
    return f"gen-{number:06d}"


def peek_pointer(root: Path) -> str | None:
    """The raw content of ``CURRENT`` (unvalidated), or None; for the per-search check.

    Plain ``os`` calls: ``Path.read_text`` builds a text wrapper and costs several times as
    much, on every search.
    """
    try:
        fd = os.open(root / POINTER, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        return os.read(fd, 256).decode("utf-8").strip()
    finally:
        os.close(fd)


def read_pointer(root: Path) -> str | None:
    """The active generation's name, or None if the index was never created."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if generation_number(name) is None or not (root / name).is_dir():
        raise IndexError_(
            f"Der Suchindex unter {root} ist beschädigt: {POINTER} nennt '{name}', dort aber "
            "kein Generationsverzeichnis; bauen Sie ihn mit `regiohub reindex` neu auf."
        )
    return name


def write_pointer(root: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name`` in one atomic step."""
    tmp = root / f".{POINTER}.{uuid.uuid4().hex}.tmp"
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, root / POINTER)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def generations(root: Path) -> dict[int, Path]:
    found: dict[int, Path] = {}
    if root.is_dir():
        for child in root.iterdir():
            number = generation_number(child.name)
            if number is not None and child.is_dir():
                found[number] = child
    return found


def claim_next(root: Path) -> Path:
    """Create and return the next unused generation directory (``mkdir`` is the claim)."""
    number = max(generations(root), default=0) + 1
    while True:
        path = root / generation_name(number)
        try:
            path.mkdir(parents=True)
            return path
        except FileExistsError:  # another process claimed it first
            number += 1


def prune(root: Path, keep_from: int) -> list[str]:
    """Delete generations numbered below ``keep_from``; returns their names.

    Half-written generations left by a crashed rebuild have numbers above the live one and are
    removed by a later rebuild once they fall below its ``keep_from``.
    """
    removed = []
    for number, path in sorted(generations(root).items()):
        if number < keep_from:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed
