"""Radius search on Tantivy without a geo type: a grid of cells indexed per listing.

Each listing with coordinates gets one ``geo_cell`` term per grid level (``"<level>/<x>/<y>"``,
cells halving in each direction from level to level). A radius query covers the circle with
cells: cells wholly inside it match by term, with no further check; listings in cells on the
circle's edge are checked with their exact great-circle distance. The edge cells are chosen
about 1/16 of the radius high, so few listings need the check whatever the radius. A cell is
wholly inside when its four corners are: along a parallel or a meridian the distance from a
point has no maximum inside a cell's side, so the corners are the farthest points.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache

from hub.index.analysis import EARTH_RADIUS_KM, bounding_box, distance_km

MIN_LEVEL = 3
MAX_LEVEL = 16
#: edge cells about this fraction of the radius (in latitude)
_EDGE_FRACTION = 1 / 16
#: at most this many cells wholly inside before the covering stops refining (huge radii)
_MAX_CELLS = 4000

Cell = tuple[int, int, int]  # level, x (longitude), y (latitude)


def cell_of(level: int, lat: float, lon: float) -> Cell:
    n = 1 << level
    x = min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))
    y = min(n - 1, max(0, int((lat + 90.0) / 180.0 * n)))
    return level, x, y


def term(cell: Cell) -> str:
    return "{}/{}/{}".format(*cell)


#: point → its cell terms; listings share venues (a partner's address, a town's centre), and a
#: look-up is cheaper than 14 formatted terms per listing of a rebuild (cleared when full)
_CELLS: dict[tuple[float, float], tuple[str, ...]] = {}
_CELLS_MAX = 20_000  # ≈ 20 MB of terms at most


def cell_terms(lat: float, lon: float) -> tuple[str, ...]:
    """The ``geo_cell`` terms of a point: its cell on every level."""
    found = _CELLS.get((lat, lon))
    if found is None:
        _, x, y = cell_of(MAX_LEVEL, lat, lon)  # coarser cells: drop low bits
        found = tuple(
            f"{level}/{x >> (MAX_LEVEL - level)}/{y >> (MAX_LEVEL - level)}"
            for level in range(MIN_LEVEL, MAX_LEVEL + 1)
        )
        if len(_CELLS) >= _CELLS_MAX:
            _CELLS.clear()
        _CELLS[(lat, lon)] = found
    return found


def _bounds(cell: Cell) -> tuple[float, float, float, float]:
    level, x, y = cell
    n = 1 << level
    return (
        y * 180.0 / n - 90.0,
        (y + 1) * 180.0 / n - 90.0,
        x * 360.0 / n - 180.0,
        (x + 1) * 360.0 / n - 180.0,
    )


def _children(cell: Cell) -> Iterator[Cell]:
    level, x, y = cell
    for dx in (0, 1):
        for dy in (0, 1):
            yield level + 1, 2 * x + dx, 2 * y + dy


def _nearest_km(centre: tuple[float, float], cell: Cell) -> float:
    """Distance to the nearest point of the cell, a little underestimated (never over)."""
    min_lat, max_lat, min_lon, max_lon = _bounds(cell)
    lat = min(max(centre[0], min_lat), max_lat)
    lon = min(max(centre[1], min_lon), max_lon)
    return distance_km(centre, (lat, lon)) * 0.99


def edge_level(radius_km: float) -> int:
    """The grid level whose cells are about ``_EDGE_FRACTION`` of the radius high."""
    degrees = math.degrees(radius_km / EARTH_RADIUS_KM) * _EDGE_FRACTION
    if degrees <= 0:
        return MAX_LEVEL
    level = math.ceil(math.log2(180.0 / degrees))
    return max(MIN_LEVEL, min(MAX_LEVEL, level))


@lru_cache(maxsize=512)  # the same places and radii come back (paging, popular towns)
def covering(centre: tuple[float, float], radius_km: float) -> tuple[list[str], list[str]]:
    """(terms of cells wholly inside the circle, terms of cells on its edge)."""
    inside: list[str] = []
    edge: list[str] = []
    deepest = edge_level(radius_km)
    start = max(MIN_LEVEL, deepest - 5)  # cells of about twice the radius: few to start with
    min_lat, max_lat, min_lon, max_lon = bounding_box(centre, radius_km)
    _, x0, y0 = cell_of(start, max(-90.0, min_lat), max(-180.0, min_lon))
    _, x1, y1 = cell_of(start, min(90.0, max_lat), min(180.0, max_lon))
    pending = [(start, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    while pending:
        cell = pending.pop()
        if _nearest_km(centre, cell) > radius_km:
            continue
        min_lat, max_lat, min_lon, max_lon = _bounds(cell)
        corners = ((min_lat, min_lon), (min_lat, max_lon), (max_lat, min_lon), (max_lat, max_lon))
        if all(distance_km(centre, c) <= radius_km for c in corners):
            inside.append(term(cell))
        elif cell[0] >= deepest or len(inside) + len(pending) > _MAX_CELLS:
            edge.append(term(cell))
        else:
            pending.extend(_children(cell))
    return inside, edge
