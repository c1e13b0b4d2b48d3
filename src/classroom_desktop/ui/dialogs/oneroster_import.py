"""The OneRoster half of the class-list import: tick the export's classes, preview their students, import
them (each class its own transaction)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _
from classroom_desktop.interop import oneroster, roster_csv
from classroom_desktop.services import importing
from classroom_desktop.ui.context import AppContext

#: More rows than this import behind a progress bar (about half a second of work).
LONG_IMPORT_ROWS = 1500
#: What importing does to each row, as the preview's last column says it.
_ROW_FATES = {"new": N_("new"), "update": N_("update"), "unchanged": N_("unchanged"),
              "leaves the class": N_("leaves the class"), "joins the class": N_("joins the class")}


class OneRosterImport(QDialog):
    """The class-list dialog's OneRoster part; :class:`RosterImportDialog` builds the widgets."""

    ctx: AppContext
    class_id: str | None
    package: oneroster.Package | None
    class_list: QListWidget
    file_label: QLabel
    preview_table: QTableWidget
    summary_label: QLabel
    import_button: QPushButton
    imported_ids: list[str]
    result_summary: str

    error_label: QLabel
    class_box: QWidget
    mapping_box: QWidget
    roster: roster_csv.RosterFile | None

    def _set_mode(self, oneroster_mode: bool) -> None:
        self.class_box.setVisible(oneroster_mode)
        self.mapping_box.setVisible(not oneroster_mode)
        if oneroster_mode:
            self.roster = None
        else:
            self.package = None

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

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
            students = _("{count} students").format(count=one.students)
            detail = ", ".join(x for x in (students, one.course, one.school_year) if x)
            item = QListWidgetItem(f"{one.label} — {detail}")
            item.setData(Qt.ItemDataRole.UserRole, one.sourced_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = len(package.classes) == 1 or importing.name_key(one.title) == importing.name_key(current)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.class_list.addItem(item)
        self.class_list.blockSignals(False)
        kind = f"OneRoster {package.version}"
        what = _("{name}: a {kind} delta export") if package.delta else _("{name}: a {kind} export")
        text = what.format(name=name, kind=kind)
        if package.system:
            text += " " + _("from {system}").format(system=package.system)
        text += " " + _("with {count} classes.").format(count=len(package.classes))
        self.file_label.setText(text)
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
        header = [_("Class"), _("Given name"), _("Family name"), _("Preferred name"), _("Student ID"),
                  _("Email"), _("Import")]
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
                    joins = _(_ROW_FATES["joins the class" if what[id(r)] == "unchanged" else what[id(r)]])
                    rows.append([preview.source.title, known.given_name, known.family_name,
                                 known.preferred_name, known.student_number, known.email, joins])
                elif id(r) in what:
                    rows.append([preview.source.title, r.given_name, r.family_name, r.preferred_name,
                                 r.student_number, r.email, _(_ROW_FATES[what[id(r)]])])
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(header))
        self.preview_table.setRowCount(len(rows))
        self.preview_table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.preview_table.setItem(r, c, QTableWidgetItem(value))
        self.preview_table.resizeColumnsToContents()
        notes = [n for p in previews for n in p.plan.notes]
        lines = [p.summary() + "." for p in previews] or [_("Tick the classes to import.")]
        self.summary_label.setText("\n".join(lines + notes))
        self.import_button.setEnabled(bool(previews))

    def _accept_oneroster(self) -> None:
        assert self.package is not None
        package, picked = self.package, self.picked_classes()
        if not picked:
            self._show_error(_("Tick at least one class of the OneRoster export."))
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

        text = _("Import OneRoster classes {names}").format(names=", ".join(c.title for c in picked))
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
