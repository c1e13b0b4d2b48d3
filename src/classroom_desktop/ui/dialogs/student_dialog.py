"""Add or edit a student's names, ID and email."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from classroom_desktop.i18n import N_, _
from classroom_desktop.services.views import StudentView
from classroom_desktop.ui.widgets import ok_cancel

FIELDS: tuple[tuple[str, str], ...] = (
    ("given_name", N_("Given name")),
    ("family_name", N_("Family name")),
    ("preferred_name", N_("Preferred name")),
    ("student_number", N_("Student ID")),
    ("email", N_("Email")),
)


class StudentDialog(QDialog):
    """A form for one student; :meth:`values` holds what was typed once the dialog is accepted."""

    def __init__(self, student: StudentView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit student") if student else _("Add student"))
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in FIELDS:
            edit = QLineEdit(getattr(student, name) if student else "")
            edit.setObjectName(name)
            self.edits[name] = edit
            form.addRow(_(label), edit)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {name: " ".join(edit.text().split()) for name, edit in self.edits.items()}

    def problem(self) -> str | None:
        """What is wrong with the form, in a teacher's words, or None."""
        values = self.values()
        if not values["given_name"] and not values["family_name"]:
            return _("Give the student a name: a given name, a family name, or both.")
        email = values["email"]
        if email and ("@" not in email or " " in email):
            return _("'{email}' does not look like an email address.").format(email=email)
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        super().accept()
