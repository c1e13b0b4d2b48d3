"""SQLAlchemy 2 models for every entity of the vocabulary (see DESIGN.md).

Conventions:
- Primary keys are UUID strings; there is no unique constraint other than the key, so a
  merge never drops a row (duplicates are flagged for the teacher instead).
- Dates are ISO ``YYYY-MM-DD`` strings and timestamps ISO 8601 UTC strings: they sort as
  text, travel through the sync change log unchanged, and read fast in bulk.
- ``deleted`` is a tombstone (sync carries deletes as a field change); ``archived`` is the
  teacher's "hide but keep".
- List-like fields (goals, tags, focus standards) are JSON.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from classroom_desktop.domain.ids import new_id

#: Timestamp columns filled from the workspace's clock when a row is written (never by a default).
TIMESTAMP_FIELDS = ("created_at", "modified_at", "entered_at", "detected_at")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Entity(Base):
    """Columns every synced entity has."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[str] = mapped_column(String(32))
    modified_at: Mapped[str] = mapped_column(String(32))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Scale(Entity):
    __tablename__ = "scale"
    name: Mapped[str] = mapped_column(String(120))
    cutoff: Mapped[float] = mapped_column(Float, default=3.0)
    levels: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Framework(Entity):
    __tablename__ = "framework"
    name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(120), default="")
    grade: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")


