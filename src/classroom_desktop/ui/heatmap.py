"""The data wall's heatmap: students × standards in a table view, so the keyboard moves through it
(arrows, Enter opens the student) and a screen reader reads it as a table, with row and column
headers and each cell's level name, value, mastered state and evidence count.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyleOptionViewItem, QTableView, QWidget

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.domain.types import MasteryCell
from classroom_desktop.i18n import _
from classroom_desktop.ui.gradebook_model import SHOWN_ROLE, STRAND_ROLE, _Shown, spoken_cell
from classroom_desktop.ui.gradebook_view import CellDelegate, StrandHeader
from classroom_desktop.ui.locale_format import mastery_text

CELL_W, CELL_H, NAMES_W = 58, 24, 170
AnyIndex = QModelIndex | QPersistentModelIndex
CellOf = Callable[[str, str], MasteryCell]


class HeatmapModel(QAbstractTableModel):
    """The numbers of a :class:`HeatmapData` as a Qt table; ``cell_of`` gives counts and mastery."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_: dw.HeatmapData | None = None
        self.cell_of: CellOf | None = None
        self.level_label: Callable[[float], str] = lambda _v: ""
        self.tooltip_for: Callable[[tuple[str, str]], str] | None = None

    def set_data(self, data: dw.HeatmapData) -> None:
        self.beginResetModel()
        self.data_ = data
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.row_ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.column_ids)

    def key(self, index: AnyIndex) -> tuple[str, str]:
        assert self.data_ is not None
        return self.data_.row_ids[index.row()], self.data_.column_ids[index.column()]

    def _cell(self, row: int, column: int) -> tuple[int, bool]:
        """(evidence count, mastered) of a cell."""
        assert self.data_ is not None
        if self.cell_of is None:
            return 0, False
        cell = self.cell_of(self.data_.row_ids[row], self.data_.column_ids[column])
        return cell.count, cell.mastered

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.data_ is None:
            return None
        data, row, column = self.data_, index.row(), index.column()
        value = data.values[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return mastery_text(value)
        if role in (SHOWN_ROLE, Qt.ItemDataRole.BackgroundRole):
            fill = level_colour(value, data.level_values)
            count, mastered = self._cell(row, column)
            shown = _Shown(mastery_text(value), count, QColor(fill), QColor(text_colour(fill)), mastered)
            return shown if role == SHOWN_ROLE else shown.fill
        if role == Qt.ItemDataRole.AccessibleTextRole:
            count, mastered = self._cell(row, column)
            return spoken_cell(
                data.row_labels[row],
                data.column_labels[column],
                value,
                self.level_label(value) if value is not None else "",
                mastered,
                count,
            )
        if role == Qt.ItemDataRole.ToolTipRole and self.tooltip_for is not None:
            return self.tooltip_for(self.key(index))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            if (data.row_ids[row], data.column_ids[column]) in data.highlighted:
                return _("Newly mastered this week. Enter opens the student.")
            return _("Enter opens the student.")
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if self.data_ is None:
            return None
        labels = self.data_.row_labels if orientation == Qt.Orientation.Vertical else self.data_.column_labels
        if not 0 <= section < len(labels):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return labels[section]
        if role == STRAND_ROLE and orientation == Qt.Orientation.Horizontal:
            return next(
                (g.label for g in self.data_.groups if g.start <= section < g.stop),
                "",
            )
        return None


class HeatmapDelegate(CellDelegate):
    """The gradebook's cell painting, plus a thick frame on cells newly mastered this week."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        model = index.model()
        if isinstance(model, HeatmapModel) and model.data_ is not None:
            if model.key(index) in model.data_.highlighted:
                painter.save()
                painter.setPen(QPen(QColor("#000000"), 3))
                painter.drawRect(option.rect.adjusted(2, 2, -3, -3))  # type: ignore[attr-defined]
                painter.restore()


class HeatmapView(QTableView):
    """Students × standards: arrows move, Enter (or a click on a name) opens the student."""

    student_clicked = Signal(str)
    cell_changed = Signal(object)  # (student id, standard id) of the current cell, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heat_model = HeatmapModel(self)
        self.setModel(self.heat_model)
        self.setHorizontalHeader(StrandHeader(self))
        self.setItemDelegate(HeatmapDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.horizontalHeader().setDefaultSectionSize(CELL_W)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(CELL_H)
        vertical.setMinimumWidth(NAMES_W)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.sectionClicked.connect(self._name_clicked)
        self.doubleClicked.connect(lambda index: self._open(index.row()))
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.setAccessibleName(_("Data wall heatmap: students and standards"))
        self.setAccessibleDescription(
            _("Arrow keys move between cells; Enter opens the student; the latest evidence shows below.")
        )

    @property
    def data(self) -> dw.HeatmapData | None:
        return self.heat_model.data_

    def set_data(self, data: dw.HeatmapData) -> None:
        keep = self.current_key()
        self.heat_model.set_data(data)
        rows, columns = len(data.row_ids), len(data.column_ids)
        if rows and columns:
            row = data.row_ids.index(keep[0]) if keep and keep[0] in data.row_ids else 0
            column = data.column_ids.index(keep[1]) if keep and keep[1] in data.column_ids else 0
            self.setCurrentIndex(self.heat_model.index(row, column))

    def current_key(self) -> tuple[str, str] | None:
        index = self.currentIndex()
        return self.heat_model.key(index) if index.isValid() and self.data is not None else None

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(row, column) under a point of the viewport, or None outside the grid."""
        index = self.indexAt(pos)
        return (index.row(), index.column()) if index.isValid() else None

    def _current_changed(self, *_args: object) -> None:
        self.cell_changed.emit(self.current_key())

    def _name_clicked(self, row: int) -> None:
        self._open(row)

    def _open(self, row: int) -> None:
        if self.data is not None and 0 <= row < len(self.data.row_ids):
            self.student_clicked.emit(self.data.row_ids[row])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)
