"""Groups: the class's saved group plans; reopen one on its own board, copy it to today, print it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import N_, _, default_paper
from classroom_desktop.services.groups import groups_of
from classroom_desktop.ui.board import Board, plan_groups, student_cards
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import isolated, short_day
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.pages.today import choose_and_print

_ID = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Date"), N_("Saved at"), N_("Lesson"), N_("Focus"), N_("Groups"), N_("Students"))


class GroupsPage(Page):
    title = N_("Groups")
    shortcut = "Ctrl+4"
    concerns = ("group_plan",)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel(_("<b>Saved group plans</b> — newest first")))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_("Saved group plans"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(lambda: self.ctx.guard(self.open_selected))
        self.table.installEventFilter(self)  # tabbing in chooses a plan, so the arrows move from it
        top_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        copy = QPushButton(_("Copy to today"))
        copy.clicked.connect(lambda: self.ctx.guard(lambda: self.copy_selected(self.ctx.today())))
        self.paper = QComboBox()
        self.paper.addItem("A4", "A4")
        self.paper.addItem(_("Letter"), "Letter")
        self.paper.setCurrentIndex(
            self.paper.findData(default_paper())
        )  # Letter where the country prints on Letter
        self.paper.setAccessibleName(_("Paper size"))
        cards, summary = QPushButton(_("Print cards…")), QPushButton(_("Print summary…"))
        cards.clicked.connect(lambda: self.ask_and_print("cards"))
        summary.clicked.connect(lambda: self.ask_and_print("summary"))
        paper = QLabel(_("Paper"))
        paper.setBuddy(self.paper)
        #: the page's controls in reading order (the board's follow, group by group)
        self.tab_stops: list[QWidget] = [self.table, copy, self.paper, cards, summary]
        for widget in (copy, paper, self.paper, cards, summary):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        top_layout.addLayout(buttons)
        split.addWidget(top)
        self.board = Board(ctx)
        split.addWidget(self.board)
        split.setSizes([220, 520])
        layout.addWidget(split)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """The keyboard's way in: focus on the plans with none chosen chooses the current (else the
        newest) plan, as a click would, so its board opens and Up/Down move from there."""
        if obj is self.table and event.type() == QEvent.Type.FocusIn and self.table.rowCount():
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(max(self.table.currentRow(), 0))
        return False

    def refresh(self) -> None:
        selected = self.selected_plan_id()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if self.class_id is not None:
            for row, plan in enumerate(groups_of(self.ctx.classroom).plans(self.class_id)):
                self.table.insertRow(row)
                values = [
                    short_day(plan.plan_date),
                    plan.saved_time,
                    isolated(plan.lesson) or _("(no lesson name)"),
                    isolated(", ".join(plan.focus_codes)),
                    str(plan.group_count),
                    str(plan.student_count),
                ]
                for col, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    item.setData(_ID, plan.id)
                    self.table.setItem(row, col, item)
                if plan.id == selected:
                    self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        if self.selected_plan_id() is None:
            self.board.set_content([], {}, [], None)

    def selected_plan_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return str(item.data(_ID)) if item is not None else None

    def select_plan(self, plan_id: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(_ID) == plan_id:
                self.table.selectRow(row)

    def open_selected(self) -> None:
        """Show the selected plan on the board; moves there are saved to it at once."""
        plan_id = self.selected_plan_id()
        if plan_id is None or plan_id == self.board.plan_id:
            return
        plan = groups_of(self.ctx.classroom).plan(plan_id)
        table = self.ctx.classroom.evidence.mastery_table(plan.class_id)
        cards = student_cards(self.ctx.classroom, table, list(plan.focus_ids))
        self.board.set_content(plan_groups(plan), cards, list(plan.unassigned), plan.id)

    def copy_selected(self, day: date) -> str | None:
        plan_id = self.selected_plan_id()
        if plan_id is None:
            self.ctx.status.emit(_("Choose a plan to copy first."))
            return None
        new_id = groups_of(self.ctx.classroom).copy_plan(plan_id, day).created_id
        self.refresh()
        if new_id:
            self.select_plan(new_id)
        return new_id

    def ask_and_print(self, kind: str) -> None:
        plan_id = self.selected_plan_id()
        if plan_id is None:
            self.ctx.status.emit(_("Choose a plan to print first."))
            return
        choose_and_print(self, self.ctx, kind, plan_id, str(self.paper.currentData()))
