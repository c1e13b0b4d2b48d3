"""Issue 19: an offscreen walk of every page — every control named and reached by Tab, no Tab trap,
and a window that fits a 1366×768 or 1280×720 laptop (at most 680 px of client height)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from classroom_desktop.ui import a11y
from classroom_desktop.ui.main_window import TITLES

CLIENT_HEIGHT = 680  # a 768-px screen less a title bar and a taskbar


def open_page(window: Any, qtbot: Any, title: str) -> QWidget:
    """Show ``title``, with a student open on the pages that show one (their tallest state)."""
    page = window.show_page(title)
    qtbot.wait(30)
    if title == "Students":
        page.roster.setCurrentRow(0)
    if title == "Plans" and hasattr(page, "students"):
        page.students.setCurrentRow(0)
    qtbot.wait(30)
    a11y.prepare(page)  # what the window does each time it shows a page
    return page


@pytest.mark.parametrize("title", TITLES)
def test_every_control_is_named_and_reached_by_tab_without_a_trap(
    window: Any, qtbot: Any, title: str
) -> None:
    window.resize(1366, CLIENT_HEIGHT)
    page = open_page(window, qtbot, title)
    stops = a11y.reachable(page)
    assert stops, f"{title}: nothing takes the keyboard focus"
    unnamed = [f"{type(w).__name__} {w.objectName()}" for w in stops if not a11y.spoken_name(w)]
    assert unnamed == [], f"{title}: controls a screen reader cannot name: {unnamed}"
    for widget in stops:  # Tab always leaves a control (tables, lists, multi-line fields included)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait(1)
        if QApplication.focusWidget() is not widget:
            continue  # e.g. a control a focus proxy stands for
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        assert not a11y._inside(QApplication.focusWidget(), widget), f"{title}: Tab is trapped in {widget!r}"
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(widget, Qt.Key.Key_Backtab)
        assert not a11y._inside(QApplication.focusWidget(), widget), (
            f"{title}: Shift+Tab is trapped in {widget!r}"
        )
    stops[0].setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(2 * len(stops) + 10):  # Tab alone visits every control of the page
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    missed = [f"{type(w).__name__} {a11y.spoken_name(w)}" for w in stops if w not in seen]
    assert missed == [], f"{title}: Tab never reaches {missed}"


def test_the_window_fits_a_768_pixel_laptop_screen_on_every_page(window: Any, qtbot: Any) -> None:
    heights = {}
    for title in TITLES:
        open_page(window, qtbot, title)
        heights[title] = window.minimumSizeHint().height()
    assert max(heights.values()) <= CLIENT_HEIGHT, heights
    assert window.minimumSizeHint().width() <= 1280
    window.resize(1280, 720 - 88)  # 1280×720 less a title bar and a taskbar
    page = open_page(window, qtbot, "Today")
    page.suggest()
    qtbot.wait(50)
    from classroom_desktop.ui.board import UNASSIGNED

    tray = page.board.column(UNASSIGNED)
    assert tray.isVisibleTo(window)
    page.board._scroll.ensureWidgetVisible(tray.list)  # the board scrolls to every group


def test_labels_are_tied_to_their_fields_and_combo_boxes_named_by_them(window: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QComboBox, QLabel

    for title in TITLES:
        page = open_page(window, qtbot, title)
        for label in page.findChildren(QLabel):
            buddy = label.buddy()
            if buddy is not None and isinstance(buddy, QComboBox):  # named by its label, or more fully
                said, shown = buddy.accessibleName().casefold(), a11y.label_name(label).casefold()
                assert shown in said, (title, said, shown)
        for combo in page.findChildren(QComboBox):
            if combo.isVisibleTo(page):
                assert combo.accessibleName() and combo.accessibleName() != combo.currentText(), (
                    title,
                    combo.currentText(),
                )
