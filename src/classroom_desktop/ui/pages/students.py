"""Students: the class roster (search, add, edit, archive, import) and one student's page — learner profile,
mastery-over-time chart, evidence list, and tabs other features add (e.g. the learning plan).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import N_, _
from classroom_desktop.services.roster import NewStudent
from classroom_desktop.services.views import StudentView
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.dialogs.roster_import import RosterImportDialog
from classroom_desktop.ui.dialogs.student_dialog import StudentDialog
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.student_editor import ProfileEditor
from classroom_desktop.ui.student_progress import EvidenceList, ProgressChart

TabFactory = Callable[[AppContext, str], QWidget]


def _plan_editor(ctx: AppContext, student_id: str | None) -> QWidget:
    """The student's learning plan, edited in place (the same editor as the Plans page)."""
    from classroom_desktop.ui.plan_editor import PlanEditor

    return PlanEditor(ctx, student_id)


class StudentsPage(Page):
    title = "Students"
    shortcut = "Ctrl+3"
    concerns = ("student", "enrolment", "evidence", "standard")  # the profile editor follows its own

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._tab_factories: list[tuple[str, TabFactory]] = [(N_("Learning plan"), _plan_editor)]
        self._extra_tabs: list[QWidget] = []
        self._students: list[StudentView] = []

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search students"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._fill_list)
        self.roster = QListWidget()
        self.roster.currentItemChanged.connect(self._selected)
        # A click always shows the student clicked, even when Qt made that row current without
        # telling (keyboard focus makes the first row current but not selected).
        self.roster.itemPressed.connect(self._clicked)
        self.roster.itemClicked.connect(self._clicked)
        self.roster.setAccessibleName(_("Students"))
        self.keyboard_home = self.roster  # Ctrl+3 lands in the list
        self.add_button = QPushButton(_("Add…"))
        self.add_button.clicked.connect(lambda: self.add_student())
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(lambda: self.edit_student())
        self.archive_button = QPushButton(_("Archive"))
        self.archive_button.clicked.connect(self.archive_student)
        self.import_button = QPushButton(_("Import class list…"))
        self.import_button.clicked.connect(lambda: self.import_roster())
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.archive_button):
            buttons.addWidget(b)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.roster, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.import_button)

        self.name_label = QLabel()
        self.name_label.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.details_label = QLabel()
        self.details_label.setStyleSheet("color: #555;")
        self.profile = ProfileEditor(ctx)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.profile)
        self.chart = ProgressChart(ctx)
        self.evidence_list = EvidenceList()
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(self.chart)
        right_split.addWidget(self.evidence_list)
        right_split.setSizes([330, 200])
        overview = QSplitter(Qt.Orientation.Horizontal)
        overview.addWidget(scroll)
        overview.addWidget(right_split)
        overview.setSizes([520, 600])
        self.tabs = QTabWidget()
        self.tabs.addTab(overview, _("Profile and progress"))
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.name_label)
        detail_layout.addWidget(self.details_label)
        detail_layout.addWidget(self.tabs, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(detail)
        split.setSizes([240, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self._show_student(None)

    # ---- extension point ----------------------------------------------------------------
    def add_student_tab(self, title: str, factory: TabFactory) -> None:
        """Add a tab to every student's page; ``factory(ctx, student_id)`` builds it for each student."""
        self._tab_factories.append((title, factory))
        self._rebuild_tabs()

    def _rebuild_tabs(self) -> None:
        current = self.tabs.currentIndex()
        for widget in self._extra_tabs:
            self.tabs.removeTab(self.tabs.indexOf(widget))
            widget.deleteLater()
        self._extra_tabs = []
        sid = self.current_student_id
        for title, factory in self._tab_factories:
            widget = self._make_tab(factory, sid)
            self._extra_tabs.append(widget)
            self.tabs.addTab(widget, _(title))
        self.tabs.setCurrentIndex(min(current, self.tabs.count() - 1))

    def _make_tab(self, factory: TabFactory, student_id: str | None) -> QWidget:
        made = None
        if student_id:
            made = self.ctx.guard(lambda: factory(self.ctx, student_id))
        if isinstance(made, QWidget):
            return made
        placeholder = QLabel(_("Choose a student."))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return placeholder

    # ---- roster -------------------------------------------------------------------------
    @property
    def current_student_id(self) -> str | None:
        item = self.roster.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def refresh(self) -> None:
        class_id = self.class_id
        self._students = self.ctx.classroom.students.list(class_id) if class_id else []
        self.import_button.setEnabled(class_id is not None)
        self.add_button.setEnabled(class_id is not None)
        self._fill_list()
        self._show_student(self.current_student_id, reload=True)

    def _fill_list(self) -> None:
        keep = self.current_student_id
        needle = self.search.text().casefold().strip()
        self.roster.blockSignals(True)
        self.roster.clear()
        for s in self._students:
            text = " ".join((s.given_name, s.family_name, s.preferred_name, s.student_number)).casefold()
            if needle and needle not in text:
                continue
            item = QListWidgetItem(s.display_name)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.roster.addItem(item)
            if s.id == keep:
                self.roster.setCurrentItem(item)
        self.roster.blockSignals(False)
        if self.current_student_id != keep:
            self._show_student(self.current_student_id)

    def select_student(self, student_id: str) -> None:
        for row in range(self.roster.count()):
            item = self.roster.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == student_id:
                self.roster.setCurrentItem(item)
                return

    def _selected(self, *_args: object) -> None:
        self._show_student(self.current_student_id)

    def _clicked(self, item: QListWidgetItem) -> None:
        if item is not self.roster.currentItem():
            self.roster.setCurrentItem(item)  # calls _selected
        elif item.data(Qt.ItemDataRole.UserRole) != self.profile.student_id:
            self._show_student(self.current_student_id)

    def _show_student(self, student_id: str | None, reload: bool = False) -> None:
        student = next((s for s in self._students if s.id == student_id), None)
        same = student is not None and student.id == self.profile.student_id
        self.edit_button.setEnabled(student is not None)
        self.archive_button.setEnabled(student is not None)
        self.tabs.setEnabled(student is not None)
        if student is None:
            if self._students:
                count = len(self._students)
                self.name_label.setText(
                    _("{count} students in this class").format(count=count) if count > 1 else _("1 student")
                )
                self.details_label.setText(
                    _("Click a name in the list to see that student's profile, evidence and progress.")
                )
            else:
                self.name_label.setText(_("No students in this class yet"))
                self.details_label.setText(_("Add students, or import a class list from a CSV file."))
            self.profile.set_student(None)
            self.chart.set_student(None, [])
            self.evidence_list.show_evidence([], {})
            self._rebuild_tabs()
            return
        self.name_label.setText(student.display_name)
        parts = [
            _("Given name: {name}").format(name=student.given_name),
            _("Family name: {name}").format(name=student.family_name),
        ]
        parts += [_("ID: {number}").format(number=student.student_number)] if student.student_number else []
        parts += [student.email] if student.email else []
        self.details_label.setText("   ·   ".join(parts))
        if not same:
            self.profile.set_student(student.id, student.display_name)
        evidence = self.ctx.classroom.evidence.for_student(student.id)
        codes = {sid: code for sid, code, _ in self.chart._standards()}
        self.chart.set_student(student.id, evidence)
        self.evidence_list.show_evidence(evidence, codes)
        if not same or not reload:
            self._rebuild_tabs()

    # ---- actions ------------------------------------------------------------------------
    def add_student(self, values: dict[str, str] | None = None) -> str | None:
        """Add a student to the current class (from the form, or ``values`` in tests). Undo archives them."""
        class_id = self.class_id
        if class_id is None:
            return None
        if values is None:
            dialog = StudentDialog(None, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            values = dialog.values()
        students = self.ctx.classroom.students
        created: list[str] = []

        def do() -> str:
            if created:
                students.archive(created[0], False)
            else:
                created.append(students.add(NewStudent(**values), class_id).created_id or "")
            return created[0]

        name = " ".join(v for v in (values.get("given_name"), values.get("family_name")) if v)
        sid = self.ctx.edit(_("Add {name}").format(name=name), do, lambda s: students.archive(s))
        if sid:
            self.refresh()
            self.select_student(sid)
        return sid

    def edit_student(self, values: dict[str, str] | None = None) -> None:
        sid = self.current_student_id
        if sid is None:
            return
        students = self.ctx.classroom.students
        before = students.get(sid)
        if values is None:
            dialog = StudentDialog(before, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = dialog.values()
        old = {k: getattr(before, k) for k in values}
        self.ctx.edit(
            _("Edit {name}").format(name=before.display_name),
            lambda: students.edit(sid, **values),
            lambda _r: students.edit(sid, **old),
        )

    def archive_student(self) -> None:
        sid = self.current_student_id
        if sid is None:
            return
        students = self.ctx.classroom.students
        name = students.get(sid).display_name
        self.profile.flush()
        self.ctx.edit(
            _("Archive {name}").format(name=name),
            lambda: students.archive(sid),
            lambda _r: students.archive(sid, False),
        )

    def import_roster(self, path: Any = None) -> RosterImportDialog | None:
        """Open the import dialog (``path`` preloads a file; the dialog is returned when not run modally)."""
        dialog = RosterImportDialog(self.ctx, self.class_id, self)
        if path is not None:
            dialog.load_file(path)
            return dialog
        dialog.exec()
        return None

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        self.profile.flush()
        super().hideEvent(event)
