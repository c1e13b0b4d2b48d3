"""The import/export commands as a script would use them: exit status and the one-line message."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from classroom_desktop.cli import main
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.roster import NewStudent


def _workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    c = Classroom.open(folder)
    fw = c.curriculum.add_framework("Grade 4").created_id
    c.curriculum.add_standard(fw, "4.NF.1", "I can explain equivalent fractions.")
    cid = c.classes.create("4B", framework_id=fw).created_id
    c.students.add_many([NewStudent("=cmd", "X", student_number="@1")], cid)
    c.close()
    return folder


def test_export_gradebook_long_layout_from_the_command_line(tmp_path: Path, capsys: Any) -> None:
    folder = _workspace(tmp_path)
    out = tmp_path / "g.csv"
    args = ["export", "gradebook", "--workspace", str(folder), "--layout", "long", "--out", str(out)]
    assert main(args) == 0
    assert "Wrote the gradebook of 4B" in capsys.readouterr().out
    rows = list(csv.reader(out.read_bytes().decode("utf-8-sig").splitlines()))
    assert rows == [["Student", "Student ID", "Standard", "Level", "Date"]]  # no evidence yet
    wide = tmp_path / "w.csv"
    assert main(["export", "gradebook", "--workspace", str(folder), "--out", str(wide)]) == 0
    assert list(csv.reader(wide.read_bytes().decode("utf-8-sig").splitlines()))[1] == ["'=cmd X", "'@1", ""]
