"""The settings page: where the workspace lives, its backups, and the kinds of evidence.

Other areas (sync, printing) add their own boxes with :meth:`SettingsPage.add_section`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import _
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.widgets import hint

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import BackupInfo

REASONS = {
    "open": "when the class was opened",
    "manual": "made by you",
    "daily": "the day's copy",
    "before-restore": "before a restore",
    "before-update": "before an update",
}
CHECKED = {True: "checked good", False: "damaged", None: "not checked yet"}


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, round(n / 1024))} KB"


class SettingsPage(Page):
    title = "Settings"
    shortcut = "Ctrl+8"
    concerns = ("meta",)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        inner = QWidget()
        self.sections = QVBoxLayout(inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_folder = QPushButton("Open folder")
        open_folder.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_label, 1)
        row.addWidget(open_folder)
        box = QVBoxLayout()
        box.addLayout(row)
        box.addWidget(
            hint(
                "Everything for your classes is kept in this folder on this computer. "
                "Do not put it on a shared or synced folder; use Sync for that."
            )
        )
        self.add_section("Workspace folder", box)

        self.backups = QTreeWidget()
        self.backups.setHeaderLabels(["Made", "Why", "Size", "Checked"])
        self.backups.setRootIsDecorated(False)
        self.backups.setAccessibleName("Backups")
        self.backups.setMinimumHeight(180)
        make = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore the selected backup…")
        self.restore_file_button = QPushButton("Restore from a file…")
        self.restore_file_button.setToolTip("Put back a backup kept elsewhere, for example on a USB stick")
        make.clicked.connect(self.make_backup)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        buttons = QHBoxLayout()
        buttons.addWidget(make)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.restore_file_button)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(
            hint(
                "A checked copy is made each day the class is used, before every update, and whenever "
                "you ask. The last 7 days, 4 weeks and 12 months are kept. Restoring puts a copy back "
                "(one from this list, or a file such as a copy on a USB stick); what is there now is "
                "backed up first."
            )
        )
        box.addWidget(self.backups)
        box.addLayout(buttons)
        self.add_section("Backups", box)

        self.kinds = QListWidget()
        self.kinds.setAccessibleName("Evidence kinds")
        self.kinds.setMaximumHeight(150)
        add, rename, remove = QPushButton("Add…"), QPushButton("Rename…"), QPushButton("Remove")
        add.clicked.connect(self.add_kind)
        rename.clicked.connect(self.rename_kind)
        remove.clicked.connect(self.remove_kind)
        buttons = QHBoxLayout()
        for b in (add, rename, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(
            hint(
                "The kinds of evidence you record (the gradebook's Kind list). "
                "Evidence already recorded keeps its kind."
            )
        )
        box.addWidget(self.kinds)
        box.addLayout(buttons)
        self.add_section("Evidence kinds", box)
        self.sections.addStretch(1)
        from classroom_desktop.ui.school_calendar_box import SchoolCalendarBox

        self.calendar_box = SchoolCalendarBox(ctx)
        self.add_section("School calendar", self.calendar_box)
        from classroom_desktop.ui.display_box import DisplayBox

        self.display_box = DisplayBox(ctx.window)
        self.add_section(_("Display"), self.display_box)

    def add_section(self, title: str, content: QWidget | QVBoxLayout) -> QGroupBox:
        """Add a titled box to the page (above the ones added later); returns the box."""
        group = QGroupBox(title)
        if isinstance(content, QWidget):
            layout = QVBoxLayout()
            layout.addWidget(content)
            group.setLayout(layout)
        else:
            group.setLayout(content)
        stretch = self.sections.count() - 1
        last = self.sections.itemAt(stretch) if stretch >= 0 else None
        if last is not None and last.spacerItem() is not None:
            self.sections.insertWidget(stretch, group)
        else:
            self.sections.addWidget(group)
        return group

    # ---- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.calendar_box.load()
        classroom = self.ctx.classroom
        self.folder_label.setText(str(classroom.folder))
        self.backups.clear()
        for info in classroom.backups():
            item = QTreeWidgetItem(
                [
                    info.made_at.strftime("%Y-%m-%d %H:%M:%S"),
                    REASONS.get(info.reason, info.reason),
                    _size(info.size),
                    CHECKED[info.checked],
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            self.backups.addTopLevelItem(item)
        for col in range(4):
            self.backups.resizeColumnToContents(col)
        newest = self.backups.topLevelItem(0)
        if newest is not None:
            self.backups.setCurrentItem(newest)
        self.kinds.clear()
        for kind in classroom.evidence.kinds():
            self.kinds.addItem(QListWidgetItem(kind))

    # ---- actions ------------------------------------------------------------------------
    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.classroom.folder)))

    def make_backup(self) -> None:
        path = self.ctx.guard(self.ctx.classroom.make_backup)
        if path is not None:
            self.ctx.status.emit(f"Backup made: {path.name}")
            self.refresh()

    def restore_selected(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            QMessageBox.information(self, "Restore a backup", "Pick a backup in the list first.")
            return
        path = Path(item.data(0, Qt.ItemDataRole.UserRole))
        classroom = self.ctx.classroom
        info = next((b for b in classroom.backups() if b.path == path), None)
        if info is None:
            self.refresh()
            QMessageBox.information(self, "Restore a backup", "That backup is not in the folder any more.")
            return
        self._ask_and_restore(info)

    def restore_from_file(self) -> None:
        """Put back a backup chosen on disk (copied from a USB stick): checked before anything changes."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Restore a backup from a file", "", "Class backups (*.sqlite3);;All files (*)"
        )
        if not name:
            return
        classroom = self.ctx.classroom
        info = self.ctx.guard(lambda: classroom.inspect_backup_file(Path(name)))
        if info is not None:
            self._ask_and_restore(info)

    def _ask_and_restore(self, info: BackupInfo) -> None:
        """Say what restoring ``info`` does to the changes made since; restore it if the teacher agrees."""
        classroom = self.ctx.classroom
        question = self.ctx.guard(lambda: classroom.restore_question(info))
        if question is None:
            return
        if QMessageBox.question(self, "Restore a backup", question) != QMessageBox.StandardButton.Yes:
            return
        window = self.ctx.window
        if window is not None and hasattr(window, "restore_backup"):
            window.restore_backup(info.path)

    def _set_kinds(self, kinds: list[str], text: str) -> None:
        evidence = self.ctx.classroom.evidence
        before = evidence.kinds()

        def apply(values: list[str]) -> None:
            evidence.set_kinds(values)
            self.mark_stale()

        self.ctx.edit(text, lambda: apply(kinds), lambda _r: apply(before))

    def _current_kinds(self) -> list[str]:
        return [self.kinds.item(i).text() for i in range(self.kinds.count())]

    def add_kind(self) -> None:
        name, ok = QInputDialog.getText(self, "Add a kind of evidence", "Name (for example: homework):")
        if ok and name.strip():
            self._set_kinds([*self._current_kinds(), name.strip()], f"Add the evidence kind '{name.strip()}'")

    def rename_kind(self) -> None:
        item = self.kinds.currentItem()
        if item is None:
            return
        old = item.text()
        name, ok = QInputDialog.getText(self, "Rename a kind of evidence", "New name:", text=old)
        if ok and name.strip() and name.strip() != old:
            kinds = [name.strip() if k == old else k for k in self._current_kinds()]
            self._set_kinds(kinds, f"Rename the evidence kind '{old}' to '{name.strip()}'")

    def remove_kind(self) -> None:
        item = self.kinds.currentItem()
        if item is not None:
            kinds = [k for k in self._current_kinds() if k != item.text()]
            self._set_kinds(kinds, f"Remove the evidence kind '{item.text()}'")
