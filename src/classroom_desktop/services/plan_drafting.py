"""Drafting learning plans from mastery, inside a write transaction; re-drafts keep the teacher's edits.

Re-drafting keeps every field the teacher changed (``edited_fields``). A step's "mastered" status is
never written here: readers work it out from the evidence (:mod:`plan_views`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from classroom_desktop.domain import plans as drafting
from classroom_desktop.domain.ids import derived_id, new_id
from classroom_desktop.domain.plans import ActivityInfo, DraftStep
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.school_calendar import SchoolCalendar
from classroom_desktop.services.plan_views import parse_day, plan_row
from classroom_desktop.services.roster import goals_from_json, goals_to_json
from classroom_desktop.services.views import Goal, MasteryTable
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import Activity, LearnerProfile, LearningPlan, PlanStep, SchoolClass

__all__ = [
    "CALENDAR_OPTION",
    "ClassInputs",
    "class_inputs",
    "DEFAULT_WEEKS",
    "PACE_OPTION",
    "draft_one",
    "propose",
    "save_new_steps",
    "school_calendar",
]

#: Class option: how many steps a week the class's plans move at.
PACE_OPTION = "plan_steps_per_week"
DEFAULT_WEEKS = 8
#: The class option that keeps the school calendar (school days of the week, holidays).
CALENDAR_OPTION = "school_calendar"


def school_calendar(options: dict[str, Any] | None) -> SchoolCalendar:
    """The school calendar kept in a class's options (Monday to Friday, no holidays, if none)."""
    return SchoolCalendar.from_json((options or {}).get(CALENDAR_OPTION))


@dataclass(frozen=True)
class ClassInputs:
    """What drafting reads about a class, read once for all its students' plans."""

    activities: list[ActivityInfo]
    #: student id -> (interests, goals) of the student's learner profile (the first made)
    profiles: dict[str, tuple[str, tuple[Goal, ...]]]
    pace: float | None
    calendar: SchoolCalendar


def class_inputs(tx: Tx, class_id: str, student_ids: Sequence[str]) -> ClassInputs:
    """The class's activities, pace and calendar, and the interests and goals of ``student_ids``."""
    row = tx.require(SchoolClass, class_id, "class")
    activities = [
        ActivityInfo(
            a.id,
            a.title,
            tuple(a.standard_ids or []),
            a.level_min,
            a.level_max,
            tuple(a.tags or []),
            a.materials,
            a.link,
        )
        for a in tx.all(Activity, Activity.class_id == class_id, order_by=[Activity.title])
    ]
    profiles: dict[str, tuple[str, tuple[Goal, ...]]] = {}
    wanted = list(student_ids)  # (a very long list reads every profile: SQLite limits parameters)
    where = [LearnerProfile.student_id.in_(wanted)] if len(wanted) <= 500 else []
    rows = tx.all(LearnerProfile, *where, order_by=[LearnerProfile.created_at])
    for profile in rows:
        profiles.setdefault(profile.student_id, (profile.interests or "", goals_from_json(profile.goals)))
    pace = (row.options or {}).get(PACE_OPTION)
    return ClassInputs(activities, profiles, float(pace) if pace else None, school_calendar(row.options))


def propose(
    tx: Tx,
    student_id: str,
    class_id: str,
    start: date,
    end: date,
    table: MasteryTable,
    existing: Sequence[DraftStep] = (),
    inputs: ClassInputs | None = None,
) -> tuple[list[DraftStep], tuple[Goal, ...]]:
    """The steps a draft would have (``existing`` steps kept as the teacher left them), and the goals.

    Args:
        inputs: the class's :func:`class_inputs` (holding this student), when read already.
    """
    inputs = inputs or class_inputs(tx, class_id, [student_id])
    interests, goals = inputs.profiles.get(student_id, ("", ()))
    values = {sid: cell.value for sid, cell in table.for_student(student_id).items()}
    scale: ProficiencyScale = table.scale
    steps = drafting.draft_steps(
        table.standards,
        values,
        scale.cutoff,
        inputs.activities,
        interests,
        start,
        end,
        inputs.pace,
        existing,
        float(scale.minimum),
        inputs.calendar,
    )
    return steps, goals


def save_new_steps(tx: Tx, steps: list[dict[str, Any]]) -> None:
    """Insert new plan steps in one batch: one statement for the rows and one for their change log.

    The rows, their change-log entries and ``tx.changes`` are those one :meth:`Tx.add` per step
    would make (each step's ``id`` is made by the caller, in the order single saves would make them).
    """
    tx.add_many(PlanStep, steps)
    steps.clear()


def draft_one(
    tx: Tx,
    student_id: str,
    class_id: str,
    start: date,
    end: date,
    table: MasteryTable,
    new_steps: list[dict[str, Any]] | None = None,
    inputs: ClassInputs | None = None,
) -> None:
    """Draft (or re-draft) one student's plan in ``tx``.

    Args:
        new_steps: where the plan's new steps go, for the caller to save with :func:`save_new_steps`
            (one batch for a whole class); without it they are saved before this returns.
        inputs: the class's :func:`class_inputs` (holding this student), when read already.
    """
    plan = plan_row(tx, student_id, class_id)
    if plan is None and tx.get_tombstoned(LearningPlan, derived_id("plan", student_id, class_id)):
        plan = tx.get_tombstoned(LearningPlan, derived_id("plan", student_id, class_id))
        assert plan is not None
        tx.update(plan, deleted=False)
    if plan is None:  # one id on every laptop: two first drafts offline make one plan
        plan = tx.add(
            LearningPlan,
            id=derived_id("plan", student_id, class_id),
            student_id=student_id,
            class_id=class_id,
            start_on=start.isoformat(),
            end_on=end.isoformat(),
        )
    order = [PlanStep.position, PlanStep.created_at]
    old_rows = tx.all(PlanStep, PlanStep.plan_id == plan.id, order_by=order)
    existing = [
        DraftStep(
            r.standard_id,
            parse_day(r.target_on),
            tuple(r.activity_ids or []),
            (),
            r.status,
            r.notes,
            tuple(r.edited_fields or []),
            r.id,
        )
        for r in old_rows
    ]
    steps, goals = propose(tx, student_id, class_id, start, end, table, existing, inputs)
    tx.update(plan, start_on=start.isoformat(), end_on=end.isoformat())
    if not plan.goals and goals:
        tx.update(plan, goals=goals_to_json(goals))
    by_id = {r.id: r for r in old_rows}
    kept = {s.step_id for s in steps if s.step_id}
    for row in old_rows:
        if row.id not in kept:
            tx.delete(row)
    batch: list[dict[str, Any]] = [] if new_steps is None else new_steps
    for position, step in enumerate(steps):
        fields = {
            "standard_id": step.standard_id,
            "position": position,
            "target_on": step.target_on.isoformat() if step.target_on else "",
            "status": step.status,
            "activity_ids": list(step.activity_ids),
            "notes": step.notes,
            "edited_fields": list(step.edited_fields),
        }
        if step.step_id and step.step_id in by_id:
            tx.update(by_id[step.step_id], **fields)
        else:
            batch.append({"id": new_id(), "plan_id": plan.id, **fields})
    if new_steps is None:
        save_new_steps(tx, batch)
