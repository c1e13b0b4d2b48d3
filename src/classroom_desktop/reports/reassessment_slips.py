"""Re-assessment slips (issue 17.5): two to a page with a cut line. Each names the student and the
standard, lists the prior attempts and what the student did since, and leaves room for the new
evidence, so the result can be typed in from the slip. Data in, PDF out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table
from reportlab.platypus.flowables import Flowable

from classroom_desktop.i18n import _
from classroom_desktop.reports.sheets import GREY, cut_sheets, grid, text, write_lines


@dataclass(frozen=True)
class Slip:
    number: int  #: the slip's number on this print (the entry dialog lists the same order)
    student: str
    code: str
    statement: str
    marked: str  #: "Ready since 18 Nov 2026 (the student said so)"
    note: str
    attempts: Sequence[tuple[str, str, str]]  #: (date, kind, level) oldest first
    since: Sequence[str]
    levels: Sequence[str]  #: the scale's levels to tick ("1 Beginning", …)


def _story(slip: Slip, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        text(_("Re-assessment #{number} — ready to show it again").format(number=slip.number), 9,
             colour=GREY),
        text(slip.student, 16, bold=True),
        text(f"{slip.code}: {slip.statement}", 11, bold=True),
        text(slip.marked, 9, colour=GREY),
    ]
    if slip.note:
        story.append(text(slip.note, 9))
    story.append(Spacer(1, 2 * mm))
    rows: list[list[object]] = [[text(_("Earlier attempts"), 8, bold=True), text(_("Kind"), 8, bold=True),
                                 text(_("Level"), 8, bold=True)]]
    rows += [[text(d, 8), text(k, 8), text(level, 8)] for d, k, level in slip.attempts[-5:]]
    if not slip.attempts:
        rows.append([text(_("No earlier attempt"), 8), "", ""])
    story.append(Table(rows, colWidths=[width * 0.34, width * 0.33, width * 0.33], style=grid(),
                       hAlign="LEFT"))
    story += [Spacer(1, 1 * mm), text(_("Since the last attempt"), 8, bold=True)]
    story += [text(line, 8) for line in slip.since]
    story += [Spacer(1, 2 * mm), text(_("New evidence"), 11, bold=True),
              text(_("Date: ____________   Kind: ______________"), 10)]
    boxes = Table([[text(level, 9) for level in slip.levels]],
                  colWidths=[width / max(1, len(slip.levels))] * len(slip.levels), style=grid(0),
                  rowHeights=[9 * mm], hAlign="LEFT")
    story += [text(_("Level (circle one):"), 9), boxes, text(_("What the student showed:"), 9)]
    story += write_lines(2, width)
    return story


def reassessment_slips_pdf(class_name: str, slips: Sequence[Slip], paper: str = "A4",
                           on_slip: Callable[[int, int], None] | None = None) -> bytes:
    """Two slips to a page with a dashed cut line; returns the PDF's bytes."""
    title = _("Re-assessment slips — {class_name}").format(class_name=class_name)
    stories = [lambda w, h, s=s: _story(s, w) for s in slips]
    empty = _("No student is marked ready to be re-assessed.")
    return cut_sheets(title, stories, paper, 1, 2, empty, on_slip)
