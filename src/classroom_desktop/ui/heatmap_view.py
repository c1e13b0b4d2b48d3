"""The data wall's heatmap: a painted students × standards grid, colour and number in every cell (fast for
150 × 40); hover shows the latest evidence, a click opens the student.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.charts.palette import level_colour, text_colour
from classroom_desktop.ui.locale_format import mastery_text

CELL_W, CELL_H, NAMES_W, HEADER_H = 44, 22, 170, 70


class HeatmapView(QWidget):
    """A painted students × standards grid: colour and number in every cell (fast for 150 × 40)."""

    student_clicked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.data: dw.HeatmapData | None = None
        self.tooltip_for: Any = None  # (student id, standard id) -> str
        self.setMouseTracking(True)

    def set_data(self, data: dw.HeatmapData) -> None:
        self.data = data
        self.setFixedSize(
            NAMES_W + CELL_W * len(data.column_ids) + 2, HEADER_H + CELL_H * len(data.row_ids) + 2
        )
        self.update()

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(row, column) under a point, or None outside the grid."""
        if self.data is None or pos.x() < NAMES_W or pos.y() < HEADER_H:
            return None
        row, col = (pos.y() - HEADER_H) // CELL_H, (pos.x() - NAMES_W) // CELL_W
        if row < len(self.data.row_ids) and col < len(self.data.column_ids):
            return row, col
        return None

    def row_at(self, pos: QPoint) -> int | None:
        if self.data is None or pos.y() < HEADER_H:
            return None
        row = (pos.y() - HEADER_H) // CELL_H
        return row if row < len(self.data.row_ids) else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        if self.data is None:
            return
        data, p = self.data, QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        bold = QFont(self.font())
        bold.setBold(True)
        for i, group in enumerate(data.groups):
            x = NAMES_W + group.start * CELL_W
            rect = QRect(x, 0, (group.stop - group.start) * CELL_W, 18)
            p.fillRect(rect, QColor("#e4e4e4" if i % 2 == 0 else "#f4f4f4"))
            p.setFont(bold)
            p.drawText(
                rect,
                Qt.AlignmentFlag.AlignCenter,
                p.fontMetrics().elidedText(group.label, Qt.TextElideMode.ElideRight, rect.width() - 4),
            )
        p.setFont(self.font())
        for c, code in enumerate(data.column_labels):
            p.save()
            p.translate(NAMES_W + c * CELL_W + CELL_W / 2 + 5, HEADER_H - 4)
            p.rotate(-90)
            p.drawText(0, 0, code)
            p.restore()
        for r, label in enumerate(data.row_labels):
            y = HEADER_H + r * CELL_H
            p.setPen(QColor("#222222"))
            p.drawText(
                QRect(0, y, NAMES_W - 6, CELL_H),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            for c, value in enumerate(data.values[r]):
                fill = level_colour(value, data.level_values)
                rect = QRect(NAMES_W + c * CELL_W, y, CELL_W - 1, CELL_H - 1)
                p.fillRect(rect, QColor(fill))
                p.setPen(QColor(text_colour(fill)))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, mastery_text(value))
                if (data.row_ids[r], data.column_ids[c]) in data.highlighted:
                    p.setPen(QPen(QColor("#000000"), 3))
                    p.drawRect(rect.adjusted(1, 1, -1, -1))
        p.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        hit = self.cell_at(event.position().toPoint())
        if hit is not None and self.data is not None and self.tooltip_for is not None:
            key = (self.data.row_ids[hit[0]], self.data.column_ids[hit[1]])
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(key), self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        row = self.row_at(event.position().toPoint())
        if row is not None and self.data is not None and event.button() == Qt.MouseButton.LeftButton:
            self.student_clicked.emit(self.data.row_ids[row])
