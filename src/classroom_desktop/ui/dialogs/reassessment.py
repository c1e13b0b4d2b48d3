"""Marking a student ready to be re-assessed, and recording the result from the slip (issue 17.5).

The result dialog is made for typing from a pile of slips: the slip's student is chosen, the level
is one digit, Enter saves and the next slip is ready.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.scale import ProficiencyScale
from classroom_desktop.i18n import _
from classroom_desktop.services.reassessment import ReadyMark
from classroom_desktop.ui.widgets import hint, ok_cancel


class MarkReadyDialog(QDialog):
    """Who is ready to be re-assessed on the focus standard, and a note on why."""

    def __init__(self, parent: QWidget | None, code: str, students: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ready to be re-assessed on {code}").format(code=code))
        self.student = QComboBox()
        self.student.setAccessibleName(_("Student"))
        for sid, name in students:
            self.student.addItem(name, sid)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What shows they are ready (optional)"))
        self.by_student = QCheckBox(_("The student asked for it"))
        form = QFormLayout(self)
        form.addRow(_("&Student"), self.student)
        form.addRow(_("&Note"), self.note)
        form.addRow("", self.by_student)
        form.addRow(ok_cancel(self))

    def values(self) -> tuple[str, str, str]:
        """(student id, note, who marked: "teacher" or "student")."""
        return (str(self.student.currentData()), self.note.text(),
                "student" if self.by_student.isChecked() else "teacher")


class ResultDialog(QDialog):
    """The result of a re-assessment, typed from its slip: slip, level, Enter."""

    def __init__(self, parent: QWidget | None, marks: Sequence[ReadyMark], scale: ProficiencyScale,
                 kinds: Sequence[str], today: date, chosen: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record a re-assessment"))
        self.slip = QComboBox()
        self.slip.setAccessibleName(_("Slip"))
        for n, m in enumerate(marks, start=1):
            self.slip.addItem(f"#{n}  {m.name} — {m.code}", m.id)
            if m.id == chosen:
                self.slip.setCurrentIndex(n - 1)
        self.level = QSpinBox()
        self.level.setAccessibleName(_("Level"))
        self.level.setRange(scale.minimum, scale.maximum)
        self.level.setValue(int(scale.cutoff))
        legend = ", ".join(f"{lv.value} {lv.label}" for lv in scale.levels)
        self.kind = QComboBox()
        self.kind.addItems(list(kinds))
        self.kind.setCurrentText("quiz" if "quiz" in kinds else kinds[0])
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What the student showed (optional)"))
        layout = QVBoxLayout(self)
        layout.addWidget(hint(_("Type the level and press Enter. The mark “ready” is cleared.")))
        form = QFormLayout()
        form.addRow(_("S&lip"), self.slip)
        form.addRow(_("&Level"), self.level)
        form.addRow("", QLabel(legend))
        form.addRow(_("&Kind"), self.kind)
        form.addRow(_("&Date"), self.day)
        form.addRow(_("N&ote"), self.note)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        """Open ready to type the level: one digit replaces the suggested one, Enter saves."""
        super().showEvent(event)
        self.level.setFocus()
        self.level.selectAll()

    def values(self) -> tuple[str, float, date, str, str]:
        """(mark id, level, date, kind, note)."""
        day = self.day.date().toPython()
        assert isinstance(day, date)
        return str(self.slip.currentData()), float(self.level.value()), day, self.kind.currentText(), \
            self.note.text()
