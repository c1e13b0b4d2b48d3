"""Importing the picked classes of a OneRoster export (a full export or a delta)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.interop import oneroster
from classroom_desktop.services.importing.common import Progress
from classroom_desktop.services.importing.roster_apply import RosterResult, apply_roster
from classroom_desktop.services.importing.roster_plan import RosterPlan, plan_roster, roster_summary
from classroom_desktop.services.roster import name_key

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def choose_classes(package: oneroster.Package, names: Sequence[str] = (),
                   all_classes: bool = False) -> list[oneroster.OneRosterClass]:
    """The file's classes the teacher picked (by title or class code), all of them, or the only one.

    Raises:
        UserError: a name is not in the file, or the file has several classes and none was picked.
    """
    if all_classes:
        return [c for c in package.classes if package.rows.get(c.sourced_id)]
    if names:
        return [package.find_class(n) for n in names]
    if len(package.classes) == 1:
        return package.classes
    listed = "; ".join(_("{label}, {count} students").format(label=c.label, count=c.students)
                       for c in package.classes)
    raise UserError(_("The OneRoster file holds {count} classes ({classes}); choose one with --class NAME, "
                      "or import them all with --all-classes.").format(
        count=len(package.classes), classes=listed))


def find_workspace_class(classroom: Classroom, title: str) -> str | None:
    """The workspace's class with this title (NFC, case-insensitive), or None."""
    key = name_key(title)
    for view in classroom.classes.list(include_archived=True):
        if name_key(view.name) == key:
            return str(view.id)
    return None


def workspace_class_for(classroom: Classroom, picked: oneroster.OneRosterClass) -> str:
    """The workspace's class with the OneRoster class's title, made if there is none yet."""
    found = find_workspace_class(classroom, picked.title)
    if found:
        return found
    created = classroom.classes.create(picked.title, picked.school_year).created_id
    assert created is not None
    return created


@dataclass
class OneRosterPreview:
    """One picked class of a OneRoster export: where it goes and what importing it would do."""

    source: oneroster.OneRosterClass
    class_id: str | None  # None: a new class of that title will be made
    plan: RosterPlan
    version: str

    def summary(self) -> str:
        where = self.source.title
        if not self.class_id:
            where = _("{title} (a new class)").format(title=self.source.title)
        return f"{where}: {self.plan.summary()}"


def preview_oneroster(classroom: Classroom, package: oneroster.Package,
                      picked: Sequence[oneroster.OneRosterClass]) -> list[OneRosterPreview]:
    """What importing the picked classes would do; nothing is written."""
    kind = f"{package.version}{' delta' if package.delta else ''}"
    out = []
    added: set[str] = set()  # students an earlier class of this import adds: found by the later ones
    for one in picked:
        class_id = find_workspace_class(classroom, one.title)
        plan = plan_roster(classroom, package.rows.get(one.sourced_id, []), class_id, delta=package.delta)
        if class_id is None:
            plan.not_in_file = []
        again = [r for r in plan.new if r.student_number and r.student_number in added]
        plan.new = [r for r in plan.new if r not in again]
        plan.unchanged += [("", r) for r in again]
        added |= {r.student_number for r in plan.new if r.student_number}
        out.append(OneRosterPreview(one, class_id, plan, kind))
    return out


def apply_oneroster(classroom: Classroom, package: oneroster.Package,
                    picked: Sequence[oneroster.OneRosterClass], progress: Progress | None = None
                    ) -> list[RosterResult]:
    """Import the picked classes one after the other (each class one transaction; a class of the
    same title is made when the workspace has none)."""
    results = []
    for one in picked:
        class_id = workspace_class_for(classroom, one)
        plan = plan_roster(classroom, package.rows.get(one.sourced_id, []), class_id, delta=package.delta)
        results.append(apply_roster(classroom, plan, progress))
    return results


def import_oneroster(classroom: Classroom, files: dict[str, bytes], names: Sequence[str] = (),
                     all_classes: bool = False, progress: Progress | None = None) -> str:
    """Import the students of the picked classes of a OneRoster export; one line per class, joined."""
    package = oneroster.read_package(files)
    picked = choose_classes(package, names, all_classes)
    kind = _kind(package)
    said = []
    for result in apply_oneroster(classroom, package, picked, progress):
        plan = result.plan
        count = len(plan.new) + len(plan.updates) + len(plan.unchanged) + len(plan.removed)
        said.append(roster_summary(classroom, plan, count, kind))
    return " ".join(said)


def _kind(package: oneroster.Package) -> str:
    """"OneRoster 1.2", or "OneRoster 1.2 delta" for a delta export."""
    if package.delta:
        return _("OneRoster {version} delta").format(version=package.version)
    return f"OneRoster {package.version}"
