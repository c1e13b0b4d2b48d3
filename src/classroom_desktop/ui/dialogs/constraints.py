"""Keep apart / keep together: the pairs and sets a teacher fixes before groups are suggested."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import _
from classroom_desktop.services.groups import Constraints
from classroom_desktop.ui.widgets import ok_cancel

_ID = Qt.ItemDataRole.UserRole


class ConstraintsDialog(QDialog):
    """Keep-apart pairs and keep-together sets, kept for the class."""

    def __init__(self, parent: QWidget | None, names: dict[str, str], kept: Constraints) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keep apart and keep together"))
        self.names = names
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>{}</b> — {}".format(_("Keep apart"), _("never in the same group"))))
        self.apart = QListWidget()
        self.apart.setAccessibleName(_("Keep-apart pairs"))
        layout.addWidget(self.apart)
        row = QHBoxLayout()
        self.first, self.second = QComboBox(), QComboBox()
        for combo, label in ((self.first, _("First student")), (self.second, _("Second student"))):
            combo.setAccessibleName(label)
            for sid, name in names.items():
                combo.addItem(name, sid)
            row.addWidget(combo)
        add_pair, drop_pair = QPushButton(_("Add pair")), QPushButton(_("Remove pair"))
        add_pair.clicked.connect(lambda: self.add_pair(self.first.currentData(), self.second.currentData()))
        drop_pair.clicked.connect(lambda: self.apart.takeItem(self.apart.currentRow()))
        row.addWidget(add_pair)
        row.addWidget(drop_pair)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>{}</b> — {}".format(_("Keep together"), _("always in the same group"))))
        self.together = QListWidget()
        self.together.setAccessibleName(_("Keep-together sets"))
        layout.addWidget(self.together)
        self.pick = QListWidget()
        self.pick.setAccessibleName(_("Students for a keep-together set"))
        self.pick.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        for sid, name in names.items():
            item = QListWidgetItem(name)
            item.setData(_ID, sid)
            self.pick.addItem(item)
        layout.addWidget(self.pick)
        row2 = QHBoxLayout()
        add_set, drop_set = QPushButton(_("Keep selected students together")), QPushButton(_("Remove set"))
        add_set.clicked.connect(lambda: self.add_set([str(i.data(_ID)) for i in self.pick.selectedItems()]))
        drop_set.clicked.connect(lambda: self.together.takeItem(self.together.currentRow()))
        row2.addWidget(add_set)
        row2.addWidget(drop_set)
        layout.addLayout(row2)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #a00;")
        layout.addWidget(self.problem)
        buttons = ok_cancel(self)
        layout.addWidget(buttons)
        for a, b in kept.keep_apart:
            self.add_pair(a, b)
        for members in kept.keep_together:
            self.add_set(list(members))

    def _name(self, sid: str) -> str:
        return self.names.get(sid, _("a student no longer in the class"))

    def add_pair(self, a: str, b: str) -> None:
        if a == b:
            self.problem.setText(_("Choose two different students to keep apart."))
            return
        self.problem.setText("")
        item = QListWidgetItem(f"{self._name(a)}  ↔  {self._name(b)}")
        item.setData(_ID, [a, b])
        self.apart.addItem(item)

    def add_set(self, members: list[str]) -> None:
        if len(members) < 2:
            self.problem.setText(_("Select at least two students to keep together."))
            return
        self.problem.setText("")
        item = QListWidgetItem(", ".join(self._name(s) for s in members))
        item.setData(_ID, members)
        self.together.addItem(item)

    def constraints(self) -> Constraints:
        pairs = [self.apart.item(i).data(_ID) for i in range(self.apart.count())]
        sets = [self.together.item(i).data(_ID) for i in range(self.together.count())]
        return Constraints(tuple((str(a), str(b)) for a, b in pairs), tuple(tuple(map(str, s)) for s in sets))
