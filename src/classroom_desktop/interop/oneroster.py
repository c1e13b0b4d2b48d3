"""OneRoster 1.1 and 1.2 CSV exports (a zip, or its files in a folder) read as class lists.

The files (IMS Global OneRoster CSV binding): ``manifest.csv`` (propertyName, value: the version and
each file's mode, bulk, delta or absent), ``users.csv``, ``classes.csv``, ``enrollments.csv``,
``courses.csv``, ``academicSessions.csv``, ``orgs.csv``; in 1.2 a user's roles are in ``roles.csv``
(``userProfiles.csv`` and ``demographics.csv`` may be there and are deliberately not read; see below).

Only students come in: a user whose role is ``student`` (1.1: ``users.role``; 1.2: ``roles.csv``),
enrolled in the chosen class with the role ``student``, with a status other than ``tobedeleted``.
The Student ID is the user's ``identifier`` (the school's number), else its ``sourcedId``; the
preferred name is 1.2's ``preferredGivenName``. A ``tobedeleted`` user or enrolment takes the student
out of the class. A delta export (the manifest says ``delta``) updates: users it mentions who are not
enrolled by it are only updated when already in the workspace; an enrolment of a user its users.csv
does not list (a student the delta did not change) enrols that student when the workspace already
holds them — found by the ``sourcedId`` an earlier import remembered for the class, else by a Student
ID equal to the ``sourcedId`` — and is otherwise named in one line and left out.

Private data, read on purpose: of each student only the names, the Student ID and the e-mail come in
(what a teacher needs to find and address a student). ``demographics.csv`` (birth date, sex, race and
ethnicity, place of birth) and ``userProfiles.csv`` (logins to other systems, credentials) are accepted
in a package and never read: the teacher does not need them to teach, and a laptop that holds less
loses less. Nor are ``users.csv``'s ``password``, ``sms``, ``phone``, ``grades`` or ``pronouns`` read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.interop.filekind import MAX_BYTES, decode
from classroom_desktop.interop.roster_csv import RosterRow

#: The files read, by lower-case name.
FILES = ("manifest.csv", "users.csv", "classes.csv", "enrollments.csv", "courses.csv",
         "academicsessions.csv", "orgs.csv", "roles.csv")
#: Files a package may hold that are never read (private data a teacher does not need; see above).
NOT_READ = ("userprofiles.csv", "demographics.csv")
REQUIRED: dict[str, tuple[str, ...]] = {
    "users.csv": ("sourcedId", "givenName", "familyName"),
    "classes.csv": ("sourcedId", "title"),
    "enrollments.csv": ("classSourcedId", "userSourcedId", "role"),
    "roles.csv": ("userSourcedId", "role"),
}


@dataclass(frozen=True)
class OneRosterClass:
    """One class of the file, as the teacher picks it."""

    sourced_id: str
    title: str
    class_code: str = ""
    course: str = ""
    school_year: str = ""
    students: int = 0

    @property
    def label(self) -> str:
        code = f" ({self.class_code})" if self.class_code and self.class_code != self.title else ""
        return f"{self.title}{code}"


@dataclass
class Package:
    """A OneRoster export, read: its version, whether it is a delta, its classes and their students."""

    version: str
    delta: bool
    classes: list[OneRosterClass]
    system: str = ""
    #: rows for each class's sourcedId
    rows: dict[str, list[RosterRow]] = field(default_factory=dict)

    def find_class(self, name: str) -> OneRosterClass:
        """The class whose title, class code or sourcedId is ``name`` (case-insensitive)."""
        key = name.casefold().strip()
        for c in self.classes:
            if key in (c.title.casefold(), c.class_code.casefold(), c.sourced_id.casefold()):
                return c
        listed = "; ".join(c.label for c in self.classes) or _("none")
        raise UserError(_("The OneRoster file has no class called '{name}'. Its classes: {classes}.").format(
            name=name, classes=listed))


def files_from_zip(data: bytes) -> dict[str, bytes]:
    """The OneRoster CSV files in a zip, by lower-case name (a folder inside the zip is fine)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UserError(_("This zip archive is damaged; export the OneRoster files again.")) from exc
    found: dict[str, bytes] = {}
    with archive:
        for info in archive.infolist():
            name = info.filename.rsplit("/", 1)[-1].lower()
            if name in FILES and not info.is_dir():
                if info.file_size > 2 * MAX_BYTES:
                    size = f"{info.file_size / 1024 / 1024:.0f}"
                    raise UserError(_("{name} in the zip is {size} MB unpacked, too large for the class "
                                      "lists of one school.").format(name=name, size=size))
                found[name] = archive.read(info)
    return found


def is_oneroster(files: dict[str, bytes]) -> bool:
    return "users.csv" in files and ("manifest.csv" in files or "enrollments.csv" in files)


