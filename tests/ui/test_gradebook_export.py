"""File ▸ Export gradebook… saves the class's gradebook in the layout and kind of file the teacher picks
in the save dialog; names that look like formulas stay text."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from classroom_desktop.services.roster import NewStudent
from classroom_desktop.ui.pages.gradebook import EXPORT_FILTERS

HOSTILE = '=HYPERLINK("http://example.invalid","click")'


def _file_action(window: Any, text: str) -> Any:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return next(a for a in file_menu.actions() if a.text() == text)


@pytest.fixture
def hostile(ctx: Any) -> str:
    """A student from a district roster whose name is a formula, with one piece of evidence."""
    classroom, class_id = ctx.classroom, ctx.current_class_id
    student = classroom.students.add(NewStudent(HOSTILE, "", student_number="=T09"), class_id).created_id
    standard = classroom.evidence.mastery_table(class_id).standards[0]
    classroom.evidence.record(student, standard.id, 3, class_id=class_id)
    return str(standard.code)


def _export(window: Any, qtbot: Any, monkeypatch: Any, path: Path, chosen: str) -> str:
    asked: list[tuple[str, str]] = []

    def save_dialog(_parent: Any, _title: str, suggested: str, filters: str, *args: Any) -> tuple[str, str]:
        asked.append((suggested, filters))
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    page = window.show_page("Gradebook")
    with qtbot.waitSignal(page.exported, timeout=60_000) as said:
        _file_action(window, "&Export gradebook…").trigger()
    assert asked and asked[0][1].split(";;") == list(EXPORT_FILTERS)
    return str(said.args[0])


def test_export_gradebook_from_the_file_menu_as_a_long_xlsx(
    window: Any, ctx: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path, hostile: str
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "4B.xlsx"
    chosen = "Excel workbook, one row per student and standard (*.xlsx)"
    summary = _export(window, qtbot, monkeypatch, out, chosen)
    table = ctx.classroom.evidence.mastery_table(ctx.current_class_id)
    assert summary == (f"Wrote the gradebook of {ctx.classroom.classes.get(ctx.current_class_id).name} "
                       f"({len(table.students)} students × {len(table.standards)} standards) to {out}.")
    sheet = load_workbook(out)["Mastery"]
    assert [c.value for c in sheet[1]] == ["Student", "Student ID", "Standard", "Level", "Date"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == HOSTILE)
    assert [c.value for c in row[:4]] == [HOSTILE, "=T09", hostile, 3]
    assert (row[0].data_type, row[1].data_type, row[3].data_type) == ("s", "s", "n")  # text, never a formula
    assert row[4].value.date() == ctx.today()
    assert not list(tmp_path.glob(".tmp-*"))  # saved whole, nothing left over


def test_export_gradebook_as_a_wide_csv_adds_the_extension_and_neutralises_formulas(
    window: Any, ctx: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path, hostile: str
) -> None:
    _export(window, qtbot, monkeypatch, tmp_path / "gradebook", "CSV, students × standards (*.csv)")
    out = tmp_path / "gradebook.csv"
    rows = list(csv.reader(out.read_bytes().decode("utf-8-sig").splitlines()))
    column = rows[0].index(hostile)
    row = next(r for r in rows if r[0] == "'" + HOSTILE)
    assert row[1] == "'=T09" and row[column] == "3.0"


def test_an_export_that_cannot_be_saved_says_so_and_leaves_no_file(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path, messages: Any
) -> None:
    out = tmp_path / "gone" / "4B.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(out), next(iter(EXPORT_FILTERS)))))
    _file_action(window, "&Export gradebook…").trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=60_000)
    assert messages == [("warning", f"The folder {out.parent} does not exist.")]
    assert not out.parent.exists()
