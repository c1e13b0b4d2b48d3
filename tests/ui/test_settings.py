"""The settings page: the workspace folder, backups (make now, restore), and evidence kinds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

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


def _choose(monkeypatch: Any, path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_restore_from_a_file_on_a_usb_stick_checks_it_asks_and_puts_it_back(
    page: Any, window: Any, ctx: Any, messages: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    page.make_backup()
    usb = tmp_path / "usb"
    usb.mkdir()
    copied = Path(shutil.copy(ctx.classroom.backups()[0].path, usb / "4B maths.sqlite3"))
    class_id = ctx.current_class_id
    student = ctx.classroom.classes.student_ids(class_id)[0]
    standard = ctx.classroom.evidence.mastery_table(class_id).standards[0].id
    before = len(ctx.classroom.evidence.history(student, standard))
    ctx.classroom.evidence.record(student, standard, 4, ctx.today(), "quiz", class_id=class_id)

    _choose(monkeypatch, copied)
    clicks = [b for b in page.findChildren(QPushButton) if b.text() == "Restore from a file…"]
    assert clicks == [page.restore_file_button]
    page.restore_file_button.click()
    (question,) = messages.texts("question")
    assert question.startswith("Put back the backup made ") and "will be lost (" in question
    new_ctx = window.ctx
    assert new_ctx is not ctx
    assert len(new_ctx.classroom.evidence.history(student, standard)) == before
    assert copied.exists()  # the file on the stick is left as it was


def test_restore_from_a_damaged_or_foreign_file_says_so_in_one_line_and_changes_nothing(
    page: Any, window: Any, ctx: Any, messages: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    page.make_backup()
    damaged = Path(shutil.copy(ctx.classroom.backups()[0].path, tmp_path / "class.sqlite3"))
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = bytes(range(256)) * 32
    damaged.write_bytes(bytes(data))
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    copies = len(ctx.classroom.backups())

    for chosen, said in [
        (damaged, "The file class.sqlite3 is damaged, so it cannot be restored; nothing was changed."),
        (photo, "The file holiday.jpg is not a Classroom Desktop backup, so nothing was changed."),
    ]:
        _choose(monkeypatch, chosen)
        page.restore_from_file()
        assert messages.texts("warning")[-1] == said
    assert messages.texts("question") == []  # refused before asking anything
    assert window.ctx is ctx and len(ctx.classroom.backups()) == copies
