"""Unit trackers, helper cards and re-assessment slips as the teacher prints them from the command line
(text read back with pdftotext), and the one-line messages for what cannot be printed."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from classroom_desktop import cli


def _print(demo: Any, tmp_path: Path, *args: str) -> tuple[str, int]:
    out = tmp_path / f"{args[0]}.pdf"
    assert cli.main(["print", *args, "--workspace", str(demo.folder), "--out", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    return unicodedata.normalize("NFKC", text), len(PdfReader(out).pages)  # ligatures back to letters


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 for ch in name)


def test_the_unit_tracker_has_a_page_per_table_with_the_problem_and_each_students_skills(
    demo: Any, tmp_path: Path
) -> None:
    class_id = demo.classes.list()[0].id
    unit = demo.units.list(class_id)[1]
    report = demo.units.report(unit.id)
    text, pages = _print(demo, tmp_path, "unit-tracker", "--unit", "measure the schoolyard")
    assert pages == len(report.groups)
    assert text.count("Measure the schoolyard") == pages
    assert "The problem: The school wants a new play area." in text
    assert "The end task: A scale drawing of the play area" in text
    for code in ("4.MD.1", "4.MD.2", "4.MD.3"):
        assert code in text
    for group in report.groups:
        assert group.name in text
    for line in report.students:
        if _latin(line.name):
            assert line.name in text
    assert text.count("skills mastered —") == len(report.students)
    assert "Before this unit: 4.NBT.1" in text


def test_helper_cards_ask_me_about_the_standard_by_name_or_by_code(demo: Any, tmp_path: Path) -> None:
    class_id = demo.classes.list()[0].id
    standard = next(s for s in demo.evidence.mastery_table(class_id).standards if s.code == "4.NF.1")
    board = demo.peer_help.board(class_id, standard.id)
    text, pages = _print(demo, tmp_path, "helpers", "--standard", "4.nf.1")
    assert text.count("Ask me about") == len(board.helpers) and pages == -(-len(board.helpers) // 4)
    assert "I can show two fractions are equal" in text
    for helper in board.helpers:
        if _latin(helper.name):
            assert helper.name in text
    assert board.opted_out and board.opted_out[0][1] not in text  # opted out: no card, not a learner
    first = next(h for h in board.helpers if h.learners and _latin(h.learners[0][1]))
    assert first.learners[0][1] in text
    coded, _ = _print(demo, tmp_path, "helpers", "--standard", "4.NF.1", "--anonymous")
    assert board.helpers[0].code in coded and board.helpers[0].name not in coded


def test_re_assessment_slips_list_prior_attempts_and_leave_room_for_the_new_evidence(
    demo: Any, tmp_path: Path
) -> None:
    class_id = demo.classes.list()[0].id
    marks = demo.reassessment.ready(class_id)
    text, pages = _print(demo, tmp_path, "reassessment")
    assert pages == -(-len(marks) // 2)
    for n, mark in enumerate(marks, start=1):
        assert f"Re-assessment #{n}" in text
        assert f"{mark.code}: {mark.statement}" in text
        assert mark.attempts[-1].observed_on.isoformat() in text
        if _latin(mark.name):
            assert mark.name in text
    assert "the student said so" in text
    assert text.count("New evidence") == len(marks)
    assert "4 Advanced" in text


def test_what_cannot_be_printed_gets_one_line(demo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    out = str(tmp_path / "x.pdf")
    where = ["--workspace", str(demo.folder), "--out", out]
    assert cli.main(["print", "unit-tracker", "--unit", "Space", *where]) == 2
    assert "no unit called 'Space'" in capsys.readouterr().err
    assert cli.main(["print", "helpers", "--standard", "9.Z.9", *where]) == 2
    assert "no standard with the code '9.Z.9'" in capsys.readouterr().err
    class_id = demo.classes.list()[0].id
    for mark in demo.reassessment.ready(class_id):
        demo.reassessment.unmark(mark.id)
    for unit in demo.units.list(class_id):
        demo.units.delete(unit.id)
    assert cli.main(["print", "unit-tracker", *where]) == 2
    assert "no unit yet" in capsys.readouterr().err
    text, _pages = _print(demo, tmp_path, "reassessment")
    assert "No student is marked ready to be re-assessed." in text
