"""The mastery table as a spreadsheet: CSV (UTF-8 with a BOM so Excel reads accents) or XLSX (coloured).

Two layouts: ``wide`` (students down, standards across) and ``long`` (one row per student and
standard: student, Student ID, standard, level, date), the one other systems take pasted in.

Safe by construction: names and IDs come from outside (a district roster), so a text cell can never
become a formula. In CSV a text cell beginning with ``= + - @``, tab or carriage return gets a leading
``'`` (OWASP's advice for CSV injection); in XLSX every text cell is written as a typed string, never
a formula. Numbers stay numbers. Both are written atomically: the old file stays whole until the new
one is complete.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.mastery import shown
from classroom_desktop.i18n import _
from classroom_desktop.interop.roster_csv import FORMULA_STARTS, neutralise, write_file_atomic

__all__ = ["FORMULA_STARTS", "GradebookSheet", "LAYOUTS", "csv_bytes", "export", "neutralise", "xlsx_bytes"]


@dataclass(frozen=True)
class GradebookSheet:
    """What an export holds: students down, standards across, each cell's mastery value (or None)."""

    title: str
    levels: tuple[tuple[int, str], ...]  # (value, label), lowest first
    cutoff: float
    standards: list[tuple[str, str]]  # (code, "I can" statement)
    students: list[tuple[str, str]]  # (display name, student ID)
    values: list[list[float | None]]  # one row per student, one value per standard
    #: the date of the latest evidence behind each value (same shape as ``values``; may be empty)
    dates: list[list[date | None]] = field(default_factory=list)


LAYOUTS = ("wide", "long")
def _number(value: float | None) -> float | None:
    return None if value is None else shown(value)


def _date_of(sheet: GradebookSheet, row: int, col: int) -> date | None:
    return sheet.dates[row][col] if sheet.dates else None


def long_rows(sheet: GradebookSheet) -> list[list[Any]]:
    """One row per student and standard with a value: student, ID, standard, level, date."""
    rows: list[list[Any]] = []
    for r, ((name, number), values) in enumerate(zip(sheet.students, sheet.values, strict=True)):
        for c, ((code, _statement), value) in enumerate(zip(sheet.standards, values, strict=True)):
            if value is not None:
                rows.append([name, number, code, shown(value), _date_of(sheet, r, c)])
    return rows


LONG_HEADER = ["Student", "Student ID", "Standard", "Level", "Date"]


def csv_bytes(sheet: GradebookSheet, layout: str = "wide") -> bytes:
    """The sheet as CSV text encoded UTF-8 with a BOM; a blank cell means no evidence yet.

    Every text cell is neutralised (:func:`neutralise`); numbers are written as numbers.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if layout == "long":
        writer.writerow(LONG_HEADER)
        for name, number, code, value, day in long_rows(sheet):
            writer.writerow([neutralise(name), neutralise(number), neutralise(code), f"{value:.1f}",
                             day.isoformat() if day else ""])
        return buffer.getvalue().encode("utf-8-sig")
    writer.writerow(["Student", "Student ID", *[neutralise(code) for code, _ in sheet.standards]])
    for (name, number), values in zip(sheet.students, sheet.values, strict=True):
        writer.writerow([neutralise(name), neutralise(number),
                         *["" if v is None else f"{shown(v):.1f}" for v in values]])
    return buffer.getvalue().encode("utf-8-sig")


def _text(ws: Any, row: int, column: int, value: str) -> Any:
    """Write ``value`` as a typed string cell (openpyxl would store ``=...`` as a live formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    target = ws.cell(row=row, column=column)
    target.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XLSX cannot hold
    target.data_type = "s"
    return target


def _append(ws: Any, values: list[Any]) -> None:
    """Append a row, text as typed strings and numbers/dates as themselves."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, 1):
        if isinstance(value, str):
            _text(ws, row, column, value)
        elif value is not None:
            ws.cell(row=row, column=column, value=value)


def xlsx_bytes(sheet: GradebookSheet, layout: str = "wide") -> bytes:
    """The sheet as an Excel workbook: a coloured "Mastery" sheet and a "Standards" key.

    Text cells are typed strings (``data_type == "s"``), never formulas; levels are numbers.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Mastery"
    bold = Font(bold=True)
    if layout == "long":
        _append(ws, LONG_HEADER)
        for c in ws[1]:
            c.font = bold
        for name, number, code, value, day in long_rows(sheet):
            _append(ws, [name, number, code, value, day])
            ws.cell(row=ws.max_row, column=4).number_format = "0.0"
            if day is not None:
                ws.cell(row=ws.max_row, column=5).number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        ws.column_dimensions["A"].width = max([len(n) for n, _ in sheet.students] + [12]) + 2
        ws.column_dimensions["E"].width = 12
        _key_sheet(book, sheet)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    _append(ws, ["Student", "Student ID", *[code for code, _ in sheet.standards]])
    for c in ws[1]:
        c.font = bold
        c.alignment = Alignment(horizontal="center")
    level_values = [v for v, _ in sheet.levels]
    for row_index, ((name, number), values) in enumerate(zip(sheet.students, sheet.values, strict=True), 2):
        _text(ws, row_index, 1, name)
        _text(ws, row_index, 2, number)
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

    _key_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _key_sheet(book: Any, sheet: GradebookSheet) -> None:
    from openpyxl.styles import PatternFill

    level_values = [v for v, _ in sheet.levels]
    key = book.create_sheet("Standards")
    _append(key, ["Code", "I can"])
    for code, statement in sheet.standards:
        _append(key, [code, statement])
    row = key.max_row + 2
    _text(key, row, 1, "Level")
    _text(key, row, 2, "Label")
    for value, label in sheet.levels:
        _append(key, [value, label])
        fill = level_colour(value, level_values).lstrip("#").upper()
        key.cell(row=key.max_row, column=1).fill = PatternFill("solid", start_color=fill, end_color=fill)
    _append(key, [f"Mastered at {sheet.cutoff:g} or above (shown in bold)."])
    key.column_dimensions["A"].width = 14
    key.column_dimensions["B"].width = 70


def export(sheet: GradebookSheet, out: Path, layout: str = "wide") -> Path:
    """Write the sheet to ``out`` as CSV or XLSX, chosen by its extension.

    Raises:
        UserError: the extension is neither .csv nor .xlsx, or the file cannot be written.
    """
    out = Path(out)
    if layout not in LAYOUTS:
        raise UserError(_("Choose the gradebook layout wide or long ('{layout}' is neither).").format(
            layout=layout))
    suffix = out.suffix.lower()
    if suffix == ".csv":
        data = csv_bytes(sheet, layout)
    elif suffix == ".xlsx":
        data = xlsx_bytes(sheet, layout)
    else:
        raise UserError(_("Save the gradebook as a .csv or .xlsx file ('{name}' is neither).").format(
            name=out.name))
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=out.parent))
    write_file_atomic(out, data)
    return out
