"""The window's and the command line's imports: a roster or a framework file, with a summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.interop import roster_csv
from classroom_desktop.services.importing.canvas_scale import check_canvas_scale
from classroom_desktop.services.importing.common import class_by_name as _class_by_name
from classroom_desktop.services.importing.common import counted
from classroom_desktop.services.importing.files import oneroster_files, read_bytes
from classroom_desktop.services.importing.oneroster_in import import_oneroster
from classroom_desktop.services.importing.roster_apply import import_roster
from classroom_desktop.services.importing.roster_plan import roster_summary
from classroom_desktop.services.importing.standards_in import import_standards, read_standards

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def import_file(classroom: Classroom, what: str, path: Path | str, class_id: str | None,
                part: str = "", peers_as_prerequisites: bool = False) -> str:
    """Import a roster or standards CSV file; returns a one-line summary for the teacher.

    Raises:
        UserError: the file cannot be read or has a bad row (named by its line); nothing is imported.
    """
    if what == "roster":
        files = oneroster_files(path)
        if files is not None:
            if class_id:
                return import_oneroster(classroom, files, [classroom.classes.get(class_id).name])
            return import_oneroster(classroom, files)
        data = read_bytes(path)
        roster = roster_csv.load_roster(data)
        rows = roster_csv.parse_roster(roster)
        result = import_roster(classroom, rows, class_id)
        return roster_summary(classroom, result.plan, len(rows))
    if what == "standards":
        data = read_bytes(path, roster_csv.STANDARDS_WANTS)
        parsed, name, subject = read_standards(data, Path(path).name, part, peers_as_prerequisites)
        had = classroom.classes.get(class_id).framework_id if class_id else None
        created = import_standards(classroom, parsed, name, class_id, subject).created_id
        prereqs = sum(len(r.prerequisites) for r in parsed.standards)
        standards = counted(len(parsed.standards), _("1 standard"), _("{count} standards"))
        strands = counted(len(parsed.strands), _("1 strand"), _("{count} strands"))
        if prereqs:
            links = counted(prereqs, _("1 prerequisite link"), _("{count} prerequisite links"))
            imported = _("Imported {standards} in {strands} and {links} as the framework '{name}'").format(
                standards=standards, strands=strands, links=links, name=name)
        else:
            imported = _("Imported {standards} in {strands} as the framework '{name}'").format(
                standards=standards, strands=strands, name=name)
        if not class_id:
            return imported + "."
        school_class = classroom.classes.get(class_id)
        if had and school_class.framework_id != created:
            kept = next((f.name for f in classroom.curriculum.frameworks() if f.id == had), _("its own"))
            said = _("{imported}; {class_name} keeps its framework '{kept}'.").format(
                imported=imported, class_name=school_class.name, kept=kept)
        else:
            said = _("{imported} for {class_name}.").format(imported=imported, class_name=school_class.name)
        scale = check_canvas_scale(classroom, class_id, data, name,
                                   adopt=school_class.framework_id == created).message
        return f"{said} {scale}" if scale else said
    raise UserError(_("'{what}' cannot be imported; choose roster or standards.").format(what=what))



def import_path(classroom: Classroom, what: str, path: Path | str, class_name: str | None = None,
                all_classes: bool = False, part: str = "", peers_as_prerequisites: bool = False) -> str:
    """The command line's ``import``: a roster (CSV, XLSX, or a OneRoster zip or folder, whose classes
    are picked by ``class_name`` or ``all_classes``) or a framework (CSV, XLSX or CASE JSON), attached
    to the class called ``class_name`` when given. Returns the one-line summary."""
    if class_name and all_classes:
        raise UserError(_("Give --class NAME or --all-classes, not both."))
    if what == "roster":
        files = oneroster_files(path)
        if files is not None:
            return import_oneroster(classroom, files, [class_name] if class_name else (), all_classes)
        if all_classes:
            raise UserError(_("--all-classes is for a OneRoster export; a class list file goes into one "
                              "class."))
        class_id = _class_by_name(classroom, class_name)
        if class_id is None:
            classes = classroom.classes.list()
            class_id = str(classes[0].id) if classes else None
        return import_file(classroom, what, path, class_id)
    return import_file(classroom, what, path, _class_by_name(classroom, class_name), part,
                       peers_as_prerequisites)
