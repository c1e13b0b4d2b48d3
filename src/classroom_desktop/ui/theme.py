"""The window's colours: a default theme at WCAG 2.1 AA, a high-contrast theme, and a focus ring.

Every colour pair a teacher reads is listed in :func:`text_pairs`, so a test can compute the
contrast of the palette actually in use (4.5:1 for text, 3:1 for the focus ring).
"""

from __future__ import annotations

import shiboken6
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

from classroom_desktop.i18n import N_

Role = QPalette.ColorRole

#: role -> colour of the default theme (Fusion-like greys, a darker selection blue, darker hints)
DEFAULT_COLOURS: dict[QPalette.ColorRole, str] = {
    Role.Window: "#efefef",
    Role.WindowText: "#000000",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f5f5f5",
    Role.Text: "#000000",
    Role.Button: "#efefef",
    Role.ButtonText: "#000000",
    Role.Highlight: "#1d5fa6",  # white on it: 6.5:1 (Fusion's #308cc6 gave 3.69:1)
    Role.HighlightedText: "#ffffff",
    Role.PlaceholderText: "#595959",  # hints and placeholders: 6.1:1 on the window grey, 7.0:1 on white
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#000000",
    Role.Link: "#0b4fa0",
    Role.Mid: "#8a8a8a",
}

#: the high-contrast theme: white on black, yellow selection and focus
HIGH_CONTRAST_COLOURS: dict[QPalette.ColorRole, str] = {
    Role.Window: "#000000",
    Role.WindowText: "#ffffff",
    Role.Base: "#000000",
    Role.AlternateBase: "#1a1a1a",
    Role.Text: "#ffffff",
    Role.Button: "#000000",
    Role.ButtonText: "#ffffff",
    Role.Highlight: "#ffff00",
    Role.HighlightedText: "#000000",
    Role.PlaceholderText: "#d0d0d0",
    Role.ToolTipBase: "#000000",
    Role.ToolTipText: "#ffffff",
    Role.Link: "#8cc8ff",
    Role.Mid: "#c0c0c0",
}

#: the focus ring: an outer line in the ring colour, an inner line in the window colour
FOCUS_RING = {False: "#0b3d91", True: "#ffff00"}
HIGH_CONTRAST_LABEL = N_("High contrast (white on black, yellow focus)")


def colours(high_contrast: bool = False) -> dict[QPalette.ColorRole, str]:
    return HIGH_CONTRAST_COLOURS if high_contrast else DEFAULT_COLOURS


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    rgb = QColor(colour)

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(rgb.redF()) + 0.7152 * lin(rgb.greenF()) + 0.0722 * lin(rgb.blueF())


def contrast(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_pairs(palette: QPalette) -> dict[str, tuple[str, str]]:
    """(text, background) of every pairing of the palette a teacher reads, by name."""

    def c(role: QPalette.ColorRole) -> str:
        return palette.color(QPalette.ColorGroup.Active, role).name()

    return {
        "window text": (c(Role.WindowText), c(Role.Window)),
        "field text": (c(Role.Text), c(Role.Base)),
        "alternate rows": (c(Role.Text), c(Role.AlternateBase)),
        "button text": (c(Role.ButtonText), c(Role.Button)),
        "selected text": (c(Role.HighlightedText), c(Role.Highlight)),
        "hint on window": (c(Role.PlaceholderText), c(Role.Window)),
        "placeholder in field": (c(Role.PlaceholderText), c(Role.Base)),
        "tooltip": (c(Role.ToolTipText), c(Role.ToolTipBase)),
        "link": (c(Role.Link), c(Role.Base)),
    }


def make_palette(high_contrast: bool = False) -> QPalette:
    palette = QPalette()
    for role, value in colours(high_contrast).items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(value))
    disabled = "#8c8c8c" if high_contrast else "#6e6e6e"  # disabled text: still 4.5:1 on its window
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    for role in (Role.Window, Role.Base, Role.Button):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colours(high_contrast)[role]))
    return palette


class FocusRing(QWidget):
    """A 3-pixel ring drawn over whichever widget has the keyboard focus, whatever the style."""

    WIDTH = 3

    def __init__(self) -> None:
        super().__init__(None)
        self.high_contrast = False
        self.target: QWidget | None = None
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("")
        self.hide()

    @property
    def colour(self) -> str:
        return FOCUS_RING[self.high_contrast]

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Move onto the widget that has just received the focus."""
        if self.target is not None and shiboken6.isValid(self.target):
            self.target.removeEventFilter(self)
        self.target = None
        if new is None or new.window() is new or new is self:
            self.hide()
            return
        self.target = new
        self.setParent(new)
        new.installEventFilter(self)
        self._place()

    def _place(self) -> None:
        if self.target is None:
            return
        self.setGeometry(QRect(0, 0, self.target.width(), self.target.height()))
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if obj is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self._place()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        outer = QPen(QColor(self.colour), 2)
        outer.setJoinStyle(QtCore.Qt.PenJoinStyle.MiterJoin)
        painter.setPen(outer)
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        inner = "#000000" if self.high_contrast else "#ffffff"
        painter.setPen(QPen(QColor(inner), 1))
        painter.drawRect(self.rect().adjusted(2, 2, -3, -3))
        painter.end()


_ring: FocusRing | None = None
_high_contrast = False
_connected = False


def focus_ring() -> FocusRing:
    """The one focus ring of the application (made again if it went with a deleted widget)."""
    global _ring, _connected
    if _ring is None or not shiboken6.isValid(_ring):
        _ring = FocusRing()
        _ring.high_contrast = _high_contrast
    if not _connected:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(_focus_changed)
        _connected = True
    return _ring


def _focus_changed(old: QWidget | None, new: QWidget | None) -> None:
    focus_ring().follow(old, new)


def apply_theme(high_contrast: bool = False) -> None:
    """Give the application the default (or high-contrast) palette and the focus ring."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    global _high_contrast
    _high_contrast = high_contrast
    app.setPalette(make_palette(high_contrast))
    ring = focus_ring()
    ring.high_contrast = high_contrast
    ring.update()
