"""Issue 19.4: Today on a 1280×720 or 1366×768 laptop: readiness lists show at least eight students
without scrolling, and the split between readiness and the board is the teacher's, kept."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from classroom_desktop.ui.pages.today import TodayPage
from classroom_desktop.ui.today_readiness import COLUMNS

#: A screen less its title bar and taskbar: the window's client area.
SCREENS = {"1280x720": (1280, 720 - 88), "1366x768": (1366, 768 - 88)}


def rows_in_view(view: Any) -> int:
    """Rows of ``view`` a teacher sees whole, without scrolling."""
    view.doItemsLayout()
    height = view.viewport().height()
    rects = [view.visualItemRect(view.item(i)) for i in range(view.count())]
    return sum(1 for r in rects if r.height() > 0 and r.top() >= 0 and r.bottom() < height)


@pytest.mark.parametrize("screen", SCREENS)
def test_each_readiness_list_shows_eight_students_without_scrolling(
    window: Any, qtbot: Any, screen: str
) -> None:
    window.resize(*SCREENS[screen])
    page = window.show_page("Today")
    qtbot.wait(50)
    assert page.focus_ids(), "the demo's next focus standard is ticked"
    readiness = page.readiness
    assert sum(readiness.lists[c].count() for c in COLUMNS) == 28  # the demo's students
    for category in [*COLUMNS, None]:
        view = readiness.ready if category is None else readiness.lists[category]
        assert view.isVisibleTo(window)
        assert readiness.rows_shown(category) >= 8, (screen, category)
        assert rows_in_view(view) >= min(8, view.count()), (screen, category)
    busiest = max(COLUMNS, key=lambda c: readiness.lists[c].count())
    assert readiness.lists[busiest].count() >= 8
    assert readiness.lists[busiest].verticalScrollBar().maximum() == 0 or rows_in_view(
        readiness.lists[busiest]) >= 8
    page.suggest()  # the board below still holds the groups, and Unassigned is reached
    qtbot.wait(20)
    assert page.board.isVisibleTo(window) and page.board.height() >= 200


def test_the_split_between_readiness_and_the_board_is_remembered(window: Any, qtbot: Any, ctx: Any) -> None:
    window.resize(*SCREENS["1280x720"])
    page = window.show_page("Today")
    qtbot.wait(20)
    top, bottom = page.splitter.sizes()
    page.splitter.moveSplitter(top - 60, 1)  # the teacher drags the handle up
    QApplication.processEvents()
    moved = page.splitter.sizes()[0]
    assert moved < top
    again = TodayPage(ctx)
    qtbot.addWidget(again)
    again.resize(page.size())
    again.show()
    qtbot.waitExposed(again)
    assert abs(again.splitter.sizes()[0] - moved) <= 2
