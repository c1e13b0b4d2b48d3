"""Importing a roster again updates the students already there instead of adding them twice."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.interop.roster_csv import load_roster, parse_roster
from classroom_desktop.services.importing import import_file, plan_roster
from classroom_desktop.services.roster import NewStudent

HEADER = "Given name,Family name,Student ID,Email\n"
FIRST = HEADER + "Begoña,Ruiz,1001,bego@school.org\nZoë,Kowalska,1002,\nWei,Wang,1003,\n"


def _file(tmp_path: Path, text: str, name: str = "class.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_same_roster_twice_adds_nobody(classroom: Any, tmp_path: Path) -> None:
    cid = classroom.classes.create("4B").created_id
    import_file(classroom, "roster", _file(tmp_path, FIRST), cid)
    again = import_file(classroom, "roster", _file(tmp_path, FIRST), cid)
    assert again == (
        "Imported 3 students into 4B: 0 new, 0 updated, 3 unchanged, 0 not in the file (archive?).")
    assert len(classroom.students.list()) == 3 and len(classroom.students.list(cid)) == 3


def test_matches_by_id_then_email_then_name(classroom: Any, tmp_path: Path) -> None:
    cid = classroom.classes.create("4B").created_id
    import_file(classroom, "roster", _file(tmp_path, FIRST), cid)
    # Begoña: same ID, new email → updated. Zoë: no ID in the file, typed composed while the
    # workspace... matched by name. Wei: not in the file. Amara: new.
    second = (HEADER + "Begoña,Ruiz-Soto,1001,b.ruiz@school.org\nZoë,Kowalska,,zoe@school.org\n"
              "Amara,Okafor,1004,\n")
    summary = import_file(classroom, "roster", _file(tmp_path, second), cid)
    assert summary.startswith(
        "Imported 3 students into 4B: 1 new, 2 updated, 0 unchanged, 1 not in the file (archive?).")
    assert "Line 3: Zoë Kowalska is taken to be the student of that name already here (ID 1002)." in summary
    students = {s.student_number: s for s in classroom.students.list()}
    assert len(students) == 4
    assert students["1001"].family_name == "Ruiz-Soto" and students["1001"].email == "b.ruiz@school.org"
    assert students["1002"].email == "zoe@school.org"
    # by e-mail: the ID changed at the district, the e-mail did not
    third = HEADER + "Zoe,Kowalska,2002,zoe@school.org\n"
    plan = plan_roster(classroom, parse_roster(load_roster(third.encode())), cid)
    assert [(sid, fields) for sid, _, fields in plan.updates] == [
        (students["1002"].id, {"given_name": "Zoe", "student_number": "2002"})]


def test_a_decomposed_name_matches_a_composed_one(classroom: Any, tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Zoë")
    assert nfd != "Zoë"
    cid = classroom.classes.create("4B").created_id
    classroom.students.add_many([NewStudent(nfd, "Kowalska")], cid)
    summary = import_file(classroom, "roster", _file(tmp_path, HEADER + "Zoë,Kowalska,,\n"), cid)
    assert summary.startswith("Imported 1 student into 4B: 0 new, 0 updated, 1 unchanged")
    assert classroom.students.find("Zoë Kowalska").given_name == nfd


def test_same_names_in_one_file_are_flagged(classroom: Any, tmp_path: Path) -> None:
    text = HEADER + "Ana,López,1,\nWei,Wang,2,\nAna,López,3,\n"
    summary = import_file(classroom, "roster", _file(tmp_path, text), None)
    assert summary == ("Imported 3 students: 3 new, 0 updated, 0 unchanged, 0 not in the file (archive?). "
                       "2 students are called Ana López (lines 2, 4).")
    assert len(classroom.students.list()) == 3


def test_an_ambiguous_student_name_is_an_error_listing_the_matches(
    classroom: Any, tmp_path: Path, capsys: Any
) -> None:
    from classroom_desktop.cli import main

    cid = classroom.classes.create("4B").created_id
    classroom.students.add_many([NewStudent("Ana", "López", student_number="1"),
                                 NewStudent("Ana", "López", student_number="7")], cid)
    with pytest.raises(UserError) as err:
        classroom.students.find("ana lópez")
    assert str(err.value) == ("2 students are called 'ana lópez': Ana López (ID 1); Ana López (ID 7). "
                              "Give the Student ID instead.")
    assert classroom.students.find("7").student_number == "7"
    folder = classroom.folder
    classroom.close()
    code = main(["print", "plans", "--workspace", str(folder), "--student", "Ana López",
                 "--out", str(tmp_path / "p.pdf")])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        "classroom-desktop: 2 students are called 'Ana López': Ana López (ID 1); Ana López (ID 7). "
        "Give the Student ID instead.")


def test_bulk_import_writes_one_change_set_and_enrols_everyone(classroom: Any, tmp_path: Path) -> None:
    cid = classroom.classes.create("Big").created_id
    text = HEADER + "".join(f"Given{i},Family{i},{i},\n" for i in range(3000))
    assert import_file(classroom, "roster", _file(tmp_path, text), cid).startswith(
        "Imported 3000 students into Big: 3000 new")
    assert len(classroom.students.list(cid)) == 3000


def test_a_name_shared_by_two_students_here_is_not_guessed(classroom: Any, tmp_path: Path) -> None:
    classroom.students.add_many([NewStudent("Ana", "López", student_number="1"),
                                 NewStudent("Ana", "López", student_number="7")])
    summary = import_file(classroom, "roster", _file(tmp_path, HEADER + "Ana,López,,\n"), None)
    assert summary == (
        "Imported 1 student: 1 new, 0 updated, 0 unchanged, 2 not in the file (archive?). Line 2: 2 students "
        "here are called Ana López (IDs 1, 7); this row comes in as a new student — give it a Student ID "
        "or e-mail to update one of them.")


def test_undo_takes_the_students_already_here_out_of_the_class_again(
    classroom: Any, tmp_path: Path
) -> None:
    from classroom_desktop.services.importing import apply_roster, redo_roster, undo_roster

    science = classroom.classes.create("Science 4A").created_id
    maths = classroom.classes.create("Math 4B").created_id
    import_file(classroom, "roster", _file(tmp_path, FIRST), science)
    # Math 4B's list: Begoña and Wei are already in the workspace (in Science), Amara is new
    rows = parse_roster(load_roster((HEADER + "Begoña,Ruiz,1001,\nWei,Wang,1003,\nAmara,Okafor,1004,\n")
                                    .encode()))
    result = apply_roster(classroom, plan_roster(classroom, rows, maths))

    def names(class_id: str) -> set[str]:
        return {s.display_name for s in classroom.students.list(class_id)}

    assert names(maths) == {"Begoña Ruiz", "Wei Wang", "Amara Okafor"}
    undo_roster(classroom, result)
    assert names(maths) == set()
    assert names(science) == {"Begoña Ruiz", "Zoë Kowalska", "Wei Wang"}  # their own class untouched
    redo_roster(classroom, result)
    assert names(maths) == {"Begoña Ruiz", "Wei Wang", "Amara Okafor"}
