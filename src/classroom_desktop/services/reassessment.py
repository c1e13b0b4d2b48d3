"""Re-assessment when ready (issue 17.5): a student marked "ready to be re-assessed" on a standard,
what they did since their last attempt, and the new result recorded from the slip.

Reached as ``classroom.reassessment``. The ``reassessment`` table's merge rule is in its model's
docstring; the result is ordinary (insert-only) evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.ids import derived_id
from classroom_desktop.domain.types import Evidence, StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.services.classes import scale_of
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import EvidenceRow, Note, Reassessment, SchoolClass, Standard, Student

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

#: Who can say a student is ready.
MARKED_BY = ("teacher", "student")
#: How many things done since the last attempt are listed (the newest ones).
_SINCE_LINES = 4


@dataclass(frozen=True)
class Attempt:
    observed_on: date
    level: float | None
    label: str  #: the scale's label for the level ("Developing")
    kind: str
    note: str


@dataclass(frozen=True)
class ReadyMark:
    """An open "ready to be re-assessed" mark, with what the teacher needs to re-assess."""

    id: str
    student_id: str
    name: str
    standard_id: str
    code: str
    statement: str
    marked_on: date
    marked_by: str
    note: str
    attempts: tuple[Attempt, ...]  #: prior attempts on the standard, oldest first
    since: tuple[str, ...]  #: what the student did since the last attempt, one line each


class Reassessments:
    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    # ---- writes -----------------------------------------------------------------------
    def mark(self, student_id: str, standard_id: str, class_id: str | None = None, note: str = "",
             by: str = "teacher") -> ChangeSet:
        """Mark the student ready to be re-assessed on the standard (``created_id`` is the mark).

        Marking again while a mark is open changes nothing.
        """
        if by not in MARKED_BY:
            raise UserError(_("A student is marked ready by the teacher or by the student."))
        attempts = len(self._c.evidence.history(student_id, standard_id))
        with self._c.write() as tx:
            tx.require(Student, student_id, "student")
            tx.require(Standard, standard_id, "standard")
            mark_id = derived_id("reassessment", student_id, standard_id, str(attempts))
            row = tx.get_tombstoned(Reassessment, mark_id)
            fields = {"marked_on": tx.clock.today().isoformat(), "marked_by": by, "note": note.strip(),
                      "class_id": class_id, "evidence_id": None, "closed_on": ""}
            if row is None:
                tx.add(Reassessment, id=mark_id, student_id=student_id, standard_id=standard_id, **fields)
            elif row.deleted or row.evidence_id is not None:
                tx.update(row, deleted=False, **fields)
        tx.changes.created_id = mark_id
        return tx.changes

    def unmark(self, mark_id: str) -> ChangeSet:
        """Take the mark back (undo of :meth:`mark`)."""
        with self._c.write() as tx:
            tx.delete(tx.require(Reassessment, mark_id, "ready mark"))
        return tx.changes

    def reopen(self, mark_id: str) -> ChangeSet:
        """Bring back a mark that was taken back (undo of :meth:`unmark`)."""
        with self._c.write() as tx:
            row = tx.get_tombstoned(Reassessment, mark_id)
            if row is None:
                raise UserError(_("That ready mark could not be found."))
            tx.update(row, deleted=False)
        return tx.changes

    def record_result(self, mark_id: str, level: float, observed_on: date | None = None,
                      kind: str = "quiz", note: str = "") -> ChangeSet:
        """The re-assessment's result: new evidence, and the mark cleared, in one transaction.

        ``created_id`` is the new evidence. Raises UserError for a level outside the class's scale.
        """
        if kind not in self._c.evidence.kinds():
            raise UserError(_("'{kind}' is not one of the evidence kinds.").format(kind=kind))
        with self._c.write() as tx:
            mark = tx.require(Reassessment, mark_id, "ready mark")
            if mark.evidence_id is not None:
                raise UserError(_("This re-assessment was already recorded."))
            klass = tx.get(SchoolClass, mark.class_id) if mark.class_id else None
            scale = scale_of(tx, klass) if klass is not None else None
            value = float(scale.validate_level(level)) if scale else float(level)
            day = observed_on or tx.clock.today()
            row = tx.add(EvidenceRow, student_id=mark.student_id, standard_id=mark.standard_id,
                         class_id=mark.class_id, level=value, observed_on=day.isoformat(), kind=kind,
                         note=note.strip() or _("Re-assessment"))
            tx.update(mark, evidence_id=row.id, closed_on=day.isoformat())
        tx.changes.created_id = row.id
        return tx.changes

    def undo_result(self, mark_id: str) -> ChangeSet:
        """Take a recorded result back: the evidence is withdrawn and the mark is open again."""
        with self._c.db.reading() as tx:
            mark = tx.require(Reassessment, mark_id, "ready mark")
            evidence_id = mark.evidence_id
        changes = self._c.evidence.withdraw([evidence_id]) if evidence_id else ChangeSet()
        with self._c.write() as tx:
            tx.update(tx.require(Reassessment, mark_id, "ready mark"), evidence_id=None, closed_on="")
        changes.merge(tx.changes)
        return changes

    # ---- reads ------------------------------------------------------------------------
    def ready(self, class_id: str, student_id: str | None = None) -> list[ReadyMark]:
        """The class's open marks (one per student and standard), oldest mark first, then by name."""
        students = {s.id: s for s in self._c.students.list(class_id)}
        table = self._c.evidence.mastery_table(class_id)
        standards = {s.id: s for s in table.standards}
        with self._c.db.reading() as tx:
            rows = tx.all(Reassessment, Reassessment.student_id.in_(list(students)),
                          Reassessment.evidence_id.is_(None), order_by=[Reassessment.marked_on])
        seen: set[tuple[str, str]] = set()
        evidence: dict[str, list[Evidence]] = {}
        out = []
        for row in rows:
            key = (row.student_id, row.standard_id)
            if key in seen or row.standard_id not in standards or student_id not in (None, row.student_id):
                continue
            seen.add(key)
            if row.student_id not in evidence:  # one read per student, however many marks they have
                evidence[row.student_id] = self._c.evidence.for_student(row.student_id)
            history = [e for e in evidence[row.student_id] if e.standard_id == row.standard_id]
            attempts = tuple(Attempt(e.observed_on, e.level, table.scale.label_for(e.level)
                                     if e.level is not None else "", e.kind, e.note) for e in history)
            last = attempts[-1].observed_on if attempts else None
            out.append(ReadyMark(
                row.id, row.student_id, students[row.student_id].display_name, row.standard_id,
                standards[row.standard_id].code, standards[row.standard_id].statement,
                date.fromisoformat(row.marked_on), row.marked_by, row.note, attempts,
                tuple(self._since(row.student_id, evidence[row.student_id], row.standard_id, last, standards,
                                  table.scale.label_for)),
            ))
        return sorted(out, key=lambda m: (m.marked_on, m.name.casefold(), m.code))

    def _since(self, student_id: str, evidence: list[Evidence], standard_id: str, last: date | None,
               standards: dict[str, StandardInfo], label_for: Callable[[float], str]) -> list[str]:
        """What the student did after ``last`` (their last attempt): other evidence and notes."""
        lines: list[str] = []
        for e in evidence:
            if e.standard_id == standard_id or e.level is None or (last and e.observed_on <= last):
                continue
            code = standards[e.standard_id].code if e.standard_id in standards else "?"
            lines.append(_("{day}: {code} {label} ({kind})").format(
                day=e.observed_on.isoformat(), code=code, label=label_for(e.level), kind=e.kind))
        with self._c.db.reading() as tx:
            notes = tx.all(Note, Note.student_id == student_id, order_by=[Note.written_on])
        for n in notes:
            if last is None or n.written_on > last.isoformat():
                lines.append(_("{day}: note — {text}").format(day=n.written_on, text=n.text))
        if not lines:
            return [_("Nothing recorded since the last attempt.")]
        if len(lines) > _SINCE_LINES:
            earlier = _("…and {count} earlier").format(count=len(lines) - _SINCE_LINES)
            return [earlier, *lines[-_SINCE_LINES:]]
        return lines
