"""Peer helpers (issue 17.2): students who mastered a standard, most recently first, paired with
classmates who need it; the teacher can opt a student out of being a helper.

Reached as ``classroom.peer_help``. The opt-out is one ``helper_setting`` row per student (the
merge rule is in the model's docstring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.ids import derived_id
from classroom_desktop.domain.types import Readiness
from classroom_desktop.domain.units import pair_helpers
from classroom_desktop.i18n import _
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import HelperSetting, Student

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

#: Readiness of the classmates a helper is paired with: they are learning the standard now.
NEEDS_HELP = (Readiness.RETEACH, Readiness.PRACTICE)  # and not mastered yet
#: Helpers named per standard on the data wall.
WALL_HELPERS = 3


@dataclass(frozen=True)
class Helper:
    """A peer helper for one standard and the classmates paired with them."""

    student_id: str
    name: str
    code: str  #: the student's display code (the anonymous data wall shows it)
    shown_on: date | None  #: the latest evidence of the mastery, for "most recently first"
    learners: tuple[tuple[str, str], ...] = ()  #: (student id, name) of classmates who could ask


@dataclass(frozen=True)
class HelperBoard:
    """Today's helpers for the focus standard."""

    standard_id: str
    code: str
    statement: str
    helpers: tuple[Helper, ...]
    opted_out: tuple[tuple[str, str], ...]  #: (id, name) of students who mastered it but are opted out


class PeerHelp:
    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    # ---- the opt-out -------------------------------------------------------------------
    def opted_out(self, student_ids: list[str]) -> set[str]:
        """Which of ``student_ids`` the teacher opted out of being a helper."""
        with self._c.db.reading() as tx:
            rows = tx.all(HelperSetting, HelperSetting.student_id.in_(student_ids))
        return {r.student_id for r in rows if r.opted_out}

    def set_opted_out(self, student_id: str, opted_out: bool) -> ChangeSet:
        """Offer a student as a helper or not (one row per student, the same id on every laptop)."""
        with self._c.write() as tx:
            tx.require(Student, student_id, "student")
            row_id = derived_id("helper", student_id)
            row = tx.get_tombstoned(HelperSetting, row_id)
            if row is None:
                tx.add(HelperSetting, id=row_id, student_id=student_id, opted_out=opted_out)
            else:
                tx.update(row, opted_out=opted_out, deleted=False)
        return tx.changes

    # ---- helpers -----------------------------------------------------------------------
    def _candidates(self, table: MasteryTable, standard_id: str, codes: dict[str, str],
                    out: set[str]) -> tuple[list[Helper], list[tuple[str, str]]]:
        helpers, skipped = [], []
        for student in table.students:
            cell = table.cell(student.id, standard_id)
            if not cell.mastered:
                continue
            if student.id in out:
                skipped.append((student.id, student.display_name))
                continue
            code = codes.get(student.id, "")
            helpers.append(Helper(student.id, student.display_name, code, cell.latest_date))
        helpers.sort(key=lambda h: (h.shown_on or date.min, h.name), reverse=True)
        return helpers, skipped

    def board(self, class_id: str, standard_id: str, table: MasteryTable | None = None,
              most: int = 3) -> HelperBoard:
        """Helpers for ``standard_id`` (most recently mastered first), each paired with up to ``most``
        classmates who are learning it now (more when helpers are few)."""
        table = table or self._c.evidence.mastery_table(class_id)
        standard = next((s for s in table.standards if s.id == standard_id), None)
        if standard is None:
            raise UserError(_("That standard is not part of this class's framework."))
        codes = self._c.datawall.display_codes(class_id)
        out = self.opted_out([s.id for s in table.students])
        helpers, skipped = self._candidates(table, standard_id, codes, out)
        readiness = self._c.evidence.readiness(class_id, standard_id, table)
        learners = [r.student_id for r in readiness
                    if r.readiness in NEEDS_HELP and not table.cell(r.student_id, standard_id).mastered]
        names = {s.id: s.display_name for s in table.students}
        pairs = {p.helper_id: p.learner_ids for p in pair_helpers([h.student_id for h in helpers], learners,
                                                                    most)}
        paired = tuple(
            Helper(h.student_id, h.name, h.code, h.shown_on,
                   tuple((sid, names.get(sid, "?")) for sid in pairs.get(h.student_id, ())))
            for h in helpers
        )
        return HelperBoard(standard_id, standard.code, standard.statement, paired, tuple(skipped))

    def by_standard(self, class_id: str, table: MasteryTable | None = None,
                    most: int = WALL_HELPERS) -> dict[str, list[Helper]]:
        """The data wall's helpers: for each standard, up to ``most`` helpers, most recent first."""
        table = table or self._c.evidence.mastery_table(class_id)
        codes = self._c.datawall.display_codes(class_id)
        out = self.opted_out([s.id for s in table.students])
        found = {}
        for standard in table.standards:
            helpers, _skipped = self._candidates(table, standard.id, codes, out)
            if helpers:
                found[standard.id] = helpers[:most]
        return found
