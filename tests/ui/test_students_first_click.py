"""Issue 14.3: the first click on a student on the Students page shows that student."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_the_first_click_on_a_student_opens_that_student(window: Any, qtbot: Any) -> None:
    page = window.show_page("Students")
    qtbot.waitUntil(lambda: page.roster.count() > 0)
    qtbot.wait(100)  # as a teacher would: the page painted, then a click
    for row in (0, 2):
        item = page.roster.item(row)
        rect = page.roster.visualItemRect(item)
        qtbot.mouseClick(page.roster.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert page.name_label.text() == item.text()
        assert page.profile.student_id == item.data(Qt.ItemDataRole.UserRole)


def test_the_first_click_after_tabbing_into_the_list_opens_the_student(window: Any, qtbot: Any) -> None:
    """Keyboard focus makes the first row current without choosing it; a click on it still opens it."""
    page = window.show_page("Students")
    qtbot.waitUntil(lambda: page.roster.count() > 0)
    page.roster.setFocus()
    qtbot.wait(50)
    item = page.roster.item(0)
    qtbot.mouseClick(
        page.roster.viewport(), Qt.MouseButton.LeftButton, pos=page.roster.visualItemRect(item).center()
    )
    assert page.name_label.text() == item.text()
