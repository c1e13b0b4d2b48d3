"""The student's own tracker for the data binder: per strand, each "I can" statement with a box to
colour for each attempt and a small chart the student extends by hand; then a goal-setting page
and reflection prompts after each assessment. Data in, PDF out; printed in the family's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from classroom_desktop.charts.palette import level_colours
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.i18n import N_, Translator, translator
from classroom_desktop.reports.batch_pdf import build_family_batch
from classroom_desktop.reports.page_parts import RuledLines, Styles, grid_table
from classroom_desktop.reports.text import draw_string

#: Boxes to colour on each row (one per attempt); a row with more attempts shows the newest.
ATTEMPT_BOXES = 6
#: Attempts the small chart has room for.
CHART_ATTEMPTS = 8
#: Prompts printed after each assessment (translated when printed).
REFLECTION_PROMPTS = (
    N_("What went well?"),
    N_("What was hard?"),
    N_("What will I practise before I try again?"),
)
GOAL_PROMPTS = (
    N_("My goal:"),
    N_("I will reach it by (date):"),
    N_("The steps I will take:"),
    N_("Who can help me:"),
    N_("How I will know I reached it:"),
)
GRID = colors.HexColor("#bbbbbb")
INK = colors.HexColor("#222222")


@dataclass(frozen=True)
class TrackerRow:
    code: str
    statement: str
    attempts: tuple[float, ...]  # the levels of the attempts so far, oldest first
    teacher: float | None  # the teacher's level (mastery)
    own: float | None  # the student's latest self-assessment


@dataclass(frozen=True)
class TrackerDoc:
    student_name: str
    class_name: str
    scale: ProficiencyScale
    strands: tuple[tuple[str, tuple[TrackerRow, ...]], ...]  # (strand name, rows)
    goals: tuple[tuple[str, date | None], ...] = ()
    assessments: tuple[tuple[date, tuple[str, ...]], ...] = ()  # (day, codes assessed), newest last
    language: str = "en"


class AttemptBoxes(Flowable):
    """A row of boxes, one per attempt; boxes of attempts so far hold their level, faintly."""

    def __init__(self, attempts: Sequence[float], size: float = 5.5 * mm) -> None:
        super().__init__()
        self.attempts = list(attempts)[-ATTEMPT_BOXES:]
        self.size = size
        self.width = ATTEMPT_BOXES * size
        self.height = size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.setLineWidth(0.6)
        c.setStrokeColor(INK)
        for k in range(ATTEMPT_BOXES):
            c.rect(k * s, 0, s - 1, s - 1, fill=0, stroke=1)
            if k < len(self.attempts):
                c.setFillColor(colors.HexColor("#999999"))
                value = self.attempts[k]
                draw_string(c, k * s + (s - 1) / 2, s * 0.3, f"{value:g}", s * 0.45, align="centre")


class HandChart(Flowable):
    """A small grid (levels up, attempts across), the attempts so far plotted; the student extends it."""

    def __init__(self, attempts: Sequence[float], scale: ProficiencyScale, width: float,
                 height: float) -> None:
        super().__init__()
        self.attempts = list(attempts)[-CHART_ATTEMPTS:]
        self.levels = scale.values
        self.cutoff = scale.cutoff
        self.width = width
        self.height = height

    def _y(self, value: float) -> float:
        low, high = self.levels[0], self.levels[-1]
        return 2 + (value - low) / (high - low) * (self.height - 4)

    def draw(self) -> None:
        c = self.canv
        step = self.width / CHART_ATTEMPTS
        c.setLineWidth(0.3)
        c.setStrokeColor(GRID)
        for value in self.levels:
            c.line(0, self._y(value), self.width, self._y(value))
        for k in range(CHART_ATTEMPTS + 1):
            c.line(k * step, 0, k * step, self.height)
        c.setStrokeColor(INK)
        c.setDash(2, 1.5)
        c.line(0, self._y(self.cutoff), self.width, self._y(self.cutoff))
        c.setDash()
        points = [((k + 0.5) * step, self._y(v)) for k, v in enumerate(self.attempts)]
        c.setLineWidth(0.9)
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            c.line(x1, y1, x2, y2)
        c.setFillColor(INK)
        for x, y in points:
            c.circle(x, y, 1.1, fill=1, stroke=0)


def _level(value: float | None, t: Translator) -> str:
    return "–" if value is None else t.number(value, 1)


def _legend(doc: TrackerDoc, st: Styles, width: float, t: Translator) -> Flowable:
    fills = level_colours([float(v) for v in doc.scale.values])
    cells = [[st.p(f"{lv.value:g} {t.gettext(lv.label)}", st.cell) for lv in doc.scale.levels]]
    table = grid_table(cells, [width / len(cells[0])] * len(cells[0]), header=False)
    table.setStyle([("BACKGROUND", (k, 0), (k, 0), colors.HexColor(f)) for k, f in enumerate(fills)])
    return table


def strand_story(
    doc: TrackerDoc, name: str, rows: Sequence[TrackerRow], st: Styles, width: float
) -> list[Flowable]:
    """One strand's page: the statements, the boxes to colour, the small charts and both levels."""
    t = translator(doc.language)
    _ = t.gettext
    story: list[Flowable] = [
        st.p(_("My tracker: {strand}").format(strand=name), st.title),
        st.p(f"{doc.student_name} · {doc.class_name}", st.small),
        st.p(_("After each try, colour a box in the colour of the level you reached, "
               "then add a dot to the chart and join it to the last one."), st.body),
        Spacer(1, 2 * mm),
        _legend(doc, st, width, t),
        Spacer(1, 3 * mm),
    ]
    boxes_w, chart_w, level_w = ATTEMPT_BOXES * 5.5 * mm + 3 * mm, 42 * mm, 15 * mm
    text_w = width - boxes_w - chart_w - 2 * level_w
    header = [_("I can…"), _("My tries"), _("My chart"), _("Teacher"), _("Me")]
    table: list[list[Any]] = [[st.p(h, st.cell, bold=True) for h in header]]
    for row in rows:
        table.append([
            st.p(f"{row.code}  {row.statement}", st.cell),
            AttemptBoxes(row.attempts),
            HandChart(row.attempts, doc.scale, chart_w - 4 * mm, 12 * mm),
            st.p(_level(row.teacher, t), st.cell),
            st.p(_level(row.own, t), st.cell),
        ])
    widths = [text_w, boxes_w, chart_w, level_w, level_w]
    if st.right_to_left:
        table, widths = [r[::-1] for r in table], widths[::-1]
    story.append(grid_table(table, widths))
    return story


