"""The celebration strip along the foot of each data-wall sheet: who newly mastered what this week.

A gold band with a star, "We celebrate this week:", then each student (or display code on an
anonymous poster) with the codes they mastered since Monday; what does not fit ends in "+N more".
"""

from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from classroom_desktop.i18n import _
from classroom_desktop.reports.poster_layout import INK, PageLayout, fit
from classroom_desktop.reports.text import draw_string, string_width

BAND = HexColor("#fff3c4")
GOLD = HexColor("#b8860b")


def star(c: Canvas, x: float, y: float, r: float) -> None:
    """A filled five-pointed star centred on (x, y) (drawn, so no font can lose it)."""
    path = c.beginPath()
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = math.pi / 2 + k * math.pi / 5
        point = (x + radius * math.cos(angle), y + radius * math.sin(angle))
        if k == 0:
            path.moveTo(*point)
        else:
            path.lineTo(*point)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def strip_lines(entries: list[tuple[str, list[str]]], width: float, size: float) -> list[str]:
    """The entries as at most two lines of "Name: codes · Name: codes", the rest counted."""
    items = [f"{who}: {', '.join(codes)}" for who, codes in entries]
    lines: list[str] = [""]
    gap = "  ·  "
    for k, item in enumerate(items):
        candidate = item if not lines[-1] else lines[-1] + gap + item
        if string_width(candidate, size) <= width:
            lines[-1] = candidate
            continue
        if len(lines) == 2 or not lines[-1]:
            more = _("+{count} more").format(count=len(items) - k)
            lines[-1] = fit(lines[-1], width - string_width(gap + more, size), size) + gap + more
            return lines
        lines.append(fit(item, width, size))
    return lines


def celebration_strip(c: Canvas, lay: PageLayout, entries: list[tuple[str, list[str]]]) -> None:
    """Draw the strip in the band ``lay`` reserved above the footer."""
    s = lay.scale
    x, y, w, h = lay.left, lay.bottom + 14 * s, lay.width, lay.strip_height - 4 * s
    c.setFillColor(BAND)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.2 * s)
    c.roundRect(x, y, w, h, 4 * s, fill=1, stroke=1)
    c.setFillColor(GOLD)
    star(c, x + 12 * s, y + h / 2, 8 * s)
    c.setFillColor(INK)
    title = _("We celebrate this week:")
    size = 9 * s
    draw_string(c, x + 24 * s, y + h / 2 - size * 0.35, title, size + 1 * s, bold=True)
    left = x + 30 * s + string_width(title, size + 1 * s, True)
    lines = strip_lines(entries, x + w - left - 6 * s, size)
    top = y + h / 2 + (len(lines) - 1) * size * 0.65
    for k, line in enumerate(lines):
        draw_string(c, left, top - k * size * 1.3 - size * 0.35, line, size)
