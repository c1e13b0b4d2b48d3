"""A framework goes out as the importer's CSV and as Canvas's Outcomes CSV, and comes back the same."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.cli import main
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import MasteryConfig, MasteryMethod
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.importing import export_standards, import_file

GOOD = (
    "Strand;Code;I can;Description;Prerequisites\n"
    "Fractions;4.NF.1;I can explain equivalent fractions.;Use visual models.;\n"
    "Fractions;4.NF.2;I can compare fractions.;;4.NF.1\n"
    "Operations;4.OA.1;=1+1 is how I read a multiplication;-2 as a start;\n"
    "Operations;4.OA.2;I can solve word problems.;;4.OA.1, 4.NF.2\n"
)


@pytest.fixture
def framework(classroom: Any, tmp_path: Path) -> str:
    path = tmp_path / "grade_4.csv"
    path.write_text(GOOD, encoding="utf-8")
    import_file(classroom, "standards", path, None)
    return str(classroom.curriculum.frameworks()[0].id)


def _rows(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(path.read_bytes().decode(encoding).splitlines()))


def _shape(classroom: Any, framework_id: str) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    strands = {s.id: s.name for s in classroom.curriculum.strands(framework_id)}
    standards = classroom.curriculum.standards(framework_id)
    codes = {s.id: s.code for s in standards}
    return [(strands.get(s.strand_id, ""), s.code, s.statement, s.description,
             tuple(sorted(codes[p] for p in s.prerequisites))) for s in standards]


def test_standards_csv_round_trip(classroom: Any, framework: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert export_standards(classroom, framework, out, "csv") == f"Wrote 4 standards of 'grade 4' to {out}."
    rows = _rows(out)
    assert rows[0] == ["Strand", "Code", "I can", "Description", "Prerequisites"]
    assert rows[3] == ["Operations", "4.OA.1", "'=1+1 is how I read a multiplication", "'-2 as a start", ""]
    assert rows[4][4] == "4.NF.2, 4.OA.1"
    before = _shape(classroom, framework)
    import_file(classroom, "standards", out, None)
    again = next(f.id for f in classroom.curriculum.frameworks() if f.name == "out")
    assert _shape(classroom, again) == before


def test_canvas_outcomes_csv_has_groups_outcomes_and_ratings(
    classroom: Any, framework: str, tmp_path: Path
) -> None:
    class_id = classroom.classes.create("4B", framework_id=framework).created_id
    classroom.classes.set_mastery(class_id, MasteryConfig(MasteryMethod.N_TIMES, n=2))
    out = tmp_path / "canvas.csv"
    summary = export_standards(classroom, framework, out, "canvas", class_id)
    assert summary.endswith("as Canvas outcomes (Canvas has no prerequisites; they are not in the file).")
    rows = _rows(out, "utf-8")
    assert rows[0][:11] == ["vendor_guid", "object_type", "title", "description", "display_name",
                            "calculation_method", "calculation_int", "workflow_state", "parent_guids",
                            "mastery_points", "ratings"]
    assert rows[1][1:4] == ["group", "grade 4", ""] and rows[1][8] == ""
    root = rows[1][0]
    strands = {r[2]: r[0] for r in rows if r[1] == "group" and r[8] == root}
    assert set(strands) == {"Fractions", "Operations"}
    outcome = next(r for r in rows if r[2] == "4.NF.2")
    assert outcome[1] == "outcome" and outcome[4] == "I can compare fractions."
    assert outcome[5:10] == ["n_mastery", "2", "active", strands["Fractions"], "3"]
    assert outcome[10:18] == ["4", "Advanced", "3", "Proficient", "2", "Developing", "1", "Beginning"]
    assert all(" " not in r[0] for r in rows[1:])
    hostile = next(r for r in rows if r[2] == "4.OA.1")
    assert hostile[4] == "'=1+1 is how I read a multiplication" and hostile[3] == "'-2 as a start"


def test_canvas_outcomes_csv_comes_back_as_the_same_framework(
    classroom: Any, framework: str, tmp_path: Path
) -> None:
    out = tmp_path / "canvas.csv"
    export_standards(classroom, framework, out, "canvas")
    summary = import_file(classroom, "standards", out, None)
    assert summary == "Imported 4 standards in 2 strands as the framework 'grade 4'."
    again = [f.id for f in classroom.curriculum.frameworks() if f.id != framework][0]
    no_prereqs = [(a, b, c, d, ()) for a, b, c, d, _ in _shape(classroom, framework)]
    assert _shape(classroom, again) == no_prereqs


def test_a_canvas_file_from_elsewhere(classroom: Any, tmp_path: Path) -> None:
    path = tmp_path / "outcomes.csv"
    path.write_text(
        "vendor_guid,object_type,title,description,display_name,calculation_method,calculation_int,"
        "workflow_state,parent_guids,ratings,,,,,,,\n"
        "a,group,Parent group,parent group description,G-1,,,active,,,,,,,,,\n"
        "b,group,Child group,child group description,G-1.1,,,active,a,,,,,,,,\n"
        "c,outcome,Learning Standard,outcome description,LS-100,decaying_average,40,active,a b,"
        "3,Excellent,2,Better,1,Good,,\n"
        "d,outcome,Old one,,,latest,,deleted,b,,,,,,,,\n",
        encoding="utf-8")
    assert import_file(classroom, "standards", path, None) == (
        "Imported 1 standard in 1 strand as the framework 'Parent group'.")
    fw = classroom.curriculum.frameworks()[0].id
    assert _shape(classroom, fw) == [
        ("Child group", "Learning Standard", "LS-100", "outcome description", ())]


def test_export_standards_from_the_command_line(tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "ws"
    c = Classroom.open(folder)
    fw = c.curriculum.add_framework("Grade 4").created_id
    c.curriculum.add_standard(fw, "4.NF.1", "I can explain equivalent fractions.")
    c.classes.create("4B", framework_id=fw)
    c.close()
    out = tmp_path / "s.csv"
    args = ["export", "standards", "--workspace", str(folder), "--format", "canvas", "--out", str(out)]
    assert main(args) == 0
    assert "Wrote 1 standards of 'Grade 4'" in capsys.readouterr().out
    assert main(["export", "standards", "--workspace", str(folder), "--framework", "Nope",
                 "--out", str(out)]) == 2
    assert "There is no framework called 'Nope'. Frameworks: Grade 4." in capsys.readouterr().err
    with pytest.raises(UserError):
        c2 = Classroom.open(folder)
        try:
            export_standards(c2, fw, tmp_path / "s.xlsx", "csv")
        finally:
            c2.close()


SCHOOL_CANVAS = (
    "vendor_guid,object_type,title,description,display_name,calculation_method,calculation_int,"
    "workflow_state,parent_guids,mastery_points,ratings,,,,,,,,,\n"
    "g,group,Grade 4 Maths (LMS),,,,,active,,,,,,,,,,,,\n"
    "o1,outcome,4.NF.1,Use models.,I can explain equivalent fractions.,decaying_average,65,active,g,3,"
    "4,Exceeds,3,Meets,2,Approaching,1,Beginning,0,No evidence\n"
    "o2,outcome,4.NF.2,,I can compare fractions.,decaying_average,65,active,g,3,"
    "4,Exceeds,3,Meets,2,Approaching,1,Beginning,0,No evidence\n"
)


def _scale(classroom: Any, class_id: str) -> tuple[list[tuple[int, str]], float]:
    scale = classroom.classes.scale(class_id)
    return [(lv.value, lv.label) for lv in scale.levels], scale.cutoff


def test_a_canvas_file_imported_for_a_class_gives_it_the_files_scale(tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "ws"
    c = Classroom.open(folder)
    c.classes.create("4B")
    c.close()
    path = tmp_path / "outcomes.csv"
    path.write_text(SCHOOL_CANVAS, encoding="utf-8")
    assert main(["import", "standards", str(path), "--workspace", str(folder), "--class", "4B"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Imported 2 standards in 0 strands as the framework 'Grade 4 Maths (LMS)' for 4B. "
        "4B now uses the file's ratings as its scale: 0 No evidence, 1 Beginning, 2 Approaching, "
        "3 Meets, 4 Exceeds; mastery at 3.")
    c = Classroom.open(folder)
    try:
        class_id = str(c.classes.find("4B").id)
        assert _scale(c, class_id) == (
            [(0, "No evidence"), (1, "Beginning"), (2, "Approaching"), (3, "Meets"), (4, "Exceeds")], 3)
        # and the class's scale is what goes back out to Canvas
        out = tmp_path / "back.csv"
        export_standards(c, c.classes.get(class_id).framework_id, out, "canvas", class_id)
        outcome = next(r for r in _rows(out, "utf-8") if r[2] == "4.NF.2")
        assert outcome[9:20] == ["3", "4", "Exceeds", "3", "Meets", "2", "Approaching", "1", "Beginning",
                                 "0", "No evidence"]
    finally:
        c.close()


def test_a_class_with_evidence_keeps_its_scale_and_says_how_the_files_differs(
    classroom: Any, tmp_path: Path
) -> None:
    from classroom_desktop.services.roster import NewStudent

    class_id = classroom.classes.create("4B").created_id
    other = classroom.curriculum.add_framework("Last year").created_id
    standard = classroom.curriculum.add_standard(other, "3.NF.1", "I can name fractions.").created_id
    student = classroom.students.add(NewStudent("Zoë", "Kowalska"), class_id).created_id
    classroom.evidence.record(student, standard, 3, class_id=class_id)
    path = tmp_path / "outcomes.csv"
    path.write_text(SCHOOL_CANVAS, encoding="utf-8")
    summary = import_file(classroom, "standards", path, class_id)
    assert summary == (
        "Imported 2 standards in 0 strands as the framework 'Grade 4 Maths (LMS)' for 4B. "
        "The file's ratings (0 No evidence, 1 Beginning, 2 Approaching, 3 Meets, 4 Exceeds; mastery at 3) "
        "differ from 4B's scale (1 Beginning, 2 Developing, 3 Proficient, 4 Advanced; mastery at 3); "
        "4B keeps its scale because it has evidence recorded on it.")
    assert _scale(classroom, class_id) == (
        [(1, "Beginning"), (2, "Developing"), (3, "Proficient"), (4, "Advanced")], 3)


def test_ratings_that_cannot_be_a_scale_are_named(classroom: Any, tmp_path: Path) -> None:
    class_id = classroom.classes.create("4B").created_id
    path = tmp_path / "outcomes.csv"
    path.write_text(SCHOOL_CANVAS.replace(",2,Approaching", ",2.5,Approaching"), encoding="utf-8")
    summary = import_file(classroom, "standards", path, class_id)
    assert summary.endswith(
        " The file's ratings cannot be a scale (its ratings have points that are not whole numbers (2.5)); "
        "4B keeps its scale (1 Beginning, 2 Developing, 3 Proficient, 4 Advanced; mastery at 3).")