class Strand(Entity):
    __tablename__ = "strand"
    framework_id: Mapped[str] = mapped_column(ForeignKey("framework.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Standard(Entity):
    __tablename__ = "standard"
    framework_id: Mapped[str] = mapped_column(ForeignKey("framework.id"), index=True)
    strand_id: Mapped[str | None] = mapped_column(ForeignKey("strand.id"), index=True, nullable=True)
    code: Mapped[str] = mapped_column(String(40))
    statement: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Prerequisite(Entity):
    __tablename__ = "prerequisite"
    standard_id: Mapped[str] = mapped_column(ForeignKey("standard.id"), index=True)
    prerequisite_id: Mapped[str] = mapped_column(ForeignKey("standard.id"), index=True)


class SchoolClass(Entity):
    __tablename__ = "school_class"
    name: Mapped[str] = mapped_column(String(200))
    school_year: Mapped[str] = mapped_column(String(40), default="")
    framework_id: Mapped[str | None] = mapped_column(ForeignKey("framework.id"), nullable=True)
    scale_id: Mapped[str | None] = mapped_column(ForeignKey("scale.id"), nullable=True)
    mastery_method: Mapped[str] = mapped_column(String(40), default="decaying_average")
    mastery_weight: Mapped[float] = mapped_column(Float, default=0.65)
    mastery_n: Mapped[int] = mapped_column(Integer, default=3)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Student(Entity):
    __tablename__ = "student"
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200), default="")
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    student_number: Mapped[str] = mapped_column(String(80), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    display_code: Mapped[str] = mapped_column(String(40), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class Enrolment(Entity):
    __tablename__ = "enrolment"
    class_id: Mapped[str] = mapped_column(ForeignKey("school_class.id"), index=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LearnerProfile(Entity):
    __tablename__ = "learner_profile"
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)
    strengths: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    motivations: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    learning_preferences: Mapped[str] = mapped_column(Text, default="")
    accommodations: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The language the family reads (a code such as "es"); family reports print in it.
    home_language: Mapped[str] = mapped_column(Text, default="", server_default="")


class Assessment(Entity):
    __tablename__ = "assessment"
    class_id: Mapped[str] = mapped_column(ForeignKey("school_class.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(40), default="quiz")
    standard_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)


class EvidenceRow(Entity):
    """Insert-only. A correction is a new row whose ``supersedes_id`` names the old one."""

    __tablename__ = "evidence"
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"))
    standard_id: Mapped[str] = mapped_column(ForeignKey("standard.id"))
    class_id: Mapped[str | None] = mapped_column(ForeignKey("school_class.id"), nullable=True)
    assessment_id: Mapped[str | None] = mapped_column(ForeignKey("assessment.id"), nullable=True)
    level: Mapped[float | None] = mapped_column(Float, nullable=True)
    observed_on: Mapped[str] = mapped_column(String(10))
    entered_at: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40), default="observation")
    note: Mapped[str] = mapped_column(Text, default="")
    supersedes_id: Mapped[str | None] = mapped_column(String(36), nullable=True)

    __table_args__ = (
        # Covering index for the mastery table: one ordered scan, no table lookups.
        Index(
            "ix_evidence_mastery",
            "student_id",
            "standard_id",
            "observed_on",
            "entered_at",
            "id",
            "level",
            "supersedes_id",
            "deleted",
        ),
        Index("ix_evidence_standard", "standard_id"),
        Index("ix_evidence_supersedes", "supersedes_id"),
    )


class GroupPlan(Entity):
    __tablename__ = "group_plan"
    class_id: Mapped[str] = mapped_column(ForeignKey("school_class.id"), index=True)
    plan_date: Mapped[str] = mapped_column(String(10))
    lesson: Mapped[str] = mapped_column(String(200), default="")
    focus_standard_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")


class LessonGroup(Entity):
    __tablename__ = "lesson_group"
    plan_id: Mapped[str] = mapped_column(ForeignKey("group_plan.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    activity: Mapped[str] = mapped_column(Text, default="")
    materials: Mapped[str] = mapped_column(Text, default="")
    teacher_led: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class GroupMembership(Entity):
    __tablename__ = "group_membership"
    group_id: Mapped[str] = mapped_column(ForeignKey("lesson_group.id"), index=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)


class LearningPlan(Entity):
    __tablename__ = "learning_plan"
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)
    class_id: Mapped[str | None] = mapped_column(ForeignKey("school_class.id"), nullable=True)
    start_on: Mapped[str] = mapped_column(String(10), default="")
    end_on: Mapped[str] = mapped_column(String(10), default="")
    goals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reflection: Mapped[str] = mapped_column(Text, default="")


class PlanStep(Entity):
    __tablename__ = "plan_step"
    plan_id: Mapped[str] = mapped_column(ForeignKey("learning_plan.id"), index=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standard.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    target_on: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(40), default="not_started")
    activity_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    edited_fields: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: The activity the student picked from the step's choice board ("" for none yet).
    chosen_activity_id: Mapped[str] = mapped_column(String(36), default="", server_default="")


class Activity(Entity):
    __tablename__ = "activity"
    class_id: Mapped[str | None] = mapped_column(ForeignKey("school_class.id"), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    standard_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    level_min: Mapped[float] = mapped_column(Float, default=1.0)
    level_max: Mapped[float] = mapped_column(Float, default=4.0)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    materials: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(Text, default="")


class SelfAssessment(Entity):
    """Insert-only: a student's own level on a standard, recorded beside the teacher's evidence.

    It never counts toward mastery. Undoing one tombstones it (``deleted``).
    """

    __tablename__ = "self_assessment"
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standard.id"), index=True)
    class_id: Mapped[str | None] = mapped_column(ForeignKey("school_class.id"), nullable=True)
    level: Mapped[float] = mapped_column(Float)
    assessed_on: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")


class Note(Entity):
    """Insert-only teacher note about a student."""

    __tablename__ = "note"
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)
    class_id: Mapped[str | None] = mapped_column(ForeignKey("school_class.id"), nullable=True)
    written_on: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(120), default="")


class Unit(Entity):
    """A unit-long problem: a driving problem, an end task, and the ordered standards it needs.

    Merge rule: every field is last-writer-wins by its stamp; the ordered ``standard_ids`` list
    travels as one value (the newest order wins whole, the other is kept as a conflict); a
    deleted unit is a tombstone.
    """

    __tablename__ = "unit"
    class_id: Mapped[str] = mapped_column(ForeignKey("school_class.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    driving_problem: Mapped[str] = mapped_column(Text, default="")
    end_task: Mapped[str] = mapped_column(Text, default="")
    standard_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


class HelperSetting(Entity):
    """Whether a student is offered as a peer helper (the teacher's opt-out), one row per student.

    Merge rule: the row's id is derived from the student's, so two laptops that opt the same student
    out offline make one row; ``opted_out`` is last-writer-wins (the losing value kept as a conflict).
    """

    __tablename__ = "helper_setting"
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)


class Reassessment(Entity):
    """A student marked "ready to be re-assessed" on a standard, until the new result is recorded.

    Merge rule: the id is derived from the student, the standard and how many attempts the student
    had when marked, so two laptops marking the same readiness make one row; fields are
    last-writer-wins; taking the mark back (undo) is the ``deleted`` tombstone; recording the result
    sets ``evidence_id`` and ``closed_on`` (the evidence itself is insert-only, a union).
    """

    __tablename__ = "reassessment"
    student_id: Mapped[str] = mapped_column(ForeignKey("student.id"), index=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standard.id"))
    class_id: Mapped[str | None] = mapped_column(ForeignKey("school_class.id"), nullable=True)
    marked_on: Mapped[str] = mapped_column(String(10))
    marked_by: Mapped[str] = mapped_column(String(20), default="teacher")
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    closed_on: Mapped[str] = mapped_column(String(10), default="")


class Change(Base):
    """The change log: one row per changed field, written in the same transaction as the change.

    Local-only bookkeeping (never a synced entity), so its key is a sequence number: the
    order in which this workspace learned of the change.
    """

    __tablename__ = "change"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hlc: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    origin: Mapped[str] = mapped_column(String(10), default="local")
    #: The newest stamp the writer knew for this field (for a delete: for the row) when it wrote
    #: this change; "" when none, "~" when unknown (logged before revision 0004), NULL until
    #: filled for this laptop's own changes (``store/change_log.fill_bases``).
    base: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: The newest stamp the writer knew for any field of the row (same conventions as ``base``).
    row_base: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: The hash of the bundle that published or brought this change ("snapshot" for a snapshot).
    bundle: Mapped[str | None] = mapped_column(String(80), nullable=True)

    __table_args__ = (
        Index("ix_change_field", "entity", "entity_id", "field", "hlc"),
        Index("ix_change_origin_seq", "origin", "seq"),
    )


class Conflict(Base):
    """A field edited on two laptops: the value kept and the one that lost, both shown to the teacher."""

    __tablename__ = "conflict"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    kept_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept_hlc: Mapped[str] = mapped_column(String(64))
    other_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    other_hlc: Mapped[str] = mapped_column(String(64))
    detected_at: Mapped[str] = mapped_column(String(32))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class Meta(Base):
    """Workspace settings and bookkeeping (device id, clock, evidence kinds, …)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)


#: Synced entities by the name used in the change log.
ENTITIES: dict[str, type[Entity]] = {
    cls.__tablename__: cls
    for cls in (
        Scale,
        Framework,
        Strand,
        Standard,
        Prerequisite,
        SchoolClass,
        Student,
        Enrolment,
        LearnerProfile,
        Assessment,
        EvidenceRow,
        GroupPlan,
        LessonGroup,
        GroupMembership,
        LearningPlan,
        PlanStep,
        Activity,
        Note,
        Unit,
        HelperSetting,
        Reassessment,
        SelfAssessment,
    )
}

#: Entities whose rows never change once written (sync merges them as a union).
INSERT_ONLY: frozenset[str] = frozenset({"evidence", "note", "self_assessment"})
