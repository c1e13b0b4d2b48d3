"""Classes (teaching groups) and who is enrolled in them."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import MasteryConfig, MasteryMethod
from classroom_desktop.i18n import _
from classroom_desktop.i18n import program_translator as words
from classroom_desktop.services.views import ClassView
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import Enrolment, Entity, Scale, SchoolClass, Student, new_id
from classroom_desktop.store.not_found import needs_a_name_message

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def method_of(name: str) -> MasteryMethod:
    """The mastery method stored under ``name`` (a newer app's unknown method falls back to the default)."""
    try:
        return MasteryMethod(name)
    except ValueError:
        return MasteryMethod.DECAYING_AVERAGE


def _view(row: SchoolClass, count: int = 0) -> ClassView:
    config = MasteryConfig(method_of(row.mastery_method), row.mastery_weight, row.mastery_n)
    return ClassView(row.id, row.name, row.school_year, row.framework_id, config, row.archived, count)


def clean_name(name: str, what: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise UserError(needs_a_name_message(what))
    return name


def edit_fields(
    classroom: Classroom,
    model: type[Entity],
    row_id: str,
    what: str,
    allowed: set[str],
    fields: dict[str, Any],
) -> ChangeSet:
    """Change ``fields`` of one row named ``what`` (a ``name`` is cleaned first).

    Raises:
        ValueError: a field not in ``allowed`` (a bug in the caller, not the teacher's doing).
        UserError: the row is gone, or the new name is empty.
    """
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown {what} fields: {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = clean_name(fields["name"], what)
    with classroom.write() as tx:
        tx.update(tx.require(model, row_id, what), **fields)
    return tx.changes


class Classes:
    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    def list(self, include_archived: bool = False) -> list[ClassView]:
        with self._c.db.reading() as tx:
            counts = dict(
                tx.execute(
                    select(Enrolment.class_id, func.count())
                    .join(Student, Student.id == Enrolment.student_id)
                    .where(
                        Enrolment.active,
                        Enrolment.deleted.is_(False),
                        Student.archived.is_(False),
                        Student.deleted.is_(False),
                    )
                    .group_by(Enrolment.class_id)
                )
            )
            rows = tx.all(SchoolClass, order_by=[SchoolClass.name])
        return [_view(r, counts.get(r.id, 0)) for r in rows if include_archived or not r.archived]

    def get(self, class_id: str) -> ClassView:
        with self._c.db.reading() as tx:
            return _view(tx.require(SchoolClass, class_id, "class"))

    def find(self, name: str) -> ClassView:
        """The class called ``name`` (case-insensitive), for the command line."""
        matches = [c for c in self.list(include_archived=True) if c.name.casefold() == name.casefold()]
        if not matches:
            known = ", ".join(c.name for c in self.list())
            if not known:
                raise UserError(
                    _("There is no class called '{name}'. There are no classes yet.").format(name=name)
                )
            raise UserError(
                _("There is no class called '{name}'. Classes: {classes}.").format(name=name, classes=known)
            )
        return matches[0]

    def create(self, name: str, school_year: str = "", framework_id: str | None = None) -> ChangeSet:
        name = clean_name(name, "class")
        with self._c.write() as tx:
            row = tx.add(
                SchoolClass,
                name=name,
                school_year=school_year.strip(),
                framework_id=framework_id,
                scale_id=tx.meta("default_scale_id"),
            )
        tx.changes.created_id = row.id
        return tx.changes

    def edit(self, class_id: str, **fields: Any) -> ChangeSet:
        allowed = {"name", "school_year", "framework_id", "archived"}
        return edit_fields(self._c, SchoolClass, class_id, "class", allowed, fields)

    def archive(self, class_id: str, archived: bool = True) -> ChangeSet:
        return self.edit(class_id, archived=archived)

    def set_mastery(self, class_id: str, config: MasteryConfig) -> ChangeSet:
        if not 0.01 <= config.weight <= 0.99:
            raise UserError(
                _("The weight must be between {low} and {high} (it was {weight}).").format(
                    low=words().level(0.01), high=words().level(0.99), weight=words().level(config.weight)
                )
            )
        if not 1 <= config.n <= 20:
            raise UserError(_("'n times' must be between 1 and 20 (it was {n}).").format(n=config.n))
        with self._c.write() as tx:
            tx.update(
                tx.require(SchoolClass, class_id, "class"),
                mastery_method=config.method.value,
                mastery_weight=float(config.weight),
                mastery_n=int(config.n),
            )
        return tx.changes

    def options(self, class_id: str) -> dict[str, Any]:
        with self._c.db.reading() as tx:
            return dict(tx.require(SchoolClass, class_id, "class").options or {})

    def set_option(self, class_id: str, key: str, value: Any) -> ChangeSet:
        with self._c.write() as tx:
            row = tx.require(SchoolClass, class_id, "class")
            tx.update(row, options={**(row.options or {}), key: value})
        return tx.changes

    def scale(self, class_id: str) -> ProficiencyScale:
        with self._c.db.reading() as tx:
            return scale_of(tx, tx.require(SchoolClass, class_id, "class"))

    # ---- enrolment --------------------------------------------------------------------
    def enrol(self, class_id: str, student_ids: builtins.list[str]) -> ChangeSet:
        with self._c.write() as tx:
            enrol_in(tx, class_id, student_ids)
        return tx.changes

    def unenrol(self, class_id: str, student_id: str) -> ChangeSet:
        with self._c.write() as tx:
            for row in tx.all(Enrolment, Enrolment.class_id == class_id, Enrolment.student_id == student_id):
                tx.update(row, active=False)
        return tx.changes

    def student_ids(self, class_id: str) -> builtins.list[str]:
        with self._c.db.reading() as tx:
            return active_student_ids(tx, class_id)


def enrol_in(tx: Tx, class_id: str, student_ids: list[str]) -> list[str]:
    """Enrol students in a class (again, if they had left it): one query and one bulk insert.

    Returns the ids of the enrolments made or made active again (not those that already were)."""
    tx.require(SchoolClass, class_id, "class")
    wanted = list(dict.fromkeys(student_ids))
    live: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found = tx.raw(f"SELECT id FROM student WHERE deleted = 0 AND id IN ({marks})", chunk)
        live.update(r[0] for r in found)
    if len(live) != len(wanted):
        tx.require(Student, next(sid for sid in wanted if sid not in live), "student")
    existing = {r[1]: (r[0], r[2]) for r in tx.raw(
        "SELECT id, student_id, active FROM enrolment WHERE class_id = ? AND deleted = 0", (class_id,))}
    fresh = []
    again: list[str] = []
    for sid in wanted:
        if sid not in existing:
            fresh.append({"id": new_id(), "class_id": class_id, "student_id": sid, "active": True})
        elif not existing[sid][1]:
            tx.update(tx.require(Enrolment, existing[sid][0], "enrolment"), active=True)
            again.append(existing[sid][0])
    tx.add_many(Enrolment, fresh)
    return [str(r["id"]) for r in fresh] + again


def active_student_ids(tx: Tx, class_id: str) -> list[str]:
    rows = tx.raw(
        "SELECT DISTINCT e.student_id FROM enrolment e JOIN student s ON s.id = e.student_id "
        "WHERE e.class_id = ? AND e.active AND NOT e.deleted AND NOT s.deleted AND NOT s.archived",
        (class_id,),
    )
    return [r[0] for r in rows]


def scale_of(tx: Tx, row: SchoolClass) -> ProficiencyScale:
    scale_id = row.scale_id or tx.meta("default_scale_id")
    found = tx.get(Scale, scale_id) if scale_id else None
    if found is None:
        return ProficiencyScale.default()
    return ProficiencyScale.from_json({"name": found.name, "cutoff": found.cutoff, "levels": found.levels})
