"""Roster CSV files: decode (UTF-8 with or without BOM, else Windows-1252), sniff the delimiter, find the
header, guess which column holds what (in several languages), preview, and validate every row.

Also holds the CSV helpers the other interop modules share (:func:`read_table`, :func:`write_file_atomic`).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.files import save_file
from classroom_desktop.i18n import N_, _
from classroom_desktop.interop import filekind

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class CsvTable:
    """A decoded CSV file: every non-empty record with the file line it starts on (1-based)."""

    records: list[list[str]]
    lines: list[int]
    delimiter: str
    encoding: str

    @property
    def width(self) -> int:
        return max((len(r) for r in self.records), default=0)


#: What each importer reads, said when it is given something else.
ROSTER_WANTS = N_("a class list should be a CSV or Excel (.xlsx) file, or a OneRoster zip or folder")
STANDARDS_WANTS = N_("a framework should be a CSV or Excel (.xlsx) file, or a CASE JSON package")


class FileProblems(UserError):
    """Rows with problems: the message is one line (the first problem and how many more);
    ``problems`` holds them all, for the preview."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(one_line(self.problems))


def one_line(problems: list[str]) -> str:
    """The first problem, "…and N more", and that nothing was imported — on one line."""
    more = len(problems) - 1
    extra = ""
    if more:
        text = _("…and {count} more problem.") if more == 1 else _("…and {count} more problems.")
        extra = " " + text.format(count=more)
    return problems[0] + extra + " " + _("Nothing was imported; fix the file and try again.")


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding used: UTF-8 (with or without BOM), UTF-16 (with or
    without BOM), else Windows-1252."""
    return filekind.decode(data)


def sniff_delimiter(text: str) -> str:
    """The delimiter used by the first lines: ``;``, ``,`` or tab (the most consistent, most frequent one)."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:20]
    if not lines:
        return ","
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        counts = [len(next(csv.reader([ln], delimiter=delim))) - 1 for ln in lines]
        if counts[0] == 0:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def read_table(data: bytes, wants: str = ROSTER_WANTS) -> CsvTable:
    """Decode and split a CSV file (or read an XLSX workbook's first sheet), skipping blank lines.

    Raises:
        UserError: the file is empty, or is not a CSV or XLSX file (one line: what it is, ``wants``).
    """
    kind = filekind.sniff(data)
    if kind.kind == "empty":
        raise UserError(_("The file is empty: there are no rows to import."))
    if kind.kind == "xlsx":
        from classroom_desktop.interop.spreadsheet import read_rows

        found = read_rows(data)
        if not found:
            raise UserError(_("The workbook is empty: there are no rows to import."))
        return CsvTable([r for _, r in found], [n for n, _ in found], "", "xlsx")
    if kind.kind != "text":
        raise filekind.refuse(kind, wants)
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    for record in reader:
        if any(cell.strip() for cell in record):
            records.append([cell.strip() for cell in record])
            lines.append(start)
        start = reader.line_num + 1
    if not records:
        raise UserError(_("The file is empty: there are no rows to import."))
    return CsvTable(records, lines, delimiter, encoding)


#: What a spreadsheet takes as the start of a formula (OWASP: = + - @, tab, carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that no spreadsheet will run: a leading ``'`` before a formula-like start (OWASP)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """Undo an export's formula neutralisation: ``'=1+1`` (a ``'`` before ``= + - @``) reads as ``=1+1``."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@" else text


def cell(record: list[str], column: int | None) -> str:
    """The record's value in ``column`` (blank when there is no such column), whitespace collapsed and
    an export's formula neutralisation undone."""
    if column is None or column < 0 or column >= len(record):
        return ""
    return unneutralise(" ".join(record[column].split()))


