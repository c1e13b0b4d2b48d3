"""Saved group plans of a lesson and moving students between groups (suggestions: ``group_suggestions``).

Group membership is a set: moving a student tombstones the old membership row and adds a new
one, so two laptops moving the same student merge without duplicates being lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.grouping import SuggestedGroup
from classroom_desktop.services.classes import active_student_ids, clean_name
from classroom_desktop.services.group_suggestions import (
    CONSTRAINTS_OPTION,
    NEXT_FOCUS_SHARE,
    READY_STATUS,
    Constraints,
    FocusCount,
    GroupSuggestions,
    ReadyStudent,
    Suggestion,
)
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import (
    GroupMembership,
    GroupPlan,
    LessonGroup,
    SchoolClass,
    Standard,
    Student,
)

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

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
    #: When the plan was saved (UTC ISO 8601), to tell two plans of one day apart.
    saved_at: str = ""

    @property
    def saved_time(self) -> str:
        """The local time the plan was saved, "09:14" (empty when unknown)."""
        if not self.saved_at:
            return ""
        return datetime.fromisoformat(self.saved_at).astimezone().strftime("%H:%M")


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


class Groups(GroupSuggestions):
    """Group plans of a class. Construct as ``Groups(classroom)``."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

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
                        row.created_at,
                    )
                )
        return sorted(out, key=lambda p: (p.plan_date, p.saved_at, p.lesson), reverse=True)

    def find_plan(self, class_id: str, text: str) -> str:
        """The plan a teacher names: its date ("2026-12-02"), its lesson, "DATE/LESSON", or its id.

        Of several matches the one saved last is taken. Raises UserError naming what was not found.
        """
        wanted = text.strip()
        plans = self.plans(class_id)  # newest first
        if any(p.id == wanted for p in plans):
            return wanted
        day, _, lesson = wanted.partition("/")
        try:
            on: date | None = date.fromisoformat(day.strip())
        except ValueError:
            on, lesson = None, wanted
        for p in plans:
            if (on is None or p.plan_date == on) and (
                not lesson.strip() or p.lesson.casefold() == lesson.strip().casefold()
            ):
                return p.id
        known = "; ".join(f"{p.plan_date}/{p.lesson}" if p.lesson else str(p.plan_date) for p in plans[:5])
        raise UserError(
            f"No group plan matches '{wanted}'. "
            + (f"Saved plans: {known}." if known else "This class has no saved group plan yet.")
        )

    def plan_on(self, class_id: str, day: date) -> str | None:
        """The id of the class's plan for ``day`` saved last (None when there is none)."""
        with self._c.db.reading() as tx:
            rows = tx.all(GroupPlan, GroupPlan.class_id == class_id, GroupPlan.plan_date == day.isoformat())
        return max(rows, key=lambda r: r.created_at).id if rows else None

    def _same_plan(
        self,
        class_id: str,
        plan_date: date,
        lesson: str,
        focus_ids: Sequence[str],
        groups: Sequence[GroupDraft | SuggestedGroup],
    ) -> str | None:
        """A saved plan identical to this one (day, lesson, focus, groups and members), if any."""
        with self._c.db.reading() as tx:
            rows = tx.all(
                GroupPlan, GroupPlan.class_id == class_id, GroupPlan.plan_date == plan_date.isoformat()
            )
        focus = list(dict.fromkeys(focus_ids))
        wanted = [
            (clean_name(g.name, "group"), g.activity.strip(), bool(g.teacher_led), frozenset(g.student_ids))
            for g in groups
        ]
        for row in rows:
            if row.lesson != lesson.strip() or list(row.focus_standard_ids or []) != focus:
                continue
            saved = self.plan(row.id).groups
            if [(g.name, g.activity, g.teacher_led, frozenset(g.student_ids)) for g in saved] == wanted:
                return row.id
        return None

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
        """Save the board as the plan for ``plan_date``; ``changes.created_id`` is the new plan's id.

        Saving a plan identical to one already saved for that day (same lesson, focus, groups and
        members) saves nothing and gives that plan's id, so a second "Save" or "Print" makes no twin.
        """
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
        same = self._same_plan(class_id, plan_date, lesson, focus_ids, groups)
        if same is not None:
            return ChangeSet(created_id=same)
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


__all__ = [
    "CONSTRAINTS_OPTION",
    "NEXT_FOCUS_SHARE",
    "READY_STATUS",
    "Constraints",
    "FocusCount",
    "GroupDraft",
    "GroupView",
    "Groups",
    "PlanSummary",
    "PlanView",
    "ReadyStudent",
    "Suggestion",
    "groups_of",
]
