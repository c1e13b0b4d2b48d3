"""Learning plans: drafting from mastery, the teacher's edits, and the class's activity library.

A step's "mastered" status follows the evidence: it is worked out whenever a plan is read and
never written by itself. Re-drafting keeps every field the teacher changed (``edited_fields``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain import plans as drafting
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.ids import derived_id
from classroom_desktop.domain.plans import STATUSES, ActivityInfo, DraftStep
from classroom_desktop.domain.scale import ProficiencyScale, as_shown
from classroom_desktop.domain.school_calendar import SchoolCalendar
from classroom_desktop.domain.types import MasteryCell, StandardInfo
from classroom_desktop.services.roster import goals_from_json, goals_to_json
from classroom_desktop.services.views import Goal, MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import Activity, LearnerProfile, LearningPlan, PlanStep, SchoolClass

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

__all__ = ["ActivityView", "PlanView", "Plans", "StepView", "plans_of"]

#: Class option: how many steps a week the class's plans move at.
PACE_OPTION = "plan_steps_per_week"
DEFAULT_WEEKS = 8


@dataclass(frozen=True)
class ActivityView:
    id: str
    class_id: str | None
    title: str
    standard_ids: tuple[str, ...]
    level_min: float
    level_max: float
    tags: tuple[str, ...]
    materials: str
    link: str


def activity_view(row: Activity) -> ActivityView:
    return ActivityView(
        row.id,
        row.class_id,
        row.title,
        tuple(row.standard_ids or []),
        row.level_min,
        row.level_max,
        tuple(row.tags or []),
        row.materials or "",
        row.link or "",
    )


def _clean_activity(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "title" in out:
        out["title"] = " ".join((out["title"] or "").split())
        if not out["title"]:
            raise UserError("The activity needs a title.")
    if "tags" in out:
        out["tags"] = list(dict.fromkeys(t.strip() for t in out["tags"] if t.strip()))
    if "standard_ids" in out:
        out["standard_ids"] = list(dict.fromkeys(out["standard_ids"]))
    for key in ("materials", "link"):
        if key in out:
            out[key] = (out[key] or "").strip()
    return out


class ActivityLibrary:
    """The class's activities: title, standards, level range, tags, materials, a page or link."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    def activities(self, class_id: str) -> list[ActivityView]:
        with self._c.db.reading() as tx:
            rows = tx.all(Activity, Activity.class_id == class_id, order_by=[Activity.title])
        return [activity_view(r) for r in rows]

    def add_activity(
        self,
        class_id: str,
        title: str,
        standard_ids: Sequence[str] = (),
        level_min: float = 1.0,
        level_max: float = 4.0,
        tags: Sequence[str] = (),
        materials: str = "",
        link: str = "",
    ) -> ChangeSet:
        fields = _clean_activity(
            {
                "title": title,
                "standard_ids": list(standard_ids),
                "tags": list(tags),
                "materials": materials,
                "link": link,
            }
        )
        self._check_levels(level_min, level_max)
        with self._c.write() as tx:
            tx.require(SchoolClass, class_id, "class")
            row = tx.add(
                Activity, class_id=class_id, level_min=float(level_min), level_max=float(level_max), **fields
            )
        tx.changes.created_id = row.id
        return tx.changes

    def edit_activity(self, activity_id: str, **fields: Any) -> ChangeSet:
        allowed = {"title", "standard_ids", "level_min", "level_max", "tags", "materials", "link"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown activity fields: {sorted(unknown)}")
        values = _clean_activity(fields)
        with self._c.write() as tx:
            row = tx.require(Activity, activity_id, "activity")
            self._check_levels(values.get("level_min", row.level_min), values.get("level_max", row.level_max))
            tx.update(row, **values)
        return tx.changes

    def delete_activity(self, activity_id: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.delete(tx.require(Activity, activity_id, "activity"))
        return tx.changes

    @staticmethod
    def _check_levels(low: float, high: float) -> None:
        if low > high:
            raise UserError(
                f"The activity's lowest level ({low:g}) is above its highest level ({high:g}). "
                "Swap them or change one."
            )


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


def plans_of(classroom: Classroom) -> Plans:
    """The classroom's Plans service (attached once Classroom does it itself)."""
    found = getattr(classroom, "plans", None)
    if isinstance(found, Plans):
        return found
    plans = Plans(classroom)
    classroom.plans = plans  # type: ignore[attr-defined]
    return plans


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _step_state(row: PlanStep) -> dict[str, Any]:
    return {
        "standard_id": row.standard_id,
        "position": row.position,
        "target_on": row.target_on,
        "status": row.status,
        "activity_ids": list(row.activity_ids or []),
        "notes": row.notes,
        "edited_fields": list(row.edited_fields or []),
    }


class Plans(ActivityLibrary):
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
            row = self._plan_row(tx, student_id, class_id)
            if row is None:
                return None
            steps = tx.all(
                PlanStep, PlanStep.plan_id == row.id, order_by=[PlanStep.position, PlanStep.created_at]
            )
            library = {a.id: activity_view(a) for a in tx.all(Activity)}
        class_id = row.class_id or class_id
        table = table or (self._c.evidence.mastery_table(class_id) if class_id else None)
        return self._view(row, steps, library, table)

    def _view(
        self,
        row: LearningPlan,
        steps: Sequence[PlanStep],
        library: dict[str, ActivityView],
        table: MasteryTable | None,
    ) -> PlanView:
        standards = {s.id: s for s in table.standards} if table else {}
        cells = table.for_student(row.student_id) if table else {}
        cutoff = table.scale.cutoff if table else 3.0
        views = [
            self._step_view(
                s.id,
                s.standard_id,
                i,
                _day(s.target_on),
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
            _day(row.start_on),
            _day(row.end_on),
            goals_from_json(row.goals),
            row.reflection or "",
            tuple(views),
        )

    @staticmethod
    def _step_view(
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
                and not (
                    (c := cells.get(p)) is not None and c.value is not None and as_shown(c.value) >= cutoff
                )
            )
        return StepView(
            step_id,
            standard_id,
            standard.code if standard else "?",
            standard.statement if standard else "(a standard no longer in this framework)",
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

    @staticmethod
    def _plan_row(tx: Tx, student_id: str, class_id: str | None) -> LearningPlan | None:
        where = [LearningPlan.student_id == student_id]
        if class_id:
            where.append(LearningPlan.class_id == class_id)
        rows = tx.all(LearningPlan, *where, order_by=[LearningPlan.created_at])
        return rows[0] if rows else None

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
    def _inputs(
        self,
        tx: Tx,
        student_id: str,
        class_id: str,
        table: MasteryTable,
    ) -> tuple[list[ActivityInfo], str, tuple[Goal, ...], float | None]:
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
        profiles = tx.all(
            LearnerProfile, LearnerProfile.student_id == student_id, order_by=[LearnerProfile.created_at]
        )
        interests = profiles[0].interests if profiles else ""
        goals = goals_from_json(profiles[0].goals) if profiles else ()
        pace = (row.options or {}).get(PACE_OPTION)
        return activities, interests or "", goals, float(pace) if pace else None

    def _propose(
        self,
        tx: Tx,
        student_id: str,
        class_id: str,
        start: date,
        end: date,
        table: MasteryTable,
        existing: Sequence[DraftStep] = (),
    ) -> tuple[list[DraftStep], tuple[Goal, ...]]:
        activities, interests, goals, pace = self._inputs(tx, student_id, class_id, table)
        values = {sid: cell.value for sid, cell in table.for_student(student_id).items()}
        scale: ProficiencyScale = table.scale
        steps = drafting.draft_steps(
            table.standards,
            values,
            scale.cutoff,
            activities,
            interests,
            start,
            end,
            pace,
            existing,
            float(scale.minimum),
            school_calendar(tx.require(SchoolClass, class_id, "class").options),
        )
        return steps, goals

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
            steps, goals = self._propose(tx, student_id, class_id, start, end, table)
            library = {a.id: activity_view(a) for a in tx.all(Activity, Activity.class_id == class_id)}
        standards = {s.id: s for s in table.standards}
        cells = table.for_student(student_id)
        views = [
            self._step_view(
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
        """Draft plans for every student of the class (or those named), all in one transaction."""
        drafting.spread_dates(start, end, 0)  # checks the range before anything is written
        table = self._c.evidence.mastery_table(class_id)
        wanted = student_ids if student_ids is not None else [s.id for s in table.students]
        names = {s.id: s.display_name for s in table.students}
        with self._c.write() as tx:
            for done, sid in enumerate(wanted):
                if cancelled is not None and cancelled():
                    raise UserError("Drafting the plans was cancelled; no plan was changed.")
                if progress is not None:
                    progress(done, len(wanted), f"Drafting the plan for {names.get(sid, 'a student')}")
                self._draft_one(tx, sid, class_id, start, end, table)
        if progress is not None:
            progress(len(wanted), len(wanted), "Done")
        return tx.changes

    def _draft_one(
        self, tx: Tx, student_id: str, class_id: str, start: date, end: date, table: MasteryTable
    ) -> None:
        plan = self._plan_row(tx, student_id, class_id)
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
        old_rows = tx.all(
            PlanStep, PlanStep.plan_id == plan.id, order_by=[PlanStep.position, PlanStep.created_at]
        )
        existing = [
            DraftStep(
                r.standard_id,
                _day(r.target_on),
                tuple(r.activity_ids or []),
                (),
                r.status,
                r.notes,
                tuple(r.edited_fields or []),
                r.id,
            )
            for r in old_rows
        ]
        steps, goals = self._propose(tx, student_id, class_id, start, end, table, existing)
        tx.update(plan, start_on=start.isoformat(), end_on=end.isoformat())
        if not plan.goals and goals:
            tx.update(plan, goals=goals_to_json(goals))
        by_id = {r.id: r for r in old_rows}
        kept = {s.step_id for s in steps if s.step_id}
        for row in old_rows:
            if row.id not in kept:
                tx.delete(row)
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
                tx.add(PlanStep, plan_id=plan.id, **fields)

    # ---- editing ----------------------------------------------------------------------
    def edit_step(self, step_id: str, **fields: Any) -> ChangeSet:
        """Change a step's ``target_on`` (a date), ``status``, ``activity_ids`` or ``notes``.

        The changed fields are marked edited, so a re-draft keeps them.
        """
        unknown = set(fields) - {"target_on", "status", "activity_ids", "notes"}
        if unknown:
            raise ValueError(f"unknown plan step fields: {sorted(unknown)}")
        values = dict(fields)
        if "status" in values and values["status"] not in STATUSES:
            raise UserError(
                f"'{values['status']}' is not a step status. Choose one of: "
                f"{', '.join(drafting.STATUS_LABELS.values())}."
            )
        if "target_on" in values:
            day = values["target_on"]
            values["target_on"] = day.isoformat() if isinstance(day, date) else ""
        if "activity_ids" in values:
            values["activity_ids"] = list(dict.fromkeys(values["activity_ids"]))
        if "notes" in values:
            values["notes"] = (values["notes"] or "").strip()
        with self._c.write() as tx:
            row = tx.require(PlanStep, step_id, "plan step")
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            edited = list(dict.fromkeys([*(row.edited_fields or []), *changed]))
            tx.update(row, **values, edited_fields=edited)
        return tx.changes

    def reorder(self, plan_id: str, step_ids: Sequence[str]) -> ChangeSet:
        """Put the plan's steps in this order; steps that moved keep their place on re-draft."""
        with self._c.write() as tx:
            tx.require(LearningPlan, plan_id, "learning plan")
            rows = {r.id: r for r in tx.all(PlanStep, PlanStep.plan_id == plan_id)}
            if set(step_ids) != set(rows):
                raise UserError("The plan changed while you were reordering it. Try again.")
            for position, sid in enumerate(step_ids):
                row = rows[sid]
                if row.position != position:
                    edited = list(dict.fromkeys([*(row.edited_fields or []), "position"]))
                    tx.update(row, position=position, edited_fields=edited)
        return tx.changes

    def add_step(self, plan_id: str, standard_id: str, target_on: date | None = None) -> ChangeSet:
        """Add a step (at the end); a step the teacher added stays on re-draft."""
        with self._c.write() as tx:
            plan = tx.require(LearningPlan, plan_id, "learning plan")
            rows = tx.all(PlanStep, PlanStep.plan_id == plan_id)
            if any(r.standard_id == standard_id for r in rows):
                raise UserError("That standard is already a step of this plan.")
            day = target_on or _day(plan.end_on)
            row = tx.add(
                PlanStep,
                plan_id=plan_id,
                standard_id=standard_id,
                position=max((r.position for r in rows), default=-1) + 1,
                target_on=day.isoformat() if day else "",
                edited_fields=[drafting.ADDED, "position"],
            )
        tx.changes.created_id = row.id
        return tx.changes

    def remove_step(self, step_id: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.delete(tx.require(PlanStep, step_id, "plan step"))
        return tx.changes

    def set_goals(self, plan_id: str, goals: Sequence[Goal]) -> ChangeSet:
        with self._c.write() as tx:
            tx.update(tx.require(LearningPlan, plan_id, "learning plan"), goals=goals_to_json(goals))
        return tx.changes

    def set_reflection(self, plan_id: str, text: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.update(tx.require(LearningPlan, plan_id, "learning plan"), reflection=(text or "").strip())
        return tx.changes

    # ---- undo support -----------------------------------------------------------------
    def snapshot(self, plan_id: str) -> dict[str, Any]:
        """Everything an edit can change in a plan, to give to :meth:`restore` (undo)."""
        with self._c.db.reading() as tx:
            plan = tx.require(LearningPlan, plan_id, "learning plan")
            steps = {r.id: _step_state(r) for r in tx.all(PlanStep, PlanStep.plan_id == plan_id)}
            return {
                "plan_id": plan_id,
                "goals": list(plan.goals or []),
                "reflection": plan.reflection,
                "steps": steps,
            }

    def restore(self, snapshot: dict[str, Any]) -> ChangeSet:
        """Put a plan back as :meth:`snapshot` saw it (removed steps come back, added ones go)."""
        from sqlalchemy import select

        with self._c.write() as tx:
            plan = tx.require(LearningPlan, snapshot["plan_id"], "learning plan")
            tx.update(plan, goals=snapshot["goals"], reflection=snapshot["reflection"])
            rows = tx.scalars(select(PlanStep).where(PlanStep.plan_id == plan.id))
            for row in rows:
                state = snapshot["steps"].get(row.id)
                if state is None:
                    if not row.deleted:
                        tx.delete(row)
                else:
                    tx.update(row, deleted=False, **state)
        return tx.changes


#: The class option that keeps the school calendar (school days of the week, holidays).
CALENDAR_OPTION = "school_calendar"


def school_calendar(options: dict[str, Any] | None) -> SchoolCalendar:
    """The school calendar kept in a class's options (Monday to Friday, no holidays, if none)."""
    return SchoolCalendar.from_json((options or {}).get(CALENDAR_OPTION))
