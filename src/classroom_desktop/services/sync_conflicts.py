"""How a conflict is shown: what was edited (a student's name, a standard's code) and both values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from classroom_desktop.store.models import ENTITIES, LearnerProfile, Student


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
