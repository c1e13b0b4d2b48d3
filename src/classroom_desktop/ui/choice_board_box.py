"""The plan editor's choice board: the two to four activities offered for the chosen step, and the
student's pick (recorded with one click, undoable with Edit ▸ Undo)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from classroom_desktop.i18n import _
from classroom_desktop.services.choices import ChoiceStep, choices_of
from classroom_desktop.ui.context import AppContext

_ID = Qt.ItemDataRole.UserRole


class ChoiceBoardBox(QGroupBox):
    """Options of one plan step as a list of ticks: ticking one records the student's choice."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Choice board: the student picks one"), parent)
        self.ctx = ctx
        self.boards = choices_of(ctx.classroom)
        self.step: ChoiceStep | None = None
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.options = QListWidget()
        self.options.setWordWrap(True)
        self.options.setMinimumHeight(4 * self.options.fontMetrics().height() * 2 + 8)
        self.options.itemChanged.connect(self._ticked)
        layout.addWidget(self.hint)
        layout.addWidget(self.options)

    def show_step(self, student_id: str | None, class_id: str | None, step_id: str | None) -> None:
        """Show the choice board of ``step_id`` in the student's plan (empty when there is none)."""
        board = self.boards.board(student_id, class_id) if student_id and class_id and step_id else []
        self.step = next((s for s in board if s.step_id == step_id), None)
        self.options.blockSignals(True)
        self.options.clear()
        if self.step is None:
            self.hint.setText(_("Choose a step that is not mastered yet to see its choice board."))
        else:
            counts = self.boards.counts(class_id) if class_id else {}
            for activity, matched in zip(self.step.options, self.step.matched, strict=True):
                count = counts.get(activity.id, 0)
                text = f"{activity.title} ({count}×)"
                tip = _("chosen {count} times in the class").format(count=count)
                if matched:
                    tip += " · " + _("likes {interests}").format(interests=", ".join(matched))
                item = QListWidgetItem(text)
                item.setToolTip(tip)
                item.setData(_ID, activity.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = activity.id == self.step.chosen_id
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.options.addItem(item)
            chosen = self.step.chosen
            self.hint.setText(
                _("{code}: {count} activities to choose from. Chosen: {title}").format(
                    code=self.step.code, count=len(self.step.options),
                    title=chosen.title if chosen else _("not yet"))
            )
        self.options.blockSignals(False)

    def _ticked(self, item: QListWidgetItem) -> None:
        if self.step is None:
            return
        step_id = self.step.step_id
        picked = str(item.data(_ID)) if item.checkState() == Qt.CheckState.Checked else ""

        def do() -> str:
            before = self.boards.chosen(step_id)
            self.boards.choose(step_id, picked)
            return before

        def undo(before: str) -> None:
            self.boards.choose(step_id, before)

        self.ctx.edit(_("record the student's choice"), do, undo)

    def pick(self, activity_id: str) -> None:
        """Tick ``activity_id`` as the teacher would (for keyboard users and tests)."""
        for row in range(self.options.count()):
            item = self.options.item(row)
            if item.data(_ID) == activity_id:
                item.setCheckState(Qt.CheckState.Checked)
                return
