"""The learner profile editor: each field is saved when it loses focus or after a short pause, undoably.

Nothing typed is lost: switching student, hiding the page or quitting first saves what is pending.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import LANGUAGES, N_, _
from classroom_desktop.services import ChangeSet
from classroom_desktop.services.views import PROFILE_LABELS, PROFILE_TEXT_FIELDS, Goal, ProfileView
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.widgets import show_whole_text

SAVE_PAUSE_MS = 1200
#: Each profile field's label (shared with how a sync conflict names the field).
LABELS = PROFILE_LABELS
HINTS: dict[str, str] = {
    "strengths": N_("What comes easily; what the student is proud of"),
    "needs": N_("Where the student needs support"),
    "interests": N_("Topics, hobbies, things that spark curiosity"),
    "motivations": N_("What keeps the student going"),
    "learning_preferences": N_("How the student likes to learn (pairs, hands-on, quiet space…)"),
    "accommodations": N_("Extra time, large print, read-aloud…"),
    "languages": N_("Languages spoken at home and at school"),
    "notes": N_("Anything else worth remembering"),
}


def parse_goals(rows: list[tuple[str, str]]) -> tuple[tuple[Goal, ...], str | None]:
    """Goals from the table's (text, target date) rows, and a message for the first unreadable date."""
    goals: list[Goal] = []
    for text, target in rows:
        text, target = text.strip(), target.strip()
        if not text:
            continue
        when = None
        if target:
            try:
                when = date.fromisoformat(target)
            except ValueError:
                return tuple(goals), _(
                    "'{value}' is not a date; write it as year-month-day, like 2026-12-18."
                ).format(value=target)
        goals.append(Goal(text, when))
    return tuple(goals), None


