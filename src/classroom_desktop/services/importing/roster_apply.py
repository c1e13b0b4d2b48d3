"""Writing a planned roster import in one transaction, and taking it back (undo/redo)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from classroom_desktop.interop.roster_csv import RosterRow
from classroom_desktop.services.classes import enrol_in
from classroom_desktop.services.importing.common import Progress
from classroom_desktop.services.importing.common import nfc as _nfc
from classroom_desktop.services.importing.roster_plan import (
    ROSTER_TEXT_FIELDS,
    SOURCE_IDS_OPTION,
    RosterPlan,
    plan_roster,
)
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import (
    Enrolment,
    SchoolClass,
    Student,
    new_id,
)

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


@dataclass(frozen=True)
class RosterResult:
    changes: ChangeSet
    new_ids: list[str]
    plan: RosterPlan
    #: enrolments the import made or made active again (an undo ends them)
    enrolled: list[str] = field(default_factory=list)
    #: enrolments the import ended (students the file says are gone; an undo restores them)
    ended: list[str] = field(default_factory=list)


def apply_roster(classroom: Classroom, plan: RosterPlan, progress: Progress | None = None) -> RosterResult:
    """Write a planned roster import in one transaction: bulk inserts for new students and
    enrolments, one update per changed student, removals archived and taken out of the class."""
    steps = len(plan.new) + len(plan.updates) + len(plan.removed) + 1
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, steps), steps)

    new_rows = [{"id": new_id(), **{k: _nfc(getattr(r, k)) for k in ROSTER_TEXT_FIELDS}} for r in plan.new]
    with classroom.write() as tx:
        if plan.class_id:
            tx.require(SchoolClass, plan.class_id, "class")
        for start in range(0, len(new_rows), 2000):
            tx.add_many(Student, new_rows[start : start + 2000])
            tick(len(new_rows[start : start + 2000]))
        wanted = {sid: changed for sid, _, changed in plan.updates}
        removed = [sid for sid, _ in plan.removed]
        for row in _students_by_id(tx, list(wanted) + removed):
            if row.id in wanted:
                tx.update(row, **wanted[row.id])
            else:
                tx.update(row, archived=True)
            tick(1)
        enrolled: list[str] = []
        ended: list[str] = []
        if plan.class_id:
            enrolled = enrol_in(tx, plan.class_id, [r["id"] for r in new_rows] + plan.matched_ids)
            if plan.source_ids:  # remember the source's ids, to find these students in a later delta
                new_by_row = {id(r): str(nr["id"]) for r, nr in zip(plan.new, new_rows, strict=True)}
                fresh = {r.source_id: new_by_row[id(r)] for r in plan.new if r.source_id}
                known = {k: v for k, v in plan.source_ids.items() if v} | fresh
                school_class = tx.require(SchoolClass, plan.class_id, "class")
                options = dict(school_class.options or {})
                before = dict(options.get(SOURCE_IDS_OPTION) or {})
                if {**before, **known} != before:
                    options[SOURCE_IDS_OPTION] = {**before, **known}
                    tx.update(school_class, options=options)
            if removed:
                gone = set(removed)
                for enrolment in tx.all(Enrolment, Enrolment.class_id == plan.class_id):
                    if enrolment.student_id in gone and enrolment.active:
                        tx.update(enrolment, active=False)
                        ended.append(enrolment.id)
        tick(1)
    return RosterResult(tx.changes, [r["id"] for r in new_rows], plan, enrolled, ended)


def _students_by_id(tx: Tx, ids: list[str]) -> list[Student]:
    rows: list[Student] = []
    for start in range(0, len(ids), 500):
        rows.extend(tx.all(Student, Student.id.in_(ids[start : start + 500])))
    return rows


def _set_enrolments(tx: Tx, ids: list[str], active: bool) -> None:
    for start in range(0, len(ids), 500):
        for row in tx.all(Enrolment, Enrolment.id.in_(ids[start : start + 500])):
            if row.active != active:
                tx.update(row, active=active)


def undo_roster(classroom: Classroom, result: RosterResult) -> None:
    """Take an import back: the new students archived, the updated and removed ones given their old
    values, the enrolments it made ended (students who were here already leave the class again) and
    those it ended made active again."""
    with classroom.write() as tx:
        for row in _students_by_id(tx, result.new_ids):
            tx.update(row, archived=True)
        for row in _students_by_id(tx, list(result.plan.before)):
            tx.update(row, **result.plan.before[row.id])
        _set_enrolments(tx, result.enrolled, False)
        _set_enrolments(tx, result.ended, True)


def redo_roster(classroom: Classroom, result: RosterResult) -> None:
    """Bring an undone import back (same students, same ids)."""
    with classroom.write() as tx:
        for row in _students_by_id(tx, result.new_ids):
            tx.update(row, archived=False)
        changed = {sid: fields for sid, _, fields in result.plan.updates}
        changed |= {sid: {"archived": True} for sid, _ in result.plan.removed}
        for row in _students_by_id(tx, list(changed)):
            tx.update(row, **changed[row.id])
        _set_enrolments(tx, result.enrolled, True)
        _set_enrolments(tx, result.ended, False)


def import_roster(classroom: Classroom, rows: Sequence[RosterRow], class_id: str | None,
                  progress: Progress | None = None) -> RosterResult:
    """Bring a roster in (new students added, known ones updated, all enrolled in the class)."""
    return apply_roster(classroom, plan_roster(classroom, rows, class_id), progress)
