"""Units: unit-long problems, each with a driving problem, an end task and the skills it needs, and
every student's and group's progress toward the end task (issue 17.1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import _
from classroom_desktop.services.units import UnitReport
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.dialogs.unit_editor import UnitDialog
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.widgets import heading

_ID = Qt.ItemDataRole.UserRole
#: How long a learning plan drafted within a unit runs.
UNIT_PLAN_WEEKS = 6
#: The shade of a student ready for the end task (as on the printed tracker).
READY_COLOUR = "#cdebc5"


class UnitsPage(Page):
    title = "Units"
    concerns = ("unit", "evidence", "student", "enrolment", "standard", "prerequisite", "group_plan",
                "lesson_group", "group_membership")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.report: UnitReport | None = None
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(heading(_("Units")))
        self.units = QListWidget()
        self.units.setAccessibleName(_("Units"))
        self.units.currentItemChanged.connect(lambda *_args: self.show_unit())
        column.addWidget(self.units, 1)
        buttons: list[tuple[str, Any]] = [
            (_("New unit…"), self.new_unit),
            (_("Edit unit…"), self.edit_unit),
            (_("Delete unit"), self.delete_unit),
        ]
        for label, action in buttons:
            button = QPushButton(label)
            button.clicked.connect(lambda _on=False, a=action: self.ctx.guard(a))
            column.addWidget(button)
        right = QWidget()
        body = QVBoxLayout(right)
        self.name = heading("", 1.4)
        self.problem, self.task, self.skills = QLabel(), QLabel(), QLabel()
        for label in (self.problem, self.task, self.skills):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.students = QTableWidget(0, 2)
        self.students.setAccessibleName(_("Progress toward the end task"))
        self.students.setHorizontalHeaderLabels([_("Student"), _("Progress toward the end task")])
        self.students.horizontalHeader().setStretchLastSection(True)
        self.students.verticalHeader().hide()
        self.students.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.groups_title = QLabel()
        self.groups = QListWidget()
        self.groups.setAccessibleName(_("Groups' progress"))
        self.groups.setWordWrap(True)
        actions = QHBoxLayout()
        self.draft_button = QPushButton(_("Draft learning plans in this unit…"))
        self.draft_button.clicked.connect(lambda: self.ctx.guard(self.draft_plans))
        self.print_button = QPushButton(_("Print unit tracker…"))
        self.print_button.clicked.connect(lambda: self.ctx.guard(self.print_tracker))
        actions.addWidget(self.draft_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        for widget in (self.name, self.problem, self.task, self.skills):
            body.addWidget(widget)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.students)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.groups_title)
        inner.addWidget(self.groups)
        split.addWidget(box)
        body.addWidget(split, 1)
        body.addLayout(actions)
        outer = QHBoxLayout(self)
        left.setFixedWidth(260)
        outer.addWidget(left)
        outer.addWidget(right, 1)

    # ---- reading ------------------------------------------------------------------------
    def current_unit(self) -> str | None:
        item = self.units.currentItem()
        return str(item.data(_ID)) if item is not None else None

    def refresh(self) -> None:
        keep = self.current_unit()
        self.units.blockSignals(True)
        self.units.clear()
        for unit in self.ctx.classroom.units.list(self.class_id) if self.class_id else []:
            item = QListWidgetItem(unit.name)
            item.setData(_ID, unit.id)
            self.units.addItem(item)
            if unit.id == keep:
                self.units.setCurrentItem(item)
        if self.units.currentItem() is None and self.units.count():
            self.units.setCurrentRow(0)
        self.units.blockSignals(False)
        self.show_unit()

    def show_unit(self) -> None:
        unit_id = self.current_unit()
        self.report = self.ctx.classroom.units.report(unit_id) if unit_id else None
        for button in (self.draft_button, self.print_button):
            button.setEnabled(self.report is not None)
        if self.report is None:
            self.name.setText(_("No unit yet"))
            self.problem.setText(_("A unit is a unit-long problem: students master its skills one by one, "
                                   "each a step closer to the end task. Make one with “New unit…”."))
            for label in (self.task, self.skills, self.groups_title):
                label.setText("")
            self.students.setRowCount(0)
            self.groups.clear()
            return
        r = self.report
        self.name.setText(r.unit.name)
        self.problem.setText(_("<b>The problem:</b> {text}").format(text=r.unit.driving_problem or "—"))
        self.task.setText(_("<b>The end task:</b> {text}").format(text=r.unit.end_task or "—"))
        skills = " → ".join(s.code for s in r.standards)
        line = _("<b>Skills, in order:</b> {skills}").format(skills=skills)
        if r.foundations:
            line += "<br/>" + _("Before this unit: {codes}").format(
                codes=", ".join(s.code for s in r.foundations))
        ready = sum(1 for s in r.students if s.progress.ready)
        line += "<br/>" + _("{ready} of {total} students ready for the end task").format(
            ready=ready, total=len(r.students))
        self.skills.setText(line)
        self.students.setRowCount(len(r.students))
        for row, s in enumerate(r.students):
            name, summary = QTableWidgetItem(s.name), QTableWidgetItem(s.summary)
            if s.progress.ready:
                summary.setBackground(QColor(READY_COLOUR))
            self.students.setItem(row, 0, name)
            self.students.setItem(row, 1, summary)
        self.students.resizeColumnToContents(0)
        self.groups_title.setText(f"<b>{r.plan_label}</b>")
        self.groups.clear()
        for g in r.groups:
            self.groups.addItem(f"{g.name}: {g.summary}")

    # ---- editing ------------------------------------------------------------------------
    def _framework_standards(self) -> list[Any]:
        assert self.class_id is not None
        framework_id = self.ctx.classroom.classes.get(self.class_id).framework_id
        return self.ctx.classroom.curriculum.learning_path(framework_id) if framework_id else []

    def new_unit(self) -> None:
        if self.class_id is None:
            return
        dialog = UnitDialog(self, self._framework_standards())
        if not dialog.exec():
            return
        class_id, values, units = self.class_id, dialog.values(), self.ctx.classroom.units
        self.ctx.edit(_("New unit"), lambda: units.create(class_id, **values).created_id,  # type: ignore[arg-type]
                      lambda unit_id: units.delete(unit_id))

    def edit_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id is None or self.class_id is None:
            return
        units = self.ctx.classroom.units
        before = units.get(unit_id)
        dialog = UnitDialog(self, self._framework_standards(), before)
        if not dialog.exec():
            return
        after = dialog.values()
        old = {"name": before.name, "driving_problem": before.driving_problem, "end_task": before.end_task,
               "standard_ids": list(before.standard_ids)}
        self.ctx.edit(_("Edit unit"), lambda: units.edit(unit_id, **after),
                      lambda _c: units.edit(unit_id, **old))

    def delete_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id is None:
            return
        units = self.ctx.classroom.units
        self.ctx.edit(_("Delete unit"), lambda: units.delete(unit_id), lambda _c: units.restore(unit_id))

    def draft_plans(self) -> None:
        """Draft every student's learning plan within the unit (undoable: the plans come back)."""
        if self.report is None or self.class_id is None:
            return
        class_id, unit = self.class_id, self.report.unit
        students = [s.student_id for s in self.report.students]
        asked = QMessageBox.question(self, _("Draft learning plans"), _(
            "Draft each student's learning plan from the skills of “{unit}” they have not mastered yet? "
            "Steps you edited are kept.").format(unit=unit.name))
        if asked != QMessageBox.StandardButton.Yes:
            return
        units = self.ctx.classroom.units
        start = self.ctx.today()
        snapshots = units.plan_snapshots(class_id, students)
        self.ctx.edit(_("Draft plans in {unit}").format(unit=unit.name),
                      lambda: units.draft_plans(unit.id, start, start + timedelta(weeks=UNIT_PLAN_WEEKS)),
                      lambda _c: units.restore_plans(class_id, snapshots))

    def print_tracker(self) -> None:
        if self.report is None:
            return
        from classroom_desktop.ui.practice_printing import print_practice

        print_practice(self, self.ctx, "unit-tracker", _("Unit tracker"), unit_id=self.report.unit.id)
