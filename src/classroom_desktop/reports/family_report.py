"""The family progress report: standards-based, with the proficiency scale explained in plain words."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.reports.plan_pdf import (
    NEXT_STEPS,
    PlanDoc,
    RuledLines,
    Styles,
    build_batch,
    day_text,
    grid_table,
)


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


def level_text(value: float, scale: ProficiencyScale) -> str:
    """ "2.9 Developing": one decimal, rounded down so a value never reads as a level it has not reached."""
    shown = math.floor(value * 10 + 1e-9) / 10
    return f"{shown:.1f} {scale.label_for(value)}"


def scale_explained(doc: ReportDoc, st: Styles, width: float) -> list[Flowable]:
    """What the levels mean, and how the level is worked out, in plain words."""
    scale = doc.plan.scale
    goal = next((lv for lv in scale.levels if lv.value >= scale.cutoff), scale.levels[-1])
    intro = (
        "Each line below is one thing your child is learning to do, written as an "
        "\u201cI can\u201d statement. "
        "We look at several pieces of work over time — quizzes, observations, conversations and projects — "
        f"and give each a level from {scale.minimum} to {scale.maximum}. The level shown is worked out from "
        f"all of them ({doc.method_label.lower()}), so one difficult day does not decide it. "
        f"Reaching level {goal.value} ({goal.label}) means the standard is mastered."
    )
    rows = [[st.p("Level", st.cell, bold=True), st.p("What it means", st.cell, bold=True)]]
    rows += [
        [st.p(f"{lv.value} {lv.label}", st.cell, bold=True), st.p(lv.descriptor or lv.label, st.cell)]
        for lv in scale.levels
    ]
    return [
        st.p("How to read this report", st.heading),
        st.p(intro, st.body),
        grid_table(rows, [32 * mm, width - 32 * mm]),
    ]


def report_story(doc: ReportDoc, st: Styles, width: float) -> list[Flowable]:
    plan = doc.plan
    story: list[Flowable] = [
        st.p("Progress report", st.title),
        st.p(plan.student_name, st.name, bold=True),
        st.p(f"{plan.class_name} · {day_text(doc.day)}", st.small),
    ]
    story += scale_explained(doc, st, width)
    story.append(st.p("Where your child is now", st.heading))
    rows = [[st.p(h, st.cell, bold=True) for h in ("I can…", "Level now", "Mastered", "Pieces of work")]]
    strand = None
    header_rows = []
    for row in doc.rows:
        if row.strand and row.strand != strand:
            strand = row.strand
            header_rows.append(len(rows))
            rows.append([st.p(strand, st.cell, bold=True), "", "", ""])
        level = "Not yet assessed" if row.value is None else level_text(row.value, plan.scale)
        rows.append(
            [
                st.p(f"{row.code}  {row.statement}", st.cell),
                st.p(level, st.cell),
                st.p("Yes" if row.mastered else "Not yet", st.cell),
                st.p(str(row.count), st.cell),
            ]
        )
    table = grid_table(rows, [width - 84 * mm, 36 * mm, 22 * mm, 26 * mm])
    for r in header_rows:
        table.setStyle([("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), "#f4f4f4")])
    story.append(table)
    upcoming = [s for s in plan.steps if s.status != "mastered"][: NEXT_STEPS // 2]
    if plan.goals or upcoming:
        story.append(st.p("What comes next", st.heading))
        for text, target in plan.goals:
            story.append(st.p(f"• Goal: {text}" + (f" (by {day_text(target)})" if target else ""), st.body))
        for step in upcoming:
            when = f" by {day_text(step.target_on)}" if step.target_on else ""
            story.append(st.p(f"• {step.code}  {step.statement}{when}", st.body))
    story.append(KeepTogether([st.p("Comments from home", st.heading), RuledLines(3, width)]))
    return story


def build_reports(
    out: IO[bytes] | str,
    docs: Sequence[ReportDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    st = Styles()
    build_batch(
        out,
        "Progress report",
        [d.plan.student_name for d in docs],
        lambda i, width: report_story(docs[i], st, width),
        paper,
        progress,
        cancelled,
    )
