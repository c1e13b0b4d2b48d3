"""Issue 19: the Groups page by keyboard alone: Tab and Shift+Tab visit every control in reading
order (the plans, their buttons, then the board group by group, Unassigned last) and never stay."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from classroom_desktop.ui import a11y
from classroom_desktop.ui.board import UNASSIGNED

CTRL = Qt.KeyboardModifier.ControlModifier


def walk(page: QWidget, start: QWidget, key: Qt.Key, qtbot: Any, presses: int) -> list[QWidget]:
    """The widgets of ``page`` the focus visits from ``start``, pressing ``key`` (until it leaves)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        if not page.isAncestorOf(focused):
            break
        seen.append(focused)
        qtbot.keyClick(focused, key)
    return seen


def test_groups_page_tab_order_is_reading_order_without_a_trap(window: Any, qtbot: Any) -> None:
    window.resize(1366, 680)
    today = window.show_page("Today")
    today.suggest()
    today.save_plan()
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_4, CTRL)
    page = window.show_page("Groups")
    assert window.current_title == "Groups"
    qtbot.wait(20)
    assert QApplication.focusWidget() is page.table  # the keyboard lands on the plans, the newest chosen
    assert page.board.plan_id is not None and page.board.groups()
    a11y.prepare(page)

    expected: list[QWidget] = [*page.tab_stops, page.board.add_button]
    for group in page.board.groups():
        column = page.board.column(group.key)
        edit, remove = column.findChildren(QPushButton)
        assert (edit.text(), remove.text()) == ("Edit…", "Remove")
        expected += [edit, remove, column.list]
    expected.append(page.board.column(UNASSIGNED).list)
    assert set(a11y.reachable(page)) == set(expected), "every control of the page is a Tab stop"

    forward = walk(page, page.table, Qt.Key.Key_Tab, qtbot, 3 * len(expected))
    assert forward == expected
    assert not page.isAncestorOf(QApplication.focusWidget())  # Tab leaves the page after Unassigned
    backward = walk(page, expected[-1], Qt.Key.Key_Backtab, qtbot, 3 * len(expected))
    assert backward == expected[::-1]
    assert not page.isAncestorOf(QApplication.focusWidget())  # and Shift+Tab leaves it at the top

    # reading order on the screen: the plans' row above the board, the groups left to right, row by row
    top = [w.mapTo(page, w.rect().topLeft()) for w in expected]
    assert all(p.y() < top[len(page.tab_stops)].y() for p in top[: len(page.tab_stops)])
    columns = [c.mapTo(page, c.rect().topLeft()) for w in expected for c in page.board._columns
               if w is c.list]
    assert len(columns) == len(page.board.groups()) + 1
    assert all((a.y(), a.x()) < (b.y(), b.x()) for a, b in zip(columns, columns[1:], strict=False))