def _records(files: dict[str, bytes], name: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of one file as dicts keyed by the spec's header names (matched case-insensitively)."""
    data = files.get(name)
    if data is None:
        return []
    text, _encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return []
    keys = [h.strip().lstrip("\ufeff") for h in header]
    canonical = {k.casefold(): k for k in keys}
    missing = [k for k in REQUIRED.get(name, ()) if k.casefold() not in canonical]
    if missing:
        raise UserError(_("{name} has no column '{column}': is it a OneRoster export? (its first row should "
                          "hold the OneRoster column names)").format(name=name, column=missing[0]))
    spec = {k.casefold(): k for k in _known_columns()}
    names = [spec.get(k.casefold(), k) for k in keys]
    out: list[tuple[int, dict[str, str]]] = []
    for record in reader:
        if not any(c.strip() for c in record):
            continue
        out.append((reader.line_num, {n: (record[i].strip() if i < len(record) else "")
                                      for i, n in enumerate(names)}))
    return out


def _known_columns() -> tuple[str, ...]:
    return ("sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username",
            "userIds", "givenName", "familyName", "middleName", "identifier", "email", "preferredGivenName",
            "preferredFamilyName", "preferredMiddleName", "title", "classCode", "courseSourcedId",
            "termSourcedIds", "classSourcedId", "userSourcedId", "schoolYear", "type", "propertyName",
            "value", "roleType", "courseCode", "schoolYearSourcedId", "parentSourcedId")


def _gone(record: dict[str, str]) -> bool:
    return record.get("status", "").casefold() == "tobedeleted"


def read_package(files: dict[str, bytes]) -> Package:
    """Read a OneRoster export's files (see :func:`files_from_zip`).

    Raises:
        UserError: ``users.csv`` is missing, or a file lacks a column the spec requires (one line).
    """
    if "users.csv" not in files:
        raise UserError(_("This is not a OneRoster export: it has no users.csv (a OneRoster zip or "
                          "folder holds manifest.csv, users.csv, classes.csv, enrollments.csv)."))
    manifest = {r.get("propertyName", ""): r.get("value", "") for _line, r in _records(files, "manifest.csv")}
    version = manifest.get("oneroster.version", "") or ("1.2" if "roles.csv" in files else "1.1")
    delta = any(manifest.get(f"file.{f}", "").casefold() == "delta"
                for f in ("users", "enrollments", "roles"))

    users = _records(files, "users.csv")
    sessions = {r["sourcedId"]: r for _n, r in _records(files, "academicsessions.csv") if r.get("sourcedId")}
    courses = {r["sourcedId"]: r for _line, r in _records(files, "courses.csv") if r.get("sourcedId")}
    enrollments = _records(files, "enrollments.csv")

    # Who is a student: 1.1 says it on the user, 1.2 in roles.csv (a delta may not mention the role).
    roles: dict[str, set[str]] = {}
    role_gone: set[str] = set()
    for _line, r in _records(files, "roles.csv"):
        if _gone(r):
            role_gone.add(r["userSourcedId"])
        else:
            roles.setdefault(r["userSourcedId"], set()).add(r["role"].casefold())
    user_role: dict[str, str | None] = {}
    for _line, u in users:
        if u.get("role"):
            user_role[u["sourcedId"]] = u["role"].casefold()
        elif u["sourcedId"] in roles:
            user_role[u["sourcedId"]] = "student" if "student" in roles[u["sourcedId"]] else "other"
        elif u["sourcedId"] in role_gone:
            user_role[u["sourcedId"]] = "student"  # a role taken away: the user leaves
        else:
            user_role[u["sourcedId"]] = None  # unknown (1.2 delta without the role)

    classes: list[OneRosterClass] = []
    rows: dict[str, list[RosterRow]] = {}
    by_user = {u["sourcedId"]: (line, u) for line, u in users}
    for _line, c in _records(files, "classes.csv"):
        if _gone(c) and not delta:
            continue
        cid = c["sourcedId"]
        course = courses.get(c.get("courseSourcedId", ""), {})
        year = ""
        for term in c.get("termSourcedIds", "").split(","):
            session = sessions.get(term.strip())
            if session:
                parent = sessions.get(session.get("parentSourcedId", ""), session)
                year = parent.get("title", "") or session.get("schoolYear", "")
                break
        enrolled: dict[str, bool] = {}  # user -> still enrolled
        enrolment_line: dict[str, int] = {}
        for e_line, e in enrollments:
            if e.get("classSourcedId") == cid and e.get("role", "").casefold() == "student":
                enrolled[e["userSourcedId"]] = enrolled.get(e["userSourcedId"], False) or not _gone(e)
                enrolment_line.setdefault(e["userSourcedId"], e_line)
        class_rows: list[RosterRow] = []
        for user_id, active in enrolled.items():
            if user_id not in by_user:
                # enrolled, but not in this users.csv (a delta that did not change the user)
                if user_id in roles and "student" not in roles[user_id]:
                    continue
                class_rows.append(RosterRow(enrolment_line[user_id], "", source_id=user_id,
                                            student_number=user_id, enrol_only=True,
                                            remove=not active or user_id in role_gone))
                continue
            line, u = by_user[user_id]
            role = user_role.get(user_id)
            if role not in ("student", None):
                continue
            class_rows.append(_row(line, u, remove=not active or _gone(u) or user_id in role_gone))
        if delta:  # users the delta changed but did not enrol here: update them if already known
            for line, u in users:
                if u["sourcedId"] not in enrolled and user_role.get(u["sourcedId"]) in ("student", None):
                    class_rows.append(_row(line, u, remove=False, known_only=True))
        rows[cid] = class_rows
        classes.append(OneRosterClass(cid, c.get("title", "") or cid, c.get("classCode", ""),
                                      course.get("title", ""), year,
                                      sum(1 for r in class_rows if not r.remove and not r.known_only)))
    return Package(version, delta, classes, manifest.get("source.systemName", ""), rows)


def _row(line: int, u: dict[str, str], remove: bool, known_only: bool = False) -> RosterRow:
    preferred = u.get("preferredGivenName", "")
    return RosterRow(
        line=line,
        given_name=" ".join(u.get("givenName", "").split()),
        family_name=" ".join(u.get("familyName", "").split()),
        preferred_name=preferred if preferred != u.get("givenName", "") else "",
        student_number=u.get("identifier", "") or u["sourcedId"],
        email=u.get("email", ""),
        remove=remove or _gone(u),
        known_only=known_only,
        source_id=u["sourcedId"],
    )
