"""Plans: every student's learning plan — draft them for the class, edit one, print them all."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import N_, _, default_paper
from classroom_desktop.services.plans import plans_of
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.locale_format import localize_date_edit
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.plan_editor import PlanEditor
from classroom_desktop.ui.widgets import ok_cancel

_ID = Qt.ItemDataRole.UserRole
KINDS = {"plans": N_("Learning plans"), "binder": N_("Data binders"), "report": N_("Progress reports")}
#: File names for the printed PDFs (kept in English: file names stay the same on every laptop).
FILE_NAMES = {"plans": "learning-plans", "binder": "data-binders", "report": "progress-reports"}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DraftDialog(QDialog):
    """The dates for drafting the whole class's plans."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Draft plans for the class"))
        form = QFormLayout(self)
        self.start, self.end = (
            QDateEdit(_qdate(today)),
            QDateEdit(_qdate(today + timedelta(weeks=8))),
        )
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            localize_date_edit(edit)
        form.addRow(QLabel(_("Plans that exist are drafted again; the changes you made are kept.")))
        form.addRow(_("Start"), self.start)
        form.addRow(_("End"), self.end)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def dates(self) -> tuple[date, date]:
        s, e = self.start.date(), self.end.date()
        return date(s.year(), s.month(), s.day()), date(e.year(), e.month(), e.day())


class PlansPage(Page):
    title = "Plans"
    shortcut = "Ctrl+6"
    concerns = ("learning_plan", "plan_step", "student", "enrolment")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        draft = QPushButton(_("Draft plans for the class"))
        draft.clicked.connect(self.ask_draft_class)
        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(_(label), key)
        self.kind.setAccessibleName(_("What to print"))
        self.paper = QComboBox()
        self.paper.addItem("A4", "A4")
        self.paper.addItem(_("Letter"), "Letter")
        self.paper.setCurrentIndex(
            self.paper.findData(default_paper())
        )  # Letter where the country prints on Letter
        self.paper.setAccessibleName(_("Paper size"))
        self.one_file_each = QCheckBox(_("One file per student (in a folder)"))
        print_button = QPushButton(_("Print plans…"))
        print_button.clicked.connect(self.ask_print)
        library = QPushButton(_("Activity library…"))
        library.clicked.connect(self.open_library)
        for widget in (
            draft,
            library,
            QLabel(_("Print")),
            self.kind,
            self.paper,
            self.one_file_each,
            print_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        split = QSplitter()
        self.students = QListWidget()
        self.students.setAccessibleName(_("Students"))
        self.editor: PlanEditor = PlanEditor(ctx)
        self.students.currentItemChanged.connect(lambda *_: self.editor.set_student(self.selected_student()))
        split.addWidget(self.students)
        split.addWidget(self.editor)
        split.setSizes([220, 900])
        layout.addWidget(split, 1)

    def selected_student(self) -> str | None:
        item = self.students.currentItem()
        return str(item.data(_ID)) if item is not None else None

    def select_student(self, student_id: str) -> None:
        for row in range(self.students.count()):
            if self.students.item(row).data(_ID) == student_id:
                self.students.setCurrentRow(row)

    def refresh(self) -> None:
        chosen = self.selected_student()
        self.students.blockSignals(True)
        self.students.clear()
        if self.class_id is not None:
            for student in self.ctx.classroom.students.list(self.class_id):
                item = QListWidgetItem(student.display_name)
                item.setData(_ID, student.id)
                self.students.addItem(item)
        self.students.blockSignals(False)
        if chosen:
            self.select_student(chosen)
        if self.students.currentItem() is None and self.students.count():
            self.students.setCurrentRow(0)
        self.editor.set_student(self.selected_student())

    # ---- class actions ------------------------------------------------------------------------
    def ask_draft_class(self) -> None:
        if self.class_id is None:
            return
        dialog = DraftDialog(self.ctx.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.draft_class(*dialog.dates())

    def draft_class(self, start: date, end: date) -> Any:
        class_id, plans = self.class_id, plans_of(self.ctx.classroom)
        if class_id is None:
            return None
        return self.ctx.run_long(
            _("Drafting learning plans"),
            lambda progress, cancelled: plans.draft_class(class_id, start, end, None, progress, cancelled),
            lambda _changes: self.ctx.status.emit(_("Learning plans drafted for the class")),
        )

    def ask_print(self) -> None:
        if self.class_id is None:
            return
        kind = str(self.kind.currentData())
        if self.one_file_each.isChecked():
            name = QFileDialog.getExistingDirectory(self, _("Choose a folder for the files"))
            if name:
                self.print_class(kind, Path(name), True)
            return
        self.preview_class(kind)

    def preview_class(self, kind: str) -> None:
        """Build the class's plans, binders or reports in one PDF, then preview them to print or save."""
        from dataclasses import replace

        from classroom_desktop.services.printing import PrintOptions, print_document
        from classroom_desktop.ui.print_flow import print_with_preview

        if self.class_id is None:
            return
        options = PrintOptions(
            out=Path("unused.pdf"), class_id=self.class_id, paper=str(self.paper.currentData())
        )
        classroom = self.ctx.classroom
        print_with_preview(
            self,
            self.ctx,
            _(KINDS[kind]),
            FILE_NAMES[kind],
            lambda out, progress, cancelled: print_document(
                classroom, kind, replace(options, out=out), progress, cancelled
            ),
        )

    def print_class(
        self,
        kind: str,
        out: Path,
        one_file_per_student: bool = False,
        student_id: str | None = None,
        on_done: Any = None,
    ) -> Any:
        """Print plans, binders or reports for the whole class (or one student) in the background."""
        from classroom_desktop.services.printing import PrintOptions, print_document

        if self.class_id is None:
            return None
        options = PrintOptions(
            out=out,
            class_id=self.class_id,
            student_id=student_id,
            paper=str(self.paper.currentData()),
            one_file_per_student=one_file_per_student,
        )
        classroom = self.ctx.classroom
        return self.ctx.run_long(
            _("Printing {what}").format(what=_(KINDS[kind]).lower()),
            lambda progress, cancelled: print_document(classroom, kind, options, progress, cancelled),
            on_done or (lambda path: self.ctx.status.emit(_("Saved {path}").format(path=path))),
        )

    def open_library(self) -> None:
        from classroom_desktop.ui.activity_library import ActivityLibraryDialog

        if self.class_id is not None:
            ActivityLibraryDialog(self.ctx, self.class_id, self).exec()
