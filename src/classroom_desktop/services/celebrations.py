"""Celebrations: the standards each student newly mastered this week (the clock's week, Monday on).

Read-only: computed from the evidence, so there is nothing of its own to sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.services.datawall import datawall_of

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


@dataclass(frozen=True)
class Celebration:
    student_id: str
    student_name: str
    display_code: str
    standard_id: str
    code: str
    statement: str


def week_start(today: date) -> date:
    """The Monday of ``today``'s week."""
    return today - timedelta(days=today.weekday())


def this_week(classroom: Classroom, class_id: str, today: date | None = None) -> list[Celebration]:
    """Every (student, standard) mastered now but not before this week's Monday, in class order."""
    today = today or classroom.clock.today()
    wall = datawall_of(classroom).load(class_id, today)
    newly = dw.newly_mastered(wall.table, wall.evidence, today, days=today.weekday() + 1)
    order = {s.id: k for k, s in enumerate(wall.table.standards)}
    standards = {s.id: s for s in wall.table.standards}
    students = dw.sort_students(wall.table, dw.SORT_NAME, None)
    rank = {sid: k for k, sid in enumerate(students)}
    return [
        Celebration(sid, wall.names[sid], wall.codes[sid], std, standards[std].code, standards[std].statement)
        for sid, std in sorted(newly, key=lambda k: (rank.get(k[0], 0), order.get(k[1], 0)))
    ]
