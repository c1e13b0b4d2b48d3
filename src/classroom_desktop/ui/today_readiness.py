"""Today's readiness on the focus standard: one compact list per readiness, and who is ready to be assessed.

Split from ``pages/today.py``. Each student takes one line ("Name — the reason"), cut short with
"…" when the column is narrow; the whole reason is in the tooltip and read by a screen reader, so a
1280×720 screen shows eight or more students in each list without scrolling (issue 19.4).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from classroom_desktop.domain.types import Readiness
from classroom_desktop.i18n import _

_ID = Qt.ItemDataRole.UserRole
#: How many students each list has room for before the board takes the rest of the height.
ROWS = 8
COLUMNS = (Readiness.FOUNDATIONS, Readiness.RETEACH, Readiness.PRACTICE, Readiness.EXTEND)


def compact_list(name: str) -> QListWidget:
    """A list of one-line rows, as many as its height holds (the whole line in the tooltip)."""
    view = QListWidget()
    view.setAccessibleName(name)
    view.setWordWrap(False)
    view.setUniformItemSizes(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


def row(name: str, detail: str, key: str | None = None) -> QListWidgetItem:
    """One student's line: the name first (it stays when the line is cut short), then the detail."""
    item = QListWidgetItem(f"{name} — {detail}" if detail else name)
    item.setToolTip(f"{name}\n{detail}" if detail else name)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, {detail}" if detail else name)
    if key is not None:
        item.setData(_ID, key)
    return item


class ReadinessPanel(QWidget):
    """The title, the four readiness lists with their counts, and the "Ready to be assessed" list."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.title = QLabel(_("Readiness"))
        layout.addWidget(self.title)
        columns = QHBoxLayout()
        self.lists: dict[Readiness, QListWidget] = {}
        self.heads: dict[Readiness, QLabel] = {}
        for category in COLUMNS:
            head, view = QLabel(f"<b>{_(category.label)}</b>"), compact_list(_(category.label))
            head.setBuddy(view)
            self.lists[category], self.heads[category] = view, head
            columns.addLayout(self._column(head, view), 1)
        ready_head = QLabel(f"<b>{_('Ready to be assessed')}</b>")
        self.ready = compact_list(_("Ready to be assessed"))
        ready_head.setBuddy(self.ready)
        columns.addLayout(self._column(ready_head, self.ready), 1)
        layout.addLayout(columns, 1)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """Room for the title, the headings and ``ROWS`` students in each list."""
        view = self.ready
        row_height = view.sizeHintForRow(0) if view.count() else view.fontMetrics().height() + 2
        lists = ROWS * row_height + 2 * view.frameWidth() + 4
        return QSize(super().sizeHint().width(), self.title.sizeHint().height() * 2 + lists + 8)

    @staticmethod
    def _column(head: QLabel, view: QListWidget) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(1)
        column.addWidget(head)
        column.addWidget(view, 1)
        return column

    def clear(self) -> None:
        for view in self.lists.values():
            view.clear()

    def add(self, readiness: Readiness, name: str, reason: str, student_id: str) -> None:
        self.lists[readiness].addItem(row(name, reason, student_id))

    def count_heads(self) -> None:
        """Each list's heading with how many students it holds."""
        for category, head in self.heads.items():
            head.setText(f"<b>{_(category.label)}</b> ({self.lists[category].count()})")

    def rows_shown(self, readiness: Readiness | None = None) -> int:
        """How many rows the list (``None``: Ready to be assessed) shows without scrolling."""
        view = self.ready if readiness is None else self.lists[readiness]
        height = view.sizeHintForRow(0) if view.count() else view.fontMetrics().height() + 2
        return view.viewport().height() // max(height, 1)
