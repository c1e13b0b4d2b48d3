"""The data-wall poster: heatmap, legend, class distribution and the week's celebrations, in vector.

Everything is drawn with reportlab shapes and text (no raster images), so the poster stays sharp
at any size. A class too big for one sheet continues on more sheets with the headers repeated;
a poster can also be tiled onto A4 or Letter sheets (see :mod:`tiling`) with cut and glue marks.
Every name goes through :mod:`reports.text`, so every script prints.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A2, A3, A4, LETTER, TABLOID
from reportlab.pdfgen.canvas import Canvas

from classroom_desktop.charts.datawall_data import HeatmapData, StrandGroup
from classroom_desktop.charts.palette import NO_EVIDENCE, level_colour, level_colours, text_colour
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.mastery import display
from classroom_desktop.reports.fonts import BASE_FONT, register_fonts
from classroom_desktop.reports.text import draw_string, string_width
from classroom_desktop.reports.tiling import Tile, TilePlan, plan_tiles

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A4": A4, "Letter": LETTER, "A3": A3, "A2": A2, "Tabloid": TABLOID,
}
INK = HexColor("#222222")
GREY = HexColor("#777777")
WHITE = HexColor("#ffffff")


@dataclass(frozen=True)
class PosterData:
    """What a poster shows. ``heatmap`` rows carry names or display codes, never both."""

    title: str
    subtitle: str
    heatmap: HeatmapData
    counts: list[list[int]]  # per standard: students at each level (lowest first), then with no evidence
    celebrations: dict[str, list[str]] = field(default_factory=dict)  # row id -> codes newly mastered
    statements: list[str] = field(default_factory=list)  # per standard, its "I can" statement
    anonymous: bool = False


def paper_size(paper: str, landscape: bool) -> tuple[float, float]:
    """The page size in points for a paper name, turned as asked."""
    if paper not in PAPER_SIZES:
        raise UserError(f"'{paper}' is not a poster paper size. Use one of: {', '.join(PAPER_SIZES)}.")
    short, long = sorted(PAPER_SIZES[paper])
    return (long, short) if landscape else (short, long)


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis so it is at most ``width`` wide."""
    if string_width(text, size, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if string_width(text[:mid].rstrip() + "…", size, bold) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…" if low else ""


@dataclass(frozen=True)
class PageLayout:
    """Where everything goes on one poster sheet (points, origin bottom left)."""

    index: int
    total: int
    scale: float
    left: float
    bottom: float
    width: float
    title_y: float
    grid_left: float
    grid_top: float
    names_width: float
    cell_w: float
    cell_h: float
    codes_height: float
    strand_height: float
    row_start: int
    row_stop: int
    col_start: int
    col_stop: int
    groups: list[StrandGroup]
    dist_top: float
    dist_height: float
    panel_x: float
    panel_top: float
    panel_w: float
    panel_bottom: float
    header_font: float
    name_font: float
    cell_font: float


MIN_CELL_W = 14.0  # points: room for "3.5" at a readable size
MIN_CELL_H = 11.0


def _chunks(n: int, per: int) -> list[tuple[int, int]]:
    """``range(n)`` cut into the fewest equal-ish runs of at most ``per``."""
    count = max(1, math.ceil(n / max(per, 1)))
    size = math.ceil(n / count)
    return [(i, min(n, i + size)) for i in range(0, n, size)] or [(0, 0)]


def plan_pages(data: PosterData, size: tuple[float, float]) -> list[PageLayout]:
    """Lay the heatmap out on as many sheets of ``size`` as it needs (rows, then columns, split)."""
    heat = data.heatmap
    n_rows, n_cols = len(heat.row_ids), len(heat.column_ids)
    if not n_rows:
        raise UserError("This class has no students yet, so there is nothing to put on a poster.")
    if not n_cols:
        raise UserError("This class has no standards yet; choose a framework for the class first.")
    w, h = size
    s = min(w, h) / 842.0
    m = max(18.0, 0.035 * min(w, h))
    width = w - 2 * m
    title_y = h - m - 18 * s
    header_bottom = title_y - 16 * s - 30 * s
    landscape = w >= h
    panel_w = max(150 * s, 0.18 * width) if landscape else width
    area_w = width - panel_w - 16 * s if landscape else width
    unit_names = max(string_width(label, 10) for label in heat.row_labels) / 10
    names_width = min(unit_names * 10 * s + 10, 0.24 * area_w, 190 * s)
    names_width = max(names_width, 62 * s)  # room for the distribution's label
    grid_w = area_w - names_width
    per_page_cols = max(1, int(grid_w // MIN_CELL_W))
    header_max = 8 * s
    codes_height = max(string_width(code, header_max, True) for code in heat.column_labels) + 8
    codes_height = min(codes_height, 80 * s)
    strand_height = 16 * s
    dist_height = 72 * s
    footer = 14 * s
    panel_h = 0.0 if landscape else 0.17 * h
    avail_h = header_bottom - strand_height - codes_height - 10 * s - dist_height - footer - m - panel_h
    per_page_rows = max(1, int(avail_h // MIN_CELL_H))
    row_chunks = _chunks(n_rows, per_page_rows)
    col_chunks = _chunks(n_cols, per_page_cols)
    total = len(row_chunks) * len(col_chunks)
    pages: list[PageLayout] = []
    for r0, r1 in row_chunks:
        for c0, c1 in col_chunks:
            cell_w = min(grid_w / (c1 - c0), 60 * s)
            cell_h = min(22 * s, avail_h / (r1 - r0))
            grid_top = header_bottom - strand_height - codes_height
            dist_top = grid_top - (r1 - r0) * cell_h - 10 * s
            groups = [StrandGroup(g.label, max(g.start, c0), min(g.stop, c1)) for g in heat.groups
                      if g.stop > c0 and g.start < c1]
            pages.append(PageLayout(
                index=len(pages), total=total, scale=s, left=m, bottom=m, width=width, title_y=title_y,
                grid_left=m + names_width, grid_top=grid_top, names_width=names_width, cell_w=cell_w,
                cell_h=cell_h, codes_height=codes_height, strand_height=strand_height,
                row_start=r0, row_stop=r1,
                col_start=c0, col_stop=c1, groups=groups, dist_top=dist_top, dist_height=dist_height,
                panel_x=m + width - panel_w if landscape else m,
                panel_top=header_bottom if landscape else dist_top - dist_height - 12 * s,
                panel_w=panel_w, panel_bottom=m + footer,
                header_font=min(header_max, cell_w * 0.72), name_font=min(cell_h * 0.68, 10 * s),
                cell_font=min(cell_h * 0.55, cell_w / 2.1, 11 * s),
            ))
    return pages


class _Painter:
    """Draws one poster page of a :class:`PageLayout` on a canvas."""

    def __init__(self, canvas: Canvas, data: PosterData) -> None:
        self.c = canvas
        self.data = data
        self.levels = data.heatmap.level_values
        self._colours: dict[str, Color] = {}

    def colour(self, hex_colour: str) -> Color:
        found = self._colours.get(hex_colour)
        if found is None:
            found = self._colours[hex_colour] = HexColor(hex_colour)
        return found

    def page(self, lay: PageLayout) -> None:
        self.header(lay)
        self.legend(lay)
        self.column_headers(lay)
        self.cells(lay)
        self.distribution(lay)
        self.panel(lay)
        self.footer(lay)

    def header(self, lay: PageLayout) -> None:
        s, c = lay.scale, self.c
        title = self.data.title if lay.index == 0 else f"{self.data.title} (continued)"
        c.setFillColor(INK)
        draw_string(c, lay.left, lay.title_y, fit(title, lay.width * 0.62, 22 * s, True), 22 * s, bold=True)
        subtitle = fit(self.data.subtitle, lay.width * 0.62, 11 * s)
        draw_string(c, lay.left, lay.title_y - 16 * s, subtitle, 11 * s)

    def legend(self, lay: PageLayout) -> None:
        s, c = lay.scale, self.c
        size = 9 * s
        box = 11 * s
        heat = self.data.heatmap
        items = [(colour, f"{v} {label}") for v, label, colour in
                 zip(heat.level_values, heat.level_labels, level_colours(heat.level_values), strict=True)]
        items.append((NO_EVIDENCE, "– no evidence"))
        x = lay.left + lay.width
        y = lay.title_y - 2 * s
        widths = [box + 4 * s + string_width(text, size) for _, text in items]
        x -= sum(widths) + 10 * s * (len(items) - 1)
        c.setFillColor(INK)
        draw_string(c, x, y + 12 * s, f"Mastery level (mastered at {heat.cutoff:g} or above); "
                    "the number in each square is the mastery value", 8 * s)
        for (colour, text), width in zip(items, widths, strict=True):
            c.setFillColor(self.colour(colour))
            c.setStrokeColor(GREY)
            c.setLineWidth(0.5)
            c.rect(x, y - 2 * s, box, box, fill=1, stroke=1)
            c.setFillColor(INK)
            draw_string(c, x + box + 4 * s, y, text, size)
            x += width + 10 * s
        y2 = y - 16 * s
        marker_x = lay.left + lay.width - string_width("newly mastered this week", size) - box - 4 * s
        self.newly_marker(marker_x, y2 - 2 * s, box, box)
        c.setFillColor(INK)
        draw_string(c, marker_x + box + 4 * s, y2, "newly mastered this week", size)

    def newly_marker(self, x: float, y: float, w: float, h: float) -> None:
        """The mark of a cell mastered this week: a thick black frame and a black corner."""
        c = self.c
        c.setStrokeColor(INK)
        c.setLineWidth(max(1.0, min(w, h) * 0.12))
        inset = min(w, h) * 0.08
        c.rect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, fill=0, stroke=1)
        corner = min(w, h) * 0.38
        path = c.beginPath()
        path.moveTo(x + w - corner, y + h)
        path.lineTo(x + w, y + h)
        path.lineTo(x + w, y + h - corner)
        path.close()
        c.setFillColor(INK)
        c.drawPath(path, fill=1, stroke=0)

    def column_headers(self, lay: PageLayout) -> None:
        c, heat = self.c, self.data.heatmap
        size = lay.header_font
        top = lay.grid_top + lay.codes_height
        for i, group in enumerate(lay.groups):
            x0 = lay.grid_left + (group.start - lay.col_start) * lay.cell_w
            w = (group.stop - group.start) * lay.cell_w
            c.setFillColor(self.colour("#e4e4e4" if i % 2 == 0 else "#f4f4f4"))
            c.rect(x0, top, w, lay.strand_height, fill=1, stroke=0)
            c.setFillColor(INK)
            label = fit(group.label, w - 4, size, True)
            if label:
                draw_string(c, x0 + w / 2, top + lay.strand_height * 0.3, label, size, True, "centre")
        for j in range(lay.col_start, lay.col_stop):
            x = lay.grid_left + (j - lay.col_start + 0.5) * lay.cell_w
            c.saveState()
            c.translate(x + size * 0.35, lay.grid_top + 3)
            c.rotate(90)
            c.setFillColor(INK)
            code = fit(heat.column_labels[j], lay.codes_height - 6, size, True)
            draw_string(c, 0, 0, code, size, bold=True)
            c.restoreState()

    def cells(self, lay: PageLayout) -> None:
        c, heat = self.c, self.data.heatmap
        cw, ch = lay.cell_w, lay.cell_h
        c.setStrokeColor(WHITE)
        c.setLineWidth(max(0.5, ch * 0.05))
        name_size = lay.name_font
        cell_size = lay.cell_font
        marked: list[tuple[float, float]] = []
        for r in range(lay.row_start, lay.row_stop):
            y = lay.grid_top - (r - lay.row_start + 1) * ch
            c.setFillColor(INK)
            label = fit(heat.row_labels[r], lay.names_width - 6, name_size)
            draw_string(c, lay.grid_left - 4, y + ch * 0.3, label, name_size, align="right")
            values = heat.values[r]
            row_id = heat.row_ids[r]
            c.setFont(BASE_FONT, cell_size)
            for j in range(lay.col_start, lay.col_stop):
                value = values[j]
                x = lay.grid_left + (j - lay.col_start) * cw
                fill = level_colour(value, self.levels)
                c.setFillColor(self.colour(fill))
                c.rect(x, y, cw, ch, fill=1, stroke=1)
                c.setFillColor(self.colour(text_colour(fill)))
                c.drawCentredString(x + cw / 2, y + ch * 0.5 - cell_size * 0.35, display(value))
                if (row_id, heat.column_ids[j]) in heat.highlighted:
                    marked.append((x, y))
        for x, y in marked:
            self.newly_marker(x, y, cw, ch)
        c.setStrokeColor(INK)
        c.setLineWidth(1.2)
        bottom = lay.grid_top - (lay.row_stop - lay.row_start) * ch
        for group in lay.groups[1:]:
            x = lay.grid_left + (group.start - lay.col_start) * cw
            c.line(x, bottom, x, lay.grid_top + lay.codes_height + lay.strand_height)

    def distribution(self, lay: PageLayout) -> None:
        s, c, heat = lay.scale, self.c, self.data.heatmap
        top = lay.dist_top
        height = lay.dist_height
        c.setFillColor(INK)
        draw_string(c, lay.grid_left - 4, top - 12 * s, "Class", 9 * s, bold=True, align="right")
        draw_string(c, lay.grid_left - 4, top - 23 * s, "distribution:", 9 * s, bold=True, align="right")
        draw_string(c, lay.grid_left - 4, top - 34 * s, "students at", 8 * s, align="right")
        draw_string(c, lay.grid_left - 4, top - 44 * s, "each level", 8 * s, align="right")
        colours = [*level_colours(heat.level_values), NO_EVIDENCE]
        size = min(lay.cell_font, 8 * s)
        c.setStrokeColor(WHITE)
        c.setLineWidth(0.4)
        for j in range(lay.col_start, lay.col_stop):
            counts = self.data.counts[j]
            total = sum(counts) or 1
            x = lay.grid_left + (j - lay.col_start) * lay.cell_w
            y = top - height
            for count, colour in zip(counts, colours, strict=True):
                if not count:
                    continue
                h = height * count / total
                c.setFillColor(self.colour(colour))
                c.rect(x, y, lay.cell_w, h, fill=1, stroke=1)
                if h >= size * 1.15:
                    c.setFillColor(self.colour(text_colour(colour)))
                    c.setFont(BASE_FONT, size)
                    c.drawCentredString(x + lay.cell_w / 2, y + h / 2 - size * 0.35, str(count))
                y += h
        c.setStrokeColor(GREY)
        c.setLineWidth(0.5)
        span = (lay.col_stop - lay.col_start) * lay.cell_w
        c.rect(lay.grid_left, top - height, span, height, fill=0, stroke=1)

    def panel(self, lay: PageLayout) -> None:
        s, c, heat = lay.scale, self.c, self.data.heatmap
        x, y, w = lay.panel_x, lay.panel_top, lay.panel_w
        bottom = lay.panel_bottom
        c.setFillColor(INK)
        draw_string(c, x, y - 16 * s, "New this week", 15 * s, bold=True)
        y -= 24 * s
        size = 9 * s
        line = size * 1.35
        entries = [(heat.row_labels[r], self.data.celebrations.get(heat.row_ids[r], []))
                   for r in range(lay.row_start, lay.row_stop)]
        entries = [(label, codes) for label, codes in entries if codes]
        if not entries:
            draw_string(c, x, y - size, "Nothing newly mastered on this sheet yet.", size)
            return
        for k, (label, codes) in enumerate(entries):
            if y - 2 * line < bottom:
                draw_string(c, x, y - size, f"… and {len(entries) - k} more", size)
                return
            self.newly_marker(x, y - size - 1 * s, size, size)
            c.setFillColor(INK)
            draw_string(c, x + size * 1.4, y - size, fit(label, w - size * 1.4, size, True), size, bold=True)
            y -= line
            c.setFillColor(INK)
            draw_string(c, x + size * 1.4, y - size, fit(", ".join(codes), w - size * 1.4, size), size)
            y -= line * 1.15

    def footer(self, lay: PageLayout) -> None:
        s, c = lay.scale, self.c
        c.setFillColor(GREY)
        text = f"Sheet {lay.index + 1} of {lay.total} · students {lay.row_start + 1}–{lay.row_stop}"
        if lay.col_start or lay.col_stop < len(self.data.heatmap.column_ids):
            text += f" · standards {lay.col_start + 1}–{lay.col_stop}"
        draw_string(c, lay.left, lay.bottom, text + " · Classroom Desktop", 7 * s)


def _metadata(canvas: Canvas, data: PosterData) -> None:
    canvas.setTitle(data.title)  # the title already says "Data wall: …"
    canvas.setAuthor("Classroom Desktop")
    canvas.setSubject("Mastery by standard" + (" (anonymous)" if data.anonymous else ""))
    canvas.setCreator("Classroom Desktop")


def build_poster(data: PosterData, paper: str = "A3", landscape: bool | None = None, tile: str | None = None,
                 cancelled: Callable[[], bool] = lambda: False,
                 progress: Callable[[int, int, str], None] = lambda *_: None) -> bytes:
    """The poster as PDF bytes.

    Args:
        data: What to show.
        paper: The poster's size (A4, Letter, A3, A2 or Tabloid).
        landscape: Page orientation; None picks landscape (heatmaps are wide).
        tile: Print the poster on A4 or Letter sheets to glue together, or None for whole sheets.
        cancelled: Polled between sheets; when it returns True a UserError is raised.
        progress: Told (done, total, message) after each sheet.

    Raises:
        UserError: Unknown paper, or the teacher cancelled.
    """
    register_fonts()
    size = paper_size(paper, True if landscape is None else landscape)
    layouts = plan_pages(data, size)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    _metadata(canvas, data)
    painter = _Painter(canvas, data)
    if tile is None:
        for k, lay in enumerate(layouts):
            _check(cancelled)
            painter.page(lay)
            canvas.showPage()
            progress(k + 1, len(layouts), f"Sheet {k + 1} of {len(layouts)}")
    else:
        plan = plan_tiles(size, paper_size(tile, False))
        draw_cover(canvas, plan, paper, tile, len(layouts), data.title)
        total = len(layouts) * plan.count
        for k, lay in enumerate(layouts):
            _check(cancelled)
            form = f"poster{k}"
            canvas.beginForm(form, 0, 0, size[0], size[1])
            painter.page(lay)
            canvas.endForm()
            for t, one in enumerate(plan.tiles):
                _check(cancelled)
                draw_tile(canvas, plan, one, form, k, len(layouts), data.title)
                canvas.showPage()
                done = k * plan.count + t + 1
                progress(done, total, f"Sheet {done} of {total}")
    canvas.save()
    return buffer.getvalue()


def _check(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise UserError("Printing the poster was cancelled; nothing was saved.")


# ---- tiling onto small sheets ---------------------------------------------------------------
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
