"""A framework from a CSV file: strand, code, "I can" statement, description, prerequisites by code.

Every row is checked before anything is kept, and prerequisites that would go round in a circle are
refused with the standards of the circle named. A title row above the header (one cell, or a label
such as "Framework" and the name) names the framework; without one it is named after the file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from classroom_desktop.domain import paths
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.interop.roster_csv import (
    STANDARDS_WANTS,
    FileProblems,
    cell,
    neutralise,
    normalise_header,
    read_table,
    unneutralise,
)

STANDARD_FIELDS: tuple[str, ...] = ("strand", "code", "statement", "description", "prerequisites")
_ALIASES: dict[str, frozenset[str]] = {
    "strand": frozenset({"strand", "unit", "domain", "cluster", "topic", "strandname", "bereich", "domaine",
                         "eje", "bloque"}),
    "code": frozenset({"code", "standard", "standardcode", "id", "ref", "kode", "codigo", "kurzel"}),
    "statement": frozenset({"statement", "ican", "icanstatement", "title", "standardstatement", "target",
                            "learningtarget", "enonce", "enunciado", "kompetenz"}),
    "description": frozenset({"description", "details", "notes", "beschreibung", "descripcion"}),
    "prerequisites": frozenset({"prerequisites", "prerequisite", "prereqs", "prereq", "requires",
                                "dependson", "voraussetzungen", "prerequis", "prerrequisitos"}),
}
_SPLIT = re.compile(r"[\s,;|]+")


@dataclass(frozen=True)
class StandardRow:
    line: int
    strand: str
    code: str
    statement: str
    description: str = ""
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class StandardsFile:
    """The strands (in file order) and standards read from a standards CSV."""

    strands: list[str]
    standards: list[StandardRow]
    #: the framework's name when the file gives one in a title row above its header ("" if not)
    title: str = ""


def _mapping(first: list[str]) -> tuple[bool, dict[str, int | None]]:
    found: dict[str, int | None] = dict.fromkeys(STANDARD_FIELDS)
    for i, text in enumerate(first):
        key = normalise_header(text)
        for name, aliases in _ALIASES.items():
            if key in aliases and found[name] is None:
                found[name] = i
    if found["code"] is not None:
        return True, found
    return False, {name: i for i, name in enumerate(STANDARD_FIELDS)}


HEADER = ["Strand", "Code", "I can", "Description", "Prerequisites"]


def standards_csv_bytes(parsed: StandardsFile) -> bytes:
    """Standards written back in the layout :func:`parse_standards` reads (UTF-8 with a BOM), text
    cells neutralised against formulas (the importer undoes it)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in parsed.standards:
        writer.writerow([neutralise(v) for v in (r.strand, r.code, r.statement, r.description,
                                                  ", ".join(r.prerequisites))])
    return buffer.getvalue().encode("utf-8-sig")


def parse_standards(data: bytes) -> StandardsFile:
    """Read and check a standards CSV.

    Raises:
        UserError: a row without a code, a code used twice, a prerequisite that is not in the
            file, or a prerequisite cycle — naming the line or the standards involved.
    """
    table = read_table(data, STANDARDS_WANTS)
    title = _title(table.records)
    records, lines = (table.records[1:], table.lines[1:]) if title else (table.records, table.lines)
    has_header, mapping = _mapping(records[0])
    pairs = list(zip(lines, records, strict=True))[1 if has_header else 0:]
    rows: list[StandardRow] = []
    problems: list[str] = []
    lines_by_code: dict[str, int] = {}
    for line, record in pairs:
        code = cell(record, mapping["code"])
        if not code:
            problems.append(_("Line {line}: no code — every standard needs a code (for example "
                              "4.NF.1).").format(line=line))
            continue
        if code in lines_by_code:
            problems.append(_("Line {line}: the code {code} is also used on line {other}.").format(
                line=line, code=code, other=lines_by_code[code]))
            continue
        lines_by_code[code] = line
        prereqs = tuple(p for p in _SPLIT.split(cell(record, mapping["prerequisites"])) if p)
        statement, description = cell(record, mapping["statement"]), cell(record, mapping["description"])
        rows.append(StandardRow(line, cell(record, mapping["strand"]), code, statement, description, prereqs))
    for row in rows:
        for p in row.prerequisites:
            if p == row.code:
                problems.append(_("Line {line}: {code} cannot be a prerequisite of itself.").format(
                    line=row.line, code=p))
            elif p not in lines_by_code:
                problems.append(_("Line {line}: the prerequisite {code} is not a standard in this "
                                  "file.").format(line=row.line, code=p))
    if problems:
        raise FileProblems(problems)
    if not rows:
        raise UserError(_("The file has a header but no standards under it."))
    paths.check_acyclic([StandardInfo(r.code, r.code, r.statement, 0, i, r.prerequisites)
                         for i, r in enumerate(rows)])
    strands = list(dict.fromkeys(r.strand for r in rows if r.strand))
    return StandardsFile(strands, rows, title)


#: First cells that introduce the framework's name in a two-cell title row ("Framework;Grade 4 Maths").
_TITLE_KEYS = frozenset({"framework", "title", "name", "frameworkname", "standards", "curriculum"})


def _title(records: list[list[str]]) -> str:
    """The framework's name from a title row above the header: a row of one cell ("Grade 4
    Mathematics") or of a label and the name ("Framework", "Grade 4 Mathematics"). Only when the next
    row is the header (it names a code column), so a first standard is never taken for a title."""
    if len(records) < 2 or not _mapping(records[1])[0]:
        return ""
    cells = [c for c in records[0] if c.strip()]
    if len(cells) == 1:
        return " ".join(unneutralise(cells[0]).split())
    if len(cells) == 2 and normalise_header(cells[0]) in _TITLE_KEYS:
        return " ".join(unneutralise(cells[1]).split())
    return ""
