"""Cutting a big poster into sheets a small printer can print, with overlap for gluing.

All sizes are in points (1/72 inch). Poster coordinates have their origin at the bottom left,
like a PDF page. Each sheet prints a *window* of the poster inside its margins (printers cannot
print to the edge of the paper); neighbouring windows share an ``overlap`` strip, so a sheet's
left (or top) margin is cut off and its overlap strip is glued over the same picture on the
neighbour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm

DEFAULT_MARGIN = 12 * mm
DEFAULT_OVERLAP = 10 * mm


@dataclass(frozen=True)
class Tile:
    """One sheet: which part of the poster it prints.

    ``row`` 0 is the top row of the poster and ``column`` 0 its left column; ``x``/``y`` are the
    bottom-left corner of the window in poster coordinates.
    """

    row: int
    column: int
    x: float
    y: float
    width: float
    height: float

    @property
    def name(self) -> str:
        """The label printed on the sheet: a letter for the row, a number for the column ("B3")."""
        return f"{_row_letter(self.row)}{self.column + 1}"


def _row_letter(row: int) -> str:
    letters = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class TilePlan:
    """How a poster is spread over sheets."""

    poster_width: float
    poster_height: float
    sheet_width: float
    sheet_height: float
    margin: float
    overlap: float
    rows: int
    columns: int
    tiles: tuple[Tile, ...]

    @property
    def count(self) -> int:
        return len(self.tiles)

    @property
    def window_width(self) -> float:
        return self.sheet_width - 2 * self.margin

    @property
    def window_height(self) -> float:
        return self.sheet_height - 2 * self.margin

    @property
    def sheet_landscape(self) -> bool:
        return self.sheet_width > self.sheet_height


def _count(length: float, window: float, overlap: float) -> int:
    """The fewest windows of ``window`` that cover ``length`` when each overlaps the last by ``overlap``."""
    if length <= window + 1e-6:
        return 1
    return math.ceil((length - overlap) / (window - overlap) - 1e-9)


def _plan(poster: tuple[float, float], sheet: tuple[float, float], margin: float, overlap: float) -> TilePlan:
    pw, ph = poster
    sw, sh = sheet
    win_w, win_h = sw - 2 * margin, sh - 2 * margin
    if win_w <= overlap or win_h <= overlap:
        raise ValueError("the sheet is too small for its margins and overlap")
    columns, rows = _count(pw, win_w, overlap), _count(ph, win_h, overlap)
    step_x, step_y = win_w - overlap, win_h - overlap
    tiles = []
    for r in range(rows):
        top = ph - r * step_y  # the window's top edge, in poster coordinates
        for c in range(columns):
            tiles.append(Tile(r, c, c * step_x, top - win_h, win_w, win_h))
    return TilePlan(pw, ph, sw, sh, margin, overlap, rows, columns, tuple(tiles))


def plan_tiles(poster: tuple[float, float], sheet: tuple[float, float], margin: float = DEFAULT_MARGIN,
               overlap: float = DEFAULT_OVERLAP) -> TilePlan:
    """Spread a poster of size ``poster`` over sheets of size ``sheet`` (either way round).

    The sheet is turned whichever way needs fewer sheets (portrait when it is a tie).

    Args:
        poster: (width, height) of the poster in points.
        sheet: (width, height) of one sheet in points; its orientation is chosen here.
        margin: The unprintable border kept blank on every side of a sheet.
        overlap: How much neighbouring sheets share, for gluing.

    Raises:
        ValueError: The margins and overlap leave no room on the sheet.
    """
    short, long = sorted(sheet)
    portrait = _plan(poster, (short, long), margin, overlap)
    landscape = _plan(poster, (long, short), margin, overlap)
    return landscape if landscape.count < portrait.count else portrait
