"""The Today page on the demo class: readiness, suggested groups, a real mouse drag, keyboard moves, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from classroom_desktop.domain.types import Readiness
from classroom_desktop.services.groups import groups_of
from classroom_desktop.ui.board import UNASSIGNED, GroupColumn
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.groups import GroupsPage
from classroom_desktop.ui.pages.today import TodayPage


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the page would have shown in a message box (recorded instead of blocking)."""
    messages: list[str] = []

    def record(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        messages.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return messages


@pytest.fixture
def today(demo: Any, qtbot: Any, shown: list[str]) -> Iterator[tuple[AppContext, TodayPage]]:
    ctx = AppContext(demo)
    ctx.set_class(demo.classes.list()[0].id)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    yield ctx, page
    ctx.detach()


def members(column: GroupColumn) -> list[str]:
    return [str(column.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(column.list.count())]


def saved_groups(ctx: AppContext, plan_id: str) -> dict[str, tuple[str, ...]]:
    plan = groups_of(ctx.classroom).plan(plan_id)
    return {g.name: g.student_ids for g in plan.groups} | {"Unassigned": plan.unassigned}


def suggested_and_saved(page: TodayPage) -> str:
    page.suggest()
    plan_id = page.save_plan()
    assert plan_id is not None
    return plan_id


def test_readiness_breakdown_with_reasons_and_suggested_groups(today: tuple[AppContext, TodayPage]) -> None:
    ctx, page = today
    focus = page.focus_ids()
    assert len(focus) == 1  # the class's next focus is ticked
    counts = {c: page.readiness_lists[c].count() for c in Readiness}
    assert sum(counts.values()) == len(ctx.classroom.students.list(ctx.current_class_id))
    texts = [page.readiness_lists[c].item(i).text() for c in Readiness for i in range(counts[c])]
    assert all("\n" in t and t.split("\n")[1] for t in texts), "every student shows a reason"
    page.suggest()
    names = [g.name for g in page.board.groups()]
    assert names and set(names) <= {"Foundations", "Reteach", "Practice", "Extend"}
    placed = sorted(s for g in page.board.groups() for s in g.members)
    assert placed == sorted(s.id for s in ctx.classroom.students.list(ctx.current_class_id))
    assert page.board.column(UNASSIGNED).title.text() == "<b>Unassigned</b>"


def test_drag_a_card_with_the_mouse_changes_the_saved_plan(today: tuple[AppContext, TodayPage]) -> None:
    ctx, page = today
    plan_id = suggested_and_saved(page)
    groups = page.board.groups()
    source_group, target_group = groups[0], groups[-1]
    source, target = page.board.column(source_group.key), page.board.column(target_group.key)
    student = members(source)[0]
    name = ctx.classroom.students.get(student).display_name

    start = source.list.visualItemRect(source.list.item(0)).center()
    QTest.mousePress(source.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    step = QPoint(QApplication.startDragDistance() + 5, 0)
    QTest.mouseMove(source.list.viewport(), start + step)
    QTest.mouseMove(source.list.viewport(), start + step * 2)
    assert page.board.dragging
    drop = target.list.viewport().rect().center()
    QTest.mouseMove(target.list.viewport(), drop)
    QTest.mouseRelease(
        target.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, drop
    )

    assert not page.board.dragging
    after = saved_groups(ctx, plan_id)
    assert student in after[target_group.name]
    assert student not in after[source_group.name]
    assert student in members(page.board.column(target_group.key))
    assert ctx.undo_stack.undoText() == f"Move {name} to {target_group.name}"

    ctx.undo_stack.undo()
    assert student in saved_groups(ctx, plan_id)[source_group.name]
    assert student in members(page.board.column(source_group.key))
    ctx.undo_stack.redo()
    assert student in saved_groups(ctx, plan_id)[target_group.name]


def test_keyboard_moves_selected_cards_to_the_next_column(
    today: tuple[AppContext, TodayPage], qtbot: Any
) -> None:
    ctx, page = today
    plan_id = suggested_and_saved(page)
    keys = [g.key for g in page.board.groups()] + [UNASSIGNED]
    first = page.board.column(keys[0])
    chosen = members(first)[:2]
    for i in range(min(2, first.list.count())):
        first.list.item(i).setSelected(True)
    first.list.setFocus()
    qtbot.keyClick(first.list, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    second_name = page.board.groups()[1].name
    assert set(chosen) <= set(saved_groups(ctx, plan_id)[second_name])
    # the moved cards stay selected in their new column, so Alt+Right again moves them on
    second = page.board.column(keys[1])
    assert sorted(second.list.selected_ids()) == sorted(chosen)
    assert second.list.accessibleName().startswith(f"{second_name}: ")
    ctx.undo_stack.undo()
    assert set(chosen) <= set(saved_groups(ctx, plan_id)[page.board.groups()[0].name])


def test_add_rename_and_remove_a_group_with_undo(today: tuple[AppContext, TodayPage]) -> None:
    ctx, page = today
    plan_id = suggested_and_saved(page)
    key = page.board.add_group("Art table", "Fraction strips", teacher_led=False)
    assert "Art table" in saved_groups(ctx, plan_id)
    student = page.board.groups()[0].members[0]
    page.board.move_students([student], key)
    edited = page.board.groups()[-1]
    edited.name = "Art corner"
    page.board.edit_group(key, edited)
    assert saved_groups(ctx, plan_id)["Art corner"] == (student,)
    page.board.remove_group(key)
    assert "Art corner" not in saved_groups(ctx, plan_id)
    assert student in saved_groups(ctx, plan_id)["Unassigned"]
    assert student in members(page.board.column(UNASSIGNED))
    ctx.undo_stack.undo()  # the group comes back with its student
    assert saved_groups(ctx, plan_id)["Art corner"] == (student,)
    ctx.undo_stack.undo()  # the rename
    assert saved_groups(ctx, plan_id)["Art table"] == (student,)


def test_groups_page_reopens_and_copies_a_plan(today: tuple[AppContext, TodayPage], qtbot: Any) -> None:
    ctx, page = today
    plan_id = suggested_and_saved(page)
    groups_page = GroupsPage(ctx)
    qtbot.addWidget(groups_page)
    groups_page.show()
    qtbot.waitExposed(groups_page)
    assert groups_page.table.rowCount() == 1
    groups_page.select_plan(plan_id)
    assert groups_page.board.plan_id == plan_id
    assert [g.name for g in groups_page.board.groups()] == [g.name for g in page.board.groups()]
    later = ctx.today() + timedelta(days=11)
    copy_id = groups_page.copy_selected(later)
    assert copy_id is not None and groups_page.selected_plan_id() == copy_id
    assert groups_page.table.rowCount() == 2
    newest = groups_page.table.item(0, 0)
    assert newest is not None and newest.text() == later.isoformat()
