"""Planning a roster import: every row matched against the workspace's students (a re-import is
an update); nothing is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from classroom_desktop.i18n import _
from classroom_desktop.interop.roster_csv import RosterRow
from classroom_desktop.services.importing.common import nfc as _nfc
from classroom_desktop.services.roster import name_key
from classroom_desktop.store.models import (
    SchoolClass,
)

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


ROSTER_TEXT_FIELDS = ("given_name", "family_name", "preferred_name", "student_number", "email")


@dataclass(frozen=True)
class Existing:
    """A student already in the workspace, as the matcher sees them."""

    id: str
    fields: dict[str, str]
    archived: bool

    @property
    def name(self) -> str:
        return f"{self.fields['given_name']} {self.fields['family_name']}".strip()


@dataclass
class RosterPlan:
    """What importing a roster would do, shown before anything is written (the preview).

    Rows match a student already in the workspace by Student ID, then e-mail, then exact name
    (NFC-normalised, and only when the Student IDs do not disagree; ``by_name`` lists those so the
    teacher can check them).
    """

    class_id: str | None
    new: list[RosterRow] = field(default_factory=list)
    #: (student id, row, the fields that change with their new values)
    updates: list[tuple[str, RosterRow, dict[str, Any]]] = field(default_factory=list)
    unchanged: list[tuple[str, RosterRow]] = field(default_factory=list)
    #: students the file says are gone (OneRoster ``tobedeleted``): taken out of the class, archived
    removed: list[tuple[str, RosterRow]] = field(default_factory=list)
    #: students of the class (or workspace) the file does not mention (a full file, not a delta)
    not_in_file: list[Existing] = field(default_factory=list)
    #: one sentence per name that two or more rows of the file share
    same_names: list[str] = field(default_factory=list)
    #: one sentence per row matched only by its name
    by_name: list[str] = field(default_factory=list)
    delta: bool = False
    #: the old values of updated fields, by student id (to undo an import)
    before: dict[str, dict[str, Any]] = field(default_factory=dict)

    #: students updated but not enrolled (a OneRoster delta mentions them for another class)
    not_enrolled: set[str] = field(default_factory=set)
    #: one sentence per enrolment of a student neither the file's users nor the workspace holds
    unknown: list[str] = field(default_factory=list)
    #: the source's ids of the students matched or added, to find them again (OneRoster sourcedId)
    source_ids: dict[str, str] = field(default_factory=dict)  # source id -> student id ("" = new row)

    @property
    def matched_ids(self) -> list[str]:
        """The students already here that the import enrols in the class."""
        ids = [sid for sid, _, _ in self.updates] + [sid for sid, _ in self.unchanged]
        return [sid for sid in ids if sid not in self.not_enrolled]

    def summary(self) -> str:
        """"N new, N updated, N unchanged, N not in the file (archive?)" (a delta: "N removed")."""
        counts = {"new": len(self.new), "updated": len(self.updates), "unchanged": len(self.unchanged),
                  "removed": len(self.removed), "missing": len(self.not_in_file)}
        if self.delta:
            said = _("{new} new, {updated} updated, {unchanged} unchanged, {removed} removed")
        elif self.removed:
            said = _("{new} new, {updated} updated, {unchanged} unchanged, {removed} removed, {missing} "
                     "not in the file (archive?)")
        else:
            said = _("{new} new, {updated} updated, {unchanged} unchanged, {missing} not in the file "
                     "(archive?)")
        return said.format(**counts)

    @property
    def notes(self) -> list[str]:
        """Everything the teacher should look at before importing: same names, matches by name."""
        return self.same_names + self.by_name + self.unknown


def _existing_students(classroom: Classroom) -> list[Existing]:
    with classroom.db.reading() as tx:
        rows = tx.raw("SELECT id, given_name, family_name, preferred_name, student_number, email, archived "
                      "FROM student WHERE deleted = 0")
    return [Existing(r[0], dict(zip(ROSTER_TEXT_FIELDS, (v or "" for v in r[1:6]), strict=True)), bool(r[6]))
            for r in rows]


def _class_member_ids(classroom: Classroom, class_id: str) -> set[str]:
    with classroom.db.reading() as tx:
        return {r[0] for r in tx.raw(
            "SELECT student_id FROM enrolment WHERE class_id = ? AND active AND NOT deleted", (class_id,))}


#: Where a class remembers the OneRoster sourcedIds of the students an import brought into it.
SOURCE_IDS_OPTION = "oneroster_users"


def _remembered_source_ids(classroom: Classroom) -> dict[str, str]:
    """OneRoster sourcedId -> student id, as earlier imports remembered them in their classes."""
    found: dict[str, str] = {}
    with classroom.db.reading() as tx:
        for row in tx.all(SchoolClass):
            known = (row.options or {}).get(SOURCE_IDS_OPTION)
            if isinstance(known, dict):
                found.update({str(k): str(v) for k, v in known.items()})
    return found


def plan_roster(classroom: Classroom, rows: Sequence[RosterRow], class_id: str | None,
                delta: bool = False) -> RosterPlan:
    """Match every row against the workspace's students; nothing is written."""
    existing = _existing_students(classroom)
    by_student = {e.id: e for e in existing}
    # only a row the file gives nothing else of is found by the sourcedId alone
    remembered = _remembered_source_ids(classroom) if any(r.enrol_only for r in rows) else {}
    by_id: dict[str, list[Existing]] = {}
    by_email: dict[str, list[Existing]] = {}
    by_name: dict[str, list[Existing]] = {}
    for e in existing:
        if e.fields["student_number"]:
            by_id.setdefault(e.fields["student_number"], []).append(e)
        if e.fields["email"]:
            by_email.setdefault(e.fields["email"].casefold(), []).append(e)
        by_name.setdefault(name_key(e.name), []).append(e)
    plan = RosterPlan(class_id, delta=delta)
    claimed: set[str] = set()

    def first_free(candidates: list[Existing], number: str) -> Existing | None:
        for e in candidates:
            if e.id not in claimed and (not number or not e.fields["student_number"]
                                        or e.fields["student_number"] == number):
                return e
        return None

    lines_by_name: dict[str, list[int]] = {}
    first_row: dict[int, RosterRow] = {}
    for row in rows:
        key = name_key(f"{row.given_name} {row.family_name}")
        if not row.remove and not row.known_only and not row.enrol_only:
            lines_by_name.setdefault(key, []).append(row.line)
            first_row.setdefault(row.line, row)
        number = row.student_number
        match = None
        if row.enrol_only and remembered.get(row.source_id) in by_student:
            found = by_student[remembered[row.source_id]]
            match = found if found.id not in claimed else None
        if match is None and number:
            match = first_free(by_id.get(number, []), "" if row.enrol_only else number)
        if row.enrol_only:
            if match is None and not row.remove:
                if class_id:
                    unknown = _("enrollments.csv line {line}: the student {student} is enrolled in "
                                "{class_name} but is neither in the file's users.csv nor here; left out "
                                "(import the full export once).")
                else:
                    unknown = _("enrollments.csv line {line}: the student {student} is enrolled but is "
                                "neither in the file's users.csv nor here; left out (import the full export "
                                "once).")
                plan.unknown.append(unknown.format(
                    line=row.line, student=row.source_id,
                    class_name=classroom.classes.get(class_id).name if class_id else ""))
        elif match is None and row.email:
            # an e-mail outlives a change of Student ID (a district moving to new IDs)
            match = first_free(by_email.get(row.email.casefold(), []), "")
        if match is None and not row.enrol_only and not (number and number in by_id):
            candidates = [e for e in by_name.get(key, []) if e.id not in claimed]
            match = first_free(candidates, number) if len(candidates) == 1 else None
            if len(candidates) > 1 and not row.remove and not row.known_only:
                ids = ", ".join(e.fields["student_number"] or _("none") for e in candidates)
                plan.by_name.append(_(
                    "Line {line}: {count} students here are called {name} (IDs {ids}); this row comes in as "
                    "a new student — give it a Student ID or e-mail to update one of them.").format(
                    line=row.line, count=len(candidates), name=f"{row.given_name} {row.family_name}",
                    ids=ids))
            if match is not None and not row.remove and not row.known_only:
                known = match.fields["student_number"] or _("none")
                plan.by_name.append(_("Line {line}: {name} is taken to be the student of that name already "
                                      "here (ID {id}).").format(
                    line=row.line, name=f"{row.given_name} {row.family_name}", id=known))
        if row.remove:
            if match is not None:
                claimed.add(match.id)
                plan.removed.append((match.id, row))
                plan.before[match.id] = {"archived": match.archived}
            continue
        if match is None:
            if not row.known_only and not row.enrol_only:
                plan.new.append(row)
                if row.source_id:
                    plan.source_ids[row.source_id] = ""
            continue
        claimed.add(match.id)
        if row.source_id:
            plan.source_ids[row.source_id] = match.id
        changed: dict[str, Any] = {}
        for name in ROSTER_TEXT_FIELDS if not row.enrol_only else ():
            value = _nfc(getattr(row, name))
            if value and value != _nfc(match.fields[name]):
                changed[name] = value
        if match.archived:
            changed["archived"] = False
        if row.known_only:
            changed.pop("archived", None)
            plan.not_enrolled.add(match.id)
        if changed:
            plan.updates.append((match.id, row, changed))
            plan.before[match.id] = {k: match.archived if k == "archived" else match.fields[k]
                                     for k in changed}
        elif not row.known_only:
            plan.unchanged.append((match.id, row))
    for lines in lines_by_name.values():
        if len(lines) > 1:
            first = first_row[lines[0]]
            said = ", ".join(str(n) for n in lines[:5])
            if len(lines) > 5:
                said = _("{lines} and {count} more").format(lines=said, count=len(lines) - 5)
            plan.same_names.append(_("{count} students are called {name} (lines {lines}).").format(
                count=len(lines), name=f"{first.given_name} {first.family_name}", lines=said))
    if not delta:
        if class_id:
            members = _class_member_ids(classroom, class_id)
            plan.not_in_file = [e for e in existing if e.id in members and e.id not in claimed]
        else:
            plan.not_in_file = [e for e in existing if not e.archived and e.id not in claimed]
    return plan

def roster_summary(classroom: Classroom, plan: RosterPlan, count: int, kind: str = "") -> str:
    """"Imported 3 students into 4B: 1 new, 1 updated, 1 unchanged, 0 not in the file (archive?)."

    ``kind`` names the source when it is worth saying ("OneRoster 1.2 delta"): "… students (kind) into 4B".
    """
    class_name = classroom.classes.get(plan.class_id).name if plan.class_id else ""
    if class_name and kind:
        said = _("Imported 1 student ({kind}) into {class_name}: {summary}.") if count == 1 else \
            _("Imported {count} students ({kind}) into {class_name}: {summary}.")
    elif class_name:
        said = _("Imported 1 student into {class_name}: {summary}.") if count == 1 else \
            _("Imported {count} students into {class_name}: {summary}.")
    else:
        said = _("Imported 1 student: {summary}.") if count == 1 else \
            _("Imported {count} students: {summary}.")
    text = said.format(count=count, kind=kind, class_name=class_name, summary=plan.summary())
    if plan.notes:
        more = len(plan.notes) - 1
        text += f" {plan.notes[0]}"
        if more:
            text += " " + _("…and {count} more to check.").format(count=more)
    return text
