"""What the group-plan services read and write: plans and groups as plain data, and the queries
that fetch a plan's groups and memberships."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import GroupMembership, LessonGroup

__all__ = ["GroupDraft", "GroupView", "PlanSummary", "PlanView", "memberships", "plan_groups"]


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


def plan_groups(tx: Tx, plan_id: str) -> list[LessonGroup]:
    return tx.all(
        LessonGroup, LessonGroup.plan_id == plan_id, order_by=[LessonGroup.position, LessonGroup.name]
    )


def memberships(tx: Tx, group_ids: Sequence[str]) -> list[GroupMembership]:
    if not group_ids:
        return []
    return tx.all(
        GroupMembership, GroupMembership.group_id.in_(list(group_ids)), order_by=[GroupMembership.created_at]
    )
