"""The gradebook page: students × standards, evidence entered by keyboard, a cell's history beside it.

Type a level (the scale's levels, 1–4 by default) into the selected cells to record evidence for
today with the kind chosen in the toolbar; Delete withdraws the latest evidence of the selected
cells. Each of these is one undoable step. The side panel corrects one piece of evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from classroom_desktop.domain import mastery
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.types import Evidence, MasteryCell
from classroom_desktop.i18n import N_, _, program_translator
from classroom_desktop.services import ChangeSet
from classroom_desktop.services.datawall import KeptTables
from classroom_desktop.services.views import MasteryTable
from classroom_desktop.ui.a11y import tab_chain
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.gradebook_model import GradebookModel
from classroom_desktop.ui.gradebook_view import CellDelegate, GradebookView, StrandHeader
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.pages.gradebook_export import EXPORT_FILTERS, GradebookExport
from classroom_desktop.ui.widgets import EvidencePanel

Key = tuple[str, str]
#: The fields of a piece of evidence a correction names ("Correct the level of evidence for …").
FIELDS = {"level": N_("level"), "observed_on": N_("date"), "note": N_("note"), "kind": N_("kind")}
__all__ = ["EXPORT_FILTERS", "CellDelegate", "GradebookPage", "GradebookView", "StrandHeader"]

def fill_box(box: QComboBox, items: Sequence[tuple[str, Any]], keep: Any) -> None:
    """Give ``box`` these (text, data) items, ``keep`` chosen if it is one of them (else the first),
    without signals; a box that already holds them is left as it is (no new layout)."""
    box.blockSignals(True)
    held = [(box.itemText(i), box.itemData(i)) for i in range(box.count())]
    if held != list(items):
        box.clear()
        for text, data in items:
            box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(keep)))
    box.blockSignals(False)


class GradebookPage(GradebookExport, Page):
    title = N_("Gradebook")
    shortcut = "Ctrl+2"
    concerns = (
        "evidence",
        "student",
        "enrolment",
        "standard",
        "strand",
        "framework",
        "scale",
        "prerequisite",
        "meta",
    )

    filled = Signal()  # the grid shows the class's table
    exported = Signal(str)  # the one-line summary of a finished export

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._writing = 0
        self._tables: KeptTables | None = None  # the tables of the workspace ``_tables_of``
        self._tables_of: object = None
        self.model = GradebookModel(self)
        self.view = GradebookView()
        self.view.setModel(self.model)
        self.panel = EvidencePanel(self.correct)
        self.strand_box = QComboBox()
        self.strand_box.setAccessibleName(_("Strand"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search students (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(_("Evidence kind"))
        self.kind_box.setToolTip(_("The kind of evidence that typing a level records"))
        sort_name = QPushButton(_("Sort by name"))
        export = QPushButton(_("Export…"))
        export.setToolTip(
            _("Save the gradebook as an Excel workbook or a CSV file (File ▸ Export gradebook…)")
        )
        self.legend = QLabel()
        self._export_filter = next(iter(EXPORT_FILTERS))

        bar = QHBoxLayout()
        for label, widget in ((_("Strand"), self.strand_box), (_("Kind"), self.kind_box)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(sort_name)
        bar.addWidget(export)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.legend)

        self.view.level_typed.connect(self.type_level)
        self.view.delete_pressed.connect(self.withdraw_selected)
        self.view.other_key.connect(self._other_key)
        self.view.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.view.verticalHeader().sectionDoubleClicked.connect(lambda _s: self.sort_by_name())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.strand_box.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.search.textChanged.connect(lambda _t: self._apply_filter())
        sort_name.clicked.connect(self.sort_by_name)
        export.clicked.connect(lambda: self.ask_export())
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search.setFocus)
        self.view.setAccessibleName(_("Gradebook: students and standards"))
        self.keyboard_home = self.view  # Ctrl+2 lands in the grid
        self.view.setAccessibleDescription(
            _("Type a level to record it for today; Alt+S sorts by the current cell's standard.")
        )
        sort_here = QShortcut(QKeySequence("Alt+S"), self)
        sort_here.activated.connect(self.sort_by_current_standard)
        # Tab in reading order: the bar, then the grid, then the cell's evidence beside it
        tab_chain(self.strand_box, self.kind_box, self.search, sort_name, export, self.view)

    # ---- loading ------------------------------------------------------------------------
    def on_changes(self, changes: ChangeSet) -> None:
        if not self._writing:
            super().on_changes(changes)

    def mastery_table(self, class_id: str) -> MasteryTable:
        """The class's table: the one read last while no write was made since (back to a class at once)."""
        if self._tables is None or self._tables_of is not self.ctx.classroom:  # another workspace
            self._tables_of, self._tables = self.ctx.classroom, KeptTables(self.ctx.classroom)
        return self._tables.table(class_id)

    def refresh(self) -> None:
        classroom, class_id = self.ctx.classroom, self.class_id
        table = self.mastery_table(class_id) if class_id else None
        # kinds shown in the teacher's language, recorded as kept
        kinds = [(_(name), name) for name in classroom.evidence.kinds()]
        fill_box(self.kind_box, kinds, self.kind_box.currentData() or "observation")
        strand = self.strand_box.currentData()
        strands = [(f"{s.code} {s.name}".strip(), s.id) for s in (table.strands if table else [])]
        fill_box(self.strand_box, [(_("All strands"), None), *strands], strand)
        self.model.set_table(table)  # keeps the filter: set again only if the strand is gone
        if self.strand_box.currentData() != strand:
            self.model.set_filter(self.strand_box.currentData(), self.search.text())
        self._legend(table)
        before = self.view.currentIndex()
        if table is not None and self.model.rowCount() and self.model.columnCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        if self.view.currentIndex() == before:  # else currentChanged showed the new current cell
            self._show_current()
        self.filled.emit()

    def _legend(self, table: Any) -> None:
        text = self._legend_text(table)
        if text != self.legend.text():  # the same classes' scale: no new layout of the label
            self.legend.setText(text)

    def _legend_text(self, table: Any) -> str:
        if table is None:
            return _("Pick or create a class to see its gradebook.")
        from classroom_desktop.charts.palette import level_colour, text_colour

        parts = []
        for level in table.scale.levels:
            fill = level_colour(level.value, table.scale.values)
            parts.append(
                f'<span style="background:{fill}; color:{text_colour(fill)}">&nbsp;{level.value} '
                f"{_(level.label)}&nbsp;</span>"
            )
        return (
            " ".join(parts)
            + "&nbsp;&nbsp; "
            + _(
                "mastered from {cutoff} (✓, bold) · small number: pieces of evidence · "
                "type a level to record it for today"
            ).format(cutoff=program_translator().level(table.scale.cutoff))
        )

    def _apply_filter(self) -> None:
        self.model.set_filter(self.strand_box.currentData(), self.search.text())
        self._show_current()

    def sort_by_name(self) -> None:
        self.model.sort_by_name()
        self.view.horizontalHeader().setSortIndicatorShown(False)

    def sort_by_current_standard(self) -> None:
        """Alt+S: sort by the current cell's standard (again: the other way), as a header click does."""
        column = self.view.currentIndex().column()
        if column >= 0:
            self._header_clicked(column)
            self.view.setFocus()

    def _header_clicked(self, column: int) -> None:
        standard = self.model.standard(column).id
        current, descending = self.model.sort_key
        descending = not descending if current == standard else False
        self.model.sort_by_standard(standard, descending)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )
        self.view.selectColumn(column)

    # ---- edits ---------------------------------------------------------------------------
    def selected_keys(self) -> list[Key]:
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        return self.model.keys(indexes)

    def _quiet(self, fn: Callable[[], Any]) -> Any:
        self._writing += 1
        try:
            return fn()
        finally:
            self._writing -= 1

    def _describe(self, keys: Sequence[Key]) -> str:
        if len(keys) != 1 or self.model.table is None:
            return _("{count} cells").format(count=len(keys))
        table = self.model.table
        student = next((s.display_name for s in table.students if s.id == keys[0][0]), "")
        code = next((s.code for s in table.standards if s.id == keys[0][1]), "")
        return _("{student} on {code}").format(student=student, code=code)

    def type_level(self, level: int) -> None:
        """Record ``level`` for today on every selected cell (one undo step)."""
        table, keys = self.model.table, self.selected_keys()
        if table is None or not keys:
            return
        try:
            value = table.scale.validate_level(level)
        except UserError as exc:
            self.ctx.status.emit(exc.message)
            return
        kind = str(self.kind_box.currentData() or self.kind_box.currentText())
        evidence, class_id = self.ctx.classroom.evidence, table.class_id

        def do() -> list[str]:
            changes = self._quiet(
                lambda: evidence.record_many(keys, value, self.ctx.today(), kind, class_id=class_id)
            )
            self.recompute(keys, class_id)
            return sorted(changes.ids("evidence"))

        def undo(ids: list[str]) -> None:
            self._quiet(lambda: evidence.withdraw(ids))
            self.recompute(keys, class_id)

        text = _("Record {level} ({kind}) for {who}").format(level=value, kind=kind, who=self._describe(keys))
        self.ctx.edit(text, do, undo)
        if len(keys) == 1:
            self._step_down()

    def _step_down(self) -> None:
        current = self.view.currentIndex()
        below = self.model.index(current.row() + 1, current.column())
        if below.isValid():
            self.view.setCurrentIndex(below)

    def withdraw_selected(self) -> None:
        """Withdraw the latest evidence of each selected cell (undo brings it back)."""
        table, keys = self.model.table, self.selected_keys()
        if table is None:
            return
        keys = [k for k in keys if table.cell(*k).count]
        if not keys:
            self.ctx.status.emit(_("There is no evidence to withdraw in the selected cells."))
            return
        evidence, class_id = self.ctx.classroom.evidence, table.class_id

        def do() -> list[str]:
            histories = [evidence.history(*k) for k in keys]
            latest = [h[-1].id for h in histories if h]
            self._quiet(lambda: evidence.withdraw(latest))
            self.recompute(keys, class_id)
            return latest

        def undo(withdrawn: list[str]) -> None:
            for eid in withdrawn:
                self._quiet(partial(evidence.correct, eid))  # a copy of the original takes its place
            self.recompute(keys, class_id)

        self.ctx.edit(_("Withdraw the latest evidence of {who}").format(who=self._describe(keys)), do, undo)

    def correct(self, item: Evidence, **changes: Any) -> None:
        """Correct one piece of evidence (level, observed_on, note, kind); undo puts the old values back."""
        table = self.model.table
        if table is None or not changes:
            return
        evidence, class_id, key = (
            self.ctx.classroom.evidence,
            table.class_id,
            (item.student_id, item.standard_id),
        )
        before = {"level": item.level, "observed_on": item.observed_on, "note": item.note, "kind": item.kind}
        before = {k: v for k, v in before.items() if k in changes}
        head = [item.id]

        def apply(fields: dict[str, Any]) -> None:
            head[0] = str(self._quiet(lambda: evidence.correct(head[0], **fields)).created_id)
            self.recompute([key], class_id)

        what = ", ".join(_(FIELDS.get(name, name)) for name in changes)
        self.ctx.edit(
            _("Correct the {fields} of evidence for {who}").format(fields=what, who=self._describe([key])),
            lambda: apply(changes),
            lambda _r: apply(before),
        )

    def recompute(self, keys: Sequence[Key], class_id: str) -> None:
        """Recompute just these cells from their evidence, and repaint them."""
        table = self.model.table
        if table is None or table.class_id != class_id:
            self.mark_stale()
            return
        evidence = self.ctx.classroom.evidence
        cells: dict[Key, MasteryCell] = {
            k: mastery.mastery_cell(k[0], k[1], evidence.history(*k), table.config, table.scale) for k in keys
        }
        self.model.update_cells(cells)
        self._show_current()

    def _other_key(self, text: str) -> None:
        table = self.model.table
        if table is not None:
            levels = ", ".join(str(v) for v in table.scale.values)
            message = _("'{text}' is not a level. Type one of {levels}; Delete withdraws.")
            self.ctx.status.emit(message.format(text=text, levels=levels))

    def _show_current(self) -> None:
        index = self.view.currentIndex()
        if self.model.table is None or not index.isValid():
            self.panel.show_cell(None, None, None, [])
            return
        student, standard = self.model.student(index.row()), self.model.standard(index.column())
        items = self.ctx.guard(lambda: self.ctx.classroom.evidence.history(student.id, standard.id)) or []
        table = self.model.table
        levels = [(lv.value, _(lv.label)) for lv in table.scale.levels]  # default names translated
        kinds = [str(self.kind_box.itemData(i)) for i in range(self.kind_box.count())]
        self.panel.show_cell(student, standard, table.cell(student.id, standard.id), items, levels, kinds)
