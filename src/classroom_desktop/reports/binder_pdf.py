"""The student's data binder: learner profile, evidence table and learning plan, data in, PDF out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from classroom_desktop.reports.plan_pdf import (
    BatchCharts,
    PlanDoc,
    Styles,
    build_batch,
    day_text,
    grid_table,
    plan_story,
)


@dataclass(frozen=True)
class EvidenceLine:
    observed_on: date
    code: str
    level: float | None
    kind: str
    note: str = ""


@dataclass(frozen=True)
class BinderDoc:
    plan: PlanDoc
    profile: tuple[tuple[str, str], ...]  # (label, text) for the fields that are filled in
    evidence: tuple[EvidenceLine, ...]


def _level(value: float | None, doc: PlanDoc) -> str:
    if value is None:
        return "–"
    number = f"{value:g}"
    return f"{number} {doc.scale.label_for(value)}"


def binder_story(doc: BinderDoc, st: Styles, width: float, chart: Flowable | None) -> list[Flowable]:
    plan = doc.plan
    story: list[Flowable] = [
        st.p("My data binder", st.title),
        st.p(plan.student_name, st.name, bold=True),
        st.p(plan.class_name, st.small),
        st.p("About me", st.heading),
    ]
    if doc.profile:
        rows = [[st.p(label, st.cell, bold=True), st.p(text, st.cell)] for label, text in doc.profile]
        story.append(grid_table(rows, [40 * mm, width - 40 * mm], header=False))
    else:
        story.append(st.p("My teacher and I have not filled in my profile yet.", st.body))
    story.append(st.p("My evidence", st.heading))
    if doc.evidence:
        rows = [[st.p(h, st.cell, bold=True) for h in ("Date", "Standard", "Level", "Kind", "Note")]]
        for e in doc.evidence:
            rows.append(
                [
                    st.p(day_text(e.observed_on), st.cell),
                    st.p(e.code, st.cell),
                    st.p(_level(e.level, plan), st.cell),
                    st.p(e.kind, st.cell),
                    st.p(e.note, st.cell),
                ]
            )
        widths = [24 * mm, 20 * mm, 28 * mm, 31 * mm]
        story.append(grid_table(rows, [*widths, width - sum(widths)]))
    else:
        story.append(st.p("No evidence recorded yet.", st.body))
    story.append(PageBreak())
    return story + plan_story(plan, st, width, chart)


def build_binders(
    out: IO[bytes] | str,
    docs: Sequence[BinderDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    st = Styles()
    batch = BatchCharts([d.plan for d in docs])
    try:
        build_batch(
            out,
            "Data binder",
            [d.plan.student_name for d in docs],
            lambda i, width: binder_story(docs[i], st, width, batch.flowable(i, width)),
            paper,
            progress,
            cancelled,
        )
    finally:
        batch.pool.close()
