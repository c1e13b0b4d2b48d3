"""Small widgets shared by the window and its pages (nothing heavy imported here: they load at start)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import N_, _, program_translator
from classroom_desktop.ui.window_pages import LoadingPage


class PlaceholderPage(LoadingPage):
    """A page that is not built yet (or could not be opened): says plainly what it will hold."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, text, parent)
        self.settle()  # the message can be selected and copied at once


def show_whole_text(table: QTableWidget) -> None:
    """Never cut a teacher's words: every cell wraps, rows grow to fit, and the full text is the tooltip."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    if not table.property("fits_text"):  # rows grow again when a column is resized
        table.setProperty("fits_text", True)
        table.horizontalHeader().sectionResized.connect(lambda *_: table.resizeRowsToContents())
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item is not None and item.text():
                item.setToolTip(item.text())
    table.resizeRowsToContents()


def heading(text: str, scale: float = 1.25) -> QLabel:
    """A bold label, ``scale`` times the normal font size."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def hint(text: str) -> QLabel:
    """A grey, wrapped explanatory line."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # the theme keeps it at 4.5:1
    return label


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class EvidencePanel(QWidget):
    """One gradebook cell's evidence, newest first; the teacher corrects a date, kind, level or note.

    ``on_correct(item, **changes)`` is called with the piece of evidence and only the fields changed
    (``observed_on``, ``kind``, ``level``, ``note``).
    """

    HEADERS = (N_("Date"), N_("Kind"), N_("Level"), N_("Note"))

    def __init__(self, on_correct: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_correct = on_correct
        self.items: list[Any] = []  # Evidence, newest first
        self.title = heading("", 1.1)
        self.title.setWordWrap(True)
        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.history = QTableWidget(0, len(self.HEADERS))
        self.history.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setAccessibleName(_("Evidence history"))
        from classroom_desktop.ui.language import date_edit

        self.date_edit = date_edit()
        self.level_box = QComboBox()
        self.kind_box = QComboBox()
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("What you saw or heard"))
        self.save_button = QPushButton(_("Save changes"))
        self.save_button.setToolTip(_("Records a correction; the original is kept and Undo brings it back"))
        form = QFormLayout()
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Kind"), self.kind_box)
        form.addRow(_("Level"), self.level_box)
        form.addRow(_("Note"), self.note_edit)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.statement, self.summary, self.history):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        self.history.currentCellChanged.connect(lambda row, *_: self._edit_row(row))
        self.save_button.clicked.connect(self.save)
        self.note_edit.returnPressed.connect(self.save)
        self._editing(False)

    def _editing(self, enabled: bool) -> None:
        for widget in (self.date_edit, self.level_box, self.kind_box, self.note_edit, self.save_button):
            widget.setEnabled(enabled)

    def show_cell(
        self,
        student: Any,
        standard: Any,
        cell: Any,
        items: Sequence[Any],
        levels: Sequence[tuple[int, str]] = (),
        kinds: Sequence[str] = (),
    ) -> None:
        """Show a cell (``student`` None: nothing selected); keeps the selected row if it still exists."""

        keep = max(self.history.currentRow(), 0)
        self.items = list(reversed(items))
        if student is None:
            self.title.setText(_("No cell selected"))
            self.statement.setText(_("Select a cell in the gradebook to see its evidence here."))
            self.summary.setText("")
        else:
            self.title.setText(f"\u2068{student.display_name}\u2069 · {standard.code}")  # isolate RTL names
            self.statement.setText(standard.statement)
            if cell is None or cell.value is None:
                self.summary.setText(_("No evidence yet. Type a level in the cell to record some."))
            else:
                text = (
                    _("Mastery {value} ({state}) from 1 piece of evidence.")
                    if cell.count == 1
                    else _("Mastery {value} ({state}) from {count} pieces of evidence.")
                )
                state = _("mastered") if cell.mastered else _("not yet mastered")
                value = program_translator().mastery(cell.value)
                self.summary.setText(text.format(value=value, state=state, count=cell.count))
        self.level_box.clear()
        for value, label in levels:
            self.level_box.addItem(f"{value} — {label}", value)
        self.kind_box.clear()
        for kind in kinds:  # the kinds of the default list shown in the teacher's language
            self.kind_box.addItem(_(kind), kind)
        self.history.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            level = "" if item.level is None else program_translator().level(item.level)
            day = program_translator().short_date(item.observed_on)
            for col, text in enumerate((day, _(item.kind), level, item.note)):
                self.history.setItem(row, col, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setStretchLastSection(True)
        show_whole_text(self.history)
        if self.items:
            self.history.setCurrentCell(min(keep, len(self.items) - 1), 0)
            self._edit_row(self.history.currentRow())
        else:
            self._edit_row(-1)

    def _edit_row(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            self._editing(False)
            self.note_edit.clear()
            return
        item = self.items[row]
        self._editing(True)
        self.date_edit.setDate(QDate(item.observed_on.year, item.observed_on.month, item.observed_on.day))
        self.level_box.setCurrentIndex(max(0, self.level_box.findData(int(item.level or 0))))
        if self.kind_box.findData(item.kind) < 0:
            self.kind_box.addItem(_(item.kind), item.kind)
        self.kind_box.setCurrentIndex(self.kind_box.findData(item.kind))
        self.note_edit.setText(item.note)

    def selected(self) -> Any:
        row = self.history.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def changes(self) -> dict[str, Any]:
        """The fields the teacher changed for the selected piece of evidence."""
        item = self.selected()
        if item is None:
            return {}
        qd = self.date_edit.date()
        new = {
            "observed_on": date(qd.year(), qd.month(), qd.day()),
            "kind": self.kind_box.currentData(),
            "level": self.level_box.currentData(),
            "note": self.note_edit.text().strip(),
        }
        old = {"observed_on": item.observed_on, "kind": item.kind, "level": item.level, "note": item.note}
        return {k: v for k, v in new.items() if v is not None and v != old[k]}

    def save(self) -> None:
        item, changes = self.selected(), self.changes()
        if item is not None and changes:
            self._on_correct(item, **changes)


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel, wired to the dialog's accept() (which validates) and reject()."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
