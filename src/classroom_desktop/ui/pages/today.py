"""Today: pick the focus standard(s), see who is ready for what, get groups, adjust them, save and print."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.grouping import DEFAULT_MAX_SIZE, GroupingOptions
from classroom_desktop.domain.types import StandardInfo
from classroom_desktop.i18n import N_, _, default_paper, program_translator
from classroom_desktop.services.groups import Constraints, GroupDraft, groups_of
from classroom_desktop.ui.board import Board, BoardGroup, plan_groups, student_cards
from classroom_desktop.ui.board_cards import unit_lines
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.dialogs.constraints import ConstraintsDialog
from classroom_desktop.ui.language import date_edit
from classroom_desktop.ui.lesson_printing import choose_and_print, print_plan  # noqa: F401 (re-exported)
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.today_practices import PracticesPanel, practices_tabs
from classroom_desktop.ui.today_readiness import ReadinessPanel, row

_ID = Qt.ItemDataRole.UserRole
#: Where the Today page remembers how the teacher split readiness and the board.
SPLITTER_KEY = "today/splitter"


class TodayPage(Page):
    title = N_("Today")
    shortcut = "Ctrl+1"
    concerns = (
        "evidence",
        "student",
        "enrolment",
        "standard",
        "prerequisite",
        "learner_profile",
        "plan_step",
        "learning_plan",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._loaded_class: str | None = None
        self._standards: list[StandardInfo] = []
        #: The class's mastery table as of the last refresh (every change that concerns it refreshes
        #: the page), so ticking another focus standard does not read the class again.
        self._table: Any = None
        outer = QHBoxLayout(self)
        outer.addWidget(self._left_panel())
        right = QSplitter(Qt.Orientation.Vertical)
        self.practices = PracticesPanel(ctx)  # unit, peer helpers, re-assessment (issue 17)
        right.addWidget(practices_tabs(self._readiness_panel(), self.practices))
        board_box = QWidget()
        box = QVBoxLayout(board_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("background: #fff6d5; padding: 4px;")
        self.notes.hide()
        box.addWidget(self.notes)
        self.board = Board(ctx)
        box.addWidget(self.board, 1)
        self.plan_state = QLabel("")
        self.plan_state.setAccessibleName("Plan state")
        box.addWidget(self.plan_state)
        box.addLayout(self._plan_bar())
        self.board.tab_after = [
            self.plan_date,
            self.lesson,
            self.save_button,
            self.paper,
            *self.print_buttons,
        ]
        right.addWidget(board_box)
        # readiness keeps room for eight students a list (its size hint); the board takes the rest
        right.setStretchFactor(0, 0)
        right.setStretchFactor(1, 1)
        self.splitter = right
        remembered = QSettings().value(SPLITTER_KEY)
        if remembered is not None:
            right.restoreState(remembered)  # type: ignore[arg-type]
        right.splitterMoved.connect(lambda *_: QSettings().setValue(SPLITTER_KEY, right.saveState()))
        outer.addWidget(right, 1)

    # ---- layout -------------------------------------------------------------------------
    def _left_panel(self) -> QWidget:
        panel = QWidget()
        panel.setFixedWidth(300)
        layout = QVBoxLayout(panel)
        layout.addWidget(QLabel("<b>{}</b> {}".format(_("Focus standards"), _("(tick one or more)"))))
        self.focus = QListWidget()
        self.focus.setAccessibleName(_("Focus standards"))
        self.focus.setWordWrap(True)
        self.focus.itemChanged.connect(lambda _item: self.show_readiness())
        layout.addWidget(self.focus, 1)
        options = QGroupBox(_("Grouping"))
        form = QFormLayout(options)
        self.group_count = QSpinBox()
        self.group_count.setRange(0, 12)
        self.group_count.setSpecialValueText(_("By readiness"))
        self.max_size = QSpinBox()
        self.max_size.setRange(0, 40)
        self.max_size.setSpecialValueText(_("No limit"))
        self.max_size.setValue(DEFAULT_MAX_SIZE)
        self.max_size.setSuffix(" " + _("students"))
        self.max_size.setToolTip(_("No suggested group is larger than this (0: no limit)."))
        self.balanced = QCheckBox(_("Balanced sizes"))
        self.balanced.setChecked(True)
        self.spread = QCheckBox(_("Spread students with accommodations"))
        form.addRow(_("Number of &groups"), self.group_count)
        form.addRow(_("&Largest group"), self.max_size)
        form.addRow(self.balanced)
        form.addRow(self.spread)
        constraints = QPushButton(_("Keep apart / together…"))
        constraints.clicked.connect(self.edit_constraints)
        form.addRow(constraints)
        layout.addWidget(options)
        self.suggest_button = QPushButton(_("Suggest groups"))
        self.suggest_button.setDefault(True)
        self.suggest_button.clicked.connect(lambda: self.ctx.guard(self.suggest))
        self.suggest_button.clicked.connect(lambda: self.board.focus_first_card())  # adjust next
        QShortcut(QKeySequence("Ctrl+G"), self, self.suggest_button.click)
        layout.addWidget(self.suggest_button)
        return panel

    def _readiness_panel(self) -> QWidget:
        self.readiness = ReadinessPanel()
        self.readiness_title, self.ready = self.readiness.title, self.readiness.ready
        self.readiness_lists, self.readiness_heads = self.readiness.lists, self.readiness.heads
        return self.readiness

    def _plan_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        today = self.ctx.today()
        self.plan_date = date_edit(QDate(today.year, today.month, today.day))
        self.lesson = QLineEdit()
        self.lesson.setPlaceholderText(_("Lesson (e.g. Fractions, lesson 3)"))
        self.save_button = QPushButton(_("Save plan"))
        self.save_button.clicked.connect(lambda: self.ctx.guard(self.save_plan))
        self.paper = QComboBox()
        self.paper.addItems(["A4", "Letter"])
        self.paper.setCurrentText(default_paper())  # Letter where the country prints on Letter
        self.paper.setAccessibleName(_("Paper size"))
        cards, summary = QPushButton(_("Print cards…")), QPushButton(_("Print summary…"))
        self.print_buttons = (cards, summary)
        cards.clicked.connect(lambda: self.ask_and_print("cards"))
        summary.clicked.connect(lambda: self.ask_and_print("summary"))
        widgets: list[QWidget] = [
            QLabel(_("Date")),
            self.plan_date,
            QLabel(_("Lesson")),
            self.lesson,
            self.save_button,
            self.paper,
            cards,
            summary,
        ]
        for widget in widgets:
            bar.addWidget(widget)
        return bar

    # ---- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        class_id = self.class_id
        if class_id is None:
            self.focus.clear()
            self.readiness_title.setText(_("Choose a class to see who is ready for what."))
            return
        service = groups_of(self.ctx.classroom)
        klass = self.ctx.classroom.classes.get(class_id)
        table = self._table = self.ctx.classroom.evidence.mastery_table(class_id)
        counts = service.focus_counts(class_id, table) if klass.framework_id else []
        self._standards = [c.standard for c in counts]
        checked = set(self.focus_ids())
        todays_plan: str | None = None
        if class_id != self._loaded_class:
            todays_plan = service.plan_on(class_id, self.ctx.today())
            checked = set(service.plan(todays_plan).focus_ids) if todays_plan else set()
        if not checked:
            first = service.suggested_focus(class_id, table)
            checked = {first.id} if first else set()
        self.focus.blockSignals(True)
        self.focus.clear()
        for count in counts:
            standard = count.standard
            say = program_translator()
            item = QListWidgetItem(f"{say.isolate(f'{standard.code} — {standard.statement}')}\n{count.label}")
            item.setData(_ID, standard.id)
            ready = _("{ready} of {total} ready to learn it").format(ready=count.ready, total=count.total)
            item.setToolTip(f"{standard.code}: {count.label}; {ready}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if standard.id in checked else Qt.CheckState.Unchecked)
            self.focus.addItem(item)
            if standard.id in checked and len(checked) == 1:
                self.focus.scrollToItem(item)
        self.focus.blockSignals(False)
        if class_id != self._loaded_class:
            self._loaded_class = class_id
            self.board.set_content([], {}, [], None)
            self.notes.hide()
            self.show_plan_state(None)
            if todays_plan is not None:
                self.load_plan(todays_plan)
        self.show_readiness()
        self.ready.clear()
        say = program_translator()
        for r in service.ready_to_assess(class_id):
            self.ready.addItem(row(say.isolate(r.name), say.isolate(r.code)))

    def focus_ids(self) -> list[str]:
        return [
            str(self.focus.item(i).data(_ID))
            for i in range(self.focus.count())
            if self.focus.item(i).checkState() == Qt.CheckState.Checked
        ]

    def show_readiness(self) -> None:
        focus = self.focus_ids()
        self.practices.show_for(self.class_id, focus[0] if focus else None)
        self.readiness.clear()
        if not focus or self.class_id is None:
            self.readiness_title.setText(_("Tick a focus standard to see who is ready for what."))
            return
        code = next((s.code for s in self._standards if s.id == focus[0]), "?")
        code = program_translator().isolate(code)
        self.readiness_title.setText("<b>{}</b>".format(_("Readiness on {code}").format(code=code)))
        table = self._table if self._table is not None and self._table.class_id == self.class_id else None
        results = self.ctx.classroom.evidence.readiness(self.class_id, focus[0], table)
        names = {s.id: s.display_name for s in self.ctx.classroom.students.list(self.class_id)}
        for r in results:
            self.readiness.add(r.readiness, names.get(r.student_id, "?"), r.reason, r.student_id)
        self.readiness.count_heads()

    # ---- actions ------------------------------------------------------------------------
    def options(self) -> GroupingOptions:
        return GroupingOptions(
            group_count=self.group_count.value() or None,
            max_size=self.max_size.value() or None,
            balanced=self.balanced.isChecked(),
            spread_accommodations=self.spread.isChecked(),
        )

    def suggest(self) -> None:
        """Fill the board with suggested groups (a draft until saved)."""
        if self.class_id is None:
            return
        from classroom_desktop.domain.ids import new_id

        focus = self.focus_ids()
        suggestion = groups_of(self.ctx.classroom).suggest(self.class_id, focus, self.options())
        assert suggestion.table is not None
        reasons = {sid: why for g in suggestion.groups for sid, why in g.reasons.items()}
        cards = student_cards(self.ctx.classroom, suggestion.table, focus, reasons)
        groups = [
            BoardGroup(new_id(), g.name, g.activity, g.teacher_led, "", list(g.student_ids))
            for g in suggestion.groups
        ]
        self.board.group_lines = unit_lines(self.ctx.classroom, self.class_id, focus, suggestion.table)
        self.board.set_content(groups, cards, [], None)
        self.show_plan_state(None)
        told = [*suggestion.unmet, *suggestion.notes]
        self.notes.setText("\n".join(told))
        self.notes.setVisible(bool(told))
        said = _("Suggested {count} groups. Drag students to adjust, then save the plan.")
        self.ctx.status.emit(said.format(count=len(groups)))

    def load_plan(self, plan_id: str) -> None:
        """Show a saved plan on the board (changes are then saved as they are made)."""
        service = groups_of(self.ctx.classroom)
        plan = service.plan(plan_id)
        table = self.ctx.classroom.evidence.mastery_table(plan.class_id)
        cards = student_cards(self.ctx.classroom, table, list(plan.focus_ids))
        self.board.group_lines = unit_lines(self.ctx.classroom, plan.class_id, list(plan.focus_ids), table)
        self.board.set_content(plan_groups(plan), cards, list(plan.unassigned), plan.id)
        self.plan_date.setDate(QDate(plan.plan_date.year, plan.plan_date.month, plan.plan_date.day))
        self.lesson.setText(plan.lesson)
        self.show_plan_state(plan_id)

    def show_plan_state(self, plan_id: str | None) -> None:
        """Say whether the board is a saved plan (and which) or a draft."""
        if plan_id is None:
            self.plan_state.setText(_("Not saved yet: suggest groups, adjust them, then save or print."))
            return
        summary = next(
            (p for p in groups_of(self.ctx.classroom).plans(self.class_id or "") if p.id == plan_id), None
        )
        if summary is None:
            return
        when = program_translator().short_date(summary.plan_date)
        day = _("Plan for {day}").format(day=when)
        if summary.plan_date == self.ctx.today():
            day = _("Today's plan")
        lesson = f" “{summary.lesson}”" if summary.lesson else ""
        saved = _(", saved at {time}").format(time=summary.saved_time) if summary.saved_time else ""
        kept = _("Changes on the board are saved as you make them.")
        self.plan_state.setText(f"{day}{lesson}{saved}. {kept}")

    def save_plan(self) -> str | None:
        """Save the board as the plan for the chosen date (a saved plan just gets its date and lesson)."""
        if self.class_id is None:
            return None
        service = groups_of(self.ctx.classroom)
        day = self.plan_date.date().toPython()
        assert isinstance(day, date)
        if self.board.plan_id is not None:
            service.edit_plan(self.board.plan_id, day, self.lesson.text())
            return self.board.plan_id
        drafts = [
            GroupDraft(g.name, g.members, g.activity, g.teacher_led, g.materials, id=g.key)
            for g in self.board.groups()
        ]
        changes = service.save_plan(self.class_id, day, self.lesson.text(), self.focus_ids(), drafts)
        plan_id = changes.created_id
        assert plan_id is not None
        self.load_plan(plan_id)
        self.ctx.status.emit(
            _("Saved the group plan. Changes on the board are now saved as you make them.")
            if changes.touched
            else _("This plan was already saved; nothing was saved twice.")
        )
        return plan_id

    def edit_constraints(self) -> None:
        if self.class_id is None:
            return
        class_id, service = self.class_id, groups_of(self.ctx.classroom)
        names = {s.id: s.display_name for s in self.ctx.classroom.students.list(class_id)}
        old = service.constraints(class_id)
        dialog = ConstraintsDialog(self, names, old)
        if dialog.exec():
            new = dialog.constraints()

            def apply(c: Constraints) -> Constraints:
                service.set_constraints(class_id, c.keep_apart, c.keep_together)
                return old if c is new else new

            self.ctx.edit(_("Change keep apart / together"), lambda: apply(new), apply)

    def ask_and_print(self, kind: str) -> None:
        plan_id = self.ctx.guard(self.save_plan)
        if plan_id is None:
            return
        choose_and_print(self, self.ctx, kind, plan_id, self.paper.currentText())
