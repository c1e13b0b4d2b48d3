"""Import a framework: a standards CSV or Excel file, a Canvas outcomes file, or a CASE package (pick the
grade or subject part to bring in, and whether isPeerOf links count as prerequisites). The preview shows
every standard with its strand and prerequisites before anything is written."""

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
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.interop import case, filekind, roster_csv, standards_csv
from classroom_desktop.services import importing
from classroom_desktop.ui.context import AppContext, Cancel

#: More standards than this import behind a progress bar.
LONG_IMPORT_STANDARDS = 1500


class StandardsImportDialog(QDialog):
    """Choose a file, check the preview (and for CASE the part), then Import; undoable."""

    def __init__(self, ctx: AppContext, class_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.class_id = class_id
        self.data: bytes | None = None
        self.file_name = ""
        self.package: case.CasePackage | None = None
        self.parsed: standards_csv.StandardsFile | None = None
        self.subject = ""
        self.framework_id: str | None = None
        #: what a Canvas file's ratings did to the class's scale (one sentence, also in the status bar)
        self.scale_note = ""
        self.setWindowTitle(_("Import standards"))
        self.resize(900, 560)

        self.file_label = QLabel(_("Choose a standards CSV or Excel file, a Canvas outcomes file, or a CASE "
                                   "package (JSON) from your state or an OpenSALT server."))
        self.file_label.setWordWrap(True)
        choose = QPushButton(_("Choose file…"))
        choose.clicked.connect(self._choose)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)

        self.part_combo = QComboBox()
        self.part_combo.currentIndexChanged.connect(lambda _i: self._refresh())
        self.peers_check = QCheckBox(
            _("Count isPeerOf links as prerequisites too (precedes links always do)")
        )
        self.peers_check.toggled.connect(lambda _on: self._refresh())
        self.case_box = QWidget()
        case_form = QFormLayout(self.case_box)
        case_form.setContentsMargins(0, 0, 0, 0)
        case_form.addRow(_("Part to bring in:"), self.part_combo)
        case_form.addRow("", self.peers_check)
        self.case_box.hide()

        self.name_edit = QLineEdit()
        self.attach_check = QCheckBox()
        form = QFormLayout()
        form.addRow(_("Framework name:"), self.name_edit)
        form.addRow("", self.attach_check)
        self.attach_check.hide()
        if class_id:
            school_class = ctx.classroom.classes.get(class_id)
            self.attach_check.setText(_("Use it for {name}").format(name=school_class.name))
            self.attach_check.setChecked(not school_class.framework_id)
            self.attach_check.show()

        self.preview_table = QTableWidget(0, 4)
        self.preview_table.setHorizontalHeaderLabels([_("Strand"), _("Code"), _("I can"), _("Prerequisites")])
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.case_box)
        layout.addLayout(form)
        layout.addWidget(self.preview_table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)

    # ---- loading ------------------------------------------------------------------------
    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import standards"), "", _("Standards (*.csv *.txt *.xlsx *.json);;All (*)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Read ``path`` and show its preview; False (with the reason shown) if it cannot be read."""
        self.package = None
        self.parsed = None
        self.import_button.setEnabled(False)
        try:
            data = importing.read_bytes(path, roster_csv.STANDARDS_WANTS)
            kind = filekind.sniff(data)
            if kind.kind == "json":
                self.package = case.read_case(data)
        except UserError as exc:
            self.summary_label.setText(exc.message)
            return False
        self.data, self.file_name = data, Path(path).name
        self.case_box.setVisible(self.package is not None)
        if self.package is not None:
            self.file_label.setText(_("{name}: a CASE package, '{title}', {count} items.").format(
                name=self.file_name, title=self.package.title, count=len(self.package.items)))
            self.part_combo.blockSignals(True)
            self.part_combo.clear()
            for identifier, label, count in self.package.parts():
                text = _("{label} ({count} items)").format(label=label, count=count)
                self.part_combo.addItem(text, identifier)
            self.part_combo.blockSignals(False)
        else:
            self.file_label.setText(f"{self.file_name}: {_(kind.description)}.")
        return self._refresh()

    def _refresh(self) -> bool:
        """Read the file again with the chosen part and options, and show what would come in."""
        if self.data is None:
            return False
        part = ""
        if self.package is not None:
            part = self.part_combo.currentData() or ""
        self.parsed = None
        self.import_button.setEnabled(False)
        try:
            if self.package is not None:
                parsed = case.to_standards(self.package, part, self.peers_check.isChecked())
                name = self.package.title
                if part:
                    item = self.package.items[part]
                    name = f"{self.package.title} — {item.code or item.statement}"
                subject = self.package.subject
            else:
                parsed, name, subject = importing.read_standards(self.data, self.file_name)
        except roster_csv.FileProblems as exc:
            self._fill_table(None)
            self.summary_label.setText("\n".join(exc.problems))
            return False
        except UserError as exc:
            self._fill_table(None)
            self.summary_label.setText(exc.message)
            return False
        self.parsed, self.subject = parsed, subject
        self.name_edit.setText(name)
        self._fill_table(parsed)
        links = sum(len(r.prerequisites) for r in parsed.standards)
        summary = _("{standards} standards in {strands} strands, {links} prerequisite links.")
        self.summary_label.setText(
            summary.format(standards=len(parsed.standards), strands=len(parsed.strands), links=links)
        )
        self.import_button.setEnabled(True)
        return True

    def _fill_table(self, parsed: standards_csv.StandardsFile | None) -> None:
        rows = parsed.standards if parsed else []
        self.preview_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate((row.strand, row.code, row.statement, ", ".join(row.prerequisites))):
                self.preview_table.setItem(r, c, QTableWidgetItem(value))
        self.preview_table.resizeColumnsToContents()
        for column, widest in ((0, 220), (2, 420)):  # long statements keep the prerequisites in view
            self.preview_table.setColumnWidth(column, min(self.preview_table.columnWidth(column), widest))

    # ---- importing ----------------------------------------------------------------------
    def accept(self) -> None:
        if self.parsed is None:
            self.summary_label.setText(_("Choose a standards file first."))
            return
        parsed, subject = self.parsed, self.subject
        name = " ".join(self.name_edit.text().split()) or _("Imported standards")
        class_id = self.class_id if self.attach_check.isChecked() else None
        classroom = self.ctx.classroom
        curriculum = classroom.curriculum
        made: list[str] = []  # made behind the progress bar, before the edit is recorded
        data = self.data if self.package is None else None
        replaced: dict[str, Any] = {}  # framework id -> the class's scale before the file's ratings

        def do() -> str:  # a redo imports again
            if made:
                created: str | None = made.pop()
            else:
                created = importing.import_standards(classroom, parsed, name, class_id, subject).created_id
            assert created is not None
            if class_id and data is not None:  # a Canvas file's ratings and the class's scale
                adopt = classroom.classes.get(class_id).framework_id == created
                check = importing.check_canvas_scale(classroom, class_id, data, name, adopt)
                if check.before is not None:
                    replaced[created] = check.before
                if check.message:
                    self.scale_note = check.message
                    self.ctx.status.emit(check.message)
            return created

        def undo(framework_id: str) -> None:
            if class_id and framework_id in replaced:
                classroom.curriculum.set_class_scale(class_id, replaced.pop(framework_id))
            if class_id and classroom.classes.get(class_id).framework_id == framework_id:
                classroom.classes.edit(class_id, framework_id=None)
            curriculum.edit_framework(framework_id, deleted=True)

        text = _("Import standards {name}").format(name=name)
        if len(parsed.standards) > LONG_IMPORT_STANDARDS:
            def work(progress: Any, cancelled: Any) -> str | None:
                def tick(done: int, total: int) -> None:
                    if cancelled():
                        raise Cancel()
                    progress(done, total, text)

                return importing.import_standards(classroom, parsed, name, class_id, subject,
                                                  tick).created_id

            def finished(created: str) -> None:
                made.append(created)
                self._finish(self.ctx.edit(text, do, undo))

            self.import_button.setEnabled(False)
            self.ctx.run_long(text, work, finished, on_cancelled=lambda: self.import_button.setEnabled(True))
            return
        self._finish(self.ctx.edit(text, do, undo))

    def _finish(self, framework_id: str | None) -> None:
        if framework_id is None:
            self.import_button.setEnabled(True)
            return
        self.framework_id = framework_id
        super().accept()
