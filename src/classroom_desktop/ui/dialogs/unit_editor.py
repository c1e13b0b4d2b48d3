"""The unit editor: a unit's name, driving problem, end task and standards (issue 17.1)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.i18n import _
from classroom_desktop.services.units import UnitView
from classroom_desktop.ui.widgets import hint, ok_cancel

_ID = Qt.ItemDataRole.UserRole


class UnitDialog(QDialog):
    """New or edited unit. ``values()`` gives the fields once accepted."""

    def __init__(self, parent: QWidget | None, standards: Sequence[StandardInfo],
                 unit: UnitView | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit unit") if unit else _("New unit"))
        self.name = QLineEdit(unit.name if unit else "")
        self.name.setPlaceholderText(_("e.g. Fair shares in the school garden"))
        self.problem = QPlainTextEdit(unit.driving_problem if unit else "")
        self.problem.setPlaceholderText(_("The question the students work on for the whole unit"))
        self.task = QPlainTextEdit(unit.end_task if unit else "")
        self.task.setPlaceholderText(_("What the students make or do at the end to solve it"))
        for box in (self.problem, self.task):
            box.setTabChangesFocus(True)
            box.setFixedHeight(70)
        self.standards = QListWidget()
        self.standards.setAccessibleName(_("The unit's standards"))
        chosen = set(unit.standard_ids) if unit else set()
        for s in standards:
            item = QListWidgetItem(f"{s.code} — {s.statement}")
            item.setData(_ID, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if s.id in chosen else Qt.CheckState.Unchecked)
            self.standards.addItem(item)
        form = QFormLayout()
        form.addRow(_("&Name"), self.name)
        form.addRow(_("Driving &problem"), self.problem)
        form.addRow(_("&End task"), self.task)
        self.problem_label = QLabel("")
        self.problem_label.setStyleSheet("color: #a00;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("<b>Skills</b> (tick the standards the end task needs)")))
        layout.addWidget(hint(_("They are kept in learning-path order: each prerequisite first.")))
        layout.addWidget(self.standards, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(ok_cancel(self))
        self.resize(640, 620)

    def chosen(self) -> list[str]:
        return [str(self.standards.item(i).data(_ID)) for i in range(self.standards.count())
                if self.standards.item(i).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        if not self.name.text().strip():
            self.problem_label.setText(_("Give the unit a name."))
            return
        if not self.chosen():
            message = _("Choose at least one standard for the unit: its skills lead to the end task.")
            self.problem_label.setText(message)
            return
        super().accept()

    def values(self) -> dict[str, object]:
        return {"name": self.name.text().strip(), "driving_problem": self.problem.toPlainText().strip(),
                "end_task": self.task.toPlainText().strip(), "standard_ids": self.chosen()}
