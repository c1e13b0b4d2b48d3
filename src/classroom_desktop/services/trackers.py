"""Student-owned trackers: the student's self-assessments beside the teacher's levels, and the
data a printed tracker shows (attempts per "I can" statement, goals, assessments to reflect on).

Sync: self-assessments are insert-only rows merged as a union by id (like evidence); removing one
(undo) is a tombstone, and a tombstone wins over the row on every laptop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.plans import plans_of
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import SelfAssessment, Standard, Student

if TYPE_CHECKING:  # the PDF code (reportlab, matplotlib: a second) loads when a tracker is printed
    from classroom_desktop.reports.tracker_pdf import TrackerDoc
    from classroom_desktop.services.classroom import Classroom

#: Evidence of these kinds is an assessment the student reflects on afterwards.
ASSESSED_KINDS = frozenset({"quiz", "product", "conversation"})
#: Reflection pages print the newest assessments only.
RECENT_ASSESSMENTS = 3


@dataclass(frozen=True)
class SelfAssessmentView:
    id: str
    student_id: str
    standard_id: str
    level: float
    assessed_on: date
    note: str


class Trackers:
    """Self-assessments and the printed tracker's data."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    # ---- self-assessment --------------------------------------------------------------
    def record(self, student_id: str, standard_id: str, level: object, class_id: str | None = None,
               note: str = "", on: date | None = None) -> ChangeSet:
        """Record the student's own level on a standard (today unless ``on``); it never changes mastery.

        Raises:
            UserError: the level is not one of the class's scale's levels.
        """
        changes = self.record_many([(student_id, standard_id, level)], class_id, note, on)
        changes.created_id = next(iter(changes.ids(SelfAssessment.__tablename__)), None)
        return changes

    def record_many(self, entries: Sequence[tuple[str, str, object]], class_id: str | None = None,
                    note: str = "", on: date | None = None) -> ChangeSet:
        """Record many self-assessments (student id, standard id, level) in one transaction, each as
        :meth:`record` would (the class's scale is read once).

        Raises:
            UserError: a level is not one of the class's scale's levels (nothing is recorded).
        """
        scale = self._c.evidence.mastery_table(class_id).scale if class_id else None
        values = []
        for _student, _standard, level in entries:
            if scale is not None:
                values.append(float(scale.validate_level(level)))
                continue
            try:
                values.append(float(str(level)))
            except ValueError:
                raise UserError(_("{level} is not a level.").format(level=level)) from None
        day = (on or self._c.clock.today()).isoformat()
        with self._c.write() as tx:
            rows = []
            for (student_id, standard_id, _level), value in zip(entries, values, strict=True):
                tx.require(Student, student_id, "student")
                tx.require(Standard, standard_id, "standard")
                rows.append({"student_id": student_id, "standard_id": standard_id, "class_id": class_id,
                             "level": value, "assessed_on": day, "note": (note or "").strip()})
            tx.add_many(SelfAssessment, rows)
        return tx.changes

    def remove(self, self_assessment_id: str) -> ChangeSet:
        """Take a self-assessment back (undo): a tombstone, so every laptop drops it."""
        with self._c.write() as tx:
            tx.delete(tx.require(SelfAssessment, self_assessment_id, "self-assessment"))
        return tx.changes

    def history(self, student_id: str) -> list[SelfAssessmentView]:
        """The student's self-assessments, oldest first."""
        with self._c.db.reading() as tx:
            rows = tx.all(SelfAssessment, SelfAssessment.student_id == student_id,
                          order_by=[SelfAssessment.assessed_on, SelfAssessment.created_at])
        return [SelfAssessmentView(r.id, r.student_id, r.standard_id, r.level,
                                   date.fromisoformat(r.assessed_on), r.note or "") for r in rows]

    def latest(self, student_id: str) -> dict[str, SelfAssessmentView]:
        """Standard id -> the student's newest self-assessment on it."""
        return {s.standard_id: s for s in self.history(student_id)}

    # ---- the printed tracker ----------------------------------------------------------
    def tracker_doc(
        self, student_id: str, class_name: str, table: MasteryTable, language: str = "en"
    ) -> TrackerDoc:
        """What the student's tracker prints: a page per strand, goals, and assessments to reflect on."""
        from classroom_desktop.reports.tracker_pdf import TrackerDoc, TrackerRow

        student = next(s for s in table.students if s.id == student_id)
        evidence = [e for e in self._c.evidence.for_student(student_id) if e.level is not None]
        attempts: dict[str, list[float]] = {}
        for e in evidence:
            attempts.setdefault(e.standard_id, []).append(float(e.level or 0))
        own = self.latest(student_id)
        cells = table.for_student(student_id)
        ordered = sorted(table.strands, key=lambda s: s.position)
        groups: list[tuple[str, set[str | None]]] = [(strand.name, {strand.id}) for strand in ordered]
        known = {strand.id for strand in table.strands}
        groups.append((_("Other standards"), {s.strand_id for s in table.standards} - known))
        strands: list[tuple[str, tuple[TrackerRow, ...]]] = []
        for name, strand_ids in groups:
            rows = tuple(
                TrackerRow(s.code, s.statement, tuple(attempts.get(s.id, ())), cells[s.id].value,
                           own[s.id].level if s.id in own else None)
                for s in table.standards if s.strand_id in strand_ids
            )
            if rows:
                strands.append((name, rows))
        codes = {s.id: s.code for s in table.standards}
        days: dict[date, list[str]] = {}
        for e in evidence:
            if e.kind in ASSESSED_KINDS and e.standard_id in codes:
                days.setdefault(e.observed_on, [])
                if codes[e.standard_id] not in days[e.observed_on]:
                    days[e.observed_on].append(codes[e.standard_id])
        recent = sorted(days.items())[-RECENT_ASSESSMENTS:]
        plan = plans_of(self._c).plan(student_id, table.class_id, table)
        goals = plan.goals if plan else self._c.students.profile(student_id).goals
        return TrackerDoc(student.display_name, class_name, table.scale, tuple(strands),
                          tuple((g.text, g.target) for g in goals),
                          tuple((d, tuple(c)) for d, c in recent), language)


def trackers_of(classroom: Classroom) -> Trackers:
    """The classroom's Trackers (made on first use)."""
    found = getattr(classroom, "trackers", None)
    if isinstance(found, Trackers):
        return found
    made = Trackers(classroom)
    classroom.trackers = made  # type: ignore[attr-defined]
    return made
