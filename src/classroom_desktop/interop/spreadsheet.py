"""Rows from an Excel workbook (.xlsx), read with openpyxl in read-only mode: the first sheet that
holds anything, each cell as the text a teacher sees (1001, not 1001.0; dates as YYYY-MM-DD)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """Every non-empty row of the workbook's first non-empty sheet, with its row number (1-based).

    Raises:
        UserError: the workbook cannot be opened.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UserError(_("This Excel workbook could not be opened ({problem}); save it again from Excel, "
                          "or as CSV.").format(problem=type(exc).__name__)) from exc
    try:
        for ws in book.worksheets:
            rows: list[tuple[int, list[str]]] = []
            for number, values in enumerate(ws.iter_rows(values_only=True), 1):
                texts = [cell_text(v).strip() for v in values]
                while texts and not texts[-1]:
                    texts.pop()
                if any(texts):
                    rows.append((number, texts))
            if rows:
                return rows
        return []
    finally:
        book.close()
