"""Taking things out: a framework as the importer's CSV or Canvas outcomes, a class's gradebook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.i18n import _
from classroom_desktop.interop import canvas, gradebook, roster_csv, standards_csv
from classroom_desktop.services.importing.common import class_by_name as _class_by_name
from classroom_desktop.services.roster import name_key

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


STANDARDS_FORMATS = ("csv", "canvas")


def standards_file(classroom: Classroom, framework_id: str) -> standards_csv.StandardsFile:
    """A framework's standards as the rows a standards CSV holds (prerequisites by code)."""
    standards = classroom.curriculum.standards(framework_id)
    strands = {s.id: s.name for s in classroom.curriculum.strands(framework_id)}
    codes = {s.id: s.code for s in standards}
    order = {s.id: i for i, s in enumerate(standards)}
    rows = [standards_csv.StandardRow(
        i + 1, strands.get(s.strand_id or "", ""), s.code, s.statement, s.description,
        tuple(codes[p] for p in sorted((p for p in s.prerequisites if p in codes), key=order.__getitem__)))
        for i, s in enumerate(standards)]
    return standards_csv.StandardsFile(list(strands.values()), rows)


def canvas_export(classroom: Classroom, framework_id: str, class_id: str | None = None
                  ) -> canvas.CanvasExport:
    """A framework for Canvas: ratings and mastery points from the class's scale (or the default one),
    the calculation method from the class's mastery method."""
    framework = next(f for f in classroom.curriculum.frameworks() if f.id == framework_id)
    scale = classroom.classes.scale(class_id) if class_id else ProficiencyScale.default()
    method, number = "decaying_average", 65
    if class_id:
        config = classroom.classes.get(class_id).mastery
        method = canvas.CALCULATION.get(str(config.method), "decaying_average")
        number = {"n_mastery": config.n}.get(method, round(config.weight * 100))
    return canvas.CanvasExport(
        framework_guid=framework.id,
        framework=framework.name,
        strands=[(s.id, s.name) for s in classroom.curriculum.strands(framework_id)],
        standards=[canvas.CanvasStandard(s.id, s.code, s.statement, s.description, s.strand_id or "")
                   for s in classroom.curriculum.standards(framework_id)],
        ratings=[(lv.value, lv.label) for lv in sorted(scale.levels, key=lambda lv: -lv.value)],
        mastery_points=scale.cutoff,
        calculation_method=method,
        calculation_int=number if method in ("decaying_average", "n_mastery") else None,
    )


def export_standards(classroom: Classroom, framework_id: str, out: Path | str, fmt: str = "csv",
                     class_id: str | None = None) -> str:
    """Write a framework as the importer's CSV or as Canvas outcomes.csv; returns a one-line summary."""
    out = Path(out)
    if fmt not in STANDARDS_FORMATS:
        raise UserError(_("Choose the standards format csv or canvas ('{format}' is neither).").format(
            format=fmt))
    if out.suffix.lower() != ".csv":
        raise UserError(_("Save the standards as a .csv file ('{name}' is not).").format(name=out.name))
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=out.parent))
    name = next(f.name for f in classroom.curriculum.frameworks() if f.id == framework_id)
    if fmt == "canvas":
        export = canvas_export(classroom, framework_id, class_id)
        roster_csv.write_file_atomic(out, canvas.outcomes_csv(export))
        return _("Wrote {count} standards of '{framework}' to {path} as Canvas outcomes (Canvas has no "
                 "prerequisites; they are not in the file).").format(
            count=len(export.standards), framework=name, path=out)
    parsed = standards_file(classroom, framework_id)
    roster_csv.write_file_atomic(out, standards_csv.standards_csv_bytes(parsed))
    return _("Wrote {count} standards of '{framework}' to {path}.").format(
        count=len(parsed.standards), framework=name, path=out)


def export_standards_path(classroom: Classroom, out: Path | str, fmt: str = "csv",
                          class_name: str | None = None, framework_name: str | None = None) -> str:
    """The command line's ``export standards``: the named framework, else the class's (the first class's)."""
    class_id = _class_by_name(classroom, class_name)
    if framework_name:
        key = name_key(framework_name)
        found = [f for f in classroom.curriculum.frameworks() if name_key(f.name) == key]
        if not found:
            known = "; ".join(f.name for f in classroom.curriculum.frameworks()) or _("none yet")
            raise UserError(_("There is no framework called '{name}'. Frameworks: {known}.").format(
                name=framework_name, known=known))
        return export_standards(classroom, found[0].id, out, fmt, class_id)
    if class_id is None:
        classes = classroom.classes.list()
        class_id = str(classes[0].id) if classes else None
    framework_id = classroom.classes.get(class_id).framework_id if class_id else None
    if not framework_id:
        raise UserError(_("Say which framework to export: --framework NAME (or --class NAME of a class "
                          "that has one)."))
    return export_standards(classroom, framework_id, out, fmt, class_id)


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
    return _("Wrote the gradebook of {class_name} ({students} students × {standards} standards) to "
             "{path}.").format(class_name=sheet.title, students=len(sheet.students),
                               standards=len(sheet.standards), path=written)
