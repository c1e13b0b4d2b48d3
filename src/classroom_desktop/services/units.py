"""Units as problems (issue 17.1): the class's units, each student's and group's progress toward
the end task, and learning plans drafted within a unit.

Reached as ``classroom.units``. Reads return plain values; writes record their changes for sync
(the ``unit`` table's merge rule is in its model's docstring).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain import units as domain
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.grouping import DEFAULT_MAX_SIZE
from classroom_desktop.domain.ids import derived_id
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import LearningPlan, SchoolClass, Unit

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

#: How many missing standards a progress line names before "and N more".
_NAMED = 3


@dataclass(frozen=True)
class UnitView:
    id: str
    class_id: str
    name: str
    driving_problem: str
    end_task: str
    standard_ids: tuple[str, ...]


@dataclass(frozen=True)
class StudentProgress:
    student_id: str
    name: str
    progress: domain.UnitProgress
    summary: str  #: "3 of 5 skills mastered — ready for the end task: no, needs 4.NF.2"


@dataclass(frozen=True)
class GroupLine:
    name: str
    progress: domain.GroupProgress
    summary: str


@dataclass(frozen=True)
class UnitReport:
    """Everything the Units page, Today and the unit tracker show about one unit."""

    unit: UnitView
    standards: tuple[StandardInfo, ...]  #: the unit's standards in unit order
    foundations: tuple[StandardInfo, ...]  #: prerequisites from before the unit
    students: tuple[StudentProgress, ...]
    groups: tuple[GroupLine, ...]  #: the groups of ``plan_label`` (none without a saved plan)
    plan_label: str = ""


def _view(row: Unit) -> UnitView:
    return UnitView(row.id, row.class_id, row.name, row.driving_problem, row.end_task,
                    tuple(row.standard_ids or []))


def _named(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:_NAMED])
    if len(codes) > _NAMED:
        shown = _("{codes} and {count} more").format(codes=shown, count=len(codes) - _NAMED)
    return shown


def student_summary(p: domain.UnitProgress, codes: dict[str, str]) -> str:
    """The teacher's line for one student's progress toward the end task."""
    done = _("{done} of {total} skills mastered").format(done=len(p.mastered), total=p.total)
    if p.ready:
        return _("{done} — ready for the end task: yes").format(done=done)
    needs = _named([codes.get(s, "?") for s in p.missing])
    return _("{done} — ready for the end task: no, needs {needs}").format(done=done, needs=needs)


def group_summary(g: domain.GroupProgress, codes: dict[str, str]) -> str:
    """The teacher's line for a group: skills everyone mastered, who is ready, what is still needed."""
    text = _("{done} of {total} skills mastered by everyone; {ready} of {size} ready for the end task")
    line = text.format(
        done=g.all_mastered, total=len(g.by_standard), ready=len(g.ready), size=len(g.members))
    if g.missing:
        needs = _named([codes.get(s, "?") for s, _count in g.missing])
        line = _("{line}; needs {needs}").format(line=line, needs=needs)
    return line


