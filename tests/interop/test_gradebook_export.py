"""Exporting the mastery table to CSV and XLSX, read back as a teacher's spreadsheet would."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.importing import export_gradebook
from classroom_desktop.services.roster import NewStudent


@pytest.fixture
def class_id(classroom: Any) -> str:
    c = classroom
    fw = c.curriculum.add_framework("Grade 4").created_id
    s1 = c.curriculum.add_standard(fw, "4.NF.1", "I can explain equivalent fractions.").created_id
    s2 = c.curriculum.add_standard(fw, "4.NF.2", "I can compare fractions.").created_id
    cid = c.classes.create("4B", framework_id=fw).created_id
    c.students.add_many(
        [NewStudent("Begoña", "Ruiz", student_number="1001"), NewStudent("Zoë", "Brandt")], cid
    )
    ids = {s.given_name: s.id for s in c.students.list(cid)}
    for level, day in ((1, 1), (2, 2), (3, 3), (4, 4)):  # decaying average 3.48 → 3.5
        c.evidence.record(ids["Begoña"], s1, level, date(2026, 9, day), class_id=cid)
    c.evidence.record(ids["Zoë"], s2, 2, date(2026, 9, 1), class_id=cid)
    return str(cid)


def test_csv_has_a_bom_and_the_mastery_values(classroom: Any, class_id: str, tmp_path: Path) -> None:
    out = tmp_path / "4B.csv"
    summary = export_gradebook(classroom, class_id, out)
    assert summary.startswith("Wrote the gradebook of 4B (2 students × 2 standards)")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [
        ["Student", "Student ID", "4.NF.1", "4.NF.2"],
        ["Zoë Brandt", "", "", "2.0"],
        ["Begoña Ruiz", "1001", "3.5", ""],
    ]
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["4B.csv"]  # no temp file left behind


def test_xlsx_has_numbers_and_coloured_cells(classroom: Any, class_id: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "4B.xlsx"
    export_gradebook(classroom, class_id, out)
    book = load_workbook(out)
    ws = book["Mastery"]
    assert [c.value for c in ws[1]] == ["Student", "Student ID", "4.NF.1", "4.NF.2"]
    assert ws["A3"].value == "Begoña Ruiz" and ws["C3"].value == 3.5
    assert ws["D2"].value == 2.0 and ws["C2"].value is None
    assert ws["C3"].fill.start_color.rgb.endswith("ABD9E9")  # level 3 colour
    assert ws["D2"].fill.start_color.rgb.endswith("FDAE61")  # level 2 colour
    assert ws["C3"].font.bold  # mastered
    assert ws.freeze_panes == "C2"
    key = book["Standards"]
    assert key["A2"].value == "4.NF.1" and key["B2"].value == "I can explain equivalent fractions."


def test_export_refuses_other_extensions_and_keeps_the_old_file(
    classroom: Any, class_id: str, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match=r"\.csv or \.xlsx"):
        export_gradebook(classroom, class_id, tmp_path / "4B.pdf")
    with pytest.raises(UserError, match="does not exist"):
        export_gradebook(classroom, class_id, tmp_path / "nowhere" / "4B.csv")


# ---- formula injection (OWASP) and the long layout ----------------------------------------
HOSTILE = [
    '=HYPERLINK("http://example.invalid","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\tTab",
    "\rReturn",
    "Bell\x07",
]


@pytest.fixture
def hostile_class(classroom: Any) -> str:
    c = classroom
    fw = c.curriculum.add_framework("Grade 4").created_id
    s1 = c.curriculum.add_standard(fw, "=1+1", "I can add.").created_id
    cid = c.classes.create("4C", framework_id=fw).created_id
    c.students.add_many(
        [NewStudent(name, f"F{i}", student_number="=T09" if i == 0 else str(100 + i)) for i, name in
         enumerate(HOSTILE)],
        cid,
    )
    for s in c.students.list(cid):
        c.evidence.record(s.id, s1, 3, date(2026, 9, 2), class_id=cid)
    return str(cid)


def test_csv_neutralises_formula_like_text_but_keeps_numbers(
    classroom: Any, hostile_class: str, tmp_path: Path
) -> None:
    out = tmp_path / "4C.csv"
    export_gradebook(classroom, hostile_class, out)
    rows = list(csv.reader(out.read_bytes().decode("utf-8-sig").splitlines(keepends=False)))
    assert rows[0] == ["Student", "Student ID", "'=1+1"]
    cells = [cell for row in rows[1:] for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    names = {row[0] for row in rows[1:] if row}
    assert "'=HYPERLINK(\"http://example.invalid\",\"click\") F0" in names
    assert "'-2+3 F3" in names and "'@SUM(1+1) F2" in names
    assert ["'=HYPERLINK(\"http://example.invalid\",\"click\") F0", "'=T09", "3.0"] in rows


def test_xlsx_text_cells_are_typed_strings_never_formulas(
    classroom: Any, hostile_class: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    for layout in ("wide", "long"):
        out = tmp_path / f"4C-{layout}.xlsx"
        export_gradebook(classroom, hostile_class, out, layout=layout)
        book = load_workbook(out)
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (layout, ws.title, cell.coordinate, cell.value)
        ws = book["Mastery"]
        by_name = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
        r = by_name['=HYPERLINK("http://example.invalid","click") F0']
        assert ws.cell(r, 1).data_type == "s"
        assert ws.cell(r, 2).value == "=T09" and ws.cell(r, 2).data_type == "s"
        level = ws.cell(r, 3 if layout == "wide" else 4)
        assert level.value == 3.0 and level.data_type == "n"
        assert book["Standards"]["A2"].value == "=1+1" and book["Standards"]["A2"].data_type == "s"
        assert "Bell F6" in by_name  # a control character XLSX cannot hold is left out


def test_long_layout_has_one_row_per_student_and_standard(
    classroom: Any, class_id: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "4B-long.csv"
    export_gradebook(classroom, class_id, out, layout="long")
    rows = list(csv.reader(out.read_bytes().decode("utf-8-sig").splitlines()))
    assert rows == [
        ["Student", "Student ID", "Standard", "Level", "Date"],
        ["Zoë Brandt", "", "4.NF.2", "2.0", "2026-09-01"],
        ["Begoña Ruiz", "1001", "4.NF.1", "3.5", "2026-09-04"],
    ]
    xout = tmp_path / "4B-long.xlsx"
    export_gradebook(classroom, class_id, xout, layout="long")
    ws = load_workbook(xout)["Mastery"]
    assert [c.value for c in ws[1]] == ["Student", "Student ID", "Standard", "Level", "Date"]
    assert ws["D3"].value == 3.5 and ws["D3"].data_type == "n"
    assert ws["E3"].value.date() == date(2026, 9, 4)
    with pytest.raises(UserError, match="wide or long"):
        export_gradebook(classroom, class_id, out, layout="tall")
