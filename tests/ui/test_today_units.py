"""Issue 17.1 on Today: each group's column says how far the group is toward its unit's end task,
on the card itself (no hover) and to a screen reader, and it follows the students a drag moves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from classroom_desktop.ui.board import GroupColumn
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.today import TodayPage

UNIT = "Fair shares in the school garden"  # the demo's unit of 4.NF.1–4.NF.5


@pytest.fixture
def page(demo: Any, qtbot: Any) -> Iterator[TodayPage]:
    ctx = AppContext(demo)
    ctx.set_class(demo.classes.list()[0].id)
    today = TodayPage(ctx)
    qtbot.addWidget(today)
    today.resize(1400, 900)
    today.show()
    qtbot.waitExposed(today)
    yield today
    ctx.detach()


def tick_only(page: TodayPage, code: str) -> None:
    for i in range(page.focus.count()):
        item = page.focus.item(i)
        ticked = item.text().lstrip("\u2068").startswith(f"{code} ")
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


def drag(source: GroupColumn, row: int, target: GroupColumn) -> None:
    """A real mouse drag of one card from ``source`` to ``target``."""
    start = source.list.visualItemRect(source.list.item(row)).center()
    QTest.mousePress(source.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    step = QPoint(QApplication.startDragDistance() + 5, 0)
    QTest.mouseMove(source.list.viewport(), start + step)
    QTest.mouseMove(source.list.viewport(), start + step * 2)
    drop = target.list.viewport().rect().center()
    QTest.mouseMove(target.list.viewport(), drop)
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mouseRelease(target.list.viewport(), left, plain, drop)


def line(page: TodayPage, name: str) -> GroupColumn:
    return next(c for c in page.board._columns if c.title.text() == f"<b>{name}</b>")


def test_each_group_says_its_progress_toward_the_end_task_and_a_drag_changes_it(page: TodayPage) -> None:
    tick_only(page, "4.NF.2")
    page.suggest()
    extend, foundations = line(page, "Extend"), line(page, "Foundations 1")
    assert extend.line.isVisible() and foundations.line.isVisible()  # on the card, not only on hover
    # the column says it in one short line; the tooltip and the screen reader have the whole sentence
    assert extend.line.text() == "Unit: 5 of 5 skills by all · 2 of 2 ready for the end task"
    assert foundations.line.text() == "Unit: 0 of 5 skills by all · 0 of 6 ready for the end task"
    assert foundations.line.toolTip().startswith(
        f"Unit “{UNIT}”: 0 of 5 skills mastered by all; ready for the end task: 0 of 6 students"
    )
    assert "Still needed: 4.NF.1, 4.NF.2, 4.NF.3 and 2 more" in foundations.line.toolTip()
    # a screen reader hears it with the group's cards
    assert foundations.list.accessibleDescription() == foundations.line.toolTip()
    assert "Still needed: 4.NF.1" in foundations.list.accessibleDescription()
    assert foundations.accessibleDescription() == foundations.list.accessibleDescription()

    drag(extend, 0, foundations)  # a student ready for the end task joins Foundations 1
    extend, foundations = line(page, "Extend"), line(page, "Foundations 1")
    assert foundations.line.text() == "Unit: 0 of 5 skills by all · 1 of 7 ready for the end task"
    assert "ready for the end task: 1 of 7 students" in foundations.line.toolTip()
    assert extend.line.text().endswith("1 of 1 ready for the end task")
    page.ctx.undo_stack.undo()
    assert line(page, "Foundations 1").line.text().endswith("0 of 6 ready for the end task")


def test_a_saved_plan_shows_the_same_lines_and_a_standard_outside_units_shows_none(page: TodayPage) -> None:
    tick_only(page, "4.NF.2")
    page.suggest()
    before = {c.title.text(): c.line.text() for c in page.board._columns}
    page.save_plan()  # the board now shows the saved plan
    assert {c.title.text(): c.line.text() for c in page.board._columns} == before
    tick_only(page, "4.G.1")  # in no unit of the demo
    page.suggest()
    assert all(not c.line.text() and not c.line.isVisible() for c in page.board._columns)
