"""Issue 19.8–19.9: a keyboard way for every drag, File ▸ Print, and Help listing every shortcut."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from classroom_desktop.services.plans import plans_of

ALT = Qt.KeyboardModifier.AltModifier


def test_alt_arrows_move_a_plan_step_and_undo_puts_it_back(window: Any, ctx: Any, qtbot: Any) -> None:
    student = ctx.classroom.students.find("Zoë Laurent")
    plans_of(ctx.classroom).draft(student.id, ctx.current_class_id, date(2026, 11, 23), date(2027, 2, 26))
    page = window.show_page("Plans")
    editor = page.editor
    page.select_student(student.id)  # as the teacher chooses a student in the page's list
    qtbot.wait(50)

    def saved() -> list[str]:
        plan = plans_of(ctx.classroom).plan(student.id)
        assert plan is not None
        return [s.id for s in plan.steps]

    before = saved()
    editor.view.setFocus()
    editor.view.setCurrentIndex(editor.model.index(0, 1))
    qtbot.keyClick(editor.view, Qt.Key.Key_Down, ALT)
    assert saved() == [before[1], before[0], *before[2:]]
    step = editor.selected_step()
    assert step is not None and step.id == before[0]  # the step moved keeps the keyboard
    qtbot.keyClick(editor.view, Qt.Key.Key_Up, ALT)
    assert saved() == before
    ctx.undo_stack.undo()
    assert saved() == [before[1], before[0], *before[2:]]


def test_alt_arrows_move_a_standard_within_its_strand(window: Any, ctx: Any, qtbot: Any) -> None:
    page = window.show_page("Standards")
    qtbot.wait(50)
    framework = ctx.classroom.classes.get(ctx.current_class_id).framework_id
    standards = ctx.classroom.curriculum.standards(framework)
    first = standards[0]
    same = [s.id for s in standards if s.strand_id == first.strand_id]
    page.select(first.id)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Down, ALT)
    after = [s.id for s in ctx.classroom.curriculum.standards(framework) if s.strand_id == first.strand_id]
    assert after == [same[1], same[0], *same[2:]]
    assert page.selected() is not None and page.selected().id == first.id  # type: ignore[union-attr]


def test_alt_s_sorts_the_gradebook_by_the_current_standard(window: Any, ctx: Any, qtbot: Any) -> None:
    window.go_to_page("Gradebook")
    page = window.page("Gradebook")
    qtbot.waitUntil(lambda: page.view.hasFocus())
    qtbot.keyClick(page.view, Qt.Key.Key_Right)
    column = page.view.currentIndex().column()
    standard = page.model.standard(column).id
    qtbot.keyClick(page.view, Qt.Key.Key_S, ALT)
    assert page.model.sort_key == (standard, False)
    values = [
        page.model.table.cell(page.model.student(r).id, standard).value for r in range(page.model.rowCount())
    ]
    known = [v for v in values if v is not None]
    assert known == sorted(known)
    qtbot.keyClick(page.view, Qt.Key.Key_S, ALT)
    assert page.model.sort_key == (standard, True)


def test_file_print_entries_work_and_help_lists_every_shortcut(
    window: Any, qtbot: Any, messages: Any
) -> None:
    from classroom_desktop.ui.window_help import PRINTS

    entries = {a.text(): a for a in window.print_menu.actions()}
    assert set(PRINTS) <= set(entries) and all(entries[t].isEnabled() for t in PRINTS)
    entries["Group cards"].trigger()
    today = window.page("Today")
    assert window.current_title == "Today"
    qtbot.waitUntil(lambda: getattr(today, "print_preview", None) is not None, timeout=60_000)
    preview = today.print_preview
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "Group cards — preview"
    preview.accept()
    window.show_shortcuts()
    shown = messages.texts("information")[-1]
    for keys in ("Ctrl+M", "Alt+→", "Alt+↑", "Alt+S", "Ctrl+P", "Ctrl+G", "Enter on the data wall", "Tab"):
        assert keys in shown
