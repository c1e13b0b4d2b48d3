"""The window's first size on the screen it opens on, and the signal of its first painted frame."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow


def initial_size(available: QSize) -> QSize | None:
    """The window's first size on a screen with this much room; None: open maximised.

    A 1366×768 school laptop (or anything up to 1440×900) gets the whole screen; larger screens
    get most of it, so every group on the Today board has room.
    """
    if available.width() <= 1440 or available.height() <= 900:
        return None
    return QSize(min(1700, available.width() * 9 // 10), min(1050, available.height() * 9 // 10))


def fit_to_screen(window: QMainWindow) -> bool:
    """Give ``window`` its first size (:func:`initial_size`); True when it should open maximised instead.

    Nothing changes for a window that restored the size the teacher left (``remembered_geometry``).
    """
    if getattr(window, "remembered_geometry", False):
        return False
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return False
    size = initial_size(screen.availableGeometry().size())
    if size is None:
        return True
    window.resize(size)
    return False


class FirstPaint(QObject):
    """Tells the window when its first frame has been painted."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self._window.first_frame.emit()  # type: ignore[attr-defined]
        return False
