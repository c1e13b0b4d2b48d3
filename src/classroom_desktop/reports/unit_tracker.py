"""The unit tracker for a group's table (issue 17.1): the unit's driving problem and end task, and
each member's progress through the unit's skills — one landscape page per group. Data in, PDF out.

Mastered skills are shaded and show the level; the others are empty boxes the group colours in as
they go. The last column says whether the student is ready for the end task, and what they need.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table
from reportlab.platypus.flowables import Flowable

from classroom_desktop.i18n import _
from classroom_desktop.reports.sheets import GREY, MASTERED, cut_sheets, grid, text


@dataclass(frozen=True)
class TrackerRow:
    name: str
    levels: Sequence[str]  #: per unit standard: the level as shown ("3.2"), or "" with no evidence
    mastered: Sequence[bool]
    verdict: str  #: "3 of 5 skills mastered — ready for the end task: no, needs 4.NF.2"


@dataclass(frozen=True)
class TrackerGroup:
    name: str
    summary: str
    rows: Sequence[TrackerRow]


@dataclass(frozen=True)
class UnitSheet:
    class_name: str
    unit_name: str
    driving_problem: str
    end_task: str
    standards: Sequence[tuple[str, str]]  #: (code, "I can" statement) in unit order
    foundations: Sequence[str]  #: codes of the prerequisites from before the unit


def _story(sheet: UnitSheet, group: TrackerGroup, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        text(sheet.unit_name, 18, bold=True),
        text(_("{group} · {class_name}").format(group=group.name, class_name=sheet.class_name), 10,
             colour=GREY),
        Spacer(1, 2 * mm),
        text(_("The problem: {text}").format(text=sheet.driving_problem or "—"), 11),
        text(_("The end task: {text}").format(text=sheet.end_task or "—"), 11, bold=True),
        Spacer(1, 3 * mm),
    ]
    codes = [code for code, _statement in sheet.standards]
    name_w, verdict_w = width * 0.2, width * 0.3
    cell_w = (width - name_w - verdict_w) / max(1, len(codes))
    rows: list[list[object]] = [[text(_("Student"), 9, bold=True), *[text(c, 9, bold=True) for c in codes],
                                 text(_("Ready for the end task?"), 9, bold=True)]]
    style = grid()
    for r, row in enumerate(group.rows, start=1):
        rows.append([text(row.name, 10), *[text(level, 10) for level in row.levels], text(row.verdict, 8)])
        for c, done in enumerate(row.mastered, start=1):
            if done:
                style.add("BACKGROUND", (c, r), (c, r), MASTERED)
    story.append(Table(rows, colWidths=[name_w, *[cell_w] * len(codes), verdict_w], style=style,
                       rowHeights=[None] + [11 * mm] * len(group.rows), hAlign="LEFT"))
    story += [Spacer(1, 2 * mm), text(group.summary, 10, bold=True), Spacer(1, 3 * mm),
              text(_("The skills, in order"), 10, bold=True)]
    story += [text(f"{code}: {statement}", 9) for code, statement in sheet.standards]
    if sheet.foundations:
        story.append(text(_("Before this unit: {codes}").format(codes=", ".join(sheet.foundations)), 9,
                          colour=GREY))
    story.append(text(_("Colour a box when you master a skill. Shaded boxes are mastered already."), 8,
                      colour=GREY))
    return story


def unit_tracker_pdf(sheet: UnitSheet, groups: Sequence[TrackerGroup], paper: str = "A4",
                     on_group: Callable[[int, int], None] | None = None) -> bytes:
    """One landscape page per group; returns the PDF's bytes."""
    title = _("Unit tracker — {unit} — {class_name}").format(unit=sheet.unit_name,
                                                             class_name=sheet.class_name)
    stories = [lambda w, h, g=g: _story(sheet, g, w) for g in groups]
    return cut_sheets(title, stories, paper, 1, 1, _("There are no students in this unit's groups."),
                      on_group, sideways=True)
