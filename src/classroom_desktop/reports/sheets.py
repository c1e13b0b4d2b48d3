"""What the classroom-practice printouts share (unit trackers, helper cards, re-assessment slips):
paper, text in every script, and pages cut into equal parts with dashed cut lines.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, TableStyle
from reportlab.platypus.flowables import Flowable

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.reports.fonts import register_fonts
from classroom_desktop.reports.text import draw_string, markup, paragraph_style

PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#999999")
MASTERED = colors.HexColor("#cdebc5")
MARGIN = 9 * mm


def page_size(paper: str, sideways: bool = False) -> tuple[float, float]:
    """The page of ``paper`` (A4 or Letter), turned sideways if asked."""
    if paper not in PAPER_SIZES:
        raise UserError(_("This prints on A4 or Letter paper, not '{paper}'.").format(paper=paper))
    size = PAPER_SIZES[paper]
    return landscape(size) if sideways else size


def text(value: str, size: float, bold: bool = False, colour: colors.Color = colors.black) -> Paragraph:
    """A paragraph that prints ``value`` in every script."""
    return Paragraph(markup(value, bold=bold), paragraph_style(f"sheet{size}{bold}", size=size,
                                                                textColor=colour))


def grid(header_rows: int = 1) -> TableStyle:
    """Lines around every cell, a grey header."""
    style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])
    if header_rows:
        style.add("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee"))
    return style


def _cut_lines(canvas: Canvas, page_w: float, page_h: float, across: int, down: int) -> None:
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setStrokeColor(colors.HexColor("#888888"))
    canvas.setLineWidth(0.5)
    for i in range(1, across):
        canvas.line(page_w * i / across, 0, page_w * i / across, page_h)
    for j in range(1, down):
        canvas.line(0, page_h * j / down, page_w, page_h * j / down)
    canvas.restoreState()


def cut_sheets(
    title: str,
    stories: Sequence[Callable[[float, float], list[Flowable]]],
    paper: str,
    across: int,
    down: int,
    empty: str,
    on_part: Callable[[int, int], None] | None = None,
    sideways: bool = False,
) -> bytes:
    """Pages cut into ``across`` × ``down`` parts; each story fills one part, shrunk to fit, never cut.

    A story is called with its part's inner width and height. ``empty`` is printed when there is
    nothing to print. ``on_part(done, total)`` is called after each part (progress, and cancel).
    """
    register_fonts()
    page_w, page_h = page_size(paper, sideways)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_w, page_h))
    canvas.setTitle(title)
    part_w, part_h = page_w / across, page_h / down
    per_page = across * down
    inner_w, inner_h = part_w - 2 * MARGIN, part_h - 2 * MARGIN
    for index, story in enumerate(stories):
        slot = index % per_page
        if index and slot == 0:
            canvas.showPage()
        if slot == 0 and per_page > 1:
            _cut_lines(canvas, page_w, page_h, across, down)
        x = (slot % across) * part_w
        y = page_h - (slot // across + 1) * part_h
        frame = Frame(x + MARGIN, y + MARGIN, inner_w, inner_h, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, showBoundary=0)
        frame.addFromList([KeepInFrame(inner_w, inner_h, story(inner_w, inner_h), mode="shrink")], canvas)
        if on_part is not None:
            on_part(index + 1, len(stories))
    if not stories:
        draw_string(canvas, page_w / 2, page_h / 2, empty, 14, align="centre")
    canvas.save()
    return buffer.getvalue()


def write_lines(count: int, width: float) -> list[Any]:
    """Ruled lines to write on."""
    from reportlab.platypus import Table

    return [Table([[""]] * count, colWidths=[width], rowHeights=[8 * mm] * count,
                  style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, LIGHT)]))]
