"""The learning-plan editor for one student: steps (drag to reorder), dates, status, activities,
goals and the student's reflection. Every edit is undoable (Edit ▸ Undo) through ``ctx.edit``.
The Plans page shows it; the Students page embeds it as a tab.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services import ChangeSet
from classroom_desktop.services.plans import PlanView, StepView, plans_of
from classroom_desktop.services.views import Goal
from classroom_desktop.ui.a11y import keyboard_reorder
from classroom_desktop.ui.choice_board_box import ChoiceBoardBox
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import isolated, localize_date_edit
from classroom_desktop.ui.plan_steps import (  # noqa: F401 (re-exported for the pages and tests)
    COLUMNS,
    DATE_COL,
    MIME,
    NOTES_COL,
    STATUS_COL,
    DateDelegate,
    StatusDelegate,
    StepsModel,
    pydate,
    qdate,
)
from classroom_desktop.ui.widgets import show_whole_text


class PlanEditor(QWidget):
    """One student's learning plan, editable; refreshes itself when the plan or evidence changes."""

    def __init__(self, ctx: AppContext, student_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plans = plans_of(ctx.classroom)
        self.student_id = student_id
        self.plan: PlanView | None = None
        #: A step moved from the keyboard: the next reload keeps it chosen.
        self._follow_step: str | None = None
        self.model = StepsModel(self._edit_step, self._reorder)
        self._build()
        ctx.changed.connect(self._on_changes)
        self.reload()

    # ---- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            localize_date_edit(edit)
        today = self.ctx.today()
        self.start_edit.setDate(qdate(today))
        self.end_edit.setDate(qdate(today + timedelta(weeks=8)))
        self.draft_button = QPushButton(_("Draft plan"))
        self.draft_button.clicked.connect(self.draft)
        # The student's name on its own line, so a long name (or a long language) never squeezes the
        # dates and the Draft button.
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.title)
        top.addStretch(1)
        for widget in (QLabel(_("From")), self.start_edit, QLabel(_("to")), self.end_edit, self.draft_button):
            top.addWidget(widget)
        layout.addLayout(top)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # our own mime type only
        self.view.setDragDropOverwriteMode(False)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setItemDelegateForColumn(DATE_COL, DateDelegate(self.ctx.today, self.view))
        self.view.setItemDelegateForColumn(STATUS_COL, StatusDelegate(self.view))
        header = self.view.horizontalHeader()
        for col in (0, DATE_COL, STATUS_COL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTES_COL, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().hide()
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_activities())
        self.view.setAccessibleName(_("Steps of the learning plan"))
        self.view.setAccessibleDescription(_("Alt+Up and Alt+Down move the chosen step."))
        keyboard_reorder(self.view, self.move_step)

        steps_bar = QHBoxLayout()
        self.standard_combo = QComboBox()
        add_step = QPushButton(_("Add step"))
        add_step.clicked.connect(self.add_step)
        remove_step = QPushButton(_("Remove step"))
        remove_step.clicked.connect(self.remove_step)
        for bar_widget in (QLabel(_("Standard:")), self.standard_combo, add_step, remove_step):
            steps_bar.addWidget(bar_widget)
        steps_bar.addStretch(1)

        side = QVBoxLayout()
        side.addWidget(QLabel(_("Activities for the chosen step")))
        self.activity_list = QListWidget()
        self.activity_combo = QComboBox()
        self.activity_combo.setAccessibleName(_("Activity to add"))
        add_activity = QPushButton(_("Add activity"))
        add_activity.clicked.connect(self.add_activity)
        remove_activity = QPushButton(_("Remove activity"))
        remove_activity.clicked.connect(self.remove_activity)
        for side_widget in (self.activity_list, self.activity_combo, add_activity, remove_activity):
            side.addWidget(side_widget)
        self.choice_box = ChoiceBoardBox(self.ctx)
        side.addWidget(self.choice_box)
        side.addWidget(QLabel(_("Goals (goal, and by when: 2026-12-11)")))
        self.goals = QTableWidget(0, 2)
        self.goals.setHorizontalHeaderLabels([_("Goal"), _("By")])
        self.goals.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.goals.itemChanged.connect(lambda _item: self.save_goals())
        goal_bar = QHBoxLayout()
        for text, slot in ((_("Add goal"), self.add_goal), (_("Remove goal"), self.remove_goal)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            goal_bar.addWidget(button)
        side.addWidget(self.goals)
        side.addLayout(goal_bar)
        side.addWidget(QLabel(_("The student's reflection")))
        self.reflection = QPlainTextEdit()
        save_reflection = QPushButton(_("Save reflection"))
        save_reflection.clicked.connect(self.save_reflection)
        side.addWidget(self.reflection)
        side.addWidget(save_reflection)

        left, right = QWidget(), QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view)
        left_layout.addLayout(steps_bar)
        right.setLayout(side)
        side_scroll = QScrollArea()  # the side column scrolls on a short screen
        side_scroll.setWidget(right)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(side_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    # ---- reading ------------------------------------------------------------------------------
    @property
    def class_id(self) -> str | None:
        return self.ctx.current_class_id

    def set_student(self, student_id: str | None) -> None:
        self.student_id = student_id
        self.reload()

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.concerns(
            "learning_plan", "plan_step", "activity", "evidence", "standard", "learner_profile"
        ):
            self.reload()

    def reload(self) -> None:
        """Read the plan again and redraw, keeping the chosen step."""
        current = self.selected_step()
        keep = self._follow_step or (current.id if current is not None else None)
        self._follow_step = None
        self.plan = self.plans.plan(self.student_id, self.class_id) if self.student_id else None
        steps = list(self.plan.steps) if self.plan else []
        self.model.set_steps(steps)
        name = self.ctx.classroom.students.get(self.student_id).display_name if self.student_id else ""
        self.title.setText(
            _("Learning plan: {name}").format(name=name)
            if self.plan
            else _("{name} has no learning plan yet. Draft one.").format(name=name)
            if name
            else _("Choose a student.")
        )
        self.draft_button.setText(_("Draft again (keeps your changes)") if self.plan else _("Draft plan"))
        self.draft_button.setEnabled(bool(self.student_id and self.class_id))
        if self.plan and self.plan.start_on and self.plan.end_on:
            self.start_edit.setDate(qdate(self.plan.start_on))
            self.end_edit.setDate(qdate(self.plan.end_on))
        ids = [s.id for s in steps]
        if keep is not None and keep in ids:
            self.view.selectRow(ids.index(keep))
        self._fill_standards()
        self._fill_goals()
        self.reflection.setPlainText(self.plan.reflection if self.plan else "")
        self._show_activities()

    def _fill_standards(self) -> None:
        self.standard_combo.clear()
        if not self.class_id:
            return
        framework = self.ctx.classroom.classes.get(self.class_id).framework_id
        taken = {s.standard_id for s in self.model.steps}
        for standard in self.ctx.classroom.curriculum.standards(framework) if framework else []:
            if standard.id not in taken:
                self.standard_combo.addItem(isolated(f"{standard.code}  {standard.statement}"), standard.id)

    def _fill_goals(self) -> None:
        self.goals.blockSignals(True)
        goals = self.plan.goals if self.plan else ()
        self.goals.setRowCount(len(goals))
        for row, goal in enumerate(goals):
            self.goals.setItem(row, 0, QTableWidgetItem(goal.text))
            self.goals.setItem(row, 1, QTableWidgetItem(goal.target.isoformat() if goal.target else ""))
        show_whole_text(self.goals)
        self.goals.blockSignals(False)

    def selected_step(self) -> StepView | None:
        row = self.view.currentIndex().row()
        return self.model.steps[row] if 0 <= row < len(self.model.steps) else None

    def _show_activities(self) -> None:
        step = self.selected_step()
        self.choice_box.show_step(self.student_id, self.class_id, step.id if step else None)
        self.activity_list.clear()
        self.activity_combo.clear()
        if step is None or not self.class_id:
            return
        for activity in step.activities:
            item = QListWidgetItem(isolated(activity.title))
            item.setData(Qt.ItemDataRole.UserRole, activity.id)
            self.activity_list.addItem(item)
        library = self.plans.activities(self.class_id)
        chosen = set(step.activity_ids)
        ordered = sorted(library, key=lambda a: (step.standard_id not in a.standard_ids, a.title.casefold()))
        for activity in ordered:
            if activity.id not in chosen:
                self.activity_combo.addItem(isolated(activity.title), activity.id)

    # ---- edits (each one undoable) ------------------------------------------------------------
    def _edit(self, text: str, action: Callable[[], object]) -> None:
        if self.plan is None:
            return
        plan_id = self.plan.id

        def do() -> dict[str, Any]:
            before = self.plans.snapshot(plan_id)
            action()
            return before

        self.ctx.edit(text, do, self.plans.restore)

    def _edit_step(self, step_id: str, field: str, value: Any) -> None:
        words = {
            "target_on": _("change a step's date"),
            "status": _("change a step's status"),
            "notes": _("change a step's notes"),
        }[field]
        self._edit(words, lambda: self.plans.edit_step(step_id, **{field: value}))

    def _reorder(self, order: list[str]) -> None:
        self._edit(
            _("reorder the plan's steps"),
            lambda: self.plans.reorder(self.plan.id, order) if self.plan else None,
        )

    def move_step(self, by: int) -> None:
        """Move the chosen step ``by`` places (-1 up, +1 down), as a drag would."""
        step = self.selected_step()
        ids = [s.id for s in self.model.steps]
        if step is None or step.id not in ids:
            return
        old = ids.index(step.id)
        new = min(max(old + by, 0), len(ids) - 1)
        if new == old:
            return
        ids.insert(new, ids.pop(old))
        self._follow_step = step.id  # the next reload keeps the moved step chosen, however soon it comes
        self._reorder(ids)
        if [s.id for s in self.model.steps] == ids:  # the plan was read again already
            self.view.selectRow(new)

    def draft(self) -> None:
        if not (self.student_id and self.class_id):
            return
        start, end = pydate(self.start_edit.date()), pydate(self.end_edit.date())
        student_id, class_id = self.student_id, self.class_id
        if self.plan is None:
            self.ctx.guard(lambda: self.plans.draft(student_id, class_id, start, end))
            self.reload()  # a new plan: nothing to undo to
            return
        self._edit(_("draft the plan again"), lambda: self.plans.draft(student_id, class_id, start, end))

    def add_step(self) -> None:
        standard_id = self.standard_combo.currentData()
        if self.plan is None or not standard_id:
            return
        plan_id = self.plan.id
        self._edit(_("add a step"), lambda: self.plans.add_step(plan_id, standard_id))

    def remove_step(self) -> None:
        step = self.selected_step()
        if step is not None:
            self._edit(_("remove a step"), lambda: self.plans.remove_step(step.id))

    def add_activity(self) -> None:
        step, activity_id = self.selected_step(), self.activity_combo.currentData()
        if step is not None and activity_id:
            ids = [*step.activity_ids, activity_id]
            self._edit(_("add an activity"), lambda: self.plans.edit_step(step.id, activity_ids=ids))

    def remove_activity(self) -> None:
        step, item = self.selected_step(), self.activity_list.currentItem()
        if step is not None and item is not None:
            gone = item.data(Qt.ItemDataRole.UserRole)
            ids = [a for a in step.activity_ids if a != gone]
            self._edit(_("remove an activity"), lambda: self.plans.edit_step(step.id, activity_ids=ids))

    def _goals_from_table(self) -> list[Goal]:
        goals = []
        for row in range(self.goals.rowCount()):
            text_item, day_item = self.goals.item(row, 0), self.goals.item(row, 1)
            text = text_item.text().strip() if text_item else ""
            day = day_item.text().strip() if day_item else ""
            try:
                target = date.fromisoformat(day) if day else None
            except ValueError:
                raise UserError(
                    _("'{value}' is not a date. Write the goal's date like 2026-12-11.").format(value=day)
                ) from None
            if text:
                goals.append(Goal(text, target))
        return goals

    def save_goals(self) -> None:
        if self.plan is None:
            return
        try:
            goals = self._goals_from_table()
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        plan_id = self.plan.id
        if tuple(goals) != tuple(g for g in self.plan.goals if g.text.strip()):
            self._edit(_("change the goals"), lambda: self.plans.set_goals(plan_id, goals))

    def add_goal(self) -> None:
        row = self.goals.rowCount()
        self.goals.insertRow(row)
        self.goals.editItem(self.goals.item(row, 0) or QTableWidgetItem())

    def remove_goal(self) -> None:
        row = self.goals.currentRow()
        if row >= 0:
            self.goals.removeRow(row)
            self.save_goals()

    def save_reflection(self) -> None:
        if self.plan is not None and self.reflection.toPlainText().strip() != self.plan.reflection:
            plan_id, text = self.plan.id, self.reflection.toPlainText()
            self._edit(_("change the reflection"), lambda: self.plans.set_reflection(plan_id, text))
