"""Tiling a poster onto A4 or Letter sheets: the assembly cover, and each sheet with cut and glue marks."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from classroom_desktop.reports.poster_layout import INK, WHITE, fit
from classroom_desktop.reports.text import draw_string
from classroom_desktop.reports.tiling import Tile, TilePlan


def _map(c: Canvas, plan: TilePlan, x: float, y: float, w: float, h: float, current: Tile | None,
         labels: bool) -> None:
    """The assembly map: the poster's grid of sheets, ``current`` filled in, each sheet named."""
    aspect = plan.window_height / plan.window_width  # each sheet drawn with its own shape
    cw = min(w / plan.columns, h / (plan.rows * aspect))
    ch = cw * aspect
    c.setLineWidth(0.6)
    for one in plan.tiles:
        cx = x + one.column * cw
        cy = y + (plan.rows - 1 - one.row) * ch
        c.setFillColor(HexColor("#2c7bb6") if one == current else WHITE)
        c.setStrokeColor(INK)
        c.rect(cx, cy, cw, ch, fill=1, stroke=1)
        if labels:
            c.setFillColor(WHITE if one == current else INK)
            size = min(cw, ch) * 0.3
            draw_string(c, cx + cw / 2, cy + ch / 2 - size * 0.35, one.name, size, True, "centre")


def draw_cover(c: Canvas, plan: TilePlan, paper: str, tile: str, pages: int, title: str) -> None:
    """The first sheet of a tiled poster: how to print, cut and glue it, with a large assembly map."""
    c.setPageSize((plan.sheet_width, plan.sheet_height))
    w, h, m = plan.sheet_width, plan.sheet_height, plan.margin
    c.setFillColor(INK)
    draw_string(c, m, h - m - 16, fit(f"Putting the poster together: {title}", w - 2 * m, 16, True), 16, True)
    lines = [
        f"This {paper} poster is printed on {plan.count} {tile} sheets"
        + (f" for each of its {pages} poster sheets" if pages > 1 else "") + ".",
        "1. Print at actual size (100 %), not 'fit to page'. The bar below must measure 10 cm.",
        "2. On every sheet that is not in column 1, cut along the cut marks on the left edge.",
        "3. On every sheet that is not in row A, cut along the cut marks on the top edge.",
        "4. Glue each cut sheet over the strip marked 'glue' on its neighbour, lining its edge up",
        "    with the dashed line. Work row by row from A1, left to right, as the map shows.",
    ]
    y = h - m - 40
    for line in lines:
        draw_string(c, m, y, line, 10)
        y -= 15
    bar = 100 * 72 / 25.4
    c.setLineWidth(1.5)
    c.line(m, y - 4, m + bar, y - 4)
    c.line(m, y - 8, m, y)
    c.line(m + bar, y - 8, m + bar, y)
    draw_string(c, m + bar + 6, y - 7, "10 cm", 9)
    box_top = y - 30
    aspect = plan.window_height / plan.window_width
    map_w = min(w - 2 * m, (box_top - m) * plan.columns / (plan.rows * aspect))
    _map(c, plan, m, box_top - map_w * plan.rows * aspect / plan.columns, map_w, box_top - m, None, True)
    c.showPage()


def draw_tile(c: Canvas, plan: TilePlan, tile: Tile, form: str, page: int, pages: int, title: str) -> None:
    """One small sheet: its window of the poster, cut and glue marks, its name and the assembly map."""
    c.setPageSize((plan.sheet_width, plan.sheet_height))
    w, h, m, ov = plan.sheet_width, plan.sheet_height, plan.margin, plan.overlap
    ww, wh = plan.window_width, plan.window_height
    c.saveState()
    clip = c.beginPath()
    clip.rect(m, m, ww, wh)
    c.clipPath(clip, stroke=0, fill=0)
    c.translate(m - tile.x, m - tile.y)
    c.doForm(form)
    c.restoreState()
    c.setStrokeColor(INK)
    c.setFillColor(INK)
    c.setLineWidth(0.8)
    mark = m * 0.7
    if tile.column > 0:  # cut off the left margin
        c.line(m, h - m + 3, m, h - m + mark)
        c.line(m, m - 3, m, m - mark)
        _vertical(c, m * 0.55, m + wh / 2, "cut along this edge", 7)
    if tile.row > 0:  # cut off the top margin
        c.line(m - 3, m + wh, m - mark, m + wh)
        c.line(m + ww + 3, m + wh, m + ww + mark, m + wh)
        draw_string(c, m + ww / 2, h - m * 0.45, "cut along this edge", 7, align="centre")
    c.setDash(4, 3)
    if tile.column < plan.columns - 1:  # right strip: the next sheet is glued over it
        x = m + ww - ov
        c.line(x, m, x, m + wh)
        text = f"glue: sheet {_neighbour(plan, tile, 0, 1)} goes over this strip"
        _vertical(c, w - m * 0.4, m + wh / 2, text, 7)
    if tile.row < plan.rows - 1:  # bottom strip: the sheet below is glued over it
        y = m + ov
        c.line(m, y, m + ww, y)
        text = f"glue: sheet {_neighbour(plan, tile, 1, 0)} goes over the bottom strip"
        draw_string(c, m, m * 0.25, text, 7)
    c.setDash()
    label = f"Sheet {tile.name} (row {tile.name[0]}, column {tile.column + 1}) of {plan.count}"
    if pages > 1:
        label += f" · poster sheet {page + 1} of {pages}"
    draw_string(c, m, h - m * 0.45 if tile.row == 0 else h - m * 0.8, fit(label, ww * 0.5, 8, True), 8, True)
    map_h = m * 0.75
    map_w = min(map_h * plan.columns * plan.window_width / (plan.rows * plan.window_height), ww * 0.3)
    _map(c, plan, m + ww - map_w, (m - map_h) / 2, map_w, map_h, tile, False)


def _vertical(c: Canvas, x: float, y: float, text: str, size: float) -> None:
    c.saveState()
    c.translate(x, y)
    c.rotate(90)
    draw_string(c, 0, 0, text, size, align="centre")
    c.restoreState()


def _neighbour(plan: TilePlan, tile: Tile, down: int, right: int) -> str:
    for one in plan.tiles:
        if one.row == tile.row + down and one.column == tile.column + right:
            return one.name
    return "?"