class ProfileEditor(QWidget):
    """Edits one student's learner profile through ``ctx.edit`` (so Edit ▸ Undo takes a field back)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student_id: str | None = None
        self.student_name = ""
        self._saved: dict[str, str] = dict.fromkeys(PROFILE_TEXT_FIELDS, "")
        self._saved_goals: tuple[Goal, ...] = ()
        self._saved_language = ""
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_PAUSE_MS)
        self._timer.timeout.connect(self.flush)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QPlainTextEdit] = {}
        for name in PROFILE_TEXT_FIELDS:
            edit = QPlainTextEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(_(HINTS[name]))
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(54)
            edit.textChanged.connect(self._typed)
            edit.installEventFilter(self)
            self.fields[name] = edit
            form.addRow(_(LABELS[name]), edit)
            if name == "motivations":
                form.addRow(_("Goals"), self._goals_box())
            if name == "languages":
                form.addRow(_("Family's language"), self._home_language_box())
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        ctx.changed.connect(self._on_changes)
        self.setEnabled(False)

    def _home_language_box(self) -> QComboBox:
        """The language the family's progress report prints in (the teacher's when none is chosen)."""
        self.home_language = QComboBox()
        self.home_language.setObjectName("home_language")
        self.home_language.setAccessibleName(_("Family's language for progress reports"))
        self.home_language.setToolTip(_("Progress reports for this student's family print in this language."))
        self.home_language.addItem(_("Same as the teacher's"), "")
        for code, name in LANGUAGES.items():
            self.home_language.addItem(name, code)
        self.home_language.currentIndexChanged.connect(self._language_chosen)
        return self.home_language

    def _language_chosen(self, _index: int) -> None:
        sid, new = self.student_id, str(self.home_language.currentData() or "")
        if self._loading or not sid or new == self._saved_language:
            return
        old, self._saved_language = self._saved_language, new
        students, who = self.ctx.classroom.students, f" ({self.student_name})" if self.student_name else ""
        self.ctx.edit(
            _("Choose the family's language") + who,
            lambda: students.edit_profile(sid, home_language=new),
            lambda _r: students.edit_profile(sid, home_language=old),
        )

    def _goals_box(self) -> QWidget:
        box = QWidget()
        self.goals_table = QTableWidget(0, 2)
        self.goals_table.setObjectName("goals")
        self.goals_table.setHorizontalHeaderLabels([_("Goal"), _("Target date")])
        header = self.goals_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.goals_table.verticalHeader().hide()
        self.goals_table.setFixedHeight(110)
        self.goals_table.itemChanged.connect(self._typed)
        self.goals_table.installEventFilter(self)
        add = QPushButton(_("Add goal"))
        add.clicked.connect(self.add_goal_row)
        remove = QPushButton(_("Remove goal"))
        remove.clicked.connect(self._remove_goal)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.goals_table)
        layout.addLayout(buttons)
        return box

    # ---- loading ------------------------------------------------------------------------
    def set_student(self, student_id: str | None, name: str = "") -> None:
        """Show another student's profile, after saving anything typed for the current one."""
        self.flush()
        self.student_id = student_id
        self.student_name = name
        self.setEnabled(student_id is not None)
        profile = self.ctx.classroom.students.profile(student_id) if student_id else None
        self._show(profile or ProfileView(""), force=True)

    def _show(self, profile: ProfileView, force: bool = False) -> None:
        """Put stored values into the fields; a field with unsaved typing keeps it unless ``force``."""
        self._loading = True
        try:
            for name, edit in self.fields.items():
                stored = getattr(profile, name)
                if force or edit.toPlainText() == self._saved[name]:
                    if edit.toPlainText() != stored:
                        edit.setPlainText(stored)
                self._saved[name] = stored
            if force or self._table_goals()[0] == self._saved_goals:
                if self._table_goals()[0] != profile.goals or force:
                    self._fill_goals(profile.goals)
            self._saved_goals = profile.goals
            self._saved_language = profile.home_language
            index = self.home_language.findData(profile.home_language)
            self.home_language.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    def _fill_goals(self, goals: tuple[Goal, ...]) -> None:
        self.goals_table.setRowCount(len(goals))
        for row, goal in enumerate(goals):
            self.goals_table.setItem(row, 0, QTableWidgetItem(goal.text))
            self.goals_table.setItem(row, 1, QTableWidgetItem(goal.target.isoformat() if goal.target else ""))
        show_whole_text(self.goals_table)

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.student_id and changes.concerns("learner_profile"):
            self._show(self.ctx.classroom.students.profile(self.student_id))

    # ---- saving -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.FocusOut and not self._loading:
            self.flush()
        return super().eventFilter(watched, event)

    def _typed(self, *_args: object) -> None:
        if not self._loading and self.student_id:
            self._timer.start()

    def add_goal_row(self) -> None:
        row = self.goals_table.rowCount()
        self._loading = True
        self.goals_table.insertRow(row)
        self.goals_table.setItem(row, 0, QTableWidgetItem(""))
        self.goals_table.setItem(row, 1, QTableWidgetItem(""))
        self._loading = False
        self.goals_table.setCurrentCell(row, 0)
        item = self.goals_table.item(row, 0)
        if item is not None:
            self.goals_table.editItem(item)

    def _remove_goal(self) -> None:
        row = self.goals_table.currentRow()
        if row >= 0:
            self.goals_table.removeRow(row)
            self.flush()

    def _table_goals(self) -> tuple[tuple[Goal, ...], str | None]:
        rows = []
        for r in range(self.goals_table.rowCount()):
            cells = [self.goals_table.item(r, c) for c in (0, 1)]
            rows.append(tuple(c.text() if c is not None else "" for c in cells))
        return parse_goals([(a, b) for a, b in rows])

    def pending(self) -> bool:
        """Whether anything typed is not saved yet."""
        if any(e.toPlainText().strip() != self._saved[n].strip() for n, e in self.fields.items()):
            return True
        goals, problem = self._table_goals()
        return problem is None and goals != self._saved_goals

    def _save_field(self, sid: str, name: str, new: str, old: str, text: str) -> None:
        students = self.ctx.classroom.students

        def do() -> ChangeSet:
            return students.edit_profile(sid, None, **{name: new})

        def undo(_result: object) -> ChangeSet:
            return students.edit_profile(sid, None, **{name: old})

        self.ctx.edit(text, do, undo)

    def flush(self) -> None:
        """Save every field that differs from what is stored, one undoable edit per field."""
        self._timer.stop()
        sid = self.student_id
        if not sid:
            return
        students = self.ctx.classroom.students
        who = f" ({self.student_name})" if self.student_name else ""
        for name, edit in self.fields.items():
            new, old = edit.toPlainText().strip(), self._saved[name]
            if new == old.strip():
                continue
            self._saved[name] = new
            self._save_field(
                sid, name, new, old, _("Edit {field}").format(field=_(LABELS[name]).lower()) + who
            )
        goals, problem = self._table_goals()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.error_label.hide()
        if goals != self._saved_goals:
            old_goals = self._saved_goals
            self._saved_goals = goals
            self.ctx.edit(
                _("Edit goals") + who,
                lambda: students.edit_profile(sid, goals=goals),
                lambda _r: students.edit_profile(sid, goals=old_goals),
            )

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt name)
        self.flush()
        super().hideEvent(event)
