"""The settings page: the workspace folder, backups (make now, restore), and evidence kinds."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from classroom_desktop.store.backup import describe_time


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
    entry = ctx.classroom.evidence.record(student, standard, 4, ctx.today(), "quiz", class_id=class_id)
    assert len(ctx.classroom.evidence.history(student, standard)) == before + 1
    with ctx.classroom.db.reading() as tx:
        logged = tx.raw("SELECT count(*) FROM change WHERE entity_id = ?", (entry.created_id,))[0][0]
    when = describe_time(ctx.classroom.backups()[0].made_at)

    messages.answer = QMessageBox.StandardButton.No
    page.restore_selected()
    assert window.ctx is ctx  # nothing happened

    messages.answer = QMessageBox.StandardButton.Yes
    page.restore_selected()
    question = messages.texts("question")[-1]
    assert question.startswith(f"Put back the backup made {when}?")
    assert (
        f"This class does not sync with other laptops, so everything entered on this laptop after {when} "
        f"will be lost ({logged} changes)."
    ) in question
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
