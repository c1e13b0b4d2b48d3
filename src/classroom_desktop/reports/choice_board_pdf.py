"""Choice boards: for each step of a learning plan, two to four activities with a box to tick.

Printed on their own (``print choice-board``) and as the last page of each learning plan, in the
family's language. A choice already recorded prints ticked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, TableStyle

from classroom_desktop.domain.choices import MIN_CHOICES
from classroom_desktop.i18n import N_, translator
from classroom_desktop.reports.batch_pdf import build_family_batch
from classroom_desktop.reports.page_parts import StatusBox, Styles, grid_table
from classroom_desktop.reports.plan_pdf import BatchCharts, PlanDoc, plan_story


@dataclass(frozen=True)
class ChoiceOptionRow:
    title: str
    detail: str  # materials or link
    matched: tuple[str, ...] = ()  # the student's interests it matches
    chosen: bool = False


@dataclass(frozen=True)
class ChoiceStepRow:
    code: str
    statement: str
    target_on: date | None
    options: tuple[ChoiceOptionRow, ...]


@dataclass(frozen=True)
class ChoiceBoardDoc:
    student_name: str
    class_name: str
    steps: tuple[ChoiceStepRow, ...]
    language: str = "en"


def board_story(doc: ChoiceBoardDoc, st: Styles, width: float) -> list[Flowable]:
    """The choice board's flowables: a block per step, each option with its box to tick."""
    t = translator(doc.language)
    _ = t.gettext
    story: list[Flowable] = [
        st.p(_("My choice board"), st.title),
        st.p(f"{doc.student_name} · {doc.class_name}", st.small),
        st.p(_("For each step, choose one activity and tick its box. Show your teacher when you finish."),
             st.body),
        Spacer(1, 3 * mm),
    ]
    if not doc.steps:
        story.append(st.p(_("No steps to choose for yet: ask my teacher."), st.body))
        return story
    box_w = 10 * mm
    for step in doc.steps:
        by = _("(by {day})").format(day=t.date(step.target_on)) if step.target_on else ""
        head = st.p(f"{step.code}  {step.statement} {by}".strip(), st.cell, bold=True)
        rows: list[list[Any]] = [[head, ""]]
        for option in step.options:
            text = option.title + (f" — {option.detail}" if option.detail else "")
            if option.matched:
                text += " · " + _("you like: {interests}").format(interests=", ".join(option.matched))
            rows.append([StatusBox(option.chosen, 5 * mm), st.p(text, st.cell)])
        if len(step.options) < MIN_CHOICES:  # a choice needs two: the student may propose their own
            rows.append([StatusBox(False, 5 * mm),
                         st.p(_("My own idea, agreed with my teacher:") + " ________________", st.cell)])
        widths = [box_w, width - box_w]
        if st.right_to_left:  # the step's title row spans both cells, so it stays as it is
            rows, widths = [rows[0], *(r[::-1] for r in rows[1:])], widths[::-1]
        table = grid_table(rows, widths)
        table.setStyle(TableStyle([("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 1), (-1, -1), "CENTER")
                                   if not st.right_to_left else ("ALIGN", (-1, 1), (-1, -1), "CENTER")]))
        story += [KeepTogether([table]), Spacer(1, 3 * mm)]
    return story


def build_choice_boards(
    out: IO[bytes] | str,
    docs: Sequence[ChoiceBoardDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Every student's choice board, each on its own page(s)."""
    build_family_batch(
        out,
        "Choice board",
        N_("My choice board"),
        [(d.student_name, d.language) for d in docs],
        lambda i, st, width: board_story(docs[i], st, width),
        paper,
        progress,
        cancelled,
    )


def build_plans_with_boards(
    out: IO[bytes] | str,
    plans: Sequence[PlanDoc],
    boards: Sequence[ChoiceBoardDoc],
    paper: str = "A4",
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Learning plans, each followed by the student's choice board on a page of its own."""
    batch = BatchCharts(plans)

    def story(i: int, st: Styles, width: float) -> list[Flowable]:
        return [*plan_story(plans[i], st, width, batch.flowable(i, width)), PageBreak(),
                *board_story(boards[i], st, width)]

    try:
        build_family_batch(
            out,
            "Learning plan",
            N_("Learning plan"),
            [(d.student_name, d.language) for d in plans],
            story,
            paper,
            progress,
            cancelled,
        )
    finally:
        batch.pool.close()
