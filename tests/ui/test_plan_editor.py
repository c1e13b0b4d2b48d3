"""The plan editor (drag to reorder, edits, undo) and the Plans page's batch printing with cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QDropEvent

from classroom_desktop.services.plans import plans_of

START, END = date(2026, 11, 23), date(2027, 2, 26)


def _editor(ctx: Any, qtbot: Any, name: str = "Zoë Laurent") -> Any:
    from classroom_desktop.ui.plan_editor import PlanEditor

    classroom = ctx.classroom
    student = classroom.students.find(name)
    plans_of(classroom).draft(student.id, ctx.current_class_id, START, END)
    editor = PlanEditor(ctx, student.id)
    qtbot.addWidget(editor)
    editor.resize(1200, 700)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _saved_order(ctx: Any, student_id: str) -> list[str]:
    plan = plans_of(ctx.classroom).plan(student_id)
    assert plan is not None
    return [s.id for s in plan.steps]


def test_dragging_a_step_down_saves_the_new_order_and_undo_puts_it_back(ctx: Any, qtbot: Any) -> None:
    editor = _editor(ctx, qtbot)
    view, model = editor.view, editor.model
    before = [s.id for s in model.steps]
    view.selectRow(0)
    mime = model.mimeData(view.selectionModel().selectedIndexes())  # what the view's own drag carries
    target = view.visualRect(model.index(3, 1))
    drop_at = QPointF(target.center().x(), target.top() + 2)  # the upper edge of row 4: drop above it
    event = QDropEvent(
        drop_at,
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QEvent.Type.Drop,
    )
    view.dropEvent(event)
    expected = [before[1], before[2], before[0], *before[3:]]
    qtbot.waitUntil(lambda: _saved_order(ctx, editor.student_id) == expected)
    assert [s.id for s in model.steps] == expected
    assert model.data(model.index(2, 0)) == "3"
    ctx.undo_stack.undo()
    assert _saved_order(ctx, editor.student_id) == before
    ctx.undo_stack.redo()
    assert _saved_order(ctx, editor.student_id) == expected


def test_date_status_and_activity_edits_are_saved_and_undoable(ctx: Any, qtbot: Any) -> None:
    editor = _editor(ctx, qtbot)
    model = editor.model
    step = model.steps[0]
    assert model.setData(model.index(0, 2), date(2027, 1, 8))
    assert model.setData(model.index(0, 3), "working")
    shown = model.steps[0]
    assert (shown.target_on, shown.status_label) == (date(2027, 1, 8), "Working on it")
    assert model.data(model.index(0, 2)) == "8 Jan 2027"
    editor.view.selectRow(0)
    editor._show_activities()
    added = editor.activity_combo.itemText(0)
    editor.add_activity()
    assert added in model.data(model.index(0, 4))
    ctx.undo_stack.undo()
    assert added not in (model.data(model.index(0, 4)) or "")
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    again = model.steps[0]
    assert (again.target_on, again.stored_status) == (step.target_on, step.stored_status)


def test_goals_and_reflection_are_saved(ctx: Any, qtbot: Any) -> None:
    editor = _editor(ctx, qtbot, "Kenji Watanabe")
    editor.reflection.setPlainText("I learned to check with an estimate.")
    editor.save_reflection()
    row = editor.goals.rowCount()
    editor.goals.insertRow(row)
    from PySide6.QtWidgets import QTableWidgetItem

    editor.goals.setItem(row, 1, QTableWidgetItem("2027-01-29"))
    editor.goals.setItem(row, 0, QTableWidgetItem("Read a chapter book"))
    plan = plans_of(ctx.classroom).plan(editor.student_id)
    assert plan is not None
    assert plan.reflection == "I learned to check with an estimate."
    assert plan.goals[-1].text == "Read a chapter book" and plan.goals[-1].target == date(2027, 1, 29)


def test_printing_the_class_and_cancelling_leaves_no_file(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    from classroom_desktop.ui.pages.plans import PlansPage

    page = PlansPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.students.count() == 28
    out = tmp_path / "out"
    out.mkdir()
    job = page.print_class("plans", out / "plans.pdf")
    job.cancelled = True  # the teacher pressed Cancel
    qtbot.waitUntil(lambda: job not in ctx._jobs, timeout=120_000)
    folder_job = page.print_class("plans", out / "folder", one_file_per_student=True)
    folder_job.cancelled = True
    qtbot.waitUntil(lambda: folder_job not in ctx._jobs, timeout=120_000)
    assert list(out.iterdir()) == []
    done: list[Path] = []
    page.print_class(
        "report",
        out / "zoe.pdf",
        student_id=ctx.classroom.students.find("Zoë Laurent").id,
        on_done=done.append,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=120_000)
    assert done == [out / "zoe.pdf"] and (out / "zoe.pdf").stat().st_size > 0


def test_no_words_are_cut_off_in_plans_goals_and_evidence(ctx: Any, qtbot: Any, window: Any) -> None:
    """Issue 14.10: "4.NBT.1 I …", "Check every wo…": cells wrap, rows fit, the whole text is the tooltip."""
    from classroom_desktop.services.views import Goal

    editor = _editor(ctx, qtbot)
    model, view = editor.model, editor.view
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            shown = model.data(index, Qt.ItemDataRole.DisplayRole)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if shown:
                assert tip is not None and tip.startswith(shown)
    assert view.wordWrap()
    long_goal = "Check every word problem answer by estimating first, then explain the check to a partner"
    plans_of(ctx.classroom).set_goals(editor.plan.id, [Goal(long_goal, date(2026, 12, 18))])
    editor.reload()
    item = editor.goals.item(0, 0)
    assert item.text() == long_goal and item.toolTip() == long_goal
    assert editor.goals.wordWrap() and editor.goals.rowHeight(0) > editor.goals.fontMetrics().height() * 1.5

    page = window.show_page("Students")
    page.select_student(ctx.classroom.students.find("Zoë Laurent").id)
    notes = [
        page.evidence_list.item(r, 4) for r in range(page.evidence_list.rowCount())
        if page.evidence_list.item(r, 4) and page.evidence_list.item(r, 4).text()
    ]
    assert notes and all(n.toolTip() == n.text() for n in notes)
