"""The mastery table as a spreadsheet: CSV (UTF-8 with a BOM so Excel reads accents) or XLSX (coloured).

Both are written atomically: the old file stays whole until the new one is complete.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.mastery import shown
from classroom_desktop.interop.roster_csv import write_file_atomic


@dataclass(frozen=True)
class GradebookSheet:
    """What an export holds: students down, standards across, each cell's mastery value (or None)."""

    title: str
    levels: tuple[tuple[int, str], ...]  # (value, label), lowest first
    cutoff: float
    standards: list[tuple[str, str]]  # (code, "I can" statement)
    students: list[tuple[str, str]]  # (display name, student ID)
    values: list[list[float | None]]  # one row per student, one value per standard


def _number(value: float | None) -> float | None:
    return None if value is None else shown(value)


def csv_bytes(sheet: GradebookSheet) -> bytes:
    """The sheet as CSV text encoded UTF-8 with a BOM; a blank cell means no evidence yet."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Student", "Student ID", *[code for code, _ in sheet.standards]])
    for (name, number), values in zip(sheet.students, sheet.values, strict=True):
        writer.writerow([name, number, *["" if v is None else f"{shown(v):.1f}" for v in values]])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheet: GradebookSheet) -> bytes:
    """The sheet as an Excel workbook: a coloured "Mastery" sheet and a "Standards" key."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Mastery"
    bold = Font(bold=True)
    ws.append(["Student", "Student ID", *[code for code, _ in sheet.standards]])
    for c in ws[1]:
        c.font = bold
        c.alignment = Alignment(horizontal="center")
    level_values = [v for v, _ in sheet.levels]
    for row_index, ((name, number), values) in enumerate(zip(sheet.students, sheet.values, strict=True), 2):
        ws.cell(row=row_index, column=1, value=name)
        ws.cell(row=row_index, column=2, value=number)
        for col_index, value in enumerate(values, 3):
            target = ws.cell(row=row_index, column=col_index, value=_number(value))
            if value is None:
                continue
            fill = level_colour(value, level_values).lstrip("#").upper()
            target.fill = PatternFill("solid", start_color=fill, end_color=fill)
            ink = text_colour("#" + fill).lstrip("#").upper()
            target.font = Font(color=ink, bold=shown(value) >= sheet.cutoff)
            target.number_format = "0.0"
            target.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "C2"
    ws.column_dimensions["A"].width = max([len(n) for n, _ in sheet.students] + [12]) + 2
    ws.column_dimensions["B"].width = 12
    for i in range(len(sheet.standards)):
        ws.column_dimensions[get_column_letter(i + 3)].width = 9

    key = book.create_sheet("Standards")
    key.append(["Code", "I can"])
    for code, statement in sheet.standards:
        key.append([code, statement])
    key.append([])
    key.append(["Level", "Label"])
    for value, label in sheet.levels:
        key.append([value, label])
        fill = level_colour(value, level_values).lstrip("#").upper()
        key.cell(row=key.max_row, column=1).fill = PatternFill("solid", start_color=fill, end_color=fill)
    key.append([f"Mastered at {sheet.cutoff:g} or above (shown in bold)."])
    key.column_dimensions["A"].width = 14
    key.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(sheet: GradebookSheet, out: Path) -> Path:
    """Write the sheet to ``out`` as CSV or XLSX, chosen by its extension.

    Raises:
        UserError: the extension is neither .csv nor .xlsx, or the file cannot be written.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        data = csv_bytes(sheet)
    elif suffix == ".xlsx":
        data = xlsx_bytes(sheet)
    else:
        raise UserError(f"Save the gradebook as a .csv or .xlsx file ('{out.name}' is neither).")
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist.")
    write_file_atomic(out, data)
    return out
