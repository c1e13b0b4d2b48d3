"""The gradebook grid: a strand band over the standard codes, cells painted with their level colour,
mastered marked with a tick, and a focus frame that shows on every colour.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from classroom_desktop.ui.gradebook_model import SHOWN_ROLE, STRAND_ROLE

#: the mark beside a mastered value (colour and weight are not the only signal)
MASTERED_MARK = "\u2713"


class StrandHeader(QHeaderView):
    """Standard codes below, each strand's name spanning its columns above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultSectionSize(58)
        self.setMinimumSectionSize(40)

    def sizeHint(self):  # type: ignore[no-untyped-def]  # noqa: N802
        hint = super().sizeHint()
        hint.setHeight(self.fontMetrics().height() * 2 + 14)
        return hint

    def paintSection(self, painter: QPainter, rect: QRect, index: int) -> None:  # noqa: N802
        band = self.sizeHint().height() // 2
        lower = QRect(rect.x(), rect.y() + band, rect.width(), rect.height() - band)
        super().paintSection(painter, lower, index)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if model is None or model.columnCount() == 0:
            return
        band = self.sizeHint().height() // 2
        painter = QPainter(self.viewport())
        # In a right-to-left window the first column is on the right: x = 0 shows the last one.
        ends = [self.logicalIndexAt(0), self.logicalIndexAt(self.viewport().width() - 1)]
        first = min((e for e in ends if e >= 0), default=0)
        last = model.columnCount() - 1 if min(ends) < 0 else max(ends)
        col = first
        while col <= last:
            name = model.headerData(col, Qt.Orientation.Horizontal, STRAND_ROLE) or ""
            end = col
            while (
                end + 1 < model.columnCount()
                and model.headerData(end + 1, Qt.Orientation.Horizontal, STRAND_ROLE) == name
            ):
                end += 1
            start = col
            while start > 0 and model.headerData(start - 1, Qt.Orientation.Horizontal, STRAND_ROLE) == name:
                start -= 1
            edges = [
                self.sectionViewportPosition(start),
                self.sectionViewportPosition(start) + self.sectionSize(start),
                self.sectionViewportPosition(end),
                self.sectionViewportPosition(end) + self.sectionSize(end),
            ]
            box = QRect(min(edges), 0, max(edges) - min(edges), band)
            painter.fillRect(box, self.palette().alternateBase())
            painter.setPen(self.palette().mid().color())
            painter.drawRect(box.adjusted(0, 0, -1, -1))
            painter.setPen(self.palette().text().color())
            visible = box.intersected(self.viewport().rect()).adjusted(6, 0, -4, 0)
            text = self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, visible.width())
            align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading
            painter.drawText(visible, int(align), text)
            col = end + 1
        painter.end()


def paint_focus_frame(painter: QPainter, rect: QRect, colour: QColor) -> None:
    """A 2-pixel ring in ``colour`` with a white line inside and a black line outside: it shows
    at 3:1 or more on every level colour (black and white cannot both be near one fill)."""
    painter.setPen(QPen(QColor("#000000"), 1))
    painter.drawRect(rect.adjusted(0, 0, -1, -1))
    painter.setPen(QPen(colour, 2))
    painter.drawRect(rect.adjusted(2, 2, -2, -2))
    painter.setPen(QPen(QColor("#ffffff"), 1))
    painter.drawRect(rect.adjusted(3, 3, -4, -4))


#: Qt's flags as plain numbers, worked out once (each enum operation is a Python call, per cell).
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_CORNER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_SELECTED = QStyle.StateFlag.State_Selected.value


class CellDelegate(QStyledItemDelegate):
    """The mastery number on its level colour (a tick when mastered), the evidence count small in
    the corner, and a frame for the selection and for the keyboard's current cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The view's font and the three made from it (plain, bold, small): made again only
        #: when the view's font changes, not for every cell painted.
        self._fonts: tuple[QFont, QFont, QFont, QFont] | None = None

    def fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        """(plain, bold, small) fonts for cells painted in ``base``."""
        if self._fonts is None or self._fonts[0] != base:
            plain, bold, small = QFont(base), QFont(base), QFont(base)
            bold.setBold(True)
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.7))
            self._fonts = (QFont(base), plain, bold, small)
        return self._fonts[1], self._fonts[2], self._fonts[3]

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        shown = index.data(SHOWN_ROLE)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        plain, bold, small = self.fonts(option.font)  # type: ignore[attr-defined]
        painter.save()
        painter.fillRect(rect, shown.fill)
        painter.setFont(bold if shown.mastered else plain)
        painter.setPen(shown.ink)
        text = f"{shown.text}{MASTERED_MARK}" if shown.mastered else shown.text
        painter.drawText(rect.adjusted(0, 0, 0, -2), _CENTRE, text)
        if shown.count:
            painter.setFont(small)
            painter.drawText(rect.adjusted(0, 0, -3, -1), _CORNER, str(shown.count))
        state = option.state.value  # type: ignore[attr-defined]
        if state & _HAS_FOCUS:
            paint_focus_frame(painter, rect, option.palette.highlight().color())  # type: ignore[attr-defined]
        elif state & _SELECTED:
            painter.setPen(QPen(option.palette.highlight().color(), 3))  # type: ignore[attr-defined]
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class GradebookView(QTableView):
    """The grid: level keys, Delete, and no type-ahead search (a stray letter does nothing)."""

    level_typed = Signal(int)
    delete_pressed = Signal()
    other_key = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(StrandHeader(self))
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(26)
        vertical.setMinimumWidth(170)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if plain and len(text) == 1 and text.isdigit():
            self.level_typed.emit(int(text))
        elif plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
        elif plain and text.strip() and text.isprintable():
            self.other_key.emit(text)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
