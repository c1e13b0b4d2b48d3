"""Conflicts: how one is shown (what was edited — a student's name, a standard's code — and both
values), and how the teacher settles it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _
from classroom_desktop.services.views import PROFILE_LABELS
from classroom_desktop.store import conflicts
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.conflicts import Named
from classroom_desktop.store.models import ENTITIES, LearnerProfile, LearningPlan, PlanStep, Standard, Student

#: How a plan step's fields are named to the teacher.
_STEP_FIELDS = {
    "chosen_activity_id": N_("chosen activity"),
    "activity_ids": N_("activities offered"),
    "standard_id": N_("standard"),
    "target_on": N_("target date"),
}

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


@dataclass(frozen=True)
class ConflictView:
    """One field edited on two laptops: the value kept and the other one."""

    id: str
    what: str  #: e.g. "Zoë Ng — learner profile: strengths"
    kept: str
    other: str
    entity: str
    entity_id: str
    field: str
    detected_at: str


#: How the fields a teacher edits are named in a conflict (the same words as the forms that edit them).
_FIELDS = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "preferred_name": N_("Preferred name"),
    "student_number": N_("Student ID"),
    "email": N_("Email"),
    **PROFILE_LABELS,
    "goals": N_("Goals"),
    "home_language": N_("Family's language"),
    "name": N_("Name"),
    "code": N_("Code"),
    "title": N_("Title"),
}
#: What kind of thing was edited, for rows that are not a student's.
_KINDS = {
    "school_class": N_("Class"),
    "standard": N_("Standard"),
    "framework": N_("Framework"),
    "lesson_group": N_("Group"),
    "learning_plan": N_("Learning plan"),
    "evidence": N_("Evidence"),
}


def _field(field: str) -> str:
    known = _FIELDS.get(field)
    return _(known) if known else field.replace("_", " ")


def display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(str(v.get("text", v)) if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, Named):
        return f"“{value.name}”"
    return str(value)


def _student_name(s: Student) -> str:
    return " ".join(p for p in (s.preferred_name or s.given_name, s.family_name) if p)


def _plan_step(tx: Any, step_id: str, field: str) -> str | None:
    """"Zoë Nguyễn — learning plan, step 4.NF.1: chosen activity" (None for a step no longer there)."""
    step = tx.get(PlanStep, step_id)
    plan = tx.get(LearningPlan, step.plan_id) if step is not None else None
    student = tx.get(Student, plan.student_id) if plan is not None else None
    if step is None or student is None:
        return None
    standard = tx.get(Standard, step.standard_id)
    what = _(_STEP_FIELDS.get(field, field.replace("_", " ")))
    code = standard.code if standard is not None else "?"
    return _("{student} — learning plan, step {code}: {what}").format(
        student=_student_name(student), code=code, what=what)


def describe(tx: Any, entity: str, entity_id: str, field: str) -> str:
    """What was edited, as the teacher knows it: "Zoë Ng — learner profile: Strengths"."""
    label = _field(field)
    if entity == "plan_step":
        step = _plan_step(tx, entity_id, field)
        if step is not None:
            return step
    student_id = entity_id if entity == "student" else None
    if entity == "learner_profile":
        profile = tx.get(LearnerProfile, entity_id)
        student_id = profile.student_id if profile else None
    if student_id:
        student = tx.scalars(select(Student).where(Student.id == student_id))
        if student:
            name = _student_name(student[0])
            if entity == "learner_profile":
                return _("{student} — learner profile: {field}").format(student=name, field=label)
            return _("{student} — {field}").format(student=name, field=label)
    model = ENTITIES.get(entity)
    rows = tx.scalars(select(model).where(model.id == entity_id)) if model else []
    title = ""
    if rows:
        row = rows[0]
        title = str(getattr(row, "name", "") or getattr(row, "code", "") or getattr(row, "title", ""))
    known = _KINDS.get(entity)
    kind = _(known) if known else entity.replace("_", " ").capitalize()
    return _("{kind} {title} — {field}").format(kind=kind, title=title, field=label).replace("  ", " ")


class ConflictActions:
    """The open conflicts of a workspace and how the teacher settles them (mixed into ``SyncService``,
    which sets ``self._c``)."""

    _c: Classroom

    def conflicts(self) -> list[ConflictView]:
        """Edits that clashed and have not been settled, newest first."""
        rows = conflicts.open_conflicts(self._c.db)
        with self._c.db.reading() as tx:
            return [
                ConflictView(
                    r.id,
                    describe(tx, r.entity, r.entity_id, r.field),
                    display(r.kept_value),
                    display(r.other_value),
                    r.entity,
                    r.entity_id,
                    r.field,
                    r.detected_at,
                )
                for r in rows
            ]

    def take_other(self, conflict_id: str) -> ChangeSet:
        """Use the value that lost: a new edit on this laptop, which then syncs to the others."""
        with self._c.write() as tx:
            found = conflicts.get_conflict(tx, conflict_id)
            if found is None:
                raise UserError(_("That conflict was already settled."))
            model = ENTITIES[found.entity]
            rows = tx.scalars(select(model).where(model.id == found.entity_id))
            if not rows:
                raise UserError(_("The changed item is not on this laptop any more."))
            tx.update(rows[0], **{found.field: found.other_value})
            conflicts.resolve_conflict(tx, conflict_id)
            tx.changes.add("conflict", conflict_id)
        return tx.changes

    def keep(self, conflict_id: str) -> ChangeSet:
        """Keep the value the sync chose and take the conflict off the list."""
        with self._c.write() as tx:
            if conflicts.get_conflict(tx, conflict_id) is None:
                raise UserError(_("That conflict was already settled."))
            conflicts.resolve_conflict(tx, conflict_id)
            tx.changes.add("conflict", conflict_id)
        return tx.changes
