"""Issue 19.6: contrast at WCAG 2.1 AA, computed from the palette and colours the window really uses."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from classroom_desktop.charts.palette import LEVEL_COLOURS, NO_EVIDENCE, text_colour
from classroom_desktop.ui import theme

TEXT, FOCUS = 4.5, 3.0


def test_the_sums_are_wcags() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the famous near miss
    assert theme.contrast("#308cc6", "#ffffff") == pytest.approx(3.69, abs=0.01)  # Fusion's old selection


@pytest.mark.parametrize("high_contrast", [False, True])
def test_every_text_colour_of_the_window_palette_reads_at_aa(window: Any, high_contrast: bool) -> None:
    theme.apply_theme(high_contrast)
    try:
        palette = QApplication.palette()
        failing = {
            name: round(theme.contrast(fg, bg), 2)
            for name, (fg, bg) in theme.text_pairs(palette).items()
            if theme.contrast(fg, bg) < TEXT
        }
        assert failing == {}
        ring = theme.focus_ring().colour
        for role in (theme.Role.Window, theme.Role.Base, theme.Role.Button):
            assert theme.contrast(ring, palette.color(role).name()) >= FOCUS
    finally:
        theme.apply_theme(False)


def test_the_focus_ring_follows_the_keyboard_focus(window: Any, qtbot: Any) -> None:
    page = window.show_page("Today")
    page.suggest_button.setFocus()
    qtbot.waitUntil(lambda: theme.focus_ring().target is page.suggest_button)
    ring = theme.focus_ring()
    assert ring.isVisible() and ring.geometry() == page.suggest_button.rect()


def test_numbers_on_level_colours_and_fixed_colours_read_at_aa() -> None:
    for fill in (*LEVEL_COLOURS, NO_EVIDENCE):
        assert theme.contrast(text_colour(fill), fill) >= TEXT, fill
        # the gradebook's focus frame is black and white: one of them shows at 3:1 on every fill
        assert max(theme.contrast(fill, "#000000"), theme.contrast(fill, "#ffffff")) >= FOCUS
    window = theme.DEFAULT_COLOURS[theme.Role.Window]
    for fixed in ("#b00020", "#555555", "#444444", "#a00000"):  # errors and details in the pages
        assert theme.contrast(fixed, window) >= TEXT, fixed
    assert theme.contrast("#000000", "#fff6d5") >= TEXT  # Today's notes


def test_high_contrast_is_a_setting_that_lasts(window: Any, qtbot: Any) -> None:
    page = window.show_page("Settings")
    box = page.display_box
    box.high_contrast.setChecked(True)
    try:
        assert QApplication.palette().color(theme.Role.Window).name() == "#000000"
        assert window.settings.value("view/high_contrast", type=bool) is True
        assert theme.focus_ring().colour == "#ffff00"
    finally:
        box.high_contrast.setChecked(False)
    assert QApplication.palette().color(theme.Role.Window).name() == "#efefef"


def test_the_menu_bar_shows_its_focus_and_gives_it_back(window: Any, qtbot: Any) -> None:
    """Issue 19.3: after Alt+F, Esc the menu bar has a visible ring; a second Esc returns to the grid."""
    from PySide6.QtCore import Qt

    window.go_to_page("Gradebook")
    view = window.page("Gradebook").view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    ring = theme.focus_ring()
    assert QApplication.focusWidget() is window.menuBar()
    assert ring.target is window.menuBar() and ring.isVisible()
    qtbot.keyClick(window.menuBar(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    assert theme.focus_ring().target is view
