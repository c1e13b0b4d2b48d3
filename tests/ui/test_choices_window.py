"""Choice boards in the plan editor, the library's choice counts, and self-assessments in the window."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from classroom_desktop.services.choices import choices_of
from classroom_desktop.services.plans import plans_of
from classroom_desktop.services.trackers import trackers_of

START, END = date(2026, 11, 23), date(2027, 2, 26)


def _editor(ctx: Any, qtbot: Any, name: str = "Zoë Laurent") -> Any:
    from classroom_desktop.ui.plan_editor import PlanEditor

    student = ctx.classroom.students.find(name)
    plans_of(ctx.classroom).draft(student.id, ctx.current_class_id, START, END)
    editor = PlanEditor(ctx, student.id)
    qtbot.addWidget(editor)
    editor.resize(1200, 760)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_ticking_an_activity_records_the_choice_and_undo_takes_it_back(ctx: Any, qtbot: Any) -> None:
    editor = _editor(ctx, qtbot)
    editor.view.selectRow(0)
    box = editor.choice_box
    step = box.step
    assert step is not None and 2 <= box.options.count() <= 4
    before = step.chosen_id
    pick = next(a.id for a in step.options if a.id != before)
    box.pick(pick)
    assert choices_of(ctx.classroom).chosen(step.step_id) == pick
    ticked = [box.options.item(r) for r in range(box.options.count())
              if box.options.item(r).checkState() == Qt.CheckState.Checked]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in ticked] == [pick]
    title = next(a.title for a in step.options if a.id == pick)
    assert f"Chosen: {title}" in box.hint.text()
    ctx.undo_stack.undo()
    assert choices_of(ctx.classroom).chosen(step.step_id) == before
    ctx.undo_stack.redo()
    assert choices_of(ctx.classroom).chosen(step.step_id) == pick


def test_the_activity_library_shows_how_often_each_activity_is_chosen(ctx: Any, qtbot: Any) -> None:
    from classroom_desktop.ui.activity_library import HEADERS, ActivityLibraryDialog

    dialog = ActivityLibraryDialog(ctx, ctx.current_class_id)
    qtbot.addWidget(dialog)
    counts = choices_of(ctx.classroom).counts(ctx.current_class_id)
    assert sum(counts.values()) > 0  # the demo's students already chose
    shown = {dialog.table.item(r, 0).text(): int(dialog.table.item(r, len(HEADERS)).text())
             for r in range(dialog.table.rowCount())}
    titles = {a.id: a.title for a in dialog.activities}
    assert shown == {titles[a]: counts.get(a, 0) for a in titles}
    assert dialog.table.horizontalHeaderItem(len(HEADERS)).text() == "Times chosen"


def test_a_self_assessment_is_recorded_beside_the_teachers_level_and_undone(
    window: Any, ctx: Any, qtbot: Any
) -> None:
    from classroom_desktop.ui import practices_menu
    from classroom_desktop.ui.self_assessment_box import SelfAssessmentBox

    practices_menu.install(window, ctx)
    window.show_page("Students")
    page = window.page("Students")
    student = ctx.classroom.students.find("Zoë Laurent")
    page.select_student(student.id)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Self-assessment" in titles
    page.tabs.setCurrentIndex(titles.index("Self-assessment"))
    box = page.tabs.currentWidget()
    assert isinstance(box, SelfAssessmentBox)
    table = ctx.classroom.evidence.mastery_table(ctx.current_class_id)
    first = table.standards[0]
    box.standard.setCurrentIndex(box.standard.findData(first.id))
    box.level.setCurrentIndex(box.level.findData(2))
    box.note.setText("I still mix up the places")
    before = len(trackers_of(ctx.classroom).history(student.id))
    box.record_button.click()
    assert trackers_of(ctx.classroom).latest(student.id)[first.id].level == 2.0
    row = next(r for r in range(box.table.rowCount()) if box.table.item(r, 0).text().startswith(first.code))
    teacher = table.cell(student.id, first.id).value
    assert box.table.item(row, 1).text() == ("–" if teacher is None else f"{teacher:.1f}")
    assert box.table.item(row, 2).text() == "2 — I still mix up the places"
    ctx.undo_stack.undo()
    assert len(trackers_of(ctx.classroom).history(student.id)) == before
    assert box.table.item(row, 2).text() != "2 — I still mix up the places"


def test_file_print_offers_choice_boards_trackers_and_certificates(window: Any, ctx: Any) -> None:
    from classroom_desktop.ui import practices_menu

    practices_menu.install(window, ctx)
    entries = [a.text() for a in window.print_menu.actions()]
    for text in ("Choice boards…", "Student trackers…", "Certificates of the week…"):
        assert text in entries and window.print_menu.actions()[entries.index(text)].isEnabled()
