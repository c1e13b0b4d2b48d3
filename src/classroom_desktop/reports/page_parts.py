"""The building blocks of plan-like pages: paragraph styles for every script, status boxes,
ruled lines, grid tables and signature lines (used by plans, binders, family reports, trackers)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from classroom_desktop.i18n import N_, Translator, translator
from classroom_desktop.reports.fonts import BASE_FONT, font_for_char, register_fonts
from classroom_desktop.reports.text import BidiParagraph, markup, paragraph_style, starts_right_to_left

__all__ = [
    "GREY",
    "HEAD_FILL",
    "LINE",
    "SIGNATURES",
    "RuledLines",
    "StatusBox",
    "Styles",
    "day_text",
    "grid_table",
    "needs_shaping",
    "signature_block",
]

GREY = colors.HexColor("#666666")
LINE = colors.HexColor("#999999")
HEAD_FILL = colors.HexColor("#e8eef4")
SIGNATURES = (N_("Student's signature"), N_("Teacher's signature"), N_("Family's signature"))


def day_text(day: date | None) -> str:
    """ "11 Dec 2026" (the teacher's English), or "" for no date."""
    return translator().short_date(day)


class Styles:
    """The paragraph styles every plan-like document uses."""

    def __init__(self, right_to_left: bool = False) -> None:
        register_fonts()
        #: Pages in a right-to-left language (Arabic) are set from the right edge.
        self.right_to_left = right_to_left
        a = {"alignment": TA_RIGHT if right_to_left else TA_LEFT}
        self.body = paragraph_style("PlanBody", size=10, **a)
        self.small = paragraph_style("PlanSmall", size=8.5, textColor=GREY, **a)
        self.cell = paragraph_style("PlanCell", size=9, leading=11.5, **a)
        self.title = paragraph_style("PlanTitle", size=20, bold=True, spaceAfter=2, **a)
        self.name = paragraph_style("PlanName", size=16, leading=22, **a)
        self.heading = paragraph_style("PlanHeading", size=13, bold=True, spaceBefore=9, spaceAfter=4, **a)
        self._unshaped: dict[str, ParagraphStyle] = {}

    def p(self, text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Paragraph:
        """A paragraph of plain ``text`` in every script; HarfBuzz shaping only where a script needs it."""
        style = style or self.body
        if starts_right_to_left(text):  # broken into lines before each line is reordered
            return BidiParagraph(text, style, bold)
        if not needs_shaping(text):
            plain = self._unshaped.get(style.name)
            if plain is None:
                plain = self._unshaped[style.name] = ParagraphStyle(
                    f"{style.name}Plain", parent=style, shaping=0
                )
            style = plain
        return Paragraph(markup(text, bold=bold), style)


def needs_shaping(text: str) -> bool:
    """Whether any character of ``text`` needs HarfBuzz (joining scripts, conjuncts, combining marks)."""
    return any(
        ord(ch) >= 0x300 and (unicodedata.category(ch) in ("Mn", "Mc") or font_for_char(ch) != BASE_FONT)
        for ch in unicodedata.normalize("NFC", text)
    )


class StatusBox(Flowable):
    """A square box, ticked or empty (drawn, so no font can turn it into a missing glyph)."""

    def __init__(self, ticked: bool, size: float = 4 * mm) -> None:
        super().__init__()
        self.ticked, self.size = ticked, size
        self.width = self.height = size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.8)
        c.rect(0, 0, s, s)
        if self.ticked:
            c.setLineWidth(1.4)
            p = c.beginPath()
            p.moveTo(s * 0.18, s * 0.52)
            p.lineTo(s * 0.42, s * 0.22)
            p.lineTo(s * 0.84, s * 0.82)
            c.drawPath(p, stroke=1, fill=0)


class RuledLines(Flowable):
    """``count`` lines to write on, ``gap`` apart, across ``width``."""

    def __init__(self, count: int, width: float, gap: float = 9 * mm) -> None:
        super().__init__()
        self.count, self.width, self.gap = count, width, gap
        self.height = count * gap

    def draw(self) -> None:
        self.canv.setStrokeColor(LINE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            y = i * self.gap
            self.canv.line(0, y, self.width, y)


def grid_table(rows: list[list[Any]], widths: Sequence[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    table.setStyle(TableStyle(commands))
    return table


def signature_block(st: Styles, width: float, t: Translator | None = None) -> Table:
    _ = (t or translator()).gettext
    gap = 6 * mm
    col = (width - gap * (len(SIGNATURES) - 1)) / len(SIGNATURES)
    labels = SIGNATURES[::-1] if st.right_to_left else SIGNATURES  # the student signs first, on the right
    cells = [[st.p(_(label), st.small), ""] for label in labels]
    row = [item for pair in cells for item in pair][:-1]
    dates = [[st.p(_("Date") + " ____________________", st.small), ""] for _label in SIGNATURES]
    table = Table(
        [[Spacer(1, 10 * mm)] * len(row), row, [x for pair in dates for x in pair][:-1]],
        colWidths=[w for _ in SIGNATURES for w in (col, gap)][:-1],
    )
    style: list[tuple[Any, ...]] = [("LEFTPADDING", (0, 0), (-1, -1), 0)]
    for i in range(len(SIGNATURES)):
        style.append(("LINEABOVE", (2 * i, 1), (2 * i, 1), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table
