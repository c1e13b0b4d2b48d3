"""Choice boards: two to four activities per plan step, the student's pick recorded, counted and printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from classroom_desktop import cli
from classroom_desktop.domain.choices import MAX_CHOICES, choice_options
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.plans import ActivityInfo
from classroom_desktop.services.choices import choices_of
from classroom_desktop.services.printing import PrintOptions, print_document
from classroom_desktop.store.models import PlanStep

from .conftest import pdf_text

LIB = [
    ActivityInfo("a", "Alpha drill", ("s1",), 1, 2, ("game",)),
    ActivityInfo("b", "Bravo football fractions", ("s1",), 1, 3, ("football",)),
    ActivityInfo("c", "Charlie challenge", ("s1",), 3.5, 4, ()),
    ActivityInfo("d", "Delta song", ("s1",), 2, 3, ("music",)),
    ActivityInfo("e", "Echo cards", ("s1",), 1, 3, ()),
    ActivityInfo("f", "Other standard", ("s2",), 1, 4, ("football",)),
]


def test_options_keep_the_plans_activities_first_and_stop_at_four() -> None:
    options = choice_options(LIB, "s1", 2.0, "football, music", planned=["e"])
    ids = [o.activity_id for o in options]
    assert ids[0] == "e" and len(ids) == MAX_CHOICES
    assert "f" not in ids and "c" not in ids  # other standard; too far above the student's level
    assert ids[1:3] == ["b", "d"]  # the interests come before the plain ones at the same fit
    assert dict((o.activity_id, o.matched) for o in options)["b"] == ("football",)


def test_a_far_activity_is_offered_only_to_make_a_choice_of_two() -> None:
    lib = [LIB[0], LIB[2]]
    assert [o.activity_id for o in choice_options(lib, "s1", 1.0, "")] == ["a", "c"]
    assert [o.activity_id for o in choice_options([LIB[2]], "s1", 1.0, "")] == ["c"]


def _student_with_board(demo: Any) -> tuple[str, str, Any]:
    class_id = demo.classes.list()[0].id
    for student in demo.students.list(class_id):
        board = choices_of(demo).board(student.id, class_id)
        if board:
            return class_id, student.id, board
    raise AssertionError("no demo student has a plan")


def test_every_demo_step_offers_two_to_four_activities_for_its_standard(demo: Any) -> None:
    class_id, _sid, board = _student_with_board(demo)
    assert board
    for step in board:
        assert 2 <= len(step.options) <= 4, step.code
        assert all(step.standard_id in a.standard_ids for a in step.options), step.code


def test_a_choice_is_recorded_counted_and_cleared(demo: Any) -> None:
    class_id, sid, board = _student_with_board(demo)
    boards = choices_of(demo)
    before = boards.counts(class_id)
    step = board[0]
    pick = next(a for a in step.options if a.id != step.chosen_id)
    changes = boards.choose(step.step_id, pick.id)
    assert changes.concerns("plan_step")
    assert boards.board(sid, class_id)[0].chosen_id == pick.id
    assert boards.counts(class_id).get(pick.id, 0) == before.get(pick.id, 0) + 1
    boards.choose(step.step_id, "")
    assert boards.board(sid, class_id)[0].chosen is None
    with demo.db.reading() as tx:
        assert tx.require(PlanStep, step.step_id, "step").chosen_activity_id == ""


def test_choosing_a_removed_activity_says_so(demo: Any) -> None:
    class_id, _sid, board = _student_with_board(demo)
    gone = board[0].options[0].id
    demo.plans.delete_activity(gone)
    with pytest.raises(UserError, match="removed from the library"):
        choices_of(demo).choose(board[0].step_id, gone)


def test_the_choice_board_pdf_lists_each_steps_activities(demo: Any, tmp_path: Path) -> None:
    class_id, sid, board = _student_with_board(demo)
    out = print_document(demo, "choice-board", PrintOptions(tmp_path / "b.pdf", class_id, sid))
    text = pdf_text(out)
    assert "My choice board" in text and "tick its box" in text
    for step in board[:3]:
        assert step.code in text
        for option in step.options:
            assert option.title[:30] in text


def test_the_learning_plan_ends_with_the_choice_board(demo: Any, tmp_path: Path) -> None:
    class_id, sid, board = _student_with_board(demo)
    out = print_document(demo, "plans", PrintOptions(tmp_path / "p.pdf", class_id, sid))
    text = pdf_text(out)
    assert text.index("My learning plan") < text.index("My choice board")
    assert board[0].options[0].title[:30] in text


def test_print_choice_board_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    assert cli.main(["demo", "--out", str(folder)]) == 0
    out = tmp_path / "boards.pdf"
    assert cli.main(["print", "choice-board", "--workspace", str(folder), "--out", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert pdf_text(out, 1, 1).count("My choice board") >= 1
