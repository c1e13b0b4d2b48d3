"""Conflicts: how one is shown (what was edited — a student's name, a standard's code — and both
values), and how the teacher settles it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.store import conflicts
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import ENTITIES, LearnerProfile, Student

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


def display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v.get("text", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def describe(tx: Any, entity: str, entity_id: str, field: str) -> str:
    label = field.replace("_", " ")
    student_id = entity_id if entity == "student" else None
    if entity == "learner_profile":
        profile = tx.get(LearnerProfile, entity_id)
        student_id = profile.student_id if profile else None
    if student_id:
        student = tx.scalars(select(Student).where(Student.id == student_id))
        if student:
            s = student[0]
            name = " ".join(p for p in (s.preferred_name or s.given_name, s.family_name) if p)
            part = "learner profile: " if entity == "learner_profile" else ""
            return f"{name} — {part}{label}"
    model = ENTITIES.get(entity)
    rows = tx.scalars(select(model).where(model.id == entity_id)) if model else []
    title = ""
    if rows:
        row = rows[0]
        title = str(getattr(row, "name", "") or getattr(row, "code", "") or getattr(row, "title", ""))
    kind = entity.replace("school_class", "class").replace("_", " ")
    return f"{kind.capitalize()} {title}".strip() + f" — {label}"


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
                raise UserError("That conflict was already settled.")
            model = ENTITIES[found.entity]
            rows = tx.scalars(select(model).where(model.id == found.entity_id))
            if not rows:
                raise UserError("The changed item is not on this laptop any more.")
            tx.update(rows[0], **{found.field: found.other_value})
            conflicts.resolve_conflict(tx, conflict_id)
            tx.changes.add("conflict", conflict_id)
        return tx.changes

    def keep(self, conflict_id: str) -> ChangeSet:
        """Keep the value the sync chose and take the conflict off the list."""
        with self._c.write() as tx:
            if conflicts.get_conflict(tx, conflict_id) is None:
                raise UserError("That conflict was already settled.")
            conflicts.resolve_conflict(tx, conflict_id)
            tx.changes.add("conflict", conflict_id)
        return tx.changes
