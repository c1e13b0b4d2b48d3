"""Learning plans: drafting from mastery, the teacher's edits, and the class's activity library.

The service is put together from modules along its seams:

- :mod:`plan_activities`: the class's activity library (:class:`ActivityView`);
- :mod:`plan_views`: what a plan looks like to its readers (:class:`PlanView`, :class:`StepView`);
- :mod:`plan_drafting`: drafting and re-drafting inside a write transaction, the school calendar;
- :mod:`plan_editing`: the teacher's edits and their undo.

Everything keeps being importable from here (``from classroom_desktop.services.plans import ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain import plans as drafting
from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.plan_activities import ActivityLibrary, ActivityView, activity_view
from classroom_desktop.services.plan_drafting import (
    CALENDAR_OPTION,
    DEFAULT_WEEKS,
    PACE_OPTION,
    class_inputs,
    draft_one,
    propose,
    save_new_steps,
    school_calendar,
)
from classroom_desktop.services.plan_editing import PlanEditing
from classroom_desktop.services.plan_views import PlanView, StepView, plan_row, plan_view, step_view
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import Activity, PlanStep

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

__all__ = [
    "CALENDAR_OPTION",
    "DEFAULT_WEEKS",
    "PACE_OPTION",
    "ActivityView",
    "PlanView",
    "Plans",
    "StepView",
    "activity_view",
    "plans_of",
    "school_calendar",
]


def plans_of(classroom: Classroom) -> Plans:
    """The classroom's Plans service (attached once Classroom does it itself)."""
    found = getattr(classroom, "plans", None)
    if isinstance(found, Plans):
        return found
    plans = Plans(classroom)
    classroom.plans = plans  # type: ignore[attr-defined]
    return plans


class Plans(PlanEditing, ActivityLibrary):
    """Drafting, reading and editing learning plans, plus the activity library (inherited)."""

    def __init__(self, classroom: Classroom) -> None:
        super().__init__(classroom)
        self._c = classroom

    # ---- reading ----------------------------------------------------------------------
    def plan(
        self, student_id: str, class_id: str | None = None, table: MasteryTable | None = None
    ) -> PlanView | None:
        """The student's saved plan (for ``class_id`` when given), or None when there is none."""
        with self._c.db.reading() as tx:
            row = plan_row(tx, student_id, class_id)
            if row is None:
                return None
            steps = tx.all(
                PlanStep, PlanStep.plan_id == row.id, order_by=[PlanStep.position, PlanStep.created_at]
            )
            library = {a.id: activity_view(a) for a in tx.all(Activity)}
        class_id = row.class_id or class_id
        table = table or (self._c.evidence.mastery_table(class_id) if class_id else None)
        return plan_view(row, steps, library, table)

    def class_plans(
        self,
        class_id: str,
        table: MasteryTable | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> dict[str, PlanView]:
        """Every enrolled student's plan, a not-saved draft for those without one (for printing)."""
        table = table or self._c.evidence.mastery_table(class_id)
        out: dict[str, PlanView] = {}
        for student in table.students:
            found = self.plan(student.id, class_id, table)
            out[student.id] = found or self.preview(student.id, class_id, start, end, table)
        return out

    # ---- drafting ---------------------------------------------------------------------
    def preview(
        self,
        student_id: str,
        class_id: str,
        start: date | None = None,
        end: date | None = None,
        table: MasteryTable | None = None,
    ) -> PlanView:
        """A draft plan that is not saved (what :meth:`draft` would write for a student without a plan)."""
        start = start or self._c.clock.today()
        end = end or start + timedelta(weeks=DEFAULT_WEEKS)
        table = table or self._c.evidence.mastery_table(class_id)
        with self._c.db.reading() as tx:
            steps, goals = propose(tx, student_id, class_id, start, end, table)
            library = {a.id: activity_view(a) for a in tx.all(Activity, Activity.class_id == class_id)}
        standards = {s.id: s for s in table.standards}
        cells = table.for_student(student_id)
        views = [
            step_view(
                "",
                s.standard_id,
                i,
                s.target_on,
                s.status,
                s.activity_ids,
                s.notes,
                (),
                standards,
                cells,
                table.scale.cutoff,
                library,
            )
            for i, s in enumerate(steps)
        ]
        return PlanView("", student_id, class_id, start, end, goals, "", tuple(views))

    def draft(self, student_id: str, class_id: str, start: date, end: date) -> ChangeSet:
        """Draft the student's plan (or re-draft it, keeping what the teacher changed)."""
        return self.draft_class(class_id, start, end, [student_id])

    def draft_class(
        self,
        class_id: str,
        start: date,
        end: date,
        student_ids: Sequence[str] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ChangeSet:
        """Draft plans for every student of the class (or those named), all in one transaction.

        The new steps of all the plans are saved in one batch (:func:`save_new_steps`).
        """
        drafting.spread_dates(start, end, 0)  # checks the range before anything is written
        table = self._c.evidence.mastery_table(class_id)
        wanted = student_ids if student_ids is not None else [s.id for s in table.students]
        names = {s.id: s.display_name for s in table.students}
        new_steps: list[dict[str, Any]] = []
        with self._c.write() as tx:
            inputs = class_inputs(tx, class_id, wanted)
            for done, sid in enumerate(wanted):
                if cancelled is not None and cancelled():
                    raise UserError(_("Drafting the plans was cancelled; no plan was changed."))
                if progress is not None:
                    name = names.get(sid)
                    message = (
                        _("Drafting the plan for {name}").format(name=name)
                        if name
                        else _("Drafting a student's plan")
                    )
                    progress(done, len(wanted), message)
                draft_one(tx, sid, class_id, start, end, table, new_steps, inputs)
            save_new_steps(tx, new_steps)
        if progress is not None:
            progress(len(wanted), len(wanted), _("Done"))
        return tx.changes

    def _draft_one(
        self, tx: Tx, student_id: str, class_id: str, start: date, end: date, table: MasteryTable
    ) -> None:
        """Draft one student's plan inside ``tx`` (for the units service's narrowed drafts)."""
        draft_one(tx, student_id, class_id, start, end, table)
