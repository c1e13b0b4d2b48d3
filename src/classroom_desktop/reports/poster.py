"""The data-wall poster: heatmap, legend, class distribution and the week's celebrations, in vector.

Everything is drawn with reportlab shapes and text (no raster images), so the poster stays sharp
at any size. A class too big for one sheet continues on more sheets with the headers repeated;
a poster can also be tiled onto A4 or Letter sheets (see :mod:`tiling`) with cut and glue marks.
Every name goes through :mod:`reports.text`, so every script prints.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from classroom_desktop.charts.palette import NO_EVIDENCE, level_colour, level_colours, text_colour
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.mastery import display
from classroom_desktop.i18n import _
from classroom_desktop.reports.fonts import BASE_FONT, register_fonts
from classroom_desktop.reports.poster_layout import (
    GREY,
    INK,
    PAPER_SIZES,
    WHITE,
    PageLayout,
    PosterData,
    fit,
    paper_size,
    plan_pages,
)
from classroom_desktop.reports.poster_strip import celebration_strip
from classroom_desktop.reports.poster_tiling import draw_cover, draw_tile
from classroom_desktop.reports.text import draw_string, string_width
from classroom_desktop.reports.tiling import plan_tiles

__all__ = ["PAPER_SIZES", "PosterData", "build_poster", "paper_size"]


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
        if lay.strip_height:
            celebration_strip(self.c, lay, self.data.strip)
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
        raise UserError(_("Printing the poster was cancelled; nothing was saved."))
