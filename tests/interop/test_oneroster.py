"""OneRoster 1.1 and 1.2 exports (tests/fixtures/oneroster-*, laid out as the published CSV binding):
only active students of the chosen class come in, with their Student IDs, preferred names and e-mails;
teachers, guardians and administrators never become students; a delta export updates."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.cli import main
from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.importing import import_file, import_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STAFF = {"Maria Okafor", "Carlos Ruiz", "Pat Admin", "Jun Lee"}


def _zip(folder: Path, out: Path, inside: str = "") -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        for f in sorted(folder.iterdir()):
            archive.write(f, f"{inside}{f.name}")
    return out


def _students(classroom: Any, class_name: str) -> dict[str, Any]:
    class_id = classroom.classes.find(class_name).id
    return {s.display_name: s for s in classroom.students.list(class_id)}


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_a_class_of_a_oneroster_zip_brings_its_students_only(
    classroom: Any, tmp_path: Path, version: str
) -> None:
    archive = _zip(FIXTURES / f"oneroster-{version}", tmp_path / "export.zip", inside="export/")
    summary = import_path(classroom, "roster", archive, "Math 4B")
    assert summary == (f"Imported 4 students (OneRoster {version}) into Math 4B: 4 new, 0 updated, "
                       "0 unchanged, 0 not in the file (archive?).")
    students = _students(classroom, "Math 4B")
    expected = {"Begoña Ruiz", "Zoë Kowalska", "An Nguyễn", "محمد العلي"}
    if version == "1.2":
        expected = expected - {"Zoë Kowalska"} | {"Zo Kowalska"}  # preferredGivenName
    assert set(students) == expected
    assert not STAFF & {s.display_name for s in classroom.students.list(include_archived=True)}
    begona = students["Begoña Ruiz"]
    assert (begona.student_number, begona.email) == ("1001", "bego.ruiz@riverside.example")
    assert students["محمد العلي"].student_number == "usr-s5"  # no identifier: the sourcedId
    assert classroom.classes.find("Math 4B").school_year == "2026-27"


def test_a_folder_with_all_classes_and_a_guardian_wrongly_enrolled(classroom: Any) -> None:
    summary = import_path(classroom, "roster", FIXTURES / "oneroster-1.1", None, all_classes=True)
    assert "into Math 4B: 4 new" in summary and "into Science 4A: 1 new, 0 updated, 1 unchanged" in summary
    assert set(_students(classroom, "Science 4A")) == {"Begoña Ruiz", "Wei Wang"}  # not the guardian
    assert len(classroom.students.list()) == 5


def test_several_classes_and_none_chosen_is_one_line_naming_them(classroom: Any) -> None:
    with pytest.raises(UserError) as err:
        import_path(classroom, "roster", FIXTURES / "oneroster-1.2", None)
    assert str(err.value) == (
        "The OneRoster file holds 2 classes (Math 4B (MATH4-B), 4 students; "
        "Science 4A (SCI4-A), 2 students); "
        "choose one with --class NAME, or import them all with --all-classes.")
    with pytest.raises(UserError, match="has no class called 'Art'"):
        import_path(classroom, "roster", FIXTURES / "oneroster-1.2", "Art")
    assert classroom.students.list() == []


def test_the_same_export_twice_changes_nothing(classroom: Any) -> None:
    import_path(classroom, "roster", FIXTURES / "oneroster-1.2", "MATH4-B")
    again = import_path(classroom, "roster", FIXTURES / "oneroster-1.2", "Math 4B")
    assert "0 new, 0 updated, 4 unchanged, 0 not in the file" in again
    assert len(classroom.students.list()) == 4


def test_a_delta_export_updates_adds_and_removes(classroom: Any) -> None:
    import_path(classroom, "roster", FIXTURES / "oneroster-1.2", "Math 4B")
    summary = import_path(classroom, "roster", FIXTURES / "oneroster-1.2-delta", "Math 4B")
    assert summary == ("Imported 3 students (OneRoster 1.2 delta) into Math 4B: 1 new, 1 updated, "
                       "0 unchanged, 1 removed.")
    students = _students(classroom, "Math 4B")
    assert set(students) == {"Begoña Ruiz", "Zo Kowalska-Brandt", "محمد العلي", "Amara Okafor"}
    assert students["Zo Kowalska-Brandt"].email == "zoe.kb@riverside.example"
    assert students["Amara Okafor"].student_number == "1006"
    gone = classroom.students.find("An Nguyễn")
    assert gone.archived
    assert "Jun Lee" not in {s.display_name for s in classroom.students.list(include_archived=True)}


def test_a_delta_does_not_add_students_of_other_classes(classroom: Any) -> None:
    import_path(classroom, "roster", FIXTURES / "oneroster-1.2", "Science 4A")
    summary = import_path(classroom, "roster", FIXTURES / "oneroster-1.2-delta", "Science 4A")
    assert summary.endswith("into Science 4A: 0 new, 0 updated, 0 unchanged, 0 removed.")
    assert set(_students(classroom, "Science 4A")) == {"Begoña Ruiz", "Wei Wang"}


def test_enrollments_or_classes_given_as_a_class_list_are_not_imported_as_students(
    classroom: Any, tmp_path: Path
) -> None:
    class_id = classroom.classes.create("4B").created_id
    for name in ("enrollments.csv", "classes.csv"):
        path = tmp_path / name
        path.write_bytes((FIXTURES / "oneroster-1.1" / name).read_bytes())
        with pytest.raises(UserError) as err:
            import_file(classroom, "roster", path, class_id)
        assert str(err.value).startswith(f"This is a OneRoster {name}")
    users = tmp_path / "users.csv"
    users.write_bytes((FIXTURES / "oneroster-1.1" / "users.csv").read_bytes())
    with pytest.raises(UserError, match="OneRoster users.csv"):
        import_file(classroom, "roster", users, class_id)
    assert classroom.students.list() == []


def test_the_command_line_imports_a_oneroster_zip(tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    archive = _zip(FIXTURES / "oneroster-1.1", tmp_path / "export.zip")
    code = main(["import", "roster", str(archive), "--workspace", str(folder), "--all-classes"])
    assert code == 0, capsys.readouterr().err
    assert "into Science 4A" in capsys.readouterr().out
    assert main(["import", "roster", str(archive), "--workspace", str(folder)]) == 2
    assert "choose one with --class NAME" in capsys.readouterr().err


def test_undoing_a_delta_brings_the_removed_student_back(classroom: Any) -> None:
    from classroom_desktop.interop.oneroster import read_package
    from classroom_desktop.services.importing import (
        apply_oneroster,
        oneroster_files,
        redo_roster,
        undo_roster,
    )

    import_path(classroom, "roster", FIXTURES / "oneroster-1.2", "Math 4B")
    package = read_package(oneroster_files(FIXTURES / "oneroster-1.2-delta") or {})
    [result] = apply_oneroster(classroom, package, [package.find_class("Math 4B")])
    assert classroom.students.find("An Nguyễn").archived
    undo_roster(classroom, result)
    assert not classroom.students.find("An Nguyễn").archived
    assert set(_students(classroom, "Math 4B")) == {"Begoña Ruiz", "Zo Kowalska", "An Nguyễn", "محمد العلي"}
    assert classroom.students.find("Zo Kowalska").email == "zoe.kowalska@riverside.example"
    redo_roster(classroom, result)
    assert classroom.students.find("An Nguyễn").archived
    assert "Amara Okafor" in _students(classroom, "Math 4B")
    assert classroom.students.find("1002").family_name == "Kowalska-Brandt"


def test_a_delta_enrols_a_student_already_here_that_its_users_csv_does_not_list(
    classroom: Any, tmp_path: Path
) -> None:
    import_path(classroom, "roster", FIXTURES / "oneroster-1.2", None, all_classes=True)
    delta = tmp_path / "delta"
    delta.mkdir()
    for f in (FIXTURES / "oneroster-1.2-delta").iterdir():
        (delta / f.name).write_bytes(f.read_bytes())
    with open(delta / "enrollments.csv", "a", encoding="utf-8") as fh:
        # Wei Wang (Science 4A) moves into Math 4B too; usr-s9 is nobody this workspace knows
        fh.write("enr-13,active,2026-11-02T08:15:00.000Z,cls-m4b,org-s1,usr-s4,student,false,2026-11-02,\n"
                 "enr-14,active,2026-11-02T08:15:00.000Z,cls-m4b,org-s1,usr-s9,student,false,2026-11-02,\n")
    summary = import_path(classroom, "roster", delta, "Math 4B")
    assert summary == (
        "Imported 4 students (OneRoster 1.2 delta) into Math 4B: 1 new, 1 updated, 1 unchanged, 1 removed. "
        "enrollments.csv line 6: the student usr-s9 is enrolled in Math 4B but is neither in the file's "
        "users.csv nor here; left out (import the full export once).")
    assert set(_students(classroom, "Math 4B")) == {
        "Begoña Ruiz", "Zo Kowalska-Brandt", "محمد العلي", "Amara Okafor", "Wei Wang"}
    wei = classroom.students.find("Wei Wang")
    assert wei.student_number == "1004" and "Wei Wang" in _students(classroom, "Science 4A")
    assert len(classroom.students.list(include_archived=True)) == 6  # nobody added for usr-s9


def test_demographics_and_user_profiles_are_accepted_and_never_read(classroom: Any, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for f in (FIXTURES / "oneroster-1.2").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    assert "2017-03-14" in (folder / "demographics.csv").read_text(encoding="utf-8")
    archive = _zip(folder, tmp_path / "export.zip")
    summary = import_path(classroom, "roster", archive, "Math 4B")
    assert summary == ("Imported 4 students (OneRoster 1.2) into Math 4B: 4 new, 0 updated, "
                       "0 unchanged, 0 not in the file (archive?).")
    # not even a damaged one gets in the way
    (folder / "demographics.csv").write_bytes(b"\x00\xff not a csv \x89PNG")
    (folder / "userProfiles.csv").write_text("nothing,the,spec,names\n", encoding="utf-8")
    again = import_path(classroom, "roster", folder, "Math 4B")
    assert "0 new, 0 updated, 4 unchanged" in again
    folder_db = classroom.db_path
    classroom.close()
    stored = b"".join(p.read_bytes() for p in folder_db.parent.glob(folder_db.name + "*"))
    assert b"2017-03-14" not in stored and b"Maria's LMS login" not in stored
    assert b"she/her" not in stored  # nor the pronouns of users.csv
