"""The settings page: the workspace folder, backups (make now, restore), and evidence kinds."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox


@pytest.fixture
def page(window: Any) -> Any:
    return window.show_page("Settings")


def test_the_workspace_folder_is_shown(page: Any, demo: Any) -> None:
    assert page.folder_label.text() == str(demo.folder)


def test_make_a_backup_now_adds_it_to_the_list(page: Any, demo: Any, qtbot: Any) -> None:
    before = page.backups.topLevelItemCount()
    make = next(b for b in page.findChildren(type(page.restore_button)) if b.text() == "Back up now")
    qtbot.mouseClick(make, Qt.MouseButton.LeftButton)
    assert page.backups.topLevelItemCount() == before + 1
    newest = page.backups.topLevelItem(0)
    assert newest.text(1) == "made by you"
    assert newest.text(3) == "checked good" and newest.text(2).endswith(("KB", "MB"))
    assert newest.data(0, Qt.ItemDataRole.UserRole) == str(demo.backups()[0].path)


def test_restore_puts_the_backup_back_after_asking(page: Any, window: Any, ctx: Any, messages: Any) -> None:
    page.make_backup()
    class_id = ctx.current_class_id
    student = ctx.classroom.classes.student_ids(class_id)[0]
    standard = ctx.classroom.evidence.mastery_table(class_id).standards[0].id
    before = len(ctx.classroom.evidence.history(student, standard))
    ctx.classroom.evidence.record(student, standard, 4, ctx.today(), "quiz", class_id=class_id)
    assert len(ctx.classroom.evidence.history(student, standard)) == before + 1

    messages.answer = QMessageBox.StandardButton.No
    page.restore_selected()
    assert window.ctx is ctx  # nothing happened

    messages.answer = QMessageBox.StandardButton.Yes
    page.restore_selected()
    assert "Put back the backup made" in messages.texts("question")[-1]
    new_ctx = window.ctx
    assert new_ctx is not ctx
    assert len(new_ctx.classroom.evidence.history(student, standard)) == before
    assert window.class_box.currentData() == class_id
    reasons = [
        window.page("Settings").backups.topLevelItem(i).text(1)
        for i in range(window.page("Settings").backups.topLevelItemCount())
    ]
    assert "before a restore" in reasons


def test_evidence_kinds_can_be_added_and_removed_with_undo(page: Any, ctx: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("homework", True)))
    page.add_kind()
    assert ctx.classroom.evidence.kinds()[-1] == "homework"
    assert page.kinds.item(page.kinds.count() - 1).text() == "homework"
    gradebook = ctx.window.page("Gradebook")
    gradebook.refresh()
    assert gradebook.kind_box.findText("homework") >= 0

    page.kinds.setCurrentRow(0)
    removed = page.kinds.item(0).text()
    page.remove_kind()
    assert removed not in ctx.classroom.evidence.kinds()
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert ctx.classroom.evidence.kinds() == [
        "quiz",
        "observation",
        "conversation",
        "product",
        "self-assessment",
    ]
    assert page.kinds.count() == 5


def test_other_areas_add_sections(page: Any) -> None:
    from PySide6.QtWidgets import QLabel

    box = page.add_section("Printing", QLabel("Default paper: A4"))
    titles = [
        page.sections.itemAt(i).widget().title()
        for i in range(page.sections.count())
        if page.sections.itemAt(i).widget() is not None
    ]
    assert titles[:3] == ["Workspace folder", "Backups", "Evidence kinds"]
    assert titles[-1] == "Printing" and box.title() == "Printing"


def test_the_school_calendar_in_settings_keeps_plan_steps_off_holidays(window: Any, ctx: Any) -> None:
    """Issue 14.15: set the winter break in Settings; a plan drafted after it has no step in it."""
    from datetime import date

    from classroom_desktop.services.plans import plans_of

    page = window.show_page("Settings")
    box = page.calendar_box
    assert [d.isChecked() for d in box.days] == [True] * 5 + [False] * 2
    before = box.holidays.toPlainText()  # the demo school's winter break
    box.holidays.setPlainText("2026-12-21 to 2027-01-01 Winter break\n2027-01-18 MLK Day")
    box.save()
    assert box.message.text().startswith("Saved: 2 holidays")
    student = ctx.classroom.students.find("Zoë Laurent")
    plans_of(ctx.classroom).draft(student.id, ctx.current_class_id, date(2026, 11, 23), date(2027, 2, 26))
    plan = plans_of(ctx.classroom).plan(student.id)
    assert plan is not None and plan.steps
    due = [s.target_on for s in plan.steps if s.target_on]
    assert due and not any(date(2026, 12, 21) <= d <= date(2027, 1, 1) or d == date(2027, 1, 18) for d in due)
    assert all(d.weekday() < 5 for d in due)
    ctx.undo_stack.undo()
    page.refresh()
    assert box.holidays.toPlainText() == before
