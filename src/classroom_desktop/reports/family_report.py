"""The family progress report: standards-based, with the proficiency scale explained in plain words."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table

from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.i18n import N_, Translator, translator
from classroom_desktop.reports.batch_pdf import build_family_batch
from classroom_desktop.reports.page_parts import RuledLines, Styles, grid_table
from classroom_desktop.reports.plan_pdf import NEXT_STEPS, PlanDoc


@dataclass(frozen=True)
class ReportRow:
    strand: str
    code: str
    statement: str
    value: float | None
    mastered: bool
    count: int


@dataclass(frozen=True)
class ReportDoc:
    plan: PlanDoc
    method_label: str
    day: date
    rows: tuple[ReportRow, ...]
    #: The family's language (a code of :data:`classroom_desktop.i18n.LANGUAGES`); the teacher's
    #: own words (statements, goals, the names of a scale the teacher wrote) print as written; the
    #: default scale's level names and what they mean are the program's, and are translated.
    language: str = "en"


#: The mastery methods' names as a family reads them (the domain's labels, translated here).
METHOD_NAMES = {
    "Decaying average": N_("a decaying average"),
    "Weighted average": N_("a weighted average"),
    "n times at the cut-off": N_("how many times the goal level was reached"),
    "Most recent": N_("the most recent piece of work"),
    "Highest": N_("the highest level reached"),
    "Mean": N_("the average of all the work"),
    "Mode": N_("the level reached most often"),
    "Power law (trend)": N_("the trend over time"),
}


def level_text(value: float, scale: ProficiencyScale, t: Translator | None = None) -> str:
    """ "2.9 Developing": one decimal, rounded down so a value never reads as a level it has not reached."""
    shown = math.floor(value * 10 + 1e-9) / 10
    number = t.number(shown) if t is not None else f"{shown:.1f}"
    label = scale.label_for(value)
    return f"{number} {t.gettext(label) if t is not None else label}"


def scale_explained(doc: ReportDoc, st: Styles, width: float) -> list[Flowable]:
    """What the levels mean, and how the level is worked out, in plain words."""
    t = translator(doc.language)
    _ = t.gettext
    scale = doc.plan.scale
    goal = next((lv for lv in scale.levels if lv.value >= scale.cutoff), scale.levels[-1])
    method = METHOD_NAMES.get(doc.method_label, doc.method_label.lower())
    intro = _(
        "Each line below is one thing your child is learning to do, written as an \u201cI can\u201d "
        "statement. We look at several pieces of work over time — quizzes, observations, conversations "
        "and projects — and give each a level from {minimum} to {maximum}. The level shown is worked out "
        "from all of them ({method}), so one difficult day does not decide it. Reaching level {goal} "
        "({goal_label}) means the standard is mastered."
    ).format(
        minimum=scale.minimum, maximum=scale.maximum, method=_(method), goal=goal.value,
        goal_label=_(goal.label),
    )
    rows = [[st.p(_("Level"), st.cell, bold=True), st.p(_("What it means"), st.cell, bold=True)]]
    rows += [
        [st.p(f"{lv.value} {_(lv.label)}", st.cell, bold=True), st.p(_(lv.descriptor or lv.label), st.cell)]
        for lv in scale.levels
    ]
    return [
        st.p(_("How to read this report"), st.heading),
        st.p(intro, st.body),
        _table(rows, [32 * mm, width - 32 * mm], st),
    ]


def _table(rows: list[list[Any]], widths: list[float], st: Styles, spans: Sequence[int] = ()) -> Table:
    """A grid table; in a right-to-left language its columns run from the right.

    ``spans`` are rows whose first cell spans the whole row (they are not mirrored).
    """
    if st.right_to_left:
        rows = [row if i in spans else row[::-1] for i, row in enumerate(rows)]
        widths = widths[::-1]
    table = grid_table(rows, widths)
    for r in spans:
        table.setStyle([("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), "#f4f4f4")])
    return table


def report_story(doc: ReportDoc, st: Styles, width: float) -> list[Flowable]:
    t = translator(doc.language)
    _ = t.gettext
    plan = doc.plan
    story: list[Flowable] = [
        st.p(_("Progress report"), st.title),
        st.p(plan.student_name, st.name, bold=True),
        st.p(f"{plan.class_name} · {t.date(doc.day)}", st.small),
    ]
    story += scale_explained(doc, st, width)
    story.append(st.p(_("Where your child is now"), st.heading))
    headers = (_("I can…"), _("Level now"), _("Mastered"), _("Pieces of work"))
    rows: list[list[Any]] = [[st.p(h, st.cell, bold=True) for h in headers]]
    strand = None
    header_rows = []
    for row in doc.rows:
        if row.strand and row.strand != strand:
            strand = row.strand
            header_rows.append(len(rows))
            rows.append([st.p(strand, st.cell, bold=True), "", "", ""])
        level = _("Not yet assessed") if row.value is None else level_text(row.value, plan.scale, t)
        rows.append(
            [
                st.p(f"{row.code}  {row.statement}", st.cell),
                st.p(level, st.cell),
                st.p(_("Yes") if row.mastered else _("Not yet"), st.cell),
                st.p(str(row.count), st.cell),
            ]
        )
    story.append(_table(rows, [width - 84 * mm, 36 * mm, 22 * mm, 26 * mm], st, header_rows))
    upcoming = [s for s in plan.steps if s.status != "mastered"][: NEXT_STEPS // 2]
    if plan.goals or upcoming:
        story.append(st.p(_("What comes next"), st.heading))
        for text, target in plan.goals:
            line = _("Goal: {goal}").format(goal=text)
            if target:
                line += " " + _("(by {day})").format(day=t.date(target))
            story.append(st.p(f"• {line}", st.body))
        for step in upcoming:
            when = " " + _("by {day}").format(day=t.date(step.target_on)) if step.target_on else ""
            story.append(st.p(f"• {step.code}  {step.statement}{when}", st.body))
    story.append(KeepTogether([st.p(_("Comments from home"), st.heading), RuledLines(3, width)]))
    return story


def build_reports(
    out: IO[bytes] | str,
    docs: Sequence[ReportDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """A progress report per student, each in its family's language (``ReportDoc.language``)."""
    build_family_batch(
        out,
        "Progress report",
        N_("Progress report"),
        [(d.plan.student_name, d.language) for d in docs],
        lambda i, st, width: report_story(docs[i], st, width),
        paper,
        progress,
        cancelled,
    )
