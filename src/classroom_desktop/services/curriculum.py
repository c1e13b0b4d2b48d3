"""Frameworks, strands, standards, prerequisites and proficiency scales."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain import paths
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.ids import derived_id
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.services.classes import clean_name
from classroom_desktop.services.views import FrameworkView, StrandView
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import Framework, Prerequisite, Scale, SchoolClass, Standard, Strand

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def load_standards(tx: Tx, framework_id: str) -> list[StandardInfo]:
    """A framework's standards with their prerequisites, in strand then position order.

    Plain SQL: this runs for every mastery table, so it must not build ORM objects.
    """
    rows = tx.raw(
        "SELECT s.id, s.code, s.statement, coalesce(st.position, 10000), s.position, s.strand_id, "
        "s.description "
        "FROM standard s LEFT JOIN strand st ON st.id = s.strand_id AND st.deleted = 0 "
        "WHERE s.framework_id = ? AND s.deleted = 0",
        (framework_id,),
    )
    prereqs: dict[str, set[str]] = {}
    for standard_id, prerequisite_id in tx.raw(
        "SELECT p.standard_id, p.prerequisite_id FROM prerequisite p JOIN standard s ON s.id = p.standard_id "
        "JOIN standard q ON q.id = p.prerequisite_id "
        "WHERE s.framework_id = ? AND p.deleted = 0 AND q.deleted = 0",
        (framework_id,),
    ):
        prereqs.setdefault(standard_id, set()).add(prerequisite_id)
    infos = [
        StandardInfo(r[0], r[1], r[2], r[3], r[4], tuple(sorted(prereqs.get(r[0], ()))), r[5], r[6])
        for r in rows
    ]
    return sorted(infos, key=lambda s: (s.strand_position, s.position, s.code))


def _check_acyclic(standards: list[StandardInfo], standard_id: str, prerequisite_ids: list[str]) -> None:
    proposed = [
        StandardInfo(
            s.id,
            s.code,
            s.statement,
            s.strand_position,
            s.position,
            tuple(prerequisite_ids) if s.id == standard_id else s.prerequisites,
        )
        for s in standards
    ]
    paths.check_acyclic(proposed)


class Curriculum:
    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    # ---- scales -----------------------------------------------------------------------
    def ensure_default_scale(self) -> str:
        with self._c.write() as tx:
            scale_id = tx.meta("default_scale_id")
            if scale_id is None or tx.get(Scale, scale_id) is None:
                # One id on every laptop: each new laptop does not add another "Default" scale.
                scale_id = derived_id("scale", "default")
                if tx.get_tombstoned(Scale, scale_id) is None:
                    data = ProficiencyScale.default().to_json()
                    tx.add(
                        Scale, id=scale_id, name=data["name"], cutoff=data["cutoff"], levels=data["levels"]
                    )
                tx.set_meta("default_scale_id", scale_id)
        return str(scale_id)

    def set_class_scale(self, class_id: str, scale: ProficiencyScale) -> ChangeSet:
        """Give the class its own scale (levels, labels, descriptors, cut-off)."""
        data = scale.to_json()
        with self._c.write() as tx:
            row = tx.require(SchoolClass, class_id, "class")
            own = (
                tx.get(Scale, row.scale_id)
                if row.scale_id and row.scale_id != tx.meta("default_scale_id")
                else None
            )
            if own is None:
                own = tx.add(Scale, name=data["name"], cutoff=data["cutoff"], levels=data["levels"])
                tx.update(row, scale_id=own.id)
            else:
                tx.update(own, name=data["name"], cutoff=data["cutoff"], levels=data["levels"])
        return tx.changes

    # ---- frameworks and strands -------------------------------------------------------
    def frameworks(self) -> list[FrameworkView]:
        with self._c.db.reading() as tx:
            rows = tx.all(Framework, order_by=[Framework.name])
        return [FrameworkView(r.id, r.name, r.subject, r.grade, r.description) for r in rows]

    def add_framework(
        self, name: str, subject: str = "", grade: str = "", description: str = ""
    ) -> ChangeSet:
        name = clean_name(name, "framework")
        with self._c.write() as tx:
            row = tx.add(Framework, name=name, subject=subject, grade=grade, description=description)
        tx.changes.created_id = row.id
        return tx.changes

    def edit_framework(self, framework_id: str, **fields: Any) -> ChangeSet:
        if "name" in fields:
            fields["name"] = clean_name(fields["name"], "framework")
        with self._c.write() as tx:
            tx.update(tx.require(Framework, framework_id, "framework"), **fields)
        return tx.changes

    def strands(self, framework_id: str) -> list[StrandView]:
        with self._c.db.reading() as tx:
            rows = tx.all(
                Strand, Strand.framework_id == framework_id, order_by=[Strand.position, Strand.name]
            )
        return [StrandView(r.id, r.framework_id, r.code, r.name, r.position) for r in rows]

    def add_strand(self, framework_id: str, name: str, code: str = "") -> ChangeSet:
        name = clean_name(name, "strand")
        with self._c.write() as tx:
            tx.require(Framework, framework_id, "framework")
            position = len(tx.all(Strand, Strand.framework_id == framework_id))
            row = tx.add(Strand, framework_id=framework_id, name=name, code=code.strip(), position=position)
        tx.changes.created_id = row.id
        return tx.changes

    def edit_strand(self, strand_id: str, **fields: Any) -> ChangeSet:
        if "name" in fields:
            fields["name"] = clean_name(fields["name"], "strand")
        with self._c.write() as tx:
            tx.update(tx.require(Strand, strand_id, "strand"), **fields)
        return tx.changes

    # ---- standards --------------------------------------------------------------------
    def standards(self, framework_id: str) -> list[StandardInfo]:
        with self._c.db.reading() as tx:
            return load_standards(tx, framework_id)

    def standard(self, standard_id: str) -> StandardInfo:
        with self._c.db.reading() as tx:
            row = tx.require(Standard, standard_id, "standard")
            return next(s for s in load_standards(tx, row.framework_id) if s.id == standard_id)

    def learning_path(self, framework_id: str) -> list[StandardInfo]:
        """The framework's standards in an order that respects every prerequisite."""
        return paths.path_order(self.standards(framework_id))

    def add_standard(
        self,
        framework_id: str,
        code: str,
        statement: str,
        strand_id: str | None = None,
        description: str = "",
    ) -> ChangeSet:
        changes = self.add_standards(framework_id, [(code, statement, strand_id, description)])
        changes.created_id = next(iter(changes.ids(Standard.__tablename__)))
        return changes

    def add_standards(
        self, framework_id: str, standards: Sequence[tuple[str, str, str | None, str]]
    ) -> ChangeSet:
        """Add standards (code, statement, strand id or None, description) in one transaction, each
        at the end of its strand, as one :meth:`add_standard` per item would."""
        codes = [" ".join(code.split()) for code, _statement, _strand, _description in standards]
        if not all(codes):
            raise UserError(_("A standard needs a code (for example 4.NF.1)."))
        with self._c.write() as tx:
            tx.require(Framework, framework_id, "framework")
            for code, (_code, statement, strand_id, description) in zip(codes, standards, strict=True):
                if strand_id:
                    tx.require(Strand, strand_id, "strand")
                siblings = tx.all(
                    Standard, Standard.framework_id == framework_id, Standard.strand_id == strand_id
                )
                tx.add(
                    Standard,
                    framework_id=framework_id,
                    strand_id=strand_id,
                    code=code,
                    statement=statement.strip(),
                    description=description.strip(),
                    position=max((s.position for s in siblings), default=-1) + 1,
                )
        return tx.changes

    def edit_standard(self, standard_id: str, **fields: Any) -> ChangeSet:
        allowed = {"code", "statement", "description"}
        if set(fields) - allowed:
            raise ValueError(f"unknown standard fields: {sorted(set(fields) - allowed)}")
        if "code" in fields and not fields["code"].strip():
            raise UserError(_("A standard needs a code (for example 4.NF.1)."))
        with self._c.write() as tx:
            tx.update(
                tx.require(Standard, standard_id, "standard"), **{k: v.strip() for k, v in fields.items()}
            )
        return tx.changes

    def move_standard(self, standard_id: str, strand_id: str | None, index: int) -> ChangeSet:
        """Put a standard at ``index`` among its strand's standards (drag and drop in the tree)."""
        with self._c.write() as tx:
            row = tx.require(Standard, standard_id, "standard")
            if strand_id:
                tx.require(Strand, strand_id, "strand")
            siblings = [
                s
                for s in tx.all(
                    Standard,
                    Standard.framework_id == row.framework_id,
                    Standard.strand_id == strand_id,
                    order_by=[Standard.position],
                )
                if s.id != row.id
            ]
            siblings.insert(max(0, min(index, len(siblings))), row)
            tx.update(row, strand_id=strand_id)
            for pos, s in enumerate(siblings):
                tx.update(s, position=pos)
        return tx.changes

    def delete_standard(self, standard_id: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.delete(tx.require(Standard, standard_id, "standard"))
            for p in tx.all(Prerequisite):
                if standard_id in (p.standard_id, p.prerequisite_id):
                    tx.delete(p)
        return tx.changes

    def restore_standard(self, deleted: ChangeSet) -> ChangeSet:
        """Undo :meth:`delete_standard`: the standard and the prerequisite links it took away come back
        with their ids, so the evidence recorded on the standard counts again."""
        with self._c.write() as tx:
            for standard_id in deleted.ids("standard"):
                row = tx.get_tombstoned(Standard, standard_id)
                if row is not None:
                    tx.update(row, deleted=False)
            for link_id in deleted.ids("prerequisite"):
                link = tx.get_tombstoned(Prerequisite, link_id)
                if link is not None:
                    tx.update(link, deleted=False)
        return tx.changes

    def check_prerequisites(self, standard_id: str, prerequisite_ids: list[str]) -> None:
        """Refuse, before anything is written, prerequisites that would make a circle (named)."""
        info = self.standard(standard_id)
        if standard_id in prerequisite_ids:
            raise UserError(_("{code} cannot be a prerequisite of itself.").format(code=info.code))
        with self._c.db.reading() as tx:
            row = tx.require(Standard, standard_id, "standard")
            _check_acyclic(load_standards(tx, row.framework_id), standard_id, prerequisite_ids)

    def set_prerequisites(self, standard_id: str, prerequisite_ids: list[str]) -> ChangeSet:
        """Make ``prerequisite_ids`` the standard's prerequisites; a cycle is refused and named."""
        return self.set_many_prerequisites({standard_id: prerequisite_ids})

    def set_many_prerequisites(self, links: dict[str, list[str]]) -> ChangeSet:
        """:meth:`set_prerequisites` for each standard (id -> prerequisite ids), in one transaction."""
        with self._c.write() as tx:
            for standard_id, prerequisite_ids in links.items():
                _set_prerequisites(tx, standard_id, prerequisite_ids)
        return tx.changes


def _set_prerequisites(tx: Tx, standard_id: str, prerequisite_ids: list[str]) -> None:
    row = tx.require(Standard, standard_id, "standard")
    if standard_id in prerequisite_ids:
        raise UserError(_("{code} cannot be a prerequisite of itself.").format(code=row.code))
    for pid in prerequisite_ids:
        tx.require(Standard, pid, "standard")
    current = {p.prerequisite_id: p for p in tx.all(Prerequisite, Prerequisite.standard_id == standard_id)}
    _check_acyclic(load_standards(tx, row.framework_id), standard_id, prerequisite_ids)
    for pid, link in current.items():
        if pid not in prerequisite_ids:
            tx.delete(link)
    for pid in prerequisite_ids:
        if pid not in current:
            tx.add(Prerequisite, standard_id=standard_id, prerequisite_id=pid)