def normalise_header(text: str) -> str:
    """A header cell reduced for matching: lower case, no accents or punctuation ("Prénom" -> "prenom")."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def write_file_atomic(path: Path, data: bytes) -> None:
    """Save an exported file whole, or not at all (see :func:`classroom_desktop.files.save_file`)."""
    save_file(path, data, "The export")


# ---- rosters ----------------------------------------------------------------------------
ROSTER_FIELDS: tuple[str, ...] = ("given_name", "family_name", "preferred_name", "student_number", "email")
FIELD_LABELS: dict[str, str] = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "preferred_name": N_("Preferred name"),
    "student_number": N_("Student ID"),
    "email": N_("Email"),
}
#: Header names (normalised) that name each field, in English and a few other languages.
HEADER_ALIASES: dict[str, frozenset[str]] = {
    "given_name": frozenset({
        "given", "givenname", "givennames", "firstname", "first", "forename", "forenames", "vorname",
        "vornamen", "prenom", "prenoms", "nombre", "nombres", "nome", "voornaam", "fornavn", "fornamn",
        "imie", "ten", "legalfirstname",
    }),
    "family_name": frozenset({
        "family", "familyname", "lastname", "last", "surname", "nachname", "familienname", "nom",
        "nomdefamille", "apellido", "apellidos", "cognome", "sobrenome", "achternaam", "efternamn",
        "etternavn", "nazwisko", "ho", "legallastname",
    }),
    "preferred_name": frozenset({
        "preferred", "preferredname", "nickname", "knownas", "goesby", "rufname", "spitzname", "surnom",
        "prenomusuel", "apodo", "nombrepreferido", "roepnaam",
    }),
    "student_number": frozenset({
        "studentid", "id", "studentnumber", "studentno", "number", "no", "pupilid", "pupilnumber", "upn",
        "sisid", "idnumber", "schulernummer", "schuelernummer", "schulernr", "schuelernr", "nr", "matricule",
        "numero", "numeroeleve", "noeleve", "matricula", "numeroalumno", "ident", "localid",
    }),
    "email": frozenset({
        "email", "emailaddress", "mail", "correo", "correoelectronico", "courriel", "epost", "emailadresse",
    }),
}

Mapping = dict[str, int | None]


@dataclass(frozen=True)
class RosterRow:
    """One student read from a roster file, with the file line it came from."""

    line: int
    given_name: str
    family_name: str = ""
    preferred_name: str = ""
    student_number: str = ""
    email: str = ""
    #: the source says this student is gone (OneRoster ``status`` tobedeleted)
    remove: bool = False
    #: only update a student already in the workspace (a OneRoster delta mentioning someone it does
    #: not enrol in the class): never added, never enrolled
    known_only: bool = False
    #: the source's own id for the student (OneRoster ``sourcedId``), remembered to find them again
    source_id: str = ""
    #: only an enrolment names this student (a OneRoster delta enrolling someone its users.csv does not
    #: list): enrolled when already in the workspace, never added
    enrol_only: bool = False


@dataclass
class RosterFile:
    """A roster file read and guessed at: the table, whether its first row is a header, the mapping."""

    table: CsvTable
    has_header: bool
    mapping: Mapping = field(default_factory=dict)

    @property
    def header(self) -> list[str]:
        width = self.table.width
        names = self.table.records[0] if self.has_header else []
        return [
            names[i] if i < len(names) and names[i] else _("Column {number}").format(number=i + 1)
            for i in range(width)
        ]

    @property
    def data_records(self) -> list[tuple[int, list[str]]]:
        pairs = list(zip(self.table.lines, self.table.records, strict=True))
        return pairs[1:] if self.has_header else pairs


def field_for_header(text: str) -> str | None:
    """The roster field a header cell names ("Vorname" -> "given_name"), or None."""
    key = normalise_header(text)
    for name, aliases in HEADER_ALIASES.items():
        if key in aliases:
            return name
    return None


def guess_mapping(table: CsvTable) -> tuple[bool, Mapping]:
    """Whether the first record is a header, and which column holds each field."""
    first = table.records[0]
    found = {i: field_for_header(text) for i, text in enumerate(first)}
    mapping: Mapping = dict.fromkeys(ROSTER_FIELDS)
    if any(found.values()):
        for i, name in found.items():
            if name and mapping[name] is None:
                mapping[name] = i
        return True, mapping
    # No header: names first, then look at the values for emails and ids.
    width = table.width
    rest: list[int] = []
    for i in range(width):
        values = [r[i] for r in table.records if i < len(r) and r[i]]
        if values and sum("@" in v for v in values) * 2 > len(values):
            mapping["email"] = i if mapping["email"] is None else mapping["email"]
        elif values and sum(any(ch.isdigit() for ch in v) for v in values) * 2 > len(values):
            mapping["student_number"] = i if mapping["student_number"] is None else mapping["student_number"]
        else:
            rest.append(i)
    for name, column in zip(("given_name", "family_name", "preferred_name"), rest, strict=False):
        mapping[name] = column
    return False, mapping


#: Header cells (normalised) that mark one file of a OneRoster export.
_ONEROSTER_FILES: tuple[tuple[str, frozenset[str]], ...] = (
    ("enrollments.csv", frozenset({"sourcedid", "classsourcedid", "usersourcedid", "role"})),
    ("classes.csv", frozenset({"sourcedid", "title", "coursesourcedid"})),
    ("users.csv", frozenset({"sourcedid", "givenname", "familyname", "enableduser"})),
    ("roles.csv", frozenset({"sourcedid", "usersourcedid", "roletype"})),
    ("manifest.csv", frozenset({"propertyname", "value"})),
)


def oneroster_file_name(first: list[str]) -> str | None:
    """"users.csv" (etc.) when a header row is that of a OneRoster file, else None."""
    cells = {normalise_header(c) for c in first}
    for name, marks in _ONEROSTER_FILES:
        if marks <= cells:
            return name
    return None


def load_roster(data: bytes) -> RosterFile:
    """Read a roster file's bytes and guess its header and columns.

    Raises:
        UserError: the file is not a class list (one line saying what it is and what is wanted).
    """
    table = read_table(data)
    part = oneroster_file_name(table.records[0])
    if part:
        message = _("This is a OneRoster {part}, one file of a OneRoster export: import the whole "
                    "export (its zip file or its folder) to bring in the students of a class.")
        raise UserError(message.format(part=part))
    has_header, mapping = guess_mapping(table)
    return RosterFile(table, has_header, mapping)


def preview(roster: RosterFile, limit: int = 50) -> tuple[list[str], list[list[str]]]:
    """The column names and the first ``limit`` data rows, as the import dialog shows them."""
    width = roster.table.width
    rows = [[cell(r, i) for i in range(width)] for _, r in roster.data_records[:limit]]
    return roster.header, rows


def check_mapping(mapping: Mapping) -> None:
    """Refuse a mapping with no name column or with one column chosen for two fields."""
    if mapping.get("given_name") is None and mapping.get("family_name") is None:
        raise UserError(_("Choose the column that holds the given name or the family name."))
    used: dict[int, str] = {}
    for name in ROSTER_FIELDS:
        column = mapping.get(name)
        if column is None:
            continue
        if column in used:
            message = _(
                "Column {number} is chosen for both {first} and {second}; choose one column for each."
            )
            raise UserError(message.format(number=column + 1, first=_(FIELD_LABELS[used[column]]).lower(),
                                           second=_(FIELD_LABELS[name]).lower()))
        used[column] = name


def parse_roster(roster: RosterFile, mapping: Mapping | None = None) -> list[RosterRow]:
    """Every data row as a student, or a UserError naming each bad line (nothing is half-read).

    Raises:
        UserError: no name column, no rows, or rows without a name, with a malformed email, or
            repeating a student ID; the message names the lines.
    """
    mapping = roster.mapping if mapping is None else mapping
    check_mapping(mapping)
    rows: list[RosterRow] = []
    problems: list[str] = []
    seen_ids: dict[str, int] = {}
    for line, record in roster.data_records:
        values = {name: cell(record, mapping.get(name)) for name in ROSTER_FIELDS}
        if not values["given_name"] and not values["family_name"]:
            problems.append(_("Line {line}: no name — give a given name or a family name.").format(line=line))
            continue
        email = values["email"]
        if email and ("@" not in email or " " in email):
            message = _("Line {line}: '{email}' does not look like an email address.")
            problems.append(message.format(line=line, email=email))
            continue
        number = values["student_number"]
        if number and number in seen_ids:
            problems.append(_("Line {line}: the student ID {number} is also on line {other}.").format(
                line=line, number=number, other=seen_ids[number]))
            continue
        if number:
            seen_ids[number] = line
        rows.append(RosterRow(line, **values))
    if problems:
        raise FileProblems(problems)
    if not rows:
        raise UserError(_("The file has a header but no students under it."))
    return rows
