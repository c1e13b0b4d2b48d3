"""The pieces of the group board: student cards, a group's column, the group dialog.

Split from ``board.py`` along its seam: these widgets only show a group and hand every
selection, drag, drop and keyboard move to the :class:`~classroom_desktop.ui.board.Board`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QFocusEvent, QIcon, QKeyEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import N_, _
from classroom_desktop.ui.widgets import ok_cancel

if TYPE_CHECKING:
    from classroom_desktop.ui.board import Board

UNASSIGNED = ""
ACCOMMODATION_MARK = "⚑"
INTEREST_MARK = "★"
_ID = Qt.ItemDataRole.UserRole
#: The width of a group's column on the board.
COLUMN_WIDTH = 196
#: The least height of a column's cards (room to drop a card into an empty group).
MIN_LIST_HEIGHT = 120


@dataclass(frozen=True)
class BoardStudent:
    id: str
    name: str
    level: str = N_("No evidence yet")
    colour: str = "#eeeeee"
    accommodations: str = ""
    interests: str = ""
    reason: str = ""  # why the student is in their group


@dataclass
class BoardGroup:
    key: str
    name: str
    activity: str = ""
    teacher_led: bool = False
    materials: str = ""
    members: list[str] = field(default_factory=list)


class GroupDialog(QDialog):
    """Name, activity, materials and teacher-led of a group."""

    def __init__(self, parent: QWidget | None, group: BoardGroup) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Group"))
        self.name, self.activity, self.materials = (
            QLineEdit(group.name),
            QLineEdit(group.activity),
            QLineEdit(group.materials),
        )
        self.teacher_led = QCheckBox(_("Teacher-led (otherwise independent)"))
        self.teacher_led.setChecked(group.teacher_led)
        form = QFormLayout(self)
        form.addRow(_("&Name"), self.name)
        form.addRow(_("&Activity"), self.activity)
        form.addRow(_("&Materials"), self.materials)
        form.addRow("", self.teacher_led)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def result_group(self, group: BoardGroup) -> BoardGroup:
        return replace(
            group,
            name=self.name.text(),
            activity=self.activity.text(),
            materials=self.materials.text(),
            teacher_led=self.teacher_led.isChecked(),
        )


class StudentList(QListWidget):
    """One column's cards. Selection, drag start, drop and keyboard moves are handed to the board."""

    def __init__(self, board: Board, key: str) -> None:
        super().__init__()
        self.board, self.key = board, key
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setWordWrap(True)
        self.setSpacing(2)

    def selected_ids(self) -> list[str]:
        return [str(item.data(_ID)) for item in self.selectedItems()]

    def startDrag(self, _actions: Any) -> None:  # noqa: N802 (Qt name)
        self.board.begin_drag(self.selected_ids())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.board.dragging:
            self.board.drag_to(event.globalPosition().toPoint())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.board.dragging:
            self.board.drop_at(event.globalPosition().toPoint())
            return
        super().mouseReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Tabbing in chooses a card (the current one, else the first), so Alt+→ moves it at once."""
        super().focusInEvent(event)
        self.choose_current()

    def choose_current(self) -> None:
        if self.count() and not self.selectedItems():
            item = self.currentItem() or self.item(0)
            self.setCurrentItem(item)
            item.setSelected(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            self.choose_current()
            self.board.move_by_keyboard(self, 1 if event.key() == Qt.Key.Key_Right else -1)
            return
        if event.key() == Qt.Key.Key_M and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            item = self.currentItem()
            rect = self.visualItemRect(item) if item else self.rect()
            self.board.move_menu(self).exec(self.viewport().mapToGlobal(rect.center()))
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        self.board.move_menu(self).exec(event.globalPos())


class GroupColumn(QFrame):
    def __init__(
        self,
        board: Board,
        group: BoardGroup,
        students: dict[str, BoardStudent],
        unit: tuple[str, str] = ("", ""),
    ) -> None:
        super().__init__()
        self.key = group.key
        self.setObjectName("groupColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(self)
        tray = group.key == UNASSIGNED
        self.title = QLabel(f"<b>{group.name}</b>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        count = len(group.members)
        size = _("1 student") if count == 1 else _("{count} students").format(count=count)
        led = _("Teacher-led") if group.teacher_led else _("Independent")
        self.info = QLabel(size if tray else f"{led} · {size}")
        layout.addWidget(self.info)
        #: the group's line (on Today: its progress toward the unit's end task, short; the whole
        #: sentence in its tooltip), read aloud in full with the group's cards
        line, described = unit
        described = described or line
        self.line = QLabel(line)
        self.line.setToolTip(described)
        self.line.setAccessibleName(line)
        self.line.setAccessibleDescription(described)
        self.line.setWordWrap(True)
        self.line.setObjectName("groupLine")
        self.line.setStyleSheet("#groupLine { background: #eef3e2; color: #1f3300; padding: 2px; }")
        self.line.setVisible(bool(line))
        layout.addWidget(self.line)
        if not tray:
            # one line, so the cards start high enough to be seen on a 720-pixel screen
            activity = group.activity or _("No activity yet")
            self.activity = QLabel()
            width = COLUMN_WIDTH - 2 * (layout.contentsMargins().left() + self.frameWidth())
            self.activity.setText(
                self.activity.fontMetrics().elidedText(activity, Qt.TextElideMode.ElideRight, width)
            )
            self.activity.setToolTip(activity)
            self.activity.setAccessibleName(activity)
            self.activity.setStyleSheet("color: #444;")
            layout.addWidget(self.activity)
            row = QHBoxLayout()
            edit, remove = QPushButton(_("Edit…")), QPushButton(_("Remove"))
            edit.setAccessibleName(_("Edit group {name}").format(name=group.name))
            remove.setAccessibleName(_("Remove group {name}").format(name=group.name))
            edit.clicked.connect(lambda: board.edit_with_dialog(group.key))
            remove.clicked.connect(lambda: board.remove_group(group.key))
            row.addWidget(edit)
            row.addWidget(remove)
            layout.addLayout(row)
        self.list = StudentList(board, group.key)
        self.list.setAccessibleName(f"{group.name}: {size}")
        self.list.setAccessibleDescription(described)
        self.setAccessibleName(group.name)
        self.setAccessibleDescription(described)
        for sid in group.members:
            self.list.addItem(_card(students[sid]))
        layout.addWidget(self.list)
        layout.addStretch(1)
        self.fit_cards()

    def fit_cards(self) -> None:
        """Make the list tall enough for all its cards (the board scrolls, not each column)."""
        metrics = self.list.fontMetrics()
        text_width = COLUMN_WIDTH - 2 * self.list.frameWidth() - 62  # margins, swatch, a scroll bar
        needed = 0
        for i in range(self.list.count()):
            box = metrics.boundingRect(
                QRect(0, 0, text_width, 10_000), int(Qt.TextFlag.TextWordWrap), self.list.item(i).text()
            )
            needed += box.height() + 2 * self.list.spacing() + 6
        self.list.setFixedHeight(max(MIN_LIST_HEIGHT, needed + 2 * self.list.frameWidth() + 4))

    def set_highlight(self, on: bool) -> None:
        self.setStyleSheet("#groupColumn { border: 2px solid #2c7bb6; background: #eef5fb; }" if on else "")


def _card(student: BoardStudent) -> QListWidgetItem:
    marks = (f" {ACCOMMODATION_MARK}" if student.accommodations else "") + (
        f" {INTEREST_MARK}" if student.interests else ""
    )
    why = f"\n{student.reason}" if student.reason else ""
    item = QListWidgetItem(f"{student.name}\n{student.level}{marks}{why}")
    swatch = QPixmap(12, 28)
    swatch.fill(QColor(student.colour))
    item.setIcon(QIcon(swatch))
    item.setData(_ID, student.id)
    tips = [student.name, student.level]
    if student.reason:
        tips.append(_("Why here: {reason}").format(reason=student.reason))
    if student.accommodations:
        tips.append(_("Accommodations: {text}").format(text=student.accommodations))
    if student.interests:
        tips.append(_("Interests: {text}").format(text=student.interests))
    item.setToolTip("\n".join(tips))
    item.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join(tips))
    return item
