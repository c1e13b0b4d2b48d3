"""Import a class list: a CSV or Excel file (preview, say which column holds what) or a OneRoster export
(a zip or a folder: tick its classes); the preview says what will be new, updated or unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.interop import oneroster, roster_csv
from classroom_desktop.services import importing
from classroom_desktop.ui.context import AppContext, Cancel

NO_COLUMN = "(not in the file)"
#: More rows than this import behind a progress bar (about half a second of work).
LONG_IMPORT_ROWS = 1500
_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "cp1252": "Windows-1252", "utf-16": "UTF-16",
              "utf-16-le": "UTF-16 (no BOM)", "utf-16-be": "UTF-16 big-endian (no BOM)"}
_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _ticker(progress: Any, cancelled: Any, text: str) -> importing.Progress:
    """Progress for an import behind a progress dialog; Cancel stops it before it commits (the import
    is one transaction, so nothing of it stays)."""

    def tick(done: int, total: int) -> None:
        if cancelled():
            raise Cancel()
        progress(done, total, text)

    return tick


class RosterImportDialog(QDialog):
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
        self.setWindowTitle("Import a class list")
        self.resize(820, 520)

        self.file_label = QLabel("Choose a CSV or Excel file saved from a spreadsheet or your school system, "
                                 "or a OneRoster export (a zip file or its folder).")
        self.file_label.setWordWrap(True)
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self._choose)
        choose_folder = QPushButton("Choose OneRoster folder…")
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
        class_layout.addWidget(QLabel("Classes in the OneRoster export (tick the ones to import):"))
        class_layout.addWidget(self.class_list)
        self.class_box.hide()

        self.header_check = QCheckBox("The first row holds column names")
        self.header_check.toggled.connect(self._header_toggled)
        self.mapping_combos: dict[str, QComboBox] = {}
        self.mapping_box = QWidget()
        grid = QGridLayout()
        for col, name in enumerate(roster_csv.ROSTER_FIELDS):
            grid.addWidget(QLabel(roster_csv.FIELD_LABELS[name]), 0, col)
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
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        mapping_layout = QVBoxLayout(self.mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(self.header_check)
        mapping_layout.addWidget(QLabel("Which column holds what:"))
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
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a class list", "", "Class lists (*.csv *.txt *.xlsx *.zip);;All (*)"
        )
        if path:
            self.load_file(Path(path))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the folder of a OneRoster export")
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

    def _set_mode(self, oneroster_mode: bool) -> None:
        self.class_box.setVisible(oneroster_mode)
        self.mapping_box.setVisible(not oneroster_mode)
        if oneroster_mode:
            self.roster = None
        else:
            self.package = None

    # ---- OneRoster ------------------------------------------------------------------------
    def load_oneroster(self, files: dict[str, bytes], name: str) -> bool:
        """Show a OneRoster export's classes to tick (the current class's namesake ticked) and the
        students of the ticked ones."""
        try:
            package = oneroster.read_package(files)
        except UserError as exc:
            self.import_button.setEnabled(False)
            self._show_error(exc.message)
            return False
        self._set_mode(True)
        self.package = package
        current = self.ctx.classroom.classes.get(self.class_id).name if self.class_id else ""
        self.class_list.blockSignals(True)
        self.class_list.clear()
        for one in package.classes:
            detail = ", ".join(x for x in (f"{one.students} students", one.course, one.school_year) if x)
            item = QListWidgetItem(f"{one.label} — {detail}")
            item.setData(Qt.ItemDataRole.UserRole, one.sourced_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = len(package.classes) == 1 or importing.name_key(one.title) == importing.name_key(current)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.class_list.addItem(item)
        self.class_list.blockSignals(False)
        kind = f"OneRoster {package.version}{' delta' if package.delta else ''}"
        source = f" from {package.system}" if package.system else ""
        self.file_label.setText(f"{name}: a {kind} export{source} with {len(package.classes)} classes.")
        self._clear_error()
        self._refresh_oneroster()
        return True

    def picked_classes(self) -> list[oneroster.OneRosterClass]:
        if self.package is None:
            return []
        items = [self.class_list.item(i) for i in range(self.class_list.count())]
        ticked = {item.data(Qt.ItemDataRole.UserRole) for item in items
                  if item.checkState() == Qt.CheckState.Checked}
        return [c for c in self.package.classes if c.sourced_id in ticked]

    def _refresh_oneroster(self) -> None:
        """The students of the ticked classes and what importing them would do."""
        if self.package is None:
            return
        previews = importing.preview_oneroster(self.ctx.classroom, self.package, self.picked_classes())
        what: dict[int, str] = {}
        header = ["Class", "Given name", "Family name", "Preferred name", "Student ID", "Email", "Import"]
        rows: list[list[str]] = []
        for preview in previews:
            plan = preview.plan
            what = {id(r): "new" for r in plan.new}
            what |= {id(r): "update" for _, r, _ in plan.updates}
            what |= {id(r): "unchanged" for _, r in plan.unchanged}
            what |= {id(r): "leaves the class" for _, r in plan.removed}
            here = {id(r): sid for sid, r in plan.unchanged + plan.removed}
            for r in self.package.rows.get(preview.source.sourced_id, []):
                if id(r) in what and r.enrol_only:  # only enrolled by the file: show who it is here
                    known = self.ctx.classroom.students.get(here[id(r)])
                    joins = "joins the class" if what[id(r)] == "unchanged" else what[id(r)]
                    rows.append([preview.source.title, known.given_name, known.family_name,
                                 known.preferred_name, known.student_number, known.email, joins])
                elif id(r) in what:
                    rows.append([preview.source.title, r.given_name, r.family_name, r.preferred_name,
                                 r.student_number, r.email, what[id(r)]])
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(header))
        self.preview_table.setRowCount(len(rows))
        self.preview_table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.preview_table.setItem(r, c, QTableWidgetItem(value))
        self.preview_table.resizeColumnsToContents()
        notes = [n for p in previews for n in p.plan.notes]
        lines = [p.summary() + "." for p in previews] or ["Tick the classes to import."]
        self.summary_label.setText("\n".join(lines + notes))
        self.import_button.setEnabled(bool(previews))

    def _accept_oneroster(self) -> None:
        assert self.package is not None
        package, picked = self.package, self.picked_classes()
        if not picked:
            self._show_error("Tick at least one class of the OneRoster export.")
            return
        classroom = self.ctx.classroom
        done: list[list[importing.RosterResult]] = []

        def do() -> list[importing.RosterResult]:
            if done:
                for result in done[0]:
                    importing.redo_roster(classroom, result)
                return done[0]
            done.append(importing.apply_oneroster(classroom, package, picked))
            return done[0]

        def undo(results: list[importing.RosterResult]) -> None:
            for result in reversed(results):
                importing.undo_roster(classroom, result)

        text = f"Import OneRoster classes {', '.join(c.title for c in picked)}"
        rows = sum(len(package.rows.get(c.sourced_id, [])) for c in picked)
        if rows > LONG_IMPORT_ROWS:
            def work(progress: Any, cancelled: Any) -> list[importing.RosterResult]:
                # each class is its own transaction: no Cancel half-way through the classes
                return importing.apply_oneroster(classroom, package, picked,
                                                 lambda d, t: progress(d, t, text))

            def finished(results: list[importing.RosterResult]) -> None:
                done.append(results)
                self._finish_oneroster(self.ctx.edit(text, do, undo))

            self.import_button.setEnabled(False)
            self.ctx.run_long(text, work, finished, cancellable=False)
            return
        self._finish_oneroster(self.ctx.edit(text, do, undo))

    def _finish_oneroster(self, results: list[importing.RosterResult] | None) -> None:
        if results is None:
            self.import_button.setEnabled(True)
            return
        self.imported_ids = [sid for r in results for sid in r.new_ids]
        self.result_summary = " ".join(r.plan.summary() for r in results)
        QDialog.accept(self)

    # ---- CSV and Excel ---------------------------------------------------------------------
    def load_bytes(self, data: bytes, name: str = "the file") -> bool:
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
            self.file_label.setText(f"{name}: {len(self.roster.data_records)} rows, an Excel workbook.")
        else:
            self.file_label.setText(
                f"{name}: {len(self.roster.data_records)} rows, "
                f"{_ENCODINGS.get(table.encoding, table.encoding)}, "
                f"separated by {_DELIMITERS.get(table.delimiter, table.delimiter)}."
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
            combo.addItem(NO_COLUMN, None)
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
    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

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
            self._show_error("Choose a CSV file first.")
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

        text = f"Import {len(rows)} students"
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
