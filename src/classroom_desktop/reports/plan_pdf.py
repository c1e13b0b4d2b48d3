"""The learning plan, written for the student: data in, PDF out.

A plan prints its student's name, goals, an "I can" checklist with status boxes, a
mastery-over-time chart (the screen's chart builder, drawn as vectors), the next steps with
dates and activities, ruled lines for the student's reflection and signature lines for the
student, the teacher and the family. The building blocks (styles, status boxes, ruled lines)
are in :mod:`page_parts`, batch documents with progress and cancel in :mod:`batch_pdf`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, TableStyle

from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.i18n import N_, translator
from classroom_desktop.reports.batch_pdf import build_family_batch
from classroom_desktop.reports.chart_pool import ChartJob, ChartPool, RecordedChartFlowable, RecordedForms
from classroom_desktop.reports.page_parts import (
    RuledLines,
    StatusBox,
    Styles,
    grid_table,
    signature_block,
)

#: The checklist's status columns and the step statuses that tick each box.
CHECK_COLUMNS: tuple[tuple[str, frozenset[str]], ...] = (
    (N_("Working on it"), frozenset({"working", "ready", "mastered"})),
    (N_("Ready to be assessed"), frozenset({"ready", "mastered"})),
    (N_("Mastered"), frozenset({"mastered"})),
)
NEXT_STEPS = 5
#: The chart's height as a share of its width (the builder's figure is 6.4 × 3.2 inches).
CHART_RATIO = 0.42


@dataclass(frozen=True)
class StepRow:
    code: str
    statement: str
    target_on: date | None
    status: str
    activities: tuple[tuple[str, str], ...] = ()  # (title, materials or link)
    waiting_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartData:
    """One standard's evidence levels and running mastery, oldest first."""

    code: str
    points: Sequence[tuple[date, float]]
    computed: Sequence[tuple[date, float]]


@dataclass(frozen=True)
class PlanDoc:
    student_name: str
    class_name: str
    scale: ProficiencyScale
    start_on: date | None = None
    end_on: date | None = None
    goals: tuple[tuple[str, date | None], ...] = ()
    steps: tuple[StepRow, ...] = ()
    reflection: str = ""
    chart: ChartData | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: The language the plan's own words print in (the family's, else the teacher's).
    language: str = "en"


