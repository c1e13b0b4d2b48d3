"""A framework to and from Canvas's "Outcomes CSV Format" (the Outcomes Import API's outcomes.csv).

Columns: ``vendor_guid, object_type, title, description, display_name, calculation_method,
calculation_int, workflow_state, parent_guids, mastery_points, ratings`` and, after ``ratings``, its
values in pairs (points, description) in the unnamed columns that follow. ``object_type`` is ``group``
or ``outcome``; ``parent_guids`` holds the space-separated vendor_guids of the groups an object is in.

Written here as: one group for the framework, one group per strand inside it, one outcome per standard
(title = code, display_name = the "I can" statement, description = the description), its vendor_guid
the standard's id so that a second export updates the same outcomes in Canvas. Canvas has no
prerequisites: they do not travel. Read back: the one group holding all others names the framework,
an outcome's own group its strand.

Ratings: an export writes the class's proficiency scale (highest level first) and its cut-off as
``mastery_points``. On import (:func:`read_ratings`) the ratings most outcomes share are the file's
scale; imported for a class, they become the class's scale when it has no evidence yet, else the
difference is reported in one line and the class keeps its scale (services/importing/canvas_scale.py).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.interop.roster_csv import FileProblems, neutralise, read_table, unneutralise
from classroom_desktop.interop.standards_csv import StandardRow, StandardsFile

HEADER = ["vendor_guid", "object_type", "title", "description", "display_name", "calculation_method",
          "calculation_int", "workflow_state", "parent_guids", "mastery_points", "ratings"]
#: Canvas's calculation methods for this program's mastery methods (the nearest where none is equal).
CALCULATION = {
    "decaying_average": "decaying_average",
    "weighted_average": "decaying_average",
    "n_times": "n_mastery",
    "most_recent": "latest",
    "highest": "highest",
    "mean": "average",
}


@dataclass(frozen=True)
class CanvasStandard:
    guid: str
    code: str
    statement: str
    description: str
    strand_guid: str  # "" when the standard is in no strand


@dataclass(frozen=True)
class CanvasExport:
    framework_guid: str
    framework: str
    strands: list[tuple[str, str]]  # (guid, name)
    standards: list[CanvasStandard]
    ratings: list[tuple[float, str]]  # (points, label), highest first
    mastery_points: float
    calculation_method: str = "decaying_average"
    calculation_int: int | None = 65


def _number(value: float) -> str:
    return f"{value:g}"


def _guid(text: str) -> str:
    return "cd-" + "".join(text.split())


def outcomes_csv(export: CanvasExport) -> bytes:
    """The framework as Canvas outcomes.csv (UTF-8, no BOM as Canvas asks), formula-like text neutralised."""
    width = len(HEADER) + 2 * len(export.ratings) - 1
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER + [""] * (width - len(HEADER)))
    root = _guid(export.framework_guid)

    def group(guid: str, title: str, parent: str) -> list[str]:
        row = [guid, "group", neutralise(title), "", "", "", "", "active", parent, ""]
        return row + [""] * (width - len(row))

    writer.writerow(group(root, export.framework, ""))
    for guid, name in export.strands:
        writer.writerow(group(_guid(guid), name, root))
    ratings = [x for points, label in export.ratings for x in (_number(points), neutralise(label))]
    calc_int = "" if export.calculation_int is None else str(export.calculation_int)
    for s in export.standards:
        parent = _guid(s.strand_guid) if s.strand_guid else root
        writer.writerow([_guid(s.guid), "outcome", neutralise(s.code), neutralise(s.description),
                         neutralise(s.statement), export.calculation_method, calc_int, "active", parent,
                         _number(export.mastery_points), *ratings])
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class CanvasRatings:
    """The ratings and mastery points most outcomes of a Canvas file share."""

    ratings: tuple[tuple[float, str], ...]  # (points, description), as in the file
    mastery_points: float | None
    #: outcomes whose ratings or mastery points differ from these
    others: int = 0


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def read_ratings(data: bytes) -> CanvasRatings | None:
    """The ratings of a Canvas outcomes.csv (None when no outcome has any)."""
    table = read_table(data)
    header = [c.strip().casefold() for c in table.records[0]]
    if "ratings" not in header or "object_type" not in header:
        return None
    first, kind_col = header.index("ratings"), header.index("object_type")
    points_col = header.index("mastery_points") if "mastery_points" in header else None
    state_col = header.index("workflow_state") if "workflow_state" in header else None
    seen: dict[tuple[tuple[tuple[float, str], ...], float | None], int] = {}
    for record in table.records[1:]:
        cells = [c.strip() for c in record]
        if kind_col >= len(cells) or cells[kind_col].casefold() != "outcome":
            continue
        if state_col is not None and state_col < len(cells) and cells[state_col].casefold() == "deleted":
            continue
        values = cells[first:]
        while values and not values[-1]:
            values.pop()
        pairs: list[tuple[float, str]] = []
        for i in range(0, len(values), 2):
            points = _float(values[i])
            if points is None:
                continue
            label = unneutralise(values[i + 1]) if i + 1 < len(values) else ""
            pairs.append((points, label))
        mastery = _float(cells[points_col]) if points_col is not None and points_col < len(cells) else None
        if pairs:
            key = (tuple(pairs), mastery)
            seen[key] = seen.get(key, 0) + 1
    if not seen:
        return None
    (ratings, mastery), count = max(seen.items(), key=lambda kv: kv[1])
    return CanvasRatings(ratings, mastery, sum(seen.values()) - count)


def is_outcomes_csv(first: list[str]) -> bool:
    cells = {c.strip().casefold() for c in first}
    return {"vendor_guid", "object_type", "title"} <= cells


def read_outcomes_csv(data: bytes) -> tuple[StandardsFile, str]:
    """A Canvas outcomes.csv as standards and the framework's name ("" when the file has no single
    group holding all the others).

    Raises:
        UserError: a column is missing, or rows have problems (one line; ``problems`` holds them all).
    """
    table = read_table(data)
    header = [c.strip().casefold() for c in table.records[0]]
    if not is_outcomes_csv(table.records[0]):
        raise UserError(_("This is not a Canvas outcomes file: its first row needs vendor_guid, object_type "
                          "and title."))
    col = {name: header.index(name) for name in HEADER if name in header}

    def get(record: list[str], name: str) -> str:
        i = col.get(name)
        return unneutralise(record[i].strip()) if i is not None and i < len(record) else ""

    groups: dict[str, tuple[str, list[str]]] = {}  # guid -> (title, parents)
    outcomes: list[tuple[int, str, str, str, str, list[str]]] = []
    problems: list[str] = []
    for line, record in zip(table.lines[1:], table.records[1:], strict=True):
        if get(record, "workflow_state").casefold() == "deleted":
            continue
        guid, kind, title = get(record, "vendor_guid"), get(record, "object_type").casefold(), \
            get(record, "title")
        parents = get(record, "parent_guids").split()
        if not guid:
            problems.append(_("Line {line}: no vendor_guid — every row of a Canvas outcomes file needs "
                              "one.").format(line=line))
        elif kind == "group":
            groups[guid] = (title, parents)
        elif kind == "outcome":
            if not title:
                problems.append(_("Line {line}: the outcome {guid} has no title.").format(
                    line=line, guid=guid))
                continue
            outcomes.append((line, guid, title, get(record, "display_name"), get(record, "description"),
                             parents))
        else:
            problems.append(_("Line {line}: object_type '{kind}' is neither outcome nor group.").format(
                line=line, kind=kind))
    roots = [g for g, (_title, parents) in groups.items() if not parents]
    framework_guid = roots[0] if len(roots) == 1 else ""
    rows: list[StandardRow] = []
    seen: dict[str, int] = {}
    for line, _vendor, title, display, description, parents in outcomes:
        code = title
        if code in seen:
            problems.append(_("Line {line}: the title {code} is also used on line {other}.").format(
                line=line, code=code, other=seen[code]))
            continue
        seen[code] = line
        parent = next((p for p in parents if p in groups and p != framework_guid), "")
        strand = groups[parent][0] if parent else ""
        statement, extra = (display, description) if display else (description, "")
        rows.append(StandardRow(line, strand, code, statement, extra))
    if problems:
        raise FileProblems(problems)
    if not rows:
        raise UserError(_("The Canvas outcomes file has groups but no outcomes."))
    strands = list(dict.fromkeys(r.strand for r in rows if r.strand))
    return StandardsFile(strands, rows), groups[framework_guid][0] if framework_guid else ""
