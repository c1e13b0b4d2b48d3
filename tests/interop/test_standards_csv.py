"""Importing a framework from a standards CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.interop.roster_csv import FileProblems
from classroom_desktop.interop.standards_csv import parse_standards
from classroom_desktop.services.importing import import_file

GOOD = (
    "Strand;Code;I can;Description;Prerequisites\n"
    "Fractions;4.NF.1;I can explain equivalent fractions.;Use visual models.;\n"
    "Fractions;4.NF.2;I can compare fractions.;;4.NF.1\n"
    "Operations;4.OA.1;I can read a multiplication as a comparison.;;\n"
    "Operations;4.OA.2;I can solve word problems.;;4.OA.1, 4.NF.2\n"
)


def test_parse_reads_strands_standards_and_prerequisites() -> None:
    parsed = parse_standards(GOOD.encode("cp1252"))
    assert parsed.strands == ["Fractions", "Operations"]
    assert [s.code for s in parsed.standards] == ["4.NF.1", "4.NF.2", "4.OA.1", "4.OA.2"]
    assert parsed.standards[3].prerequisites == ("4.OA.1", "4.NF.2")
    assert parsed.standards[0].description == "Use visual models."


def test_import_makes_a_framework_with_prerequisites(classroom: Any, tmp_path: Path) -> None:
    path = tmp_path / "grade_4_maths.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    class_id = classroom.classes.create("4B").created_id
    summary = import_file(classroom, "standards", path, class_id)
    assert summary == ("Imported 4 standards in 2 strands and 3 prerequisite links as the framework "
                       "'grade 4 maths' for 4B.")
    fw = classroom.classes.get(class_id).framework_id
    standards = {s.code: s for s in classroom.curriculum.standards(fw)}
    assert [s.name for s in classroom.curriculum.strands(fw)] == ["Fractions", "Operations"]
    assert set(standards["4.OA.2"].prerequisites) == {standards["4.OA.1"].id, standards["4.NF.2"].id}
    assert standards["4.NF.2"].statement == "I can compare fractions."


def test_a_cycle_is_refused_and_named(classroom: Any, tmp_path: Path) -> None:
    data = "code,statement,prerequisites\nA.1,one,A.3\nA.2,two,A.1\nA.3,three,A.2\n"
    with pytest.raises(UserError) as err:
        parse_standards(data.encode())
    assert "A.1 → A.2 → A.3 → A.1" in str(err.value)
    path = tmp_path / "cycle.csv"
    path.write_text(data)
    with pytest.raises(UserError):
        import_file(classroom, "standards", path, None)
    assert classroom.curriculum.frameworks() == []


def test_bad_rows_are_named_by_line() -> None:
    data = "strand,code,statement,description,prerequisites\nF,,x,,\nF,B.1,y,,B.9\nF,B.1,z,,\n"
    with pytest.raises(FileProblems) as err:
        parse_standards(data.encode())
    assert "\n" not in str(err.value) and str(err.value).endswith("…and 2 more problems. Nothing was "
                                                                  "imported; fix the file and try again.")
    assert err.value.problems == [
        "Line 2: no code — every standard needs a code (for example 4.NF.1).",
        "Line 4: the code B.1 is also used on line 3.",
        "Line 3: the prerequisite B.9 is not a standard in this file.",
    ]


def test_a_title_row_above_the_header_names_the_framework(classroom: Any, tmp_path: Path) -> None:
    path = tmp_path / "export_2026.csv"
    path.write_text(
        "Grade 4 Mathematics (District 12);;;;\n"
        "Strand;Code;I can;Description;Prerequisites\n"
        "Fractions;4.NF.1;I can explain equivalent fractions.;;\n"
        "Fractions;4.NF.2;I can compare fractions.;;4.NF.1\n", encoding="utf-8")
    assert import_file(classroom, "standards", path, None) == (
        "Imported 2 standards in 1 strand and 1 prerequisite link as the framework "
        "'Grade 4 Mathematics (District 12)'.")
    bad = tmp_path / "bad.csv"
    bad.write_text("Framework,Science 4\nCode,I can\n4.S.1,I can observe.\n4.S.1,I can compare.\n",
                   encoding="utf-8")
    with pytest.raises(FileProblems) as err:
        import_file(classroom, "standards", bad, None)
    assert err.value.problems == ["Line 4: the code 4.S.1 is also used on line 3."]  # lines as in the file


def test_a_spreadsheet_title_row_with_a_label_names_the_framework(classroom: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Framework", "Science 4 — Life"])
    sheet.append([])
    sheet.append(["Code", "I can"])
    sheet.append(["4.LS.1", "I can name the parts of a plant."])
    path = tmp_path / "Sheet1.xlsx"
    book.save(path)
    assert import_file(classroom, "standards", path, None) == (
        "Imported 1 standard in 0 strands as the framework 'Science 4 — Life'.")

