"""Bringing files into a workspace (rosters, standards) and taking the gradebook out, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.interop import filekind, gradebook, roster_csv, standards_csv
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import Framework, Prerequisite, SchoolClass, Standard, Strand

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def read_bytes(path: Path | str, wants: str = roster_csv.ROSTER_WANTS) -> bytes:
    """The bytes of a file the teacher chose, or a UserError saying why it cannot be read
    (a file too large to be a class list or a framework is refused before it is read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_file() and size > filekind.MAX_BYTES:
            raise filekind.too_large(size, wants)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise UserError(f"{path} is a folder, not a file.") from exc
    except OSError as exc:
        raise UserError(f"{path} could not be read ({exc.strerror}).") from exc


def import_roster(classroom: Classroom, rows: list[roster_csv.RosterRow], class_id: str | None) -> ChangeSet:
    """Add the students read from a roster (and enrol them in the class) in one transaction."""
    students = [NewStudent(r.given_name, r.family_name, r.preferred_name, r.student_number, r.email)
                for r in rows]
    return classroom.students.add_many(students, class_id)


def import_standards(classroom: Classroom, parsed: standards_csv.StandardsFile, name: str,
                     class_id: str | None = None) -> ChangeSet:
    """Make a framework called ``name`` from a parsed standards file, in one transaction.

    If ``class_id`` is given and the class has no framework yet, the class gets this one.
    """
    name = " ".join(name.split()) or "Imported standards"
    with classroom.write() as tx:
        framework = tx.add(Framework, name=name)
        strand_ids = {title: tx.add(Strand, framework_id=framework.id, name=title, position=i).id
                      for i, title in enumerate(parsed.strands)}
        ids: dict[str, str] = {}
        positions: dict[str | None, int] = {}
        for row in parsed.standards:
            strand_id = strand_ids.get(row.strand)
            position = positions.get(strand_id, 0)
            positions[strand_id] = position + 1
            ids[row.code] = tx.add(Standard, framework_id=framework.id, strand_id=strand_id, code=row.code,
                                   statement=row.statement, description=row.description, position=position).id
        for row in parsed.standards:
            for code in row.prerequisites:
                tx.add(Prerequisite, standard_id=ids[row.code], prerequisite_id=ids[code])
        if class_id:
            school_class = tx.require(SchoolClass, class_id, "class")
            if not school_class.framework_id:
                tx.update(school_class, framework_id=framework.id)
    tx.changes.created_id = framework.id
    return tx.changes


def import_file(classroom: Classroom, what: str, path: Path | str, class_id: str | None) -> str:
    """Import a roster or standards CSV file; returns a one-line summary for the teacher.

    Raises:
        UserError: the file cannot be read or has a bad row (named by its line); nothing is imported.
    """
    data = read_bytes(path)
    if what == "roster":
        roster = roster_csv.load_roster(data)
        rows = roster_csv.parse_roster(roster)
        import_roster(classroom, rows, class_id)
        where = f" into {classroom.classes.get(class_id).name}" if class_id else ""
        return f"Imported {len(rows)} student{'s' if len(rows) != 1 else ''}{where}."
    if what == "standards":
        parsed = standards_csv.parse_standards(data)
        name = Path(path).stem.replace("_", " ").strip()
        import_standards(classroom, parsed, name, class_id)
        return (f"Imported {len(parsed.standards)} standards in {len(parsed.strands)} strands "
                f"as the framework '{name}'.")
    raise UserError(f"'{what}' cannot be imported; choose roster or standards.")


def gradebook_sheet(classroom: Classroom, class_id: str) -> gradebook.GradebookSheet:
    """The class's mastery table as plain rows for an export."""
    table = classroom.evidence.mastery_table(class_id)
    return gradebook.GradebookSheet(
        title=classroom.classes.get(class_id).name,
        levels=tuple((lv.value, lv.label) for lv in table.scale.levels),
        cutoff=table.scale.cutoff,
        standards=[(s.code, s.statement) for s in table.standards],
        students=[(s.display_name, s.student_number) for s in table.students],
        values=[[table.cell(st.id, sd.id).value for sd in table.standards] for st in table.students],
        dates=[[table.cell(st.id, sd.id).latest_date for sd in table.standards] for st in table.students],
    )


def export_gradebook(classroom: Classroom, class_id: str, out: Path | str, layout: str = "wide") -> str:
    """Write the class's mastery table to a .csv or .xlsx file (``wide`` or ``long`` layout);
    returns a one-line summary."""
    sheet = gradebook_sheet(classroom, class_id)
    written = gradebook.export(sheet, Path(out), layout)
    return (f"Wrote the gradebook of {sheet.title} ({len(sheet.students)} students × "
            f"{len(sheet.standards)} standards) to {written}.")
