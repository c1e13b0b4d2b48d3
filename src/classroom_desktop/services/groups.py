"""Readiness groups for a lesson: suggestions, saved group plans, and moving students between groups.

Group membership is a set: moving a student tombstones the old membership row and adds a new
one, so two laptops moving the same student merge without duplicates being lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.grouping import GroupingOptions, SuggestedGroup, suggest_groups
from classroom_desktop.domain.types import ReadinessResult, StandardInfo
from classroom_desktop.services.classes import active_student_ids, clean_name
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import (
    GroupMembership,
    GroupPlan,
    LearnerProfile,
    LearningPlan,
    LessonGroup,
    PlanStep,
    SchoolClass,
    Standard,
    Student,
)

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

#: The class option that keeps the teacher's keep-apart pairs and keep-together sets.
CONSTRAINTS_OPTION = "grouping_constraints"
#: The learning-plan step status of a student who is ready to be assessed.
READY_STATUS = "ready_to_assess"
#: The next focus is the first standard (in learning-path order) mastered by fewer than this share.
NEXT_FOCUS_SHARE = 0.8


@dataclass(frozen=True)
class Constraints:
    """The teacher's kept grouping constraints for a class (student ids)."""

    keep_apart: tuple[tuple[str, str], ...] = ()
    keep_together: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class GroupDraft:
    """A group to save: ``id`` None makes a new id."""

    name: str
    student_ids: Sequence[str] = ()
    activity: str = ""
    teacher_led: bool = False
    materials: str = ""
    id: str | None = None


@dataclass(frozen=True)
class GroupView:
    id: str
    name: str
    activity: str
    materials: str
    teacher_led: bool
    position: int
    student_ids: tuple[str, ...]


@dataclass(frozen=True)
class PlanView:
    """A saved group plan; ``unassigned`` are students of the class in no group."""

    id: str
    class_id: str
    plan_date: date
    lesson: str
    focus_ids: tuple[str, ...]
    groups: tuple[GroupView, ...]
    unassigned: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class PlanSummary:
    id: str
    plan_date: date
    lesson: str
    focus_codes: tuple[str, ...]
    group_count: int
    student_count: int


@dataclass(frozen=True)
class Suggestion:
    """Suggested groups with what they were made from; ``unmet``: requests that could not be honoured."""

    focus_ids: tuple[str, ...]
    groups: list[SuggestedGroup]
    unmet: list[str]
    readiness: dict[str, list[ReadinessResult]] = field(default_factory=dict)
    table: MasteryTable | None = None


@dataclass(frozen=True)
class ReadyStudent:
    student_id: str
    name: str
    standard_id: str
    code: str
    statement: str


def _plan_groups(tx: Tx, plan_id: str) -> list[LessonGroup]:
    return tx.all(
        LessonGroup, LessonGroup.plan_id == plan_id, order_by=[LessonGroup.position, LessonGroup.name]
    )


def _memberships(tx: Tx, group_ids: Sequence[str]) -> list[GroupMembership]:
    if not group_ids:
        return []
    return tx.all(
        GroupMembership, GroupMembership.group_id.in_(list(group_ids)), order_by=[GroupMembership.created_at]
    )