def plan_story(doc: PlanDoc, st: Styles, width: float, chart: Flowable | None) -> list[Flowable]:
    """The flowables of one student's plan. ``chart`` None leaves the chart's place empty."""
    t = translator(doc.language)
    _ = t.gettext
    story: list[Flowable] = [
        st.p(_("My learning plan"), st.title),
        st.p(doc.student_name, st.name, bold=True),
    ]
    when = " – ".join(d for d in (t.date(doc.start_on), t.date(doc.end_on)) if d)
    story.append(st.p(" · ".join(x for x in (doc.class_name, when) if x), st.small))
    story.append(st.p(_("My goals"), st.heading))
    for text, target in doc.goals:
        by = " " + _("(by {day})").format(day=t.date(target)) if target else ""
        story.append(st.p(f"• {text}{by}", st.body))
    if not doc.goals:
        story += [st.p(_("Goals I will set with my teacher:"), st.body), RuledLines(2, width)]
    story.append(st.p(_("I can… checklist"), st.heading))
    box_w = 24 * mm
    rows: list[list[Any]] = [
        [st.p(_("I can…"), st.cell, bold=True)]
        + [st.p(_(label), st.cell, bold=True) for label, _ticks in CHECK_COLUMNS]
    ]
    for step in doc.steps:
        rows.append(
            [
                st.p(f"{step.code}  {step.statement}", st.cell),
                *(StatusBox(step.status in ticks) for _label, ticks in CHECK_COLUMNS),
            ]
        )
    if doc.steps:
        widths = [width - 3 * box_w, box_w, box_w, box_w]
        if st.right_to_left:
            rows, widths = [row[::-1] for row in rows], widths[::-1]
        table = grid_table(rows, widths)
        boxes = (0, 1, -2, -1) if st.right_to_left else (1, 1, -1, -1)
        table.setStyle(TableStyle([("ALIGN", boxes[:2], boxes[2:], "CENTER")]))
        story.append(table)
    else:
        story.append(st.p(_("Every standard in this plan is mastered. Well done!"), st.body))
    chart_h = width * CHART_RATIO
    story.append(CondPageBreak(chart_h + 30 * mm))
    story.append(st.p(_("How I am growing"), st.heading))
    story.append(chart if chart is not None else Spacer(width, chart_h))
    story.append(st.p(_("My next steps"), st.heading))
    upcoming = [s for s in doc.steps if s.status != "mastered"][:NEXT_STEPS]
    rows = [[st.p(h, st.cell, bold=True) for h in (_("By"), _("Step"), _("Activities"))]]
    for step in upcoming:
        what = f"{step.code}  {step.statement}"
        if step.waiting_on:
            what += " " + _("(after {codes})").format(codes=", ".join(step.waiting_on))
        acts = [
            st.p(f"• {title}" + (f" — {detail}" if detail else ""), st.cell)
            for title, detail in step.activities
        ]
        rows.append(
            [
                st.p(t.short_date(step.target_on), st.cell),
                st.p(what, st.cell),
                acts or st.p(_("Ask my teacher"), st.cell),
            ]
        )
    if upcoming:
        widths = [24 * mm, (width - 24 * mm) * 0.5, (width - 24 * mm) * 0.5]
        if st.right_to_left:
            rows, widths = [row[::-1] for row in rows], widths[::-1]
        story.append(grid_table(rows, widths))
    reflection: list[Flowable] = [
        st.p(_("My reflection"), st.heading),
        st.p(_("What am I proud of? What will I try next?"), st.small),
    ]
    if doc.reflection:
        reflection.append(st.p(doc.reflection, st.body))
    reflection += [Spacer(1, 4 * mm), RuledLines(3, width), Spacer(1, 1 * mm), signature_block(st, width, t)]
    story.append(KeepTogether(reflection))
    return story


def chart_job(doc: PlanDoc) -> ChartJob:
    """What the progress builder draws for a plan (an empty chart says "No evidence yet")."""
    data = doc.chart or ChartData("", (), ())
    _ = translator(doc.language).gettext
    title = (
        _("{code}: my levels and mastery so far").format(code=data.code)
        if data.code
        else _("My levels and mastery so far")
    )
    return ChartJob(tuple(data.points), tuple(data.computed), doc.scale, title)


class BatchCharts:
    """The charts of a batch, recorded on a second core when there is one, as flowables."""

    def __init__(self, docs: Sequence[PlanDoc], processes: int | None = None) -> None:
        self.pool = ChartPool([chart_job(d) for d in docs], processes)
        self._forms: dict[int, RecordedForms] = {}

    def flowable(self, index: int, width: float) -> Flowable:
        return RecordedChartFlowable(
            self.pool,
            index,
            width,
            width * CHART_RATIO,
            lambda c: self._forms.setdefault(id(c), RecordedForms(c)),
        )


def build_plans(
    out: IO[bytes] | str,
    docs: Sequence[PlanDoc],
    paper: str = "A4",
    charts: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    processes: int | None = None,
) -> None:
    """Learning plans, one after another.

    ``charts`` False leaves each chart's place empty (the benchmark's baseline); ``processes``
    is how many worker processes draw charts (default: one when the computer has two cores).
    """
    batch = BatchCharts(docs, processes) if charts else None

    def story(i: int, st: Styles, width: float) -> list[Flowable]:
        return plan_story(docs[i], st, width, batch.flowable(i, width) if batch else None)

    try:
        build_family_batch(
            out,
            "Learning plan",
            N_("Learning plan"),
            [(d.student_name, d.language) for d in docs],
            story,
            paper,
            progress,
            cancelled,
        )
    finally:
        if batch is not None:
            batch.pool.close()
