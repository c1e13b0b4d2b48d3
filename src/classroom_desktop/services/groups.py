"""Saved group plans of a lesson (suggestions: ``group_suggestions``; moving students: ``group_edits``).

Group membership is a set: moving a student tombstones the old membership row and adds a new
one, so two laptops moving the same student merge without duplicates being lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.grouping import SuggestedGroup
from classroom_desktop.i18n import _
from classroom_desktop.services.classes import active_student_ids, clean_name
from classroom_desktop.services.group_edits import GroupEdits
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
from classroom_desktop.services.group_views import (
    GroupDraft,
    GroupView,
    PlanSummary,
    PlanView,
    memberships,
    plan_groups,
)
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import GroupPlan, SchoolClass, Standard

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


class Groups(GroupSuggestions, GroupEdits):
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
                groups = plan_groups(tx, row.id)
                members = {m.student_id for m in memberships(tx, [g.id for g in groups])}
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
        day, _slash, lesson = wanted.partition("/")
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
        if not known:
            raise UserError(
                _("No group plan matches '{wanted}'. This class has no saved group plan yet.").format(
                    wanted=wanted
                )
            )
        raise UserError(
            _("No group plan matches '{wanted}'. Saved plans: {plans}.").format(wanted=wanted, plans=known)
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
            groups = plan_groups(tx, plan_id)
            members: dict[str, list[str]] = {g.id: [] for g in groups}
            for m in memberships(tx, list(members)):
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
                        _(
                            "{student} is in two groups ({first} and {second}); "
                            "a student can be in only one group."
                        ).format(student=who, first=seen[sid], second=group.name)
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