class Groups:
    """Group plans of a class. Construct as ``Groups(classroom)``."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    # ---- constraints --------------------------------------------------------------------
    def constraints(self, class_id: str) -> Constraints:
        raw = self._c.classes.options(class_id).get(CONSTRAINTS_OPTION) or {}
        apart = tuple((str(p[0]), str(p[1])) for p in raw.get("keep_apart", []) if len(p) == 2)
        together = tuple(
            tuple(str(s) for s in group) for group in raw.get("keep_together", []) if len(group) >= 2
        )
        return Constraints(apart, together)

    def set_constraints(
        self, class_id: str, keep_apart: Sequence[tuple[str, str]], keep_together: Sequence[Sequence[str]]
    ) -> ChangeSet:
        """Keep the teacher's constraints for the class (pairs of one student are refused)."""
        for a, b in keep_apart:
            if a == b:
                raise UserError(
                    "A student cannot be kept apart from themselves; choose two different students."
                )
        sets = [list(dict.fromkeys(s)) for s in keep_together]
        if any(len(s) < 2 for s in sets):
            raise UserError("A keep-together set needs at least two different students.")
        value = {"keep_apart": [list(p) for p in keep_apart], "keep_together": sets}
        return self._c.classes.set_option(class_id, CONSTRAINTS_OPTION, value)

    # ---- suggestions --------------------------------------------------------------------
    def suggest(
        self, class_id: str, focus_ids: Sequence[str], options: GroupingOptions | None = None
    ) -> Suggestion:
        """Groups by readiness on one focus standard, or by mastery on several, honouring kept constraints."""
        focus = list(dict.fromkeys(focus_ids))
        if not focus:
            raise UserError("Choose at least one focus standard for the lesson.")
        options = options or GroupingOptions()
        table = self._c.evidence.mastery_table(class_id)
        readiness = {fid: self._c.evidence.readiness(class_id, fid, table) for fid in focus}
        kept = self.constraints(class_id)
        merged = GroupingOptions(
            group_count=options.group_count,
            max_size=options.max_size,
            balanced=options.balanced,
            keep_apart=list(dict.fromkeys([*options.keep_apart, *kept.keep_apart])),
            keep_together=[*options.keep_together, *(frozenset(s) for s in kept.keep_together)],
            spread_accommodations=options.spread_accommodations,
        )
        students = [(s.id, s.display_name) for s in table.students]
        mastery = None
        if len(focus) > 1:
            mastery = {s.id: [table.cell(s.id, fid).value for fid in focus] for s in table.students}
        result = suggest_groups(
            students,
            {r.student_id: r for r in readiness[focus[0]]},
            merged,
            self.with_accommodations([sid for sid, _ in students]),
            mastery,
        )
        return Suggestion(tuple(focus), result.groups, result.unmet, readiness, table)

    def with_accommodations(self, student_ids: Sequence[str]) -> set[str]:
        return {sid for sid, text in self.profile_marks(student_ids).items() if text[0]}

    def profile_marks(self, student_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(accommodations, interests) text by student id, for the small marks on student cards."""
        with self._c.db.reading() as tx:
            rows = tx.all(
                LearnerProfile,
                LearnerProfile.student_id.in_(list(student_ids)),
                order_by=[LearnerProfile.created_at],
            )
        marks: dict[str, tuple[str, str]] = {}
        for row in rows:
            marks.setdefault(
                row.student_id, ((row.accommodations or "").strip(), (row.interests or "").strip())
            )
        return {sid: marks.get(sid, ("", "")) for sid in student_ids}

    def next_focus(self, class_id: str, table: MasteryTable | None = None) -> StandardInfo | None:
        """The first standard in learning-path order that fewer than 80% of the class have mastered."""
        klass = self._c.classes.get(class_id)
        if not klass.framework_id:
            return None
        table = table or self._c.evidence.mastery_table(class_id)
        count = len(table.students)
        for standard in self._c.curriculum.learning_path(klass.framework_id):
            mastered = 0
            for s in table.students:
                cell = table.cell(s.id, standard.id)
                mastered += cell.value is not None and (cell.mastered or table.scale.is_mastered(cell.value))
            if count and mastered < NEXT_FOCUS_SHARE * count:
                return standard
        return None

    def ready_to_assess(self, class_id: str) -> list[ReadyStudent]:
        """Students of the class whose learning-plan step is ready to be assessed, by name."""
        names = {s.id: s for s in self._c.students.list(class_id)}
        with self._c.db.reading() as tx:
            plans = {
                p.id: p.student_id
                for p in tx.all(LearningPlan, LearningPlan.student_id.in_(list(names)))
                if p.class_id in (None, class_id)
            }
            steps = (
                tx.all(
                    PlanStep,
                    PlanStep.plan_id.in_(list(plans)),
                    PlanStep.status == READY_STATUS,
                    order_by=[PlanStep.position],
                )
                if plans
                else []
            )
            standards = {s.id: s for s in tx.all(Standard, Standard.id.in_([st.standard_id for st in steps]))}
        found = [
            ReadyStudent(
                plans[st.plan_id],
                names[plans[st.plan_id]].display_name,
                st.standard_id,
                standards[st.standard_id].code,
                standards[st.standard_id].statement,
            )
            for st in steps
            if st.standard_id in standards
        ]
        return sorted(found, key=lambda r: (names[r.student_id].sort_key, r.code))

    # ---- plans: reads -------------------------------------------------------------------
    def plans(self, class_id: str) -> list[PlanSummary]:
        """The class's saved plans, newest first."""
        with self._c.db.reading() as tx:
            rows = tx.all(GroupPlan, GroupPlan.class_id == class_id)
            codes = {s.id: s.code for s in tx.all(Standard)}
            out = []
            for row in rows:
                groups = _plan_groups(tx, row.id)
                members = {m.student_id for m in _memberships(tx, [g.id for g in groups])}
                out.append(
                    PlanSummary(
                        row.id,
                        date.fromisoformat(row.plan_date),
                        row.lesson,
                        tuple(codes.get(f, "?") for f in row.focus_standard_ids or []),
                        len(groups),
                        len(members),
                    )
                )
        return sorted(out, key=lambda p: (p.plan_date, p.lesson), reverse=True)

    def plan(self, plan_id: str) -> PlanView:
        with self._c.db.reading() as tx:
            row = tx.require(GroupPlan, plan_id, "group plan")
            groups = _plan_groups(tx, plan_id)
            members: dict[str, list[str]] = {g.id: [] for g in groups}
            for m in _memberships(tx, list(members)):
                if m.student_id not in members[m.group_id]:
                    members[m.group_id].append(m.student_id)
            enrolled = active_student_ids(tx, row.class_id)
        order = {s.id: i for i, s in enumerate(self._c.students.list(row.class_id))}
        placed = {sid for ids in members.values() for sid in ids}
        views = tuple(
            GroupView(
                g.id,
                g.name,
                g.activity,
                g.materials,
                g.teacher_led,
                g.position,
                tuple(sorted(members[g.id], key=lambda s: order.get(s, len(order)))),
            )
            for g in groups
        )
        unassigned = tuple(sorted((s for s in enrolled if s not in placed), key=lambda s: order.get(s, 0)))
        return PlanView(
            row.id,
            row.class_id,
            date.fromisoformat(row.plan_date),
            row.lesson,
            tuple(row.focus_standard_ids or []),
            views,
            unassigned,
            row.notes,
        )

    # ---- plans: writes ------------------------------------------------------------------
    def save_plan(
        self,
        class_id: str,
        plan_date: date,
        lesson: str,
        focus_ids: Sequence[str],
        groups: Sequence[GroupDraft | SuggestedGroup],
    ) -> ChangeSet:
        """Save the board as the plan for ``plan_date``; ``changes.created_id`` is the new plan's id."""
        seen: dict[str, str] = {}
        for group in groups:
            for sid in group.student_ids:
                if sid in seen:
                    who = self._c.students.get(sid).display_name
                    raise UserError(
                        f"{who} is in two groups ({seen[sid]} and {group.name}); "
                        "a student can be in only one group."
                    )
                seen[sid] = group.name
        with self._c.write() as tx:
            tx.require(SchoolClass, class_id, "class")
            for fid in focus_ids:
                tx.require(Standard, fid, "focus standard")
            plan = tx.add(
                GroupPlan,
                class_id=class_id,
                plan_date=plan_date.isoformat(),
                lesson=lesson.strip(),
                focus_standard_ids=list(dict.fromkeys(focus_ids)),
            )
            for position, group in enumerate(groups):
                gid = getattr(group, "id", None)
                if gid and tx.raw("SELECT 1 FROM lesson_group WHERE id = ?", (gid,)):
                    gid = None
                self._add_group(
                    tx,
                    plan.id,
                    group.name,
                    group.activity,
                    group.teacher_led,
                    getattr(group, "materials", ""),
                    position,
                    group.student_ids,
                    gid,
                )
        tx.changes.created_id = plan.id
        return tx.changes

    def _add_group(
        self,
        tx: Tx,
        plan_id: str,
        name: str,
        activity: str,
        teacher_led: bool,
        materials: str,
        position: int,
        student_ids: Sequence[str],
        group_id: str | None = None,
    ) -> LessonGroup:
        fields: dict[str, Any] = {"id": group_id} if group_id else {}
        row = tx.add(
            LessonGroup,
            plan_id=plan_id,
            name=clean_name(name, "group"),
            activity=activity.strip(),
            teacher_led=bool(teacher_led),
            materials=materials.strip(),
            position=position,
            **fields,
        )
        for sid in dict.fromkeys(student_ids):
            tx.require(Student, sid, "student")
            tx.add(GroupMembership, group_id=row.id, student_id=sid)
        return row

    def edit_plan(
        self, plan_id: str, plan_date: date | None = None, lesson: str | None = None, notes: str | None = None
    ) -> ChangeSet:
        fields: dict[str, Any] = {}
        if plan_date is not None:
            fields["plan_date"] = plan_date.isoformat()
        if lesson is not None:
            fields["lesson"] = lesson.strip()
        if notes is not None:
            fields["notes"] = notes
        with self._c.write() as tx:
            tx.update(tx.require(GroupPlan, plan_id, "group plan"), **fields)
        return tx.changes

    def copy_plan(self, plan_id: str, new_date: date) -> ChangeSet:
        """A copy of the plan for ``new_date`` (students no longer in the class are left out)."""
        old = self.plan(plan_id)
        enrolled: set[str] = set(self._c.classes.student_ids(old.class_id))
        drafts = [
            GroupDraft(
                g.name, [s for s in g.student_ids if s in enrolled], g.activity, g.teacher_led, g.materials
            )
            for g in old.groups
        ]
        return self.save_plan(old.class_id, new_date, old.lesson, old.focus_ids, drafts)

    def delete_plan(self, plan_id: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.delete(tx.require(GroupPlan, plan_id, "group plan"))
        return tx.changes

    def move_students(self, plan_id: str, student_ids: Sequence[str], to_group_id: str | None) -> ChangeSet:
        """Move students into a group of the plan (None: out of every group, to the unassigned tray)."""
        with self._c.write() as tx:
            tx.require(GroupPlan, plan_id, "group plan")
            groups = {g.id for g in _plan_groups(tx, plan_id)}
            if to_group_id is not None and to_group_id not in groups:
                raise UserError("That group is not part of this plan any more. It may have been removed.")
            current = _memberships(tx, list(groups))
            for sid in dict.fromkeys(student_ids):
                tx.require(Student, sid, "student")
                mine = [m for m in current if m.student_id == sid]
                if to_group_id is not None and [m.group_id for m in mine] == [to_group_id]:
                    continue
                for m in mine:
                    tx.delete(m)
                if to_group_id is not None:
                    tx.add(GroupMembership, group_id=to_group_id, student_id=sid)
        return tx.changes

    def move_student(self, plan_id: str, student_id: str, to_group_id: str | None) -> ChangeSet:
        return self.move_students(plan_id, [student_id], to_group_id)

    def add_group(
        self,
        plan_id: str,
        name: str,
        activity: str = "",
        teacher_led: bool = False,
        materials: str = "",
        group_id: str | None = None,
    ) -> ChangeSet:
        """A new empty group at the end of the plan; ``changes.created_id`` is its id."""
        with self._c.write() as tx:
            tx.require(GroupPlan, plan_id, "group plan")
            position = max((g.position for g in _plan_groups(tx, plan_id)), default=-1) + 1
            row = self._add_group(tx, plan_id, name, activity, teacher_led, materials, position, [], group_id)
        tx.changes.created_id = row.id
        return tx.changes

    def edit_group(self, group_id: str, **fields: Any) -> ChangeSet:
        """Change a group's name, activity, materials or teacher_led."""
        unknown = set(fields) - {"name", "activity", "materials", "teacher_led"}
        if unknown:
            raise ValueError(f"unknown group fields: {sorted(unknown)}")
        if "name" in fields:
            fields["name"] = clean_name(fields["name"], "group")
        with self._c.write() as tx:
            tx.update(tx.require(LessonGroup, group_id, "group"), **fields)
        return tx.changes

    def rename_group(self, group_id: str, name: str) -> ChangeSet:
        return self.edit_group(group_id, name=name)

    def remove_group(self, group_id: str) -> ChangeSet:
        """Remove a group; its students go to the unassigned tray."""
        with self._c.write() as tx:
            row = tx.require(LessonGroup, group_id, "group")
            for m in _memberships(tx, [group_id]):
                tx.delete(m)
            tx.delete(row)
        return tx.changes

    def restore_group(self, group_id: str, student_ids: Sequence[str] = ()) -> ChangeSet:
        """Bring back a removed group (undo) with these students moved into it."""
        with self._c.write() as tx:
            rows = tx.scalars(select(LessonGroup).where(LessonGroup.id == group_id))
            if not rows:
                raise UserError("That group could not be found. It may have been deleted on another laptop.")
            tx.update(rows[0], deleted=False)
            plan_id = rows[0].plan_id
        changes = self.move_students(plan_id, student_ids, group_id) if student_ids else ChangeSet()
        changes.merge(tx.changes)
        return changes


def groups_of(classroom: Classroom) -> Groups:
    """The classroom's Groups service (``classroom.groups`` once attached, else a new one)."""
    found = getattr(classroom, "groups", None)
    return found if isinstance(found, Groups) else Groups(classroom)
