"""Choice boards on learning plans: the options of each step, the student's pick, and how often
each activity of the library is chosen.

Sync: the pick is the plan step's ``chosen_activity_id`` field, so two laptops merge it like every
plan field: last writer wins per field, and the losing pick is kept as a conflict the teacher sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from classroom_desktop.domain import choices as boards
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.plans import ActivityInfo
from classroom_desktop.i18n import _
from classroom_desktop.services.plan_views import PlanView, plan_view
from classroom_desktop.services.plans import ActivityView, activity_view, plans_of
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import Activity, LearnerProfile, LearningPlan, PlanStep

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


@dataclass(frozen=True)
class ChoiceStep:
    """One step of a student's plan as its choice board shows it."""

    step_id: str
    standard_id: str
    code: str
    statement: str
    status: str
    target_on: date | None
    options: tuple[ActivityView, ...]
    matched: tuple[tuple[str, ...], ...]  # per option, the interests it matches
    chosen_id: str  # "" when the student has not chosen yet

    @property
    def chosen(self) -> ActivityView | None:
        return next((a for a in self.options if a.id == self.chosen_id), None)


def _info(row: Activity) -> ActivityInfo:
    return ActivityInfo(row.id, row.title, tuple(row.standard_ids or []), row.level_min, row.level_max,
                        tuple(row.tags or []), row.materials or "", row.link or "")


def _board(plan: PlanView, rows: dict[str, PlanStep], infos: list[ActivityInfo],
           views: dict[str, ActivityView], interests: str, table: MasteryTable) -> list[ChoiceStep]:
    """The choice board of the plan's steps not yet mastered."""
    standards = {s.id: s for s in table.standards}
    cells = table.for_student(plan.student_id)
    out = []
    for step in plan.steps:
        if step.status == "mastered":
            continue
        standard = standards.get(step.standard_id)
        prereqs = standard.prerequisites if standard else ()
        level = boards.readiness_level(step.mastery, (cells[p].value for p in prereqs if p in cells),
                                       float(table.scale.minimum))
        options = boards.choice_options(infos, step.standard_id, level, interests, step.activity_ids)
        row = rows.get(step.id)
        out.append(ChoiceStep(
            step.id, step.standard_id, step.code, step.statement, step.status, step.target_on,
            tuple(views[o.activity_id] for o in options), tuple(o.matched for o in options),
            (row.chosen_activity_id or "") if row else "",
        ))
    return out


class ChoiceBoards:
    """Reads and records the choices students make on their plans."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    def board(self, student_id: str, class_id: str, table: MasteryTable | None = None) -> list[ChoiceStep]:
        """The choice board of every step of the student's saved plan not yet mastered ([] without a plan)."""
        table = table or self._c.evidence.mastery_table(class_id)
        plan = plans_of(self._c).plan(student_id, class_id, table)
        if plan is None or not plan.id:
            return []
        with self._c.db.reading() as tx:
            rows = {r.id: r for r in tx.all(PlanStep, PlanStep.plan_id == plan.id)}
            library = tx.all(Activity, Activity.class_id == class_id, order_by=[Activity.title])
            profiles = tx.all(LearnerProfile, LearnerProfile.student_id == student_id,
                              order_by=[LearnerProfile.created_at])
        interests = profiles[0].interests if profiles else ""
        return _board(plan, rows, [_info(a) for a in library], {a.id: activity_view(a) for a in library},
                      interests or "", table)

    def class_boards(self, class_id: str, table: MasteryTable | None = None) -> dict[str, list[ChoiceStep]]:
        """:meth:`board` of every student of the class with a saved plan, read in one go."""
        table = table or self._c.evidence.mastery_table(class_id)
        students = [s.id for s in table.students]
        with self._c.db.reading() as tx:
            plans: dict[str, LearningPlan] = {}
            made = [LearningPlan.created_at]
            for row in tx.all(LearningPlan, LearningPlan.class_id == class_id, order_by=made):
                plans.setdefault(row.student_id, row)  # the first made, as Plans.plan reads it
            steps: dict[str, list[PlanStep]] = {}
            for step in tx.all(PlanStep, PlanStep.plan_id.in_([p.id for p in plans.values()]),
                               order_by=[PlanStep.position, PlanStep.created_at]):
                steps.setdefault(step.plan_id, []).append(step)
            everything = {a.id: activity_view(a) for a in tx.all(Activity)}
            library = tx.all(Activity, Activity.class_id == class_id, order_by=[Activity.title])
            interests: dict[str, str] = {}
            for profile in tx.all(LearnerProfile, order_by=[LearnerProfile.created_at]):
                interests.setdefault(profile.student_id, profile.interests or "")
        infos, views = [_info(a) for a in library], {a.id: activity_view(a) for a in library}
        out: dict[str, list[ChoiceStep]] = {}
        for sid in students:
            if sid in plans:
                rows = steps.get(plans[sid].id, [])
                plan = plan_view(plans[sid], rows, everything, table)
                out[sid] = _board(plan, {r.id: r for r in rows}, infos, views, interests.get(sid, ""), table)
        return out

    def chosen(self, step_id: str) -> str:
        """The activity chosen on a step ("" for none)."""
        with self._c.db.reading() as tx:
            return tx.require(PlanStep, step_id, "plan step").chosen_activity_id or ""

    def choose(self, step_id: str, activity_id: str) -> ChangeSet:
        """Record the student's choice on a step ("" clears it).

        Raises:
            UserError: the activity is not in the class's library any more.
        """
        return self.choose_many([(step_id, activity_id)])

    def choose_many(self, picks: Sequence[tuple[str, str]]) -> ChangeSet:
        """Record many choices (step id, activity id) in one transaction, as :meth:`choose` does each.

        Raises:
            UserError: an activity is not in the class's library any more (nothing is recorded).
        """
        with self._c.write() as tx:
            # read in two queries, not two per pick (the demo makes dozens)
            steps = {r.id: r for r in tx.all(PlanStep, PlanStep.id.in_({s for s, _a in picks}))}
            live = {r.id for r in tx.all(Activity, Activity.id.in_({a for _s, a in picks if a}))}
            for step_id, activity_id in picks:
                row = steps.get(step_id) or tx.require(PlanStep, step_id, "plan step")
                if activity_id and activity_id not in live:
                    raise UserError(_("That activity was removed from the library. Choose another one."))
                tx.update(row, chosen_activity_id=activity_id)
        return tx.changes

    def counts(self, class_id: str) -> dict[str, int]:
        """Activity id -> how many plan steps of the class's students chose it."""
        with self._c.db.reading() as tx:
            rows = tx.raw(
                "SELECT s.chosen_activity_id FROM plan_step s JOIN learning_plan p ON p.id = s.plan_id "
                "WHERE NOT s.deleted AND NOT p.deleted AND p.class_id = ? AND s.chosen_activity_id != ''",
                (class_id,),
            )
        return boards.choice_counts(str(r[0]) for r in rows)


def choices_of(classroom: Classroom) -> ChoiceBoards:
    """The classroom's ChoiceBoards (made on first use)."""
    found = getattr(classroom, "choices", None)
    if isinstance(found, ChoiceBoards):
        return found
    made = ChoiceBoards(classroom)
    classroom.choices = made  # type: ignore[attr-defined]
    return made
