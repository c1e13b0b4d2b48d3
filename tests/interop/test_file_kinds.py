"""Files are judged by their bytes: XLSX (even named .csv), JSON, UTF-16 with or without BOM, binary,
too large — each refused or read with one line a teacher understands."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.interop.filekind import sniff
from classroom_desktop.interop.roster_csv import load_roster, parse_roster
from classroom_desktop.services.importing import import_file

CSV = "Given name,Family name,Student ID,Email\nBegoña,Ruiz,1001,bego@school.org\nZoë,Kowalska,1002,\n"
WANTS = "a class list should be a CSV or Excel (.xlsx) file, or a OneRoster zip or folder."


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_roster_imports_even_when_named_csv(classroom: Any, tmp_path: Path) -> None:
    class_id = classroom.classes.create("4B").created_id
    path = tmp_path / "renamed.csv"
    path.write_bytes(_xlsx([["Given name", "Family name", "Student ID", "Email"],
                            ["Begoña", "Ruiz", 1001, "bego@school.org"], [],
                            ["Zoë", "Kowalska", 1002.0, None]]))
    assert sniff(path.read_bytes()).kind == "xlsx"
    assert import_file(classroom, "roster", path, class_id).startswith("Imported 2 students into 4B: 2 new")
    students = {s.display_name: s for s in classroom.students.list(class_id)}
    assert students["Begoña Ruiz"].student_number == "1001"
    assert students["Zoë Kowalska"].student_number == "1002"


def test_an_xlsx_roster_row_problem_names_the_sheet_row() -> None:
    roster = load_roster(_xlsx([["Given name", "Family name"], ["Ana", "López"], [None, None, "x"]]))
    with pytest.raises(UserError, match=r"^Line 3: no name"):
        parse_roster(roster)


def test_an_xlsx_standards_file_imports(classroom: Any, tmp_path: Path) -> None:
    path = tmp_path / "g4.xlsx"
    path.write_bytes(_xlsx([["Strand", "Code", "I can", "Prerequisites"],
                            ["Fractions", "4.NF.1", "I can explain equivalent fractions.", None],
                            ["Fractions", "4.NF.2", "I can compare fractions.", "4.NF.1"]]))
    assert import_file(classroom, "standards", path, None).startswith("Imported 2 standards in 1 strand ")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_gives_clean_names(encoding: str) -> None:
    data = CSV.encode(encoding)
    rows = parse_roster(load_roster(data))
    assert [(r.given_name, r.family_name, r.student_number) for r in rows] == [
        ("Begoña", "Ruiz", "1001"), ("Zoë", "Kowalska", "1002")]
    assert all("\x00" not in r.given_name + r.family_name for r in rows)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_of_arabic_and_chinese_names(encoding: str) -> None:
    text = "Given name,Family name\nمحمد,العلي\nفاطمة,الزهراء\n王,小明\n"
    rows = parse_roster(load_roster(text.encode(encoding)))
    assert [(r.given_name, r.family_name) for r in rows][:2] == [("محمد", "العلي"), ("فاطمة", "الزهراء")]
    from classroom_desktop.interop.filekind import text_encoding

    assert text_encoding("محمد,العلي\nفاطمة,الزهراء\n王,小明\n".encode(encoding)) == encoding


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b'{"CFDocument": {"title": "x"}}', "a JSON file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "an old Excel workbook (.xls)"),
        (random.Random(4).randbytes(200_000), "binary data, not text"),
    ],
    ids=["json", "pdf", "xls", "random"],
)
def test_other_files_get_one_line_saying_what_they_are(
    classroom: Any, tmp_path: Path, data: bytes, what: str
) -> None:
    path = tmp_path / "class.csv"
    path.write_bytes(data)
    with pytest.raises(UserError) as err:
        import_file(classroom, "roster", path, None)
    assert str(err.value) == f"This file is {what}; {WANTS}"
    assert classroom.students.list() == []


def test_a_huge_file_is_refused_before_it_is_read(classroom: Any, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    with pytest.raises(UserError) as err:
        import_file(classroom, "roster", path, None)
    assert str(err.value) == (
        "This file is 50 MB, too large to be a class list or a framework (at most 32 MB); " + WANTS)
    os.remove(path)


def test_a_json_file_given_as_standards_csv_is_not_read_as_rows(tmp_path: Path) -> None:
    from classroom_desktop.interop.standards_csv import parse_standards

    with pytest.raises(UserError, match=r"^This file is a JSON file; a framework should be"):
        parse_standards(b'[{"code": "A"}]')
