"""Changing the groups of a saved plan: moving students, adding, editing, removing and restoring groups.

Group membership is a set: moving a student tombstones the old membership row and adds a new
one, so two laptops moving the same student merge without duplicates being lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.classes import clean_name, edit_fields
from classroom_desktop.services.group_views import memberships, plan_groups
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import GroupMembership, GroupPlan, LessonGroup, Student
from classroom_desktop.store.not_found import not_found_message

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

__all__ = ["GroupEdits"]


class GroupEdits:
    """Edits to a plan's groups (mixed into ``Groups``, which sets ``self._c``)."""

    _c: Classroom

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

    def move_students(self, plan_id: str, student_ids: Sequence[str], to_group_id: str | None) -> ChangeSet:
        """Move students into a group of the plan (None: out of every group, to the unassigned tray)."""
        with self._c.write() as tx:
            tx.require(GroupPlan, plan_id, "group plan")
            groups = {g.id for g in plan_groups(tx, plan_id)}
            if to_group_id is not None and to_group_id not in groups:
                raise UserError(_("That group is not part of this plan any more. It may have been removed."))
            current = memberships(tx, list(groups))
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
            position = max((g.position for g in plan_groups(tx, plan_id)), default=-1) + 1
            row = self._add_group(tx, plan_id, name, activity, teacher_led, materials, position, [], group_id)
        tx.changes.created_id = row.id
        return tx.changes

    def edit_group(self, group_id: str, **fields: Any) -> ChangeSet:
        """Change a group's name, activity, materials or teacher_led."""
        allowed = {"name", "activity", "materials", "teacher_led"}
        return edit_fields(self._c, LessonGroup, group_id, "group", allowed, fields)

    def rename_group(self, group_id: str, name: str) -> ChangeSet:
        return self.edit_group(group_id, name=name)

    def remove_group(self, group_id: str) -> ChangeSet:
        """Remove a group; its students go to the unassigned tray."""
        with self._c.write() as tx:
            row = tx.require(LessonGroup, group_id, "group")
            for m in memberships(tx, [group_id]):
                tx.delete(m)
            tx.delete(row)
        return tx.changes

    def restore_group(self, group_id: str, student_ids: Sequence[str] = ()) -> ChangeSet:
        """Bring back a removed group (undo) with these students moved into it."""
        with self._c.write() as tx:
            rows = tx.scalars(select(LessonGroup).where(LessonGroup.id == group_id))
            if not rows:
                raise UserError(not_found_message("group"))
            tx.update(rows[0], deleted=False)
            plan_id = rows[0].plan_id
        changes = self.move_students(plan_id, student_ids, group_id) if student_ids else ChangeSet()
        changes.merge(tx.changes)
        return changes