def goals_story(doc: TrackerDoc, st: Styles, width: float) -> list[Flowable]:
    """The goal-setting page: the goals already set, then space for a new one."""
    t = translator(doc.language)
    _ = t.gettext
    story: list[Flowable] = [st.p(_("Setting my goals"), st.title), st.p(doc.student_name, st.small)]
    for text, target in doc.goals:
        by = " " + _("(by {day})").format(day=t.date(target)) if target else ""
        story.append(st.p(f"• {text}{by}", st.body))
    for prompt in GOAL_PROMPTS:
        story += [st.p(_(prompt), st.heading), RuledLines(2, width)]
    return story


def reflection_story(doc: TrackerDoc, st: Styles, width: float) -> list[Flowable]:
    """Reflection prompts after each assessment so far, and blank ones for the next."""
    t = translator(doc.language)
    _ = t.gettext
    story: list[Flowable] = [st.p(_("After each assessment"), st.title), st.p(doc.student_name, st.small)]
    occasions: list[tuple[str, str]] = [
        (_("After the assessment of {day}").format(day=t.date(day)), ", ".join(codes))
        for day, codes in doc.assessments
    ]
    occasions += [(_("After my next assessment"), _("Date:") + " ____________")] * 2
    for title, detail in occasions:
        block: list[Flowable] = [st.p(title, st.heading), st.p(detail, st.small)]
        for prompt in REFLECTION_PROMPTS:
            block += [st.p(_(prompt), st.cell), RuledLines(1, width, gap=7 * mm)]
        story.append(KeepTogether(block))
    return story


def tracker_story(doc: TrackerDoc, st: Styles, width: float) -> list[Flowable]:
    """A student's whole tracker: a page per strand, the goal page, the reflection pages."""
    story: list[Flowable] = []
    for name, rows in doc.strands:
        story += strand_story(doc, name, rows, st, width) + [PageBreak()]
    return story + goals_story(doc, st, width) + [PageBreak()] + reflection_story(doc, st, width)


def build_trackers(
    out: IO[bytes] | str,
    docs: Sequence[TrackerDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Every student's tracker, one after another, each in its family's language."""
    build_family_batch(
        out,
        "My tracker",
        N_("My tracker"),
        [(d.student_name, d.language) for d in docs],
        lambda i, st, width: tracker_story(docs[i], st, width),
        paper,
        progress,
        cancelled,
    )
