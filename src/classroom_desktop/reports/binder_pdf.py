"""The student's data binder: learner profile, evidence table and learning plan, data in, PDF out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from classroom_desktop.i18n import N_, Translator, translator
from classroom_desktop.reports.batch_pdf import build_family_batch
from classroom_desktop.reports.page_parts import Styles, grid_table
from classroom_desktop.reports.plan_pdf import BatchCharts, PlanDoc, plan_story
from classroom_desktop.reports.tracker_pdf import TrackerDoc, tracker_story


@dataclass(frozen=True)
class EvidenceLine:
    observed_on: date
    code: str
    level: float | None
    kind: str
    note: str = ""


#: The learner profile's fields as the binder titles them (translated when printed).
PROFILE_LABELS = {
    "strengths": N_("Strengths"),
    "needs": N_("Needs"),
    "interests": N_("Interests"),
    "motivations": N_("Motivations"),
    "learning_preferences": N_("How I like to learn"),
    "accommodations": N_("Accommodations"),
    "languages": N_("Languages"),
}
#: The default kinds of evidence, as the binder names them.
KINDS = {
    "quiz": N_("quiz"),
    "observation": N_("observation"),
    "conversation": N_("conversation"),
    "product": N_("product"),
    "self-assessment": N_("self-assessment"),
}


@dataclass(frozen=True)
class BinderDoc:
    plan: PlanDoc
    profile: tuple[tuple[str, str], ...]  # (label, text) for the fields that are filled in
    evidence: tuple[EvidenceLine, ...]
    #: The student's own tracker, printed after the plan (None leaves it out).
    tracker: TrackerDoc | None = None


def _level(value: float | None, doc: PlanDoc, t: Translator) -> str:
    if value is None:
        return "–"
    number = t.number(value, 0) if value == int(value) else t.number(value, 2).rstrip("0")
    return f"{number} {t.gettext(doc.scale.label_for(value))}"


def _mirrored(rows: list[list[Any]], widths: list[float], st: Styles) -> tuple[list[list[Any]], list[float]]:
    return ([row[::-1] for row in rows], widths[::-1]) if st.right_to_left else (rows, widths)


def binder_story(doc: BinderDoc, st: Styles, width: float, chart: Flowable | None) -> list[Flowable]:
    plan = doc.plan
    t = translator(plan.language)
    _ = t.gettext
    story: list[Flowable] = [
        st.p(_("My data binder"), st.title),
        st.p(plan.student_name, st.name, bold=True),
        st.p(plan.class_name, st.small),
        st.p(_("About me"), st.heading),
    ]
    if doc.profile:
        rows = [[st.p(_(label), st.cell, bold=True), st.p(text, st.cell)] for label, text in doc.profile]
        rows, widths = _mirrored(rows, [40 * mm, width - 40 * mm], st)
        story.append(grid_table(rows, widths, header=False))
    else:
        story.append(st.p(_("My teacher and I have not filled in my profile yet."), st.body))
    story.append(st.p(_("My evidence"), st.heading))
    if doc.evidence:
        headers = (_("Date"), _("Standard"), _("Level"), _("Kind"), _("Note"))
        rows = [[st.p(h, st.cell, bold=True) for h in headers]]
        for e in doc.evidence:
            rows.append(
                [
                    st.p(t.short_date(e.observed_on), st.cell),
                    st.p(e.code, st.cell),
                    st.p(_level(e.level, plan, t), st.cell),
                    st.p(_(KINDS[e.kind]) if e.kind in KINDS else e.kind, st.cell),
                    st.p(e.note, st.cell),
                ]
            )
        widths = [24 * mm, 20 * mm, 28 * mm, 31 * mm]
        rows, widths = _mirrored(rows, [*widths, width - sum(widths)], st)
        story.append(grid_table(rows, widths))
    else:
        story.append(st.p(_("No evidence recorded yet."), st.body))
    story.append(PageBreak())
    story += plan_story(plan, st, width, chart)
    if doc.tracker is not None:
        story += [PageBreak(), *tracker_story(doc.tracker, st, width)]
    return story


def build_binders(
    out: IO[bytes] | str,
    docs: Sequence[BinderDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    batch = BatchCharts([d.plan for d in docs])
    try:
        build_family_batch(
            out,
            "Data binder",
            N_("Data binder"),
            [(d.plan.student_name, d.plan.language) for d in docs],
            lambda i, st, width: binder_story(docs[i], st, width, batch.flowable(i, width)),
            paper,
            progress,
            cancelled,
        )
    finally:
        batch.pool.close()
