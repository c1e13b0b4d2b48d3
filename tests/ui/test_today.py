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
    assert all(" — " in t and t.split(" — ", 1)[1] for t in texts), "every student shows a reason"
    tips = [page.readiness_lists[c].item(i).toolTip() for c in Readiness for i in range(counts[c])]
    assert all("\n" in t and t.split("\n")[1] for t in tips), "the whole reason on hover"
    page.suggest()
    names = [g.name.rstrip(" 0123456789") for g in page.board.groups()]  # "Practice 2"
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
    assert newest is not None and newest.text() == f"{later.day} {later:%b} {later.year}"  # "1 Dec 2026"


def _reopen(demo: Any, qtbot: Any) -> tuple[AppContext, TodayPage]:
    """The Today page as it opens after the program was closed and started again."""
    ctx = AppContext(demo)
    ctx.set_class(demo.classes.list()[0].id)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return ctx, page


def test_today_reopens_todays_saved_plan_after_a_relaunch(
    today: tuple[AppContext, TodayPage], demo: Any, qtbot: Any
) -> None:
    """Issue 14.2: the board is not empty after a relaunch when a plan was saved for today."""
    ctx, page = today
    page.lesson.setText("Rounding, lesson 2")
    plan_id = suggested_and_saved(page)
    saved = saved_groups(ctx, plan_id)
    again_ctx, again = _reopen(demo, qtbot)
    try:
        assert again.board.plan_id == plan_id
        shown = {g.name: tuple(sorted(g.members)) for g in again.board.groups()}
        assert shown == {name: tuple(sorted(ids)) for name, ids in saved.items() if name != "Unassigned"}
        assert again.focus_ids() == list(groups_of(ctx.classroom).plan(plan_id).focus_ids)
        assert again.lesson.text() == "Rounding, lesson 2"
        assert again.plan_state.text().startswith("Today's plan “Rounding, lesson 2”, saved at ")
    finally:
        again_ctx.detach()


def test_suggesting_again_and_saving_makes_no_identical_second_plan(
    today: tuple[AppContext, TodayPage],
) -> None:
    """Issue 14.2: suggest, save (or print), suggest again, save again: still one plan for today."""
    ctx, page = today
    first = suggested_and_saved(page)
    second = suggested_and_saved(page)
    assert second == first
    assert [p.id for p in groups_of(ctx.classroom).plans(ctx.current_class_id)] == [first]
    assert page.board.plan_id == first
    page.lesson.setText("")
    page.board.move_students([page.board.groups()[0].members[0]], page.board.groups()[-1].key)
    page.suggest()  # a different arrangement is a plan of its own
    page.lesson.setText("Second lesson")
    assert page.save_plan() != first
    assert len(groups_of(ctx.classroom).plans(ctx.current_class_id)) == 2


def test_two_plans_of_one_day_are_told_apart_by_lesson_and_time(
    today: tuple[AppContext, TodayPage], qtbot: Any
) -> None:
    ctx, page = today
    page.lesson.setText("Morning block")
    suggested_and_saved(page)
    page.suggest()
    page.lesson.setText("Afternoon block")
    suggested_and_saved(page)
    groups_page = GroupsPage(ctx)
    qtbot.addWidget(groups_page)
    groups_page.show()
    table = groups_page.table
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header[:3] == ["Date", "Saved at", "Lesson"]
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert len(rows) == 2 and len(set(rows)) == 2
    assert {r[2] for r in rows} == {"Morning block", "Afternoon block"}
    assert all(len(r[1]) == 5 and r[1][2] == ":" for r in rows)  # "09:14"


def test_today_opens_on_the_lesson_the_teacher_is_most_likely_planning(
    today: tuple[AppContext, TodayPage],
) -> None:
    """Issue 14.5: not a standard most have mastered; every standard says "mastered by N of M"."""
    ctx, page = today
    counts = {c.standard.id: c for c in groups_of(ctx.classroom).focus_counts(ctx.current_class_id)}
    texts = [page.focus.item(i).text() for i in range(page.focus.count())]
    assert texts and all(t.split("\n")[1].startswith("mastered by ") and " of 28" in t for t in texts)
    first = next(t for t in texts if t.startswith("4.NBT.1 "))
    nbt1 = next(c for c in counts.values() if c.standard.code == "4.NBT.1")
    assert first.endswith(f"mastered by {nbt1.mastered} of 28") and nbt1.mastered * 2 > 28
    [focus] = page.focus_ids()
    chosen = counts[focus]
    assert chosen.standard.code != "4.NBT.1"
    assert chosen.mastered * 2 <= chosen.total < chosen.ready * 2
    order = list(counts)
    assert all(
        counts[s].mastered * 2 > counts[s].total or counts[s].ready * 2 <= counts[s].total
        for s in order[: order.index(focus)]
    ), "the first such standard in the path"


def test_today_keeps_the_last_lessons_focus_while_most_have_not_mastered_it(
    demo: Any, qtbot: Any, shown: list[str]
) -> None:
    from datetime import timedelta

    service = groups_of(demo)
    class_id = demo.classes.list()[0].id
    counts = service.focus_counts(class_id)
    last = next(c for c in reversed(counts) if c.mastered * 2 <= c.total)
    yesterday = demo.clock.today() - timedelta(days=1)
    service.save_plan(class_id, yesterday, "Yesterday", [last.standard.id], [])
    ctx, page = _reopen(demo, qtbot)
    try:
        assert page.focus_ids() == [last.standard.id]
        assert page.board.plan_id is None  # yesterday's plan is not today's
    finally:
        ctx.detach()


def test_suggested_groups_are_usable_as_they_come(today: tuple[AppContext, TodayPage]) -> None:
    """Issue 14.6: readiness kept together, no group above the shown limit (6), nobody alone, reasons."""
    ctx, page = today
    assert page.max_size.value() == 6 and page.max_size.text() == "6 students"
    for count in (0, 4):
        page.group_count.setValue(count)
        page.suggest()
        groups = page.board.groups()
        sizes = [len(g.members) for g in groups]
        assert max(sizes) <= 6 and min(sizes) >= 2, sizes
        assert sorted(s for g in groups for s in g.members) == sorted(
            s.id for s in ctx.classroom.students.list(ctx.current_class_id)
        )
        results = {r.student_id: r.readiness for r in ctx.classroom.evidence.readiness(
            ctx.current_class_id, page.focus_ids()[0])}
        for g in groups:
            kinds = {results[s] for s in g.members}
            assert len(kinds) <= 2, (g.name, kinds)
            column = page.board.column(g.key)
            for i in range(column.list.count()):
                lines = column.list.item(i).text().split("\n")
                assert len(lines) == 3 and lines[2], "every card says why the student is there"


def test_a_student_alone_at_a_level_is_placed_with_the_nearest_group_and_flagged(
    today: tuple[AppContext, TodayPage],
) -> None:
    ctx, page = today
    class_id = ctx.current_class_id
    service = groups_of(ctx.classroom)
    lone_focus = None
    for count in service.focus_counts(class_id):
        kinds = [r.readiness for r in ctx.classroom.evidence.readiness(class_id, count.standard.id)]
        if any(kinds.count(k) == 1 for k in set(kinds)) and len(set(kinds)) > 1:
            lone_focus = count.standard.id
            break
    assert lone_focus is not None, "the demo has a standard with one student alone at a level"
    for i in range(page.focus.count()):
        item = page.focus.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) == lone_focus
                           else Qt.CheckState.Unchecked)
    page.suggest()
    assert min(len(g.members) for g in page.board.groups()) >= 2
    assert page.notes.isVisible() and "Plan some one-to-one time." in page.notes.text()
