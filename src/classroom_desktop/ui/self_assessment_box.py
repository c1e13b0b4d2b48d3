"""A student's self-assessments beside the teacher's levels (a tab on the student's page).

The teacher records what the student says ("I think I am at 3 on 4.NF.1"); it is kept beside the
teacher's level and never changes mastery. Recording one is undoable (Edit ▸ Undo).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import _
from classroom_desktop.services import ChangeSet
from classroom_desktop.services.trackers import trackers_of
from classroom_desktop.ui.context import AppContext


class SelfAssessmentBox(QWidget):
    """Each standard with the teacher's level and the student's own, and a row to record a new one."""

    def __init__(self, ctx: AppContext, student_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.student_id = ctx, student_id
        self.trackers = trackers_of(ctx.classroom)
        layout = QVBoxLayout(self)
        intro = QLabel(_("What the student says about their own level, beside yours. "
                         "It never changes mastery; it prints on the student's tracker."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("I can…"), _("Teacher's level"), _("Student's own level"), _("Said on")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        bar, second = QHBoxLayout(), QHBoxLayout()
        self.standard = QComboBox()
        self.level = QComboBox()
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What the student said (optional)"))
        self.record_button = QPushButton(_("Record self-assessment"))
        self.record_button.clicked.connect(self.record)
        bar.addWidget(QLabel(_("Standard to assess:")))
        bar.addWidget(self.standard, 1)
        bar.addWidget(QLabel(_("The student's level:")))
        bar.addWidget(self.level)
        second.addWidget(self.note, 1)
        second.addWidget(self.record_button)
        layout.addLayout(bar)
        layout.addLayout(second)
        ctx.changed.connect(self._on_changes)
        self.reload()

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.concerns("self_assessment", "evidence", "standard"):
            self.reload()

    def reload(self) -> None:
        class_id = self.ctx.current_class_id
        if class_id is None:
            return
        table = self.ctx.classroom.evidence.mastery_table(class_id)
        own = self.trackers.latest(self.student_id)
        keep = self.standard.currentData()
        self.standard.clear()
        self.level.clear()
        for lv in table.scale.levels:
            self.level.addItem(f"{lv.value} {lv.label}", lv.value)
        self.table.setRowCount(len(table.standards))
        for row, s in enumerate(table.standards):
            self.standard.addItem(f"{s.code}  {s.statement}", s.id)
            cell = table.cell(self.student_id, s.id)
            mine = own.get(s.id)
            values = (
                f"{s.code}  {s.statement}",
                "–" if cell.value is None else f"{cell.value:.1f}",
                "–" if mine is None else f"{mine.level:g}" + (f" — {mine.note}" if mine.note else ""),
                "" if mine is None else mine.assessed_on.isoformat(),
            )
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if keep is not None and self.standard.findData(keep) >= 0:
            self.standard.setCurrentIndex(self.standard.findData(keep))

    def record(self) -> None:
        """Record the chosen level for the chosen standard (undoable)."""
        standard_id, level = self.standard.currentData(), self.level.currentData()
        if standard_id is None or level is None:
            return
        class_id, note = self.ctx.current_class_id, self.note.text()

        def do() -> str | None:
            return self.trackers.record(self.student_id, standard_id, level, class_id, note).created_id

        def undo(created: str | None) -> None:
            if created:
                self.trackers.remove(created)

        if self.ctx.edit(_("record a self-assessment"), do, undo) is not None:
            self.note.clear()


def self_assessment_tab(ctx: AppContext, student_id: str) -> QWidget:
    """The tab factory the Students page calls for each student."""
    return SelfAssessmentBox(ctx, student_id)
