"""The page the window shows while no workspace is open yet, made without Qt's ``Qt`` namespace.

It is part of the first frame, so it touches no ``Qt.*`` enumeration: PySide6 builds the Python
types of all ~90 of them the first time one is used, which costs a bare window's start a sixth of
its time (bench/startup.py). What needs them waits for :meth:`LoadingPage.settle`, after that frame.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class LoadingPage(QWidget):
    """The program's name and a message ("Opening your class…"); a progress bar may go under it."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def settle(self) -> None:
        """After the first frame: the message can be selected and copied, like every placeholder's."""
        from PySide6.QtCore import Qt

        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
