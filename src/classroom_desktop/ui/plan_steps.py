"""A learning plan's steps as a Qt table model (drag or Alt+↑/↓ to reorder), and the
editors for their target date and status.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QDate,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QDateEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from classroom_desktop.domain.plans import STATUS_LABELS, STATUSES
from classroom_desktop.i18n import N_, _
from classroom_desktop.services.plans import StepView
from classroom_desktop.ui.locale_format import isolated, localize_date_edit, short_day

MIME = "application/x-classroom-plan-steps"
COLUMNS = ("#", N_("Standard"), N_("By"), N_("Status"), N_("Activities"), N_("Notes"))
#: The step statuses (domain.plans.STATUS_LABELS, which cannot mark them), translated where shown.
STATUS_WORDS = (N_("Not started"), N_("Working on it"), N_("Ready to be assessed"), N_("Mastered"))
DATE_COL, STATUS_COL, NOTES_COL = 2, 3, 5
ModelIndex = QModelIndex | QPersistentModelIndex


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class StepsModel(QAbstractTableModel):
    """A plan's steps; rows are dragged to reorder, and edits go to ``on_edit(step_id, field, value)``."""

    def __init__(
        self, on_edit: Callable[[str, str, Any], None], on_reorder: Callable[[list[str]], None]
    ) -> None:
        super().__init__()
        self.steps: list[StepView] = []
        self._on_edit, self._on_reorder = on_edit, on_reorder

    def set_steps(self, steps: list[StepView]) -> None:
        self.beginResetModel()
        self.steps = steps
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step, col = self.steps[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole:
            return {DATE_COL: step.target_on, STATUS_COL: step.stored_status, NOTES_COL: step.notes}.get(col)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text, however narrow the column
            whole = self.data(index, Qt.ItemDataRole.DisplayRole)
            if col == 1 and step.waiting_on:
                return whole + "\n" + _("Waits on {codes}").format(codes=isolated(", ".join(step.waiting_on)))
            return whole or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return str(index.row() + 1)
        if col == 1:
            waiting = (
                "  " + _("(after {codes})").format(codes=isolated(", ".join(step.waiting_on)))
                if step.waiting_on
                else ""
            )
            return isolated(f"{step.code}  {step.statement}") + waiting
        if col == DATE_COL:
            return short_day(step.target_on)
        if col == STATUS_COL:
            return _(step.status_label)
        if col == 4:
            return isolated("; ".join(a.title for a in step.activities))
        return isolated(step.notes)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in (DATE_COL, STATUS_COL, NOTES_COL):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = {DATE_COL: "target_on", STATUS_COL: "status", NOTES_COL: "notes"}.get(index.column())
        if field is None:
            return False
        self._on_edit(self.steps[index.row()].id, field, value)
        return True

    # ---- drag and drop ----------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME, QByteArray(json.dumps([self.steps[r].id for r in rows]).encode()))
        return data

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,  # noqa: N802
        parent: ModelIndex,
    ) -> bool:
        if not data.hasFormat(MIME) or action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        moving = [sid for sid in json.loads(bytes(data.data(MIME).data()).decode()) if sid]
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.steps)
        ids = [s.id for s in self.steps]
        before = [sid for sid in ids[:row] if sid not in moving]
        after = [sid for sid in ids[row:] if sid not in moving]
        order = before + [sid for sid in ids if sid in moving] + after
        if order != ids:
            # applied after the drop finishes, so the view is not reset in the middle of its drop
            QTimer.singleShot(0, lambda: self._on_reorder(order))
        return False  # the service saves the order; the view must not remove rows itself


class DateDelegate(QStyledItemDelegate):
    """A calendar editor for step dates; an empty date starts at ``today()``."""

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        localize_date_edit(editor)
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        day = index.data(Qt.ItemDataRole.EditRole) or self._today()
        assert isinstance(editor, QDateEdit)
        editor.setDate(qdate(day))

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QDateEdit)
        model.setData(index, pydate(editor.date()), Qt.ItemDataRole.EditRole)


class StatusDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for key in STATUSES:
            combo.addItem(_(STATUS_LABELS[key]), key)
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
