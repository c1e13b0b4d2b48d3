"""Bringing files into a workspace (rosters, standards) and taking the gradebook out, all or nothing."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.scale import Level, ProficiencyScale
from classroom_desktop.interop import canvas, case, filekind, gradebook, oneroster, roster_csv, standards_csv
from classroom_desktop.interop.roster_csv import RosterRow
from classroom_desktop.services.classes import enrol_in
from classroom_desktop.services.roster import name_key
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.models import (
    Enrolment,
    Framework,
    Prerequisite,
    SchoolClass,
    Standard,
    Strand,
    Student,
    new_id,
)

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


# ---- rosters: a re-import is an update ---------------------------------------------------------
ROSTER_TEXT_FIELDS = ("given_name", "family_name", "preferred_name", "student_number", "email")
Progress = Callable[[int, int], None]


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
        head = f"{len(self.new)} new, {len(self.updates)} updated, {len(self.unchanged)} unchanged"
        if self.delta:
            return f"{head}, {len(self.removed)} removed"
        removed = f", {len(self.removed)} removed" if self.removed else ""
        return f"{head}{removed}, {len(self.not_in_file)} not in the file (archive?)"

    @property
    def notes(self) -> list[str]:
        """Everything the teacher should look at before importing: same names, matches by name."""
        return self.same_names + self.by_name + self.unknown


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
                where = f" in {classroom.classes.get(class_id).name}" if class_id else ""
                plan.unknown.append(f"enrollments.csv line {row.line}: the student {row.source_id} is "
                                    f"enrolled{where} but is neither in the file's users.csv nor here; left "
                                    "out (import the full export once).")
        elif match is None and row.email:
            # an e-mail outlives a change of Student ID (a district moving to new IDs)
            match = first_free(by_email.get(row.email.casefold(), []), "")
        if match is None and not row.enrol_only and not (number and number in by_id):
            candidates = [e for e in by_name.get(key, []) if e.id not in claimed]
            match = first_free(candidates, number) if len(candidates) == 1 else None
            if len(candidates) > 1 and not row.remove and not row.known_only:
                ids = ", ".join(e.fields["student_number"] or "none" for e in candidates)
                plan.by_name.append(f"Line {row.line}: {len(candidates)} students here are called "
                                    f"{row.given_name} {row.family_name} (IDs {ids}); this row comes in as a "
                                    "new student — give it a Student ID or e-mail to update one of them.")
            if match is not None and not row.remove and not row.known_only:
                known = match.fields["student_number"] or "none"
                plan.by_name.append(f"Line {row.line}: {row.given_name} {row.family_name} is taken to be the "
                                    f"student of that name already here (ID {known}).")
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
                said += f" and {len(lines) - 5} more"
            plan.same_names.append(f"{len(lines)} students are called {first.given_name} {first.family_name} "
                                   f"(lines {said}).")
    if not delta:
        if class_id:
            members = _class_member_ids(classroom, class_id)
            plan.not_in_file = [e for e in existing if e.id in members and e.id not in claimed]
        else:
            plan.not_in_file = [e for e in existing if not e.archived and e.id not in claimed]
    return plan


@dataclass(frozen=True)
class RosterResult:
    changes: ChangeSet
    new_ids: list[str]
    plan: RosterPlan
    #: enrolments the import made or made active again (an undo ends them)
    enrolled: list[str] = field(default_factory=list)
    #: enrolments the import ended (students the file says are gone; an undo restores them)
    ended: list[str] = field(default_factory=list)


def apply_roster(classroom: Classroom, plan: RosterPlan, progress: Progress | None = None) -> RosterResult:
    """Write a planned roster import in one transaction: bulk inserts for new students and
    enrolments, one update per changed student, removals archived and taken out of the class."""
    steps = len(plan.new) + len(plan.updates) + len(plan.removed) + 1
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, steps), steps)

    new_rows = [{"id": new_id(), **{k: _nfc(getattr(r, k)) for k in ROSTER_TEXT_FIELDS}} for r in plan.new]
    with classroom.write() as tx:
        if plan.class_id:
            tx.require(SchoolClass, plan.class_id, "class")
        for start in range(0, len(new_rows), 2000):
            tx.add_many(Student, new_rows[start : start + 2000])
            tick(len(new_rows[start : start + 2000]))
        wanted = {sid: changed for sid, _, changed in plan.updates}
        removed = [sid for sid, _ in plan.removed]
        for row in _students_by_id(tx, list(wanted) + removed):
            if row.id in wanted:
                tx.update(row, **wanted[row.id])
            else:
                tx.update(row, archived=True)
            tick(1)
        enrolled: list[str] = []
        ended: list[str] = []
        if plan.class_id:
            enrolled = enrol_in(tx, plan.class_id, [r["id"] for r in new_rows] + plan.matched_ids)
            if plan.source_ids:  # remember the source's ids, to find these students in a later delta
                new_by_row = {id(r): str(nr["id"]) for r, nr in zip(plan.new, new_rows, strict=True)}
                fresh = {r.source_id: new_by_row[id(r)] for r in plan.new if r.source_id}
                known = {k: v for k, v in plan.source_ids.items() if v} | fresh
                school_class = tx.require(SchoolClass, plan.class_id, "class")
                options = dict(school_class.options or {})
                before = dict(options.get(SOURCE_IDS_OPTION) or {})
                if {**before, **known} != before:
                    options[SOURCE_IDS_OPTION] = {**before, **known}
                    tx.update(school_class, options=options)
            if removed:
                gone = set(removed)
                for enrolment in tx.all(Enrolment, Enrolment.class_id == plan.class_id):
                    if enrolment.student_id in gone and enrolment.active:
                        tx.update(enrolment, active=False)
                        ended.append(enrolment.id)
        tick(1)
    return RosterResult(tx.changes, [r["id"] for r in new_rows], plan, enrolled, ended)


def _students_by_id(tx: Tx, ids: list[str]) -> list[Student]:
    rows: list[Student] = []
    for start in range(0, len(ids), 500):
        rows.extend(tx.all(Student, Student.id.in_(ids[start : start + 500])))
    return rows


def _set_enrolments(tx: Tx, ids: list[str], active: bool) -> None:
    for start in range(0, len(ids), 500):
        for row in tx.all(Enrolment, Enrolment.id.in_(ids[start : start + 500])):
            if row.active != active:
                tx.update(row, active=active)


def undo_roster(classroom: Classroom, result: RosterResult) -> None:
    """Take an import back: the new students archived, the updated and removed ones given their old
    values, the enrolments it made ended (students who were here already leave the class again) and
    those it ended made active again."""
    with classroom.write() as tx:
        for row in _students_by_id(tx, result.new_ids):
            tx.update(row, archived=True)
        for row in _students_by_id(tx, list(result.plan.before)):
            tx.update(row, **result.plan.before[row.id])
        _set_enrolments(tx, result.enrolled, False)
        _set_enrolments(tx, result.ended, True)


def redo_roster(classroom: Classroom, result: RosterResult) -> None:
    """Bring an undone import back (same students, same ids)."""
    with classroom.write() as tx:
        for row in _students_by_id(tx, result.new_ids):
            tx.update(row, archived=False)
        changed = {sid: fields for sid, _, fields in result.plan.updates}
        changed |= {sid: {"archived": True} for sid, _ in result.plan.removed}
        for row in _students_by_id(tx, list(changed)):
            tx.update(row, **changed[row.id])
        _set_enrolments(tx, result.enrolled, True)
        _set_enrolments(tx, result.ended, False)


def import_roster(classroom: Classroom, rows: Sequence[RosterRow], class_id: str | None,
                  progress: Progress | None = None) -> RosterResult:
    """Bring a roster in (new students added, known ones updated, all enrolled in the class)."""
    return apply_roster(classroom, plan_roster(classroom, rows, class_id), progress)


def import_standards(classroom: Classroom, parsed: standards_csv.StandardsFile, name: str,
                     class_id: str | None = None, subject: str = "", progress: Progress | None = None
                     ) -> ChangeSet:
    """Make a framework called ``name`` from a parsed standards file, in one transaction (bulk inserts).

    If ``class_id`` is given and the class has no framework yet, the class gets this one.
    """
    name = " ".join(name.split()) or "Imported standards"
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
        raise UserError("--part picks a part of a CASE package; this is a CSV or spreadsheet file.")
    stem = Path(file_name).stem.replace("_", " ").strip()
    if canvas.is_outcomes_csv(roster_csv.read_table(data, roster_csv.STANDARDS_WANTS).records[0]):
        parsed, title = canvas.read_outcomes_csv(data)
        return parsed, title or stem, ""
    parsed = standards_csv.parse_standards(data)
    return parsed, parsed.title or stem, ""


# ---- a Canvas file's ratings and a class's scale -------------------------------------------------
@dataclass(frozen=True)
class ScaleCheck:
    """What a Canvas file's ratings did to a class's scale: a sentence for the teacher, and the scale
    the class had when the import replaced it (for an undo)."""

    message: str = ""
    before: ProficiencyScale | None = None


def _levels_text(scale: ProficiencyScale) -> str:
    levels = ", ".join(f"{lv.value} {lv.label}" for lv in scale.levels)
    return f"{levels}; mastery at {scale.cutoff:g}"


def scale_from_ratings(ratings: canvas.CanvasRatings, name: str) -> ProficiencyScale:
    """A proficiency scale from a Canvas file's ratings (points become levels, lowest first).

    Raises:
        UserError: the ratings cannot be a scale here (points that are not whole numbers, no
            mastery_points, fewer than two levels …).
    """
    if ratings.mastery_points is None:
        raise UserError("its outcomes have ratings but no mastery_points")
    broken = [p for p, _ in ratings.ratings if not float(p).is_integer()]
    if broken:
        raise UserError(f"its ratings have points that are not whole numbers ({broken[0]:g})")
    levels = tuple(Level(int(p), label.strip() or f"Level {int(p)}")
                   for p, label in sorted(ratings.ratings, key=lambda pl: pl[0]))
    cutoff = ratings.mastery_points
    return ProficiencyScale(name, levels, int(cutoff) if float(cutoff).is_integer() else cutoff)


def _same_scale(a: ProficiencyScale, b: ProficiencyScale) -> bool:
    return [(lv.value, lv.label) for lv in a.levels] == [(lv.value, lv.label) for lv in b.levels] \
        and float(a.cutoff) == float(b.cutoff)


def _class_has_evidence(classroom: Classroom, class_id: str) -> bool:
    with classroom.db.reading() as tx:
        return bool(tx.raw("SELECT 1 FROM evidence WHERE class_id = ? AND deleted = 0 LIMIT 1", (class_id,)))


def check_canvas_scale(classroom: Classroom, class_id: str, data: bytes, framework: str,
                       adopt: bool = True) -> ScaleCheck:
    """Give a class the proficiency scale of the Canvas outcomes file just imported for it.

    The file's ratings and mastery_points become the class's scale when ``adopt`` (the framework became
    the class's) and the class has no evidence yet (levels a teacher recorded keep their meaning);
    otherwise, or when the ratings cannot be a scale, the class keeps its scale and the difference is
    one sentence. Nothing is said when they agree.
    """
    if filekind.sniff(data).kind == "json":
        return ScaleCheck()
    first = roster_csv.read_table(data, roster_csv.STANDARDS_WANTS).records[0]
    ratings = canvas.read_ratings(data) if canvas.is_outcomes_csv(first) else None
    if ratings is None:
        return ScaleCheck()
    school_class = classroom.classes.get(class_id)
    current = classroom.classes.scale(class_id)
    try:
        wanted = scale_from_ratings(ratings, f"{framework} (Canvas)"[:120])
    except UserError as exc:
        return ScaleCheck(f"The file's ratings cannot be a scale ({exc.message}); "
                          f"{school_class.name} keeps its scale ({_levels_text(current)}).")
    if _same_scale(current, wanted):
        return ScaleCheck()
    evidence = _class_has_evidence(classroom, class_id)
    if evidence or not adopt:
        why = " because it has evidence recorded on it" if evidence else ""
        return ScaleCheck(f"The file's ratings ({_levels_text(wanted)}) differ from {school_class.name}'s "
                          f"scale ({_levels_text(current)}); {school_class.name} keeps its scale{why}.")
    classroom.curriculum.set_class_scale(class_id, wanted)
    differ = f" ({_count(ratings.others, 'outcome')} with other ratings left aside)" if ratings.others else ""
    return ScaleCheck(f"{school_class.name} now uses the file's ratings as its scale: "
                      f"{_levels_text(wanted)}{differ}.", current)


# ---- standards out -----------------------------------------------------------------------------
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
        raise UserError(f"Choose the standards format csv or canvas ('{fmt}' is neither).")
    if out.suffix.lower() != ".csv":
        raise UserError(f"Save the standards as a .csv file ('{out.name}' is not).")
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist.")
    name = next(f.name for f in classroom.curriculum.frameworks() if f.id == framework_id)
    if fmt == "canvas":
        export = canvas_export(classroom, framework_id, class_id)
        roster_csv.write_file_atomic(out, canvas.outcomes_csv(export))
        return (f"Wrote {len(export.standards)} standards of '{name}' to {out} as Canvas outcomes "
                "(Canvas has no prerequisites; they are not in the file).")
    parsed = standards_file(classroom, framework_id)
    roster_csv.write_file_atomic(out, standards_csv.standards_csv_bytes(parsed))
    return f"Wrote {len(parsed.standards)} standards of '{name}' to {out}."


def export_standards_path(classroom: Classroom, out: Path | str, fmt: str = "csv",
                          class_name: str | None = None, framework_name: str | None = None) -> str:
    """The command line's ``export standards``: the named framework, else the class's (the first class's)."""
    class_id = _class_by_name(classroom, class_name)
    if framework_name:
        key = name_key(framework_name)
        found = [f for f in classroom.curriculum.frameworks() if name_key(f.name) == key]
        if not found:
            known = "; ".join(f.name for f in classroom.curriculum.frameworks()) or "none yet"
            raise UserError(f"There is no framework called '{framework_name}'. Frameworks: {known}.")
        return export_standards(classroom, found[0].id, out, fmt, class_id)
    if class_id is None:
        classes = classroom.classes.list()
        class_id = str(classes[0].id) if classes else None
    framework_id = classroom.classes.get(class_id).framework_id if class_id else None
    if not framework_id:
        raise UserError("Say which framework to export: --framework NAME (or --class NAME of a class "
                        "that has one).")
    return export_standards(classroom, framework_id, out, fmt, class_id)


# ---- OneRoster --------------------------------------------------------------------------------
def oneroster_files(path: Path | str) -> dict[str, bytes] | None:
    """The OneRoster files of a zip or a folder, or None when ``path`` is neither."""
    path = Path(path)
    if path.is_dir():
        files = {}
        for child in path.iterdir():
            if child.is_file() and child.name.lower() in oneroster.FILES:
                files[child.name.lower()] = read_bytes(child)
        if "users.csv" not in files:
            raise UserError(f"The folder {path.name} holds no OneRoster export (no users.csv); "
                            f"{roster_csv.ROSTER_WANTS}.")
        return files
    data = read_bytes(path)
    kind = filekind.sniff(data)
    if kind.kind == "zip":
        if not kind.is_oneroster:
            raise UserError(f"This zip archive holds no OneRoster users.csv; {roster_csv.ROSTER_WANTS}.")
        return oneroster.files_from_zip(data)
    return None


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
    listed = "; ".join(f"{c.label}, {c.students} students" for c in package.classes)
    raise UserError(f"The OneRoster file holds {len(package.classes)} classes ({listed}); "
                    "choose one with --class NAME, or import them all with --all-classes.")


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
        where = self.source.title if self.class_id else f"{self.source.title} (a new class)"
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
    kind = f"OneRoster {package.version}{' delta' if package.delta else ''}"
    said = []
    for result in apply_oneroster(classroom, package, picked, progress):
        plan = result.plan
        count = len(plan.new) + len(plan.updates) + len(plan.unchanged) + len(plan.removed)
        said.append(roster_summary(classroom, plan, count).replace(" into ", f" ({kind}) into ", 1))
    return " ".join(said)


def roster_summary(classroom: Classroom, plan: RosterPlan, count: int) -> str:
    """"Imported 3 students into 4B: 1 new, 1 updated, 1 unchanged, 0 not in the file (archive?)." """
    where = f" into {classroom.classes.get(plan.class_id).name}" if plan.class_id else ""
    notes = ""
    if plan.notes:
        more = len(plan.notes) - 1
        notes = f" {plan.notes[0]}" + (f" …and {more} more to check." if more else "")
    return f"Imported {count} student{'s' if count != 1 else ''}{where}: {plan.summary()}.{notes}"


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
        attached = scale = ""
        if class_id:
            school_class = classroom.classes.get(class_id)
            attached = f" for {school_class.name}"
            if had and school_class.framework_id != created:
                kept = next((f.name for f in classroom.curriculum.frameworks() if f.id == had), "its own")
                attached = f"; {school_class.name} keeps its framework '{kept}'"
            said = check_canvas_scale(classroom, class_id, data, name,
                                      adopt=school_class.framework_id == created).message
            scale = f" {said}" if said else ""
        links = f" and {_count(prereqs, 'prerequisite link')}" if prereqs else ""
        return (f"Imported {_count(len(parsed.standards), 'standard')} in "
                f"{_count(len(parsed.strands), 'strand')}{links} as the framework '{name}'{attached}.{scale}")
    raise UserError(f"'{what}' cannot be imported; choose roster or standards.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def import_path(classroom: Classroom, what: str, path: Path | str, class_name: str | None = None,
                all_classes: bool = False, part: str = "", peers_as_prerequisites: bool = False) -> str:
    """The command line's ``import``: a roster (CSV, XLSX, or a OneRoster zip or folder, whose classes
    are picked by ``class_name`` or ``all_classes``) or a framework (CSV, XLSX or CASE JSON), attached
    to the class called ``class_name`` when given. Returns the one-line summary."""
    if class_name and all_classes:
        raise UserError("Give --class NAME or --all-classes, not both.")
    if what == "roster":
        files = oneroster_files(path)
        if files is not None:
            return import_oneroster(classroom, files, [class_name] if class_name else (), all_classes)
        if all_classes:
            raise UserError("--all-classes is for a OneRoster export; a class list file goes into one class.")
        class_id = _class_by_name(classroom, class_name)
        if class_id is None:
            classes = classroom.classes.list()
            class_id = str(classes[0].id) if classes else None
        return import_file(classroom, what, path, class_id)
    return import_file(classroom, what, path, _class_by_name(classroom, class_name), part,
                       peers_as_prerequisites)


def _class_by_name(classroom: Classroom, name: str | None) -> str | None:
    return str(classroom.classes.find(name).id) if name else None


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