class Units:
    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    # ---- reads ------------------------------------------------------------------------
    def list(self, class_id: str) -> builtins.list[UnitView]:
        with self._c.db.reading() as tx:
            rows = tx.all(Unit, Unit.class_id == class_id, order_by=[Unit.position, Unit.created_at])
        return [_view(r) for r in rows]

    def get(self, unit_id: str) -> UnitView:
        with self._c.db.reading() as tx:
            return _view(tx.require(Unit, unit_id, "unit"))

    def find(self, class_id: str, name: str) -> UnitView:
        """The class's unit with this name (case ignored), or a UserError listing the units there are."""
        units = self.list(class_id)
        for unit in units:
            if unit.name.casefold() == name.strip().casefold():
                return unit
        known = ", ".join(u.name for u in units) or _("none yet")
        raise UserError(_("This class has no unit called '{name}'. Its units: {known}.").format(
            name=name, known=known))

    def for_standard(self, class_id: str, standard_id: str) -> UnitView | None:
        """The first unit of the class that holds ``standard_id`` (Today's focus standard's unit)."""
        return next((u for u in self.list(class_id) if standard_id in u.standard_ids), None)

    def report(self, unit_id: str, table: MasteryTable | None = None, plan_id: str | None = None,
               student_ids: Sequence[str] | None = None) -> UnitReport:
        """Each student's and each group's progress toward the unit's end task.

        Groups are those of ``plan_id`` (default: the newest group plan saved for today or before).
        """
        unit = self.get(unit_id)
        table = table or self._c.evidence.mastery_table(unit.class_id)
        by_id = {s.id: s for s in table.standards}
        order = domain.unit_order(table.standards, unit.standard_ids)
        codes = {s.id: s.code for s in table.standards}
        progress: dict[str, domain.UnitProgress] = {}
        lines = []
        wanted = set(student_ids) if student_ids is not None else None
        for student in table.students:
            p = domain.progress(order, {sid: table.cell(student.id, sid).mastered for sid in order})
            progress[student.id] = p
            if wanted is None or student.id in wanted:
                lines.append(StudentProgress(student.id, student.display_name, p, student_summary(p, codes)))
        groups, label = self._groups(unit.class_id, plan_id, order, progress, codes)
        return UnitReport(
            unit,
            tuple(by_id[s] for s in order),
            tuple(by_id[s] for s in domain.foundations(table.standards, order)),
            tuple(lines),
            groups,
            label,
        )

    def group_lines(self, class_id: str, standard_id: str, groups: Mapping[str, Sequence[str]],
                    table: MasteryTable | None = None) -> dict[str, tuple[str, str]]:
        """Each group's progress toward the end task of ``standard_id``'s unit, as Today's board says
        it, by group key: the short line on the group's column ("Unit: 3 of 5 skills by all · 2 of 5
        ready for the end task") and the whole sentence for its tooltip and a screen reader ("Unit
        “Fraction Fair”: 3 of 5 skills mastered by all; ready for the end task: 2 of 5 students.
        Still needed: 4.NF.4, 4.NF.5").

        Args:
            groups: each group's key and members (a board's groups, saved or not).
        Returns:
            nothing when the standard belongs to no unit of the class.
        """
        unit = self.for_standard(class_id, standard_id)
        if unit is None:
            return {}
        table = table or self._c.evidence.mastery_table(class_id)
        order = domain.unit_order(table.standards, unit.standard_ids)
        codes = {s.id: s.code for s in table.standards}
        known = {s.id for s in table.students}
        out = {}
        for key, members in groups.items():
            progress = {
                sid: domain.progress(order, {s: table.cell(sid, s).mastered for s in order})
                for sid in members if sid in known
            }
            g = domain.group_progress(order, progress)
            counts = {"done": g.all_mastered, "total": len(order), "ready": len(g.ready),
                      "size": len(g.members)}
            short = _("Unit: {done} of {total} skills by all · {ready} of {size} ready for the end task"
                      ).format(**counts)
            full = _("Unit “{unit}”: {done} of {total} skills mastered by all; ready for the end task: "
                     "{ready} of {size} students").format(unit=unit.name, **counts)
            needs = _named([codes.get(s, "?") for s, _count in g.missing])
            if needs:
                full += ". " + _("Still needed: {codes}").format(codes=needs)
            out[key] = (short, full)
        return out

    def _groups(self, class_id: str, plan_id: str | None, order: builtins.list[str],
                progress: dict[str, domain.UnitProgress], codes: dict[str, str]
                ) -> tuple[tuple[GroupLine, ...], str]:
        service = self._c.groups
        if plan_id is None:
            today = self._c.clock.today()
            plan_id = next((p.id for p in service.plans(class_id) if p.plan_date <= today), None)
        if plan_id is None:
            return self._next_skill_groups(order, progress, codes)
        plan = service.plan(plan_id)
        out = []
        for group in plan.groups:
            members = {sid: progress[sid] for sid in group.student_ids if sid in progress}
            g = domain.group_progress(order, members)
            out.append(GroupLine(group.name, g, group_summary(g, codes)))
        label = _("Groups of the plan for {day}").format(day=plan.plan_date.isoformat())
        if plan.lesson:
            label += f" — {plan.lesson}"
        return tuple(out), label

    @staticmethod
    def _next_skill_groups(order: builtins.list[str], progress: dict[str, domain.UnitProgress],
                           codes: dict[str, str]) -> tuple[tuple[GroupLine, ...], str]:
        """Without a saved group plan: students grouped by the next skill of the unit they need."""
        by_next: dict[str, dict[str, domain.UnitProgress]] = {}
        for sid, p in progress.items():
            by_next.setdefault(p.missing[0] if p.missing else "", {})[sid] = p
        out = []
        for key in [*order, ""]:
            if key not in by_next:
                continue
            name = (_("Next: {code}").format(code=codes.get(key, "?")) if key
                    else _("Ready for the end task"))
            members = list(by_next[key].items())
            tables = -(-len(members) // DEFAULT_MAX_SIZE)
            for n in range(tables):  # balanced tables of at most DEFAULT_MAX_SIZE
                g = domain.group_progress(order, dict(members[n::tables]))
                title = _("{name}, table {n}").format(name=name, n=n + 1) if tables > 1 else name
                out.append(GroupLine(title, g, group_summary(g, codes)))
        return tuple(out), _("Grouped by the next skill of the unit (no group plan saved yet)")

    # ---- writes -----------------------------------------------------------------------
    def _checked(self, class_id: str, name: str, standard_ids: Sequence[str]) -> builtins.list[str]:
        if not name.strip():
            raise UserError(_("Give the unit a name."))
        framework_id = self._c.classes.get(class_id).framework_id
        standards = self._c.curriculum.standards(framework_id) if framework_id else []
        known = {s.id for s in standards}
        if not standard_ids:
            raise UserError(_("Choose at least one standard for the unit: its skills lead to the end task."))
        if any(s not in known for s in standard_ids):
            raise UserError(_("A unit's standards must come from the class's framework."))
        return domain.unit_order(standards, standard_ids)

    def create(self, class_id: str, name: str, driving_problem: str = "", end_task: str = "",
               standard_ids: Sequence[str] = ()) -> ChangeSet:
        """A new unit; its standards are kept in learning-path order. ``created_id`` is its id."""
        order = self._checked(class_id, name, standard_ids)
        with self._c.write() as tx:
            tx.require(SchoolClass, class_id, "class")
            position = len(tx.all(Unit, Unit.class_id == class_id))
            row = tx.add(Unit, class_id=class_id, name=name.strip(), driving_problem=driving_problem.strip(),
                         end_task=end_task.strip(), standard_ids=order, position=position)
        tx.changes.created_id = row.id
        return tx.changes

    def edit(self, unit_id: str, **fields: Any) -> ChangeSet:
        """Change a unit's ``name``, ``driving_problem``, ``end_task`` or ``standard_ids``."""
        unit = self.get(unit_id)
        if "name" in fields or "standard_ids" in fields:
            fields["standard_ids"] = self._checked(
                unit.class_id, fields.get("name", unit.name), fields.get("standard_ids", unit.standard_ids))
        with self._c.write() as tx:
            row = tx.require(Unit, unit_id, "unit")
            tx.update(row, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})
        return tx.changes

    def delete(self, unit_id: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.delete(tx.require(Unit, unit_id, "unit"))
        return tx.changes

    def restore(self, unit_id: str) -> ChangeSet:
        """Bring a deleted unit back (undo)."""
        with self._c.write() as tx:
            row = tx.get_tombstoned(Unit, unit_id)
            if row is None:
                raise UserError(_("That unit could not be found."))
            tx.update(row, deleted=False)
        return tx.changes

    def draft_plans(self, unit_id: str, start: date, end: date,
                    student_ids: Sequence[str] | None = None) -> ChangeSet:
        """Draft learning plans within the unit: each plan's steps are the unit's standards the student
        has not mastered, in unit order (steps the teacher edited are kept, as in any re-draft)."""
        unit = self.get(unit_id)
        table = self._c.evidence.mastery_table(unit.class_id)
        inside = set(unit.standard_ids)
        narrowed = replace(table, standards=[s for s in table.standards if s.id in inside])
        wanted = student_ids if student_ids is not None else [s.id for s in table.students]
        plans = self._c.plans
        with self._c.write() as tx:
            for sid in wanted:
                plans._draft_one(tx, sid, unit.class_id, start, end, narrowed)  # noqa: SLF001 (same service layer)
        return tx.changes

    def plan_snapshots(self, class_id: str, student_ids: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        """Each student's plan as it stands (None: no plan yet), for :meth:`restore_plans` (undo)."""
        out: dict[str, dict[str, Any] | None] = {}
        with self._c.db.reading() as tx:
            existing = {sid for sid in student_ids if tx.get(LearningPlan, derived_id("plan", sid, class_id))}
        for sid in student_ids:
            out[sid] = self._c.plans.snapshot(derived_id("plan", sid, class_id)) if sid in existing else None
        return out

    def restore_plans(self, class_id: str, snapshots: dict[str, dict[str, Any] | None]) -> ChangeSet:
        """Put plans back as :meth:`plan_snapshots` saw them (a plan that did not exist goes again)."""
        changes = ChangeSet()
        for sid, snap in snapshots.items():
            if snap is not None:
                changes.merge(self._c.plans.restore(snap))
                continue
            with self._c.write() as tx:
                row = tx.get(LearningPlan, derived_id("plan", sid, class_id))
                if row is not None:
                    tx.delete(row)
            changes.merge(tx.changes)
        return changes
