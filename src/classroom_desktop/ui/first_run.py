"""The first-run screen (create a class, open the demo class, restore a backup) and File ▸ New class."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop import APP_NAME
from classroom_desktop.i18n import _
from classroom_desktop.ui.widgets import heading, hint, ok_cancel

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


@dataclass(frozen=True)
class NewClass:
    """A new class as typed. ``framework_id`` None: make a framework called ``framework``."""

    name: str
    school_year: str = ""
    framework_id: str | None = None
    framework: str = ""


@dataclass(frozen=True)
class FirstRunChoice:
    """``kind`` is "create", "demo" or "restore"."""

    kind: str
    new_class: NewClass | None = None
    backup: Path | None = None


def create_class(classroom: Classroom, choice: NewClass) -> str:
    """Create the class (and its framework when a new one was named); returns the class id."""
    framework_id = choice.framework_id
    if framework_id is None and choice.framework.strip():
        framework_id = classroom.curriculum.add_framework(choice.framework).created_id
    return str(classroom.classes.create(choice.name, choice.school_year, framework_id).created_id)


class ClassForm(QWidget):
    """Name, school year and framework (pick one, or type a new name)."""

    def __init__(self, frameworks: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("for example: 4B Mathematics"))
        self.year = QLineEdit()
        self.year.setPlaceholderText(_("for example: 2026–2027"))
        self.framework = QComboBox()
        self.framework.setEditable(True)
        self.framework.addItem("", None)
        for name, framework_id in frameworks:
            self.framework.addItem(name, framework_id)
        line = self.framework.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("pick one, or type a new framework's name"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Class name"), self.name)
        form.addRow(_("School year"), self.year)
        form.addRow(_("Framework"), self.framework)

    def value(self) -> NewClass:
        text = self.framework.currentText().strip()
        index = self.framework.findText(text)
        framework_id = self.framework.itemData(index) if index > 0 else None
        return NewClass(
            self.name.text().strip(), self.year.text().strip(), framework_id, "" if framework_id else text
        )


class NewClassDialog(QDialog):
    def __init__(self, frameworks: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New class"))
        self.form = ClassForm(frameworks)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.form.value().name:
            QMessageBox.warning(self, _("New class"), _("The class needs a name."))
            return
        super().accept()

    def choice(self) -> NewClass:
        return self.form.value()


class FirstRunDialog(QDialog):
    """Shown when there is no workspace yet. After ``exec()``, :attr:`result_choice` says what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to {app}").format(app=APP_NAME))
        self.result_choice: FirstRunChoice | None = None
        self.form = ClassForm([])
        create = QPushButton(_("Create the class"))
        create.setDefault(True)
        demo = QPushButton(_("Open the demo class"))
        restore = QPushButton(_("Restore a backup…"))
        create.clicked.connect(self._create)
        demo.clicked.connect(lambda: self._finish(FirstRunChoice("demo")))
        restore.clicked.connect(self._restore)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Welcome to {app}").format(app=APP_NAME), 1.5))
        layout.addWidget(
            hint(
                _(
                    "Your classes are kept on this computer. Start with your own class, look "
                    "around a demo class first, or bring back a backup from another computer."
                )
            )
        )
        layout.addWidget(heading(_("Create a class")))
        layout.addWidget(self.form)
        layout.addWidget(create)
        layout.addWidget(heading(_("Or")))
        layout.addWidget(demo)
        layout.addWidget(restore)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)

    def _finish(self, choice: FirstRunChoice) -> None:
        self.result_choice = choice
        self.accept()

    def _create(self) -> None:
        value = self.form.value()
        if not value.name:
            self.error.setText(_("Type the class's name first."))
            self.form.name.setFocus()
            return
        self._finish(FirstRunChoice("create", new_class=value))

    def _restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Pick a backup"), "", _("Class backups (*.sqlite3)")
        )
        if path:
            self._finish(FirstRunChoice("restore", backup=Path(path)))
