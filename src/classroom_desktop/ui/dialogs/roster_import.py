"""Import a class list: a CSV or Excel file (preview, say which column holds what) or a OneRoster export
(a zip or a folder: tick its classes); the preview says what will be new, updated or unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _
from classroom_desktop.interop import oneroster, roster_csv
from classroom_desktop.services import importing
from classroom_desktop.ui.context import AppContext, Cancel
from classroom_desktop.ui.dialogs.oneroster_import import LONG_IMPORT_ROWS, OneRosterImport

NO_COLUMN = N_("(not in the file)")
_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": N_("UTF-8 (with BOM)"), "cp1252": "Windows-1252",
              "utf-16": "UTF-16", "utf-16-le": N_("UTF-16 (no BOM)"),
              "utf-16-be": N_("UTF-16 big-endian (no BOM)")}
_DELIMITERS = {",": N_("commas"), ";": N_("semicolons"), "\t": N_("tabs")}
def _ticker(progress: Any, cancelled: Any, text: str) -> importing.Progress:
    """Progress for an import behind a progress dialog; Cancel stops it before it commits (the import
    is one transaction, so nothing of it stays)."""

    def tick(done: int, total: int) -> None:
        if cancelled():
            raise Cancel()
        progress(done, total, text)

    return tick


class RosterImportDialog(OneRosterImport):
    """Choose a file, check the preview and the column mapping, then Import.

    ``imported_ids`` holds the new students' ids after a successful import (undoable: Edit ▸ Undo
    archives them again).
    """

    def __init__(self, ctx: AppContext, class_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.class_id = class_id
        self.roster: roster_csv.RosterFile | None = None
        self.package: oneroster.Package | None = None
        self.imported_ids: list[str] = []
        self.setWindowTitle(_("Import a class list"))
        self.resize(820, 520)

        self.file_label = QLabel(_(
            "Choose a CSV or Excel file saved from a spreadsheet or your school system, "
            "or a OneRoster export (a zip file or its folder)."
        ))
        self.file_label.setWordWrap(True)
        choose = QPushButton(_("Choose file…"))
        choose.clicked.connect(self._choose)
        choose_folder = QPushButton(_("Choose OneRoster folder…"))
        choose_folder.clicked.connect(self._choose_folder)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        top.addWidget(choose_folder)

        self.class_list = QListWidget()
        self.class_list.setMaximumHeight(120)
        self.class_list.itemChanged.connect(lambda _item: self._refresh_oneroster())
        self.class_box = QWidget()
        class_layout = QVBoxLayout(self.class_box)
        class_layout.setContentsMargins(0, 0, 0, 0)
        class_layout.addWidget(QLabel(_("Classes in the OneRoster export (tick the ones to import):")))
        class_layout.addWidget(self.class_list)
        self.class_box.hide()

        self.header_check = QCheckBox(_("The first row holds column names"))
        self.header_check.toggled.connect(self._header_toggled)
        self.mapping_combos: dict[str, QComboBox] = {}
        self.mapping_box = QWidget()
        grid = QGridLayout()
        for col, name in enumerate(roster_csv.ROSTER_FIELDS):
            grid.addWidget(QLabel(_(roster_csv.FIELD_LABELS[name])), 0, col)
            combo = QComboBox()
            combo.setObjectName(name)
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.mapping_combos[name] = combo
            grid.addWidget(combo, 1, col)

        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_summary = ""
        self._undone = False
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        mapping_layout = QVBoxLayout(self.mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(self.header_check)
        mapping_layout.addWidget(QLabel(_("Which column holds what:")))
        mapping_layout.addLayout(grid)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.class_box)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.preview_table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    # ---- loading ------------------------------------------------------------------------
    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a class list"), "", _("Class lists (*.csv *.txt *.xlsx *.zip);;All (*)")
        )
        if path:
            self.load_file(Path(path))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the folder of a OneRoster export"))
        if folder:
            self.load_file(Path(folder))

    def load_file(self, path: Path) -> bool:
        """Read ``path`` (a file, or a OneRoster zip or folder) and show its preview; False (with the
        reason shown) if it cannot be read."""
        try:
            files = importing.oneroster_files(path)
            if files is not None:
                return self.load_oneroster(files, Path(path).name)
            return self.load_bytes(importing.read_bytes(path), Path(path).name)
        except UserError as exc:
            self._show_error(exc.message)
            return False

    # ---- CSV and Excel ---------------------------------------------------------------------
    def load_bytes(self, data: bytes, name: str = "") -> bool:
        name = name or _("the file")
        try:
            self.roster = roster_csv.load_roster(data)
        except UserError as exc:
            self.roster = None
            self.import_button.setEnabled(False)
            self._show_error(exc.message)
            return False
        self._set_mode(False)
        table = self.roster.table
        if table.encoding == "xlsx":
            self.file_label.setText(
                _("{name}: {count} rows, an Excel workbook.").format(
                    name=name, count=len(self.roster.data_records)
                )
            )
        else:
            self.file_label.setText(
                _("{name}: {count} rows, {encoding}, separated by {delimiter}.").format(
                    name=name,
                    count=len(self.roster.data_records),
                    encoding=_(_ENCODINGS.get(table.encoding, table.encoding)),
                    delimiter=_(_DELIMITERS.get(table.delimiter, table.delimiter)),
                )
            )
        self.header_check.blockSignals(True)
        self.header_check.setChecked(self.roster.has_header)
        self.header_check.blockSignals(False)
        self._fill(self.roster.mapping)
        self.import_button.setEnabled(True)
        self._clear_error()
        return True

    def _header_toggled(self, checked: bool) -> None:
        if self.roster is None:
            return
        self.roster.has_header = checked
        self._fill(self.mapping())

    def _fill(self, mapping: roster_csv.Mapping) -> None:
        assert self.roster is not None
        header, rows = roster_csv.preview(self.roster)
        for name, combo in self.mapping_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(NO_COLUMN), None)
            for i, title in enumerate(header):
                combo.addItem(title, i)
            column = mapping.get(name)
            combo.setCurrentIndex(0 if column is None or column >= len(header) else column + 1)
            combo.blockSignals(False)
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(header))
        self.preview_table.setRowCount(len(rows))
        self.preview_table.setHorizontalHeaderLabels(header)
        self.preview_table.setVerticalHeaderLabels(
            [str(line) for line, _ in self.roster.data_records[: len(rows)]]
        )
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.preview_table.setItem(r, c, QTableWidgetItem(value))
        self.preview_table.resizeColumnsToContents()
        self.plan()

    def _mapping_changed(self) -> None:
        self._clear_error()
        self.plan()

    def mapping(self) -> roster_csv.Mapping:
        return {name: combo.currentData() for name, combo in self.mapping_combos.items()}

    # ---- importing ----------------------------------------------------------------------
    def plan(self) -> importing.RosterPlan | None:
        """The preview of what Import would do ("N new, N updated, …"), shown under the table; a file
        with problems lists them all there instead."""
        if self.roster is None:
            return None
        try:
            rows = roster_csv.parse_roster(self.roster, self.mapping())
        except roster_csv.FileProblems as exc:
            self.summary_label.setText("\n".join(exc.problems))
            return None
        except UserError as exc:
            self.summary_label.setText(exc.message)
            return None
        plan = importing.plan_roster(self.ctx.classroom, rows, self.class_id)
        self.summary_label.setText("\n".join([plan.summary() + ".", *plan.notes]))
        return plan

    def accept(self) -> None:
        """Check every row, then import them all in one go; a problem keeps the dialog open and named.

        Rows that match a student already here (Student ID, e-mail, then name) update that student.
        A long import runs behind a progress bar.
        """
        if self.package is not None:
            self._accept_oneroster()
            return
        if self.roster is None:
            self._show_error(_("Choose a CSV file first."))
            return
        try:
            rows = roster_csv.parse_roster(self.roster, self.mapping())
        except UserError as exc:
            self._show_error(exc.message)
            return
        classroom = self.ctx.classroom
        plan = importing.plan_roster(classroom, rows, self.class_id)
        done: list[importing.RosterResult] = []

        def do() -> importing.RosterResult:
            if done:  # the first time it ran already (or this is a redo after an undo)
                if getattr(self, "_undone", False):
                    importing.redo_roster(classroom, done[0])
                return done[0]
            done.append(importing.apply_roster(classroom, plan))
            return done[0]

        def undo(result: importing.RosterResult) -> None:
            self._undone = True
            importing.undo_roster(classroom, result)

        text = _("Import {count} students").format(count=len(rows))
        if len(rows) > LONG_IMPORT_ROWS:
            def work(progress: Any, cancelled: Any) -> importing.RosterResult:
                return importing.apply_roster(classroom, plan, _ticker(progress, cancelled, text))

            def finished(result: importing.RosterResult) -> None:
                done.append(result)
                self._finish(self.ctx.edit(text, do, undo))

            self.import_button.setEnabled(False)
            self.ctx.run_long(text, work, finished, on_cancelled=lambda: self.import_button.setEnabled(True))
            return
        self._finish(self.ctx.edit(text, do, undo))  # shows any error itself

    def _finish(self, result: importing.RosterResult | None) -> None:
        if result is None:
            self.import_button.setEnabled(True)
            return
        self.imported_ids = list(result.new_ids)
        self.result_summary = result.plan.summary()
        super().accept()
