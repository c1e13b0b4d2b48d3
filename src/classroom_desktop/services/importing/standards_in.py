"""Bringing a framework in: a CASE package, a Canvas outcomes file or a standards CSV/XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.interop import canvas, case, filekind, roster_csv, standards_csv
from classroom_desktop.services.importing.common import Progress
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import (
    Framework,
    Prerequisite,
    SchoolClass,
    Standard,
    Strand,
    new_id,
)

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def import_standards(classroom: Classroom, parsed: standards_csv.StandardsFile, name: str,
                     class_id: str | None = None, subject: str = "", progress: Progress | None = None
                     ) -> ChangeSet:
    """Make a framework called ``name`` from a parsed standards file, in one transaction (bulk inserts).

    If ``class_id`` is given and the class has no framework yet, the class gets this one.
    """
    name = " ".join(name.split()) or _("Imported standards")
    with classroom.write() as tx:
        framework = tx.add(Framework, name=name, subject=subject)
        strand_rows = [{"id": new_id(), "framework_id": framework.id, "name": title, "position": i}
                       for i, title in enumerate(parsed.strands)]
        tx.add_many(Strand, strand_rows)
        strand_ids: dict[str, str] = {str(r["name"]): str(r["id"]) for r in strand_rows}
        ids: dict[str, str] = {}
        positions: dict[str | None, int] = {}
        standard_rows: list[dict[str, Any]] = []
        for row in parsed.standards:
            strand_id = strand_ids.get(row.strand)
            position = positions.get(strand_id, 0)
            positions[strand_id] = position + 1
            ids[row.code] = new_id()
            standard_rows.append({"id": ids[row.code], "framework_id": framework.id, "strand_id": strand_id,
                                  "code": row.code, "statement": row.statement,
                                  "description": row.description, "position": position})
        for start in range(0, len(standard_rows), 2000):
            tx.add_many(Standard, standard_rows[start : start + 2000])
            if progress is not None:
                progress(start + len(standard_rows[start : start + 2000]), len(standard_rows))
        tx.add_many(Prerequisite, [
            {"id": new_id(), "standard_id": ids[row.code], "prerequisite_id": ids[code]}
            for row in parsed.standards for code in row.prerequisites])
        if class_id:
            school_class = tx.require(SchoolClass, class_id, "class")
            if not school_class.framework_id:
                tx.update(school_class, framework_id=framework.id)
    tx.changes.created_id = framework.id
    return tx.changes


def read_standards(data: bytes, file_name: str, part: str = "", peers_as_prerequisites: bool = False
                   ) -> tuple[standards_csv.StandardsFile, str, str]:
    """A standards file's rows, the framework's name and subject: a CASE package (JSON: its title, and
    the part picked by code or title) or a CSV/XLSX file (named by its title row, else after the file)."""
    if filekind.sniff(data).kind == "json":
        package = case.read_case(data)
        part_id = package.find(part) if part else ""
        name = package.title
        if part_id:
            item = package.items[part_id]
            name = f"{package.title} — {item.code or item.statement}"
        return case.to_standards(package, part_id, peers_as_prerequisites), name, package.subject
    if part:
        raise UserError(_("--part picks a part of a CASE package; this is a CSV or spreadsheet file."))
    stem = Path(file_name).stem.replace("_", " ").strip()
    if canvas.is_outcomes_csv(roster_csv.read_table(data, roster_csv.STANDARDS_WANTS).records[0]):
        parsed, title = canvas.read_outcomes_csv(data)
        return parsed, title or stem, ""
    parsed = standards_csv.parse_standards(data)
    return parsed, parsed.title or stem, ""
