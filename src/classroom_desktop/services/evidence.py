"""Evidence (insert-only, corrections supersede), the mastery table, and readiness."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from classroom_desktop.domain import mastery, readiness
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import (
    EVIDENCE_KINDS,
    Evidence,
    MasteryCell,
    MasteryConfig,
    ReadinessResult,
)
from classroom_desktop.i18n import _, program_translator
from classroom_desktop.services.classes import active_student_ids, scale_of
from classroom_desktop.services.classes import method_of as _method
from classroom_desktop.services.curriculum import load_standards
from classroom_desktop.services.views import MasteryTable, StrandView, StudentView
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import (
    EvidenceRow,
    SchoolClass,
    Standard,
    Student,
    new_id,
)
from classroom_desktop.store.not_found import not_found_message

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

#: Effective evidence only (supersession resolved here), ordered for compute_effective_rows.
#: The superseded ids come from every correction in the workspace (a range of ix_evidence_supersedes,
#: as long as the corrections are few), not from this class's rows: restricting them by student
#: made SQLite read every row of the class twice (bench/mastery.py).
_MASTERY_SQL = (
    "SELECT student_id, standard_id, level, observed_on FROM evidence "
    "WHERE deleted = 0 AND level IS NOT NULL AND student_id IN ({students}) "
    "AND id NOT IN (SELECT supersedes_id FROM evidence WHERE supersedes_id IS NOT NULL) "
    "ORDER BY student_id, standard_id, observed_on, entered_at, id"
)


def _evidence(row: EvidenceRow) -> Evidence:
    return Evidence(
        row.id,
        row.student_id,
        row.standard_id,
        row.level,
        date.fromisoformat(row.observed_on),
        datetime.fromisoformat(row.entered_at),
        row.kind,
        row.note,
        row.supersedes_id,
    )


def _iso(day: date | None, tx: Tx) -> str:
    """The day evidence describes; today (the workspace's clock) when none is given."""
    return (day or tx.clock.today()).isoformat()


class EvidenceService:
    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    # ---- settings ---------------------------------------------------------------------
    def kinds(self) -> list[str]:
        kinds = self._c.setting("evidence_kinds")
        return list(kinds) if isinstance(kinds, list) and kinds else list(EVIDENCE_KINDS)

    def set_kinds(self, kinds: Sequence[str]) -> ChangeSet:
        cleaned = list(dict.fromkeys(k.strip() for k in kinds if k.strip()))
        if not cleaned:
            raise UserError(_("Keep at least one kind of evidence."))
        return self._c.set_setting("evidence_kinds", cleaned)

    # ---- writes -----------------------------------------------------------------------
    def _check(self, tx: Tx, class_id: str | None, level: float | None, kind: str) -> float | None:
        if kind not in self.kinds():
            raise UserError(
                _("'{kind}' is not one of the evidence kinds ({kinds}).").format(
                    kind=kind, kinds=", ".join(self.kinds())
                )
            )
        if level is None:
            return None
        if class_id:
            scale = scale_of(tx, tx.require(SchoolClass, class_id, "class"))
        else:
            scale = ProficiencyScale.default()
        return float(scale.validate_level(level))

    def record(
        self,
        student_id: str,
        standard_id: str,
        level: float,
        observed_on: date | None = None,
        kind: str = "observation",
        note: str = "",
        class_id: str | None = None,
    ) -> ChangeSet:
        """Record one observation. Raises UserError for a level outside the class's scale."""
        changes = self.record_many([(student_id, standard_id)], level, observed_on, kind, note, class_id)
        changes.created_id = next(iter(changes.ids("evidence")))
        return changes

    def record_many(
        self,
        cells: Sequence[tuple[str, str]],
        level: float,
        observed_on: date | None = None,
        kind: str = "observation",
        note: str = "",
        class_id: str | None = None,
    ) -> ChangeSet:
        """The same level for many (student, standard) cells at once — a group's quiz. All or nothing."""
        with self._c.write() as tx:
            value = self._check(tx, class_id, level, kind)
            students = {sid for sid, _ in cells}
            standards = {std for _, std in cells}
            for sid in students:
                tx.require(Student, sid, "student")
            for std in standards:
                tx.require(Standard, std, "standard")
            now = tx.clock.utc_iso()
            tx.add_many(
                EvidenceRow,
                [
                    {
                        "id": new_id(),
                        "student_id": sid,
                        "standard_id": std,
                        "class_id": class_id,
                        "level": value,
                        "observed_on": _iso(observed_on, tx),
                        "entered_at": now,
                        "kind": kind,
                        "note": note.strip(),
                    }
                    for sid, std in cells
                ],
            )
        return tx.changes

    def import_rows(self, rows: Sequence[dict[str, object]]) -> ChangeSet:
        """Bulk insert of ready-made evidence rows (demo, import, benchmarks). All or nothing."""
        with self._c.write() as tx:
            tx.add_many(EvidenceRow, [dict(r) for r in rows])
        return tx.changes

    def correct(
        self,
        evidence_id: str,
        *,
        level: float | None = None,
        observed_on: date | None = None,
        note: str | None = None,
        kind: str | None = None,
    ) -> ChangeSet:
        """A new row that supersedes ``evidence_id`` with the changed level, date, note or kind."""
        with self._c.write() as tx:
            old = tx.require(EvidenceRow, evidence_id, "piece of evidence")
            new_kind = kind or old.kind
            value = self._check(tx, old.class_id, old.level if level is None else level, new_kind)
            row = tx.add(
                EvidenceRow,
                student_id=old.student_id,
                standard_id=old.standard_id,
                class_id=old.class_id,
                assessment_id=old.assessment_id,
                level=value,
                observed_on=observed_on.isoformat() if observed_on else old.observed_on,
                kind=new_kind,
                note=old.note if note is None else note.strip(),
                supersedes_id=old.id,
            )
        tx.changes.created_id = row.id
        return tx.changes

    def withdraw(self, evidence_ids: Sequence[str]) -> ChangeSet:
        """Withdraw evidence (Delete in the gradebook): a superseding row with no level."""
        with self._c.write() as tx:
            for eid in evidence_ids:
                old = tx.require(EvidenceRow, eid, "piece of evidence")
                tx.add(
                    EvidenceRow,
                    student_id=old.student_id,
                    standard_id=old.standard_id,
                    class_id=old.class_id,
                    level=None,
                    observed_on=old.observed_on,
                    kind=old.kind,
                    note="",
                    supersedes_id=old.id,
                )
        return tx.changes

    def withdraw_latest(self, cells: Sequence[tuple[str, str]]) -> ChangeSet:
        """Withdraw the latest evidence of each cell (cells with none are left alone)."""
        latest = [h[-1].id for h in (self.history(s, t) for s, t in cells) if h]
        return self.withdraw(latest) if latest else ChangeSet()

    # ---- reads ------------------------------------------------------------------------
    def history(self, student_id: str, standard_id: str) -> list[Evidence]:
        """The evidence that counts for one cell, oldest first (corrections applied)."""
        with self._c.db.reading() as tx:
            rows = tx.all(
                EvidenceRow, EvidenceRow.student_id == student_id, EvidenceRow.standard_id == standard_id
            )
        return mastery.effective_evidence(_evidence(r) for r in rows)

    def for_student(self, student_id: str) -> list[Evidence]:
        with self._c.db.reading() as tx:
            rows = tx.all(EvidenceRow, EvidenceRow.student_id == student_id)
        by_cell: dict[str, list[Evidence]] = {}
        for r in rows:
            by_cell.setdefault(r.standard_id, []).append(_evidence(r))
        out = [e for items in by_cell.values() for e in mastery.effective_evidence(items)]
        return sorted(out, key=lambda e: (e.observed_on, e.entered_at, e.id))

    def mastery_table(self, class_id: str) -> MasteryTable:
        """Students × standards of a class, each cell's mastery by the class's method."""
        with self._c.db.reading() as tx:
            found = tx.raw(
                "SELECT c.framework_id, c.mastery_method, c.mastery_weight, c.mastery_n, "
                "s.name, s.cutoff, s.levels FROM school_class c "
                "LEFT JOIN scale s ON s.id = coalesce(c.scale_id, "
                "(SELECT json_extract(value, '$') FROM meta WHERE key = 'default_scale_id')) "
                "AND s.deleted = 0 "
                "WHERE c.id = ? AND c.deleted = 0",
                (class_id,),
            )
            if not found:
                raise UserError(not_found_message("class"))
            framework_id, method, weight, n, scale_name, cutoff, levels = found[0]
            config = MasteryConfig(_method(method), weight, n)
            scale = (
                ProficiencyScale.from_json(
                    {"name": scale_name, "cutoff": cutoff, "levels": json.loads(levels)}
                )
                if scale_name is not None
                else ProficiencyScale.default()
            )
            standards = load_standards(tx, framework_id) if framework_id else []
            strands = [
                StrandView(*r)
                for r in tx.raw(
                    "SELECT id, framework_id, code, name, position FROM strand "
                    "WHERE framework_id = ? AND deleted = 0 ORDER BY position, name",
                    (framework_id,),
                )
            ]
            student_ids = active_student_ids(tx, class_id)
            marks = ",".join("?" * len(student_ids))
            found = tx.raw(
                "SELECT id, given_name, family_name, preferred_name, student_number, email, display_code "
                f"FROM student WHERE id IN ({marks})",
                student_ids,
            )
            students = sorted(
                (StudentView(r[0], r[1], r[2], r[3], r[4], r[5], r[6], False) for r in found),
                key=lambda v: v.sort_key,
            )
            rows = (
                tx.raw(_MASTERY_SQL.format(students=",".join("?" * len(student_ids))), student_ids)
                if student_ids
                else []
            )
        cells = mastery.compute_effective_rows(rows, config, scale)
        wanted = {s.id for s in standards}
        cells = {k: v for k, v in cells.items() if k[1] in wanted}
        return MasteryTable(class_id, scale, config, students, standards, strands, cells)

    def readiness(
        self, class_id: str, focus_standard_id: str, table: MasteryTable | None = None
    ) -> list[ReadinessResult]:
        """Each student's readiness for the focus standard, with a reason a teacher can read."""
        table = table or self.mastery_table(class_id)
        by_id = {s.id: s for s in table.standards}
        if focus_standard_id not in by_id:
            raise UserError(_("That standard is not part of this class's framework."))
        # Only the focus and its prerequisites are read: a student's whole row is 60 cells or more.
        focus = by_id[focus_standard_id]
        wanted = [focus.id, *(p for p in focus.prerequisites if p in by_id)]
        cells: dict[str, dict[str, MasteryCell]] = {
            s.id: {std: c for std in wanted if (c := table.cells.get((s.id, std))) is not None}
            for s in table.students
        }
        return readiness.class_readiness(
            [s.id for s in table.students],
            by_id[focus_standard_id],
            cells,
            by_id,
            table.scale.cutoff,
            table.scale.maximum,
            say=program_translator(),
        )
