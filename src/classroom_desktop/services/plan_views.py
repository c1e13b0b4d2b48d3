"""What a learning plan looks like to its readers: plan and step views, with "mastered" worked out.

A step's "mastered" status follows the evidence: it is worked out whenever a plan is read and
never written by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from classroom_desktop.domain import plans as drafting
from classroom_desktop.domain.scale import as_shown
from classroom_desktop.domain.types import MasteryCell, StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.services.plan_activities import ActivityView
from classroom_desktop.services.roster import goals_from_json
from classroom_desktop.services.views import Goal, MasteryTable
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import LearningPlan, PlanStep

__all__ = ["PlanView", "StepView", "parse_day", "plan_row", "plan_view", "step_view"]


@dataclass(frozen=True)
class StepView:
    id: str
    standard_id: str
    code: str
    statement: str
    position: int
    target_on: date | None
    status: str  # what the plan shows: "mastered" once the evidence says so
    stored_status: str
    activities: tuple[ActivityView, ...]
    notes: str
    edited_fields: tuple[str, ...]
    waiting_on: tuple[str, ...]  # codes of prerequisites not mastered yet
    mastery: float | None

    @property
    def status_label(self) -> str:
        return drafting.STATUS_LABELS[self.status]

    @property
    def activity_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.activities)


@dataclass(frozen=True)
class PlanView:
    id: str  # "" for a draft that is not saved
    student_id: str
    class_id: str | None
    start_on: date | None
    end_on: date | None
    goals: tuple[Goal, ...]
    reflection: str
    steps: tuple[StepView, ...]


def parse_day(text: str) -> date | None:
    """A stored ISO day, or None for "" (and for text that is not a day)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def plan_row(tx: Tx, student_id: str, class_id: str | None) -> LearningPlan | None:
    """The student's plan row (the first made, for ``class_id`` when given), or None."""
    where = [LearningPlan.student_id == student_id]
    if class_id:
        where.append(LearningPlan.class_id == class_id)
    rows = tx.all(LearningPlan, *where, order_by=[LearningPlan.created_at])
    return rows[0] if rows else None


def step_view(
    step_id: str,
    standard_id: str,
    position: int,
    target: date | None,
    stored: str,
    activity_ids: Sequence[str],
    notes: str,
    edited: Sequence[str],
    standards: dict[str, StandardInfo],
    cells: dict[str, MasteryCell],
    cutoff: float,
    library: dict[str, ActivityView],
) -> StepView:
    """One step as the plan shows it: its standard, its status after the evidence, what it waits on."""
    standard = standards.get(standard_id)
    cell = cells.get(standard_id)
    value = cell.value if cell else None
    mastered = value is not None and (as_shown(value) >= cutoff or bool(cell and cell.mastered))
    waiting: tuple[str, ...] = ()
    if standard is not None:
        waiting = tuple(
            standards[p].code
            for p in standard.prerequisites
            if p in standards
            and not ((c := cells.get(p)) is not None and c.value is not None and as_shown(c.value) >= cutoff)
        )
    return StepView(
        step_id,
        standard_id,
        standard.code if standard else "?",
        standard.statement if standard else _("(a standard no longer in this framework)"),
        position,
        target,
        drafting.effective_status(stored, mastered),
        stored,
        tuple(library[a] for a in activity_ids if a in library),
        notes or "",
        tuple(edited),
        waiting,
        value,
    )


def plan_view(
    row: LearningPlan,
    steps: Sequence[PlanStep],
    library: dict[str, ActivityView],
    table: MasteryTable | None,
) -> PlanView:
    """A saved plan with its steps in order, read against ``table`` (no mastery without one)."""
    standards = {s.id: s for s in table.standards} if table else {}
    cells = table.for_student(row.student_id) if table else {}
    cutoff = table.scale.cutoff if table else 3.0
    views = [
        step_view(
            s.id,
            s.standard_id,
            i,
            parse_day(s.target_on),
            s.status,
            s.activity_ids or [],
            s.notes,
            s.edited_fields or [],
            standards,
            cells,
            cutoff,
            library,
        )
        for i, s in enumerate(steps)
    ]
    return PlanView(
        row.id,
        row.student_id,
        row.class_id,
        parse_day(row.start_on),
        parse_day(row.end_on),
        goals_from_json(row.goals),
        row.reflection or "",
        tuple(views),
    )
