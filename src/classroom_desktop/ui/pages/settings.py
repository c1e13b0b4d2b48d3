"""The settings page: where the workspace lives, its backups, and the kinds of evidence.

Other areas (sync, printing) add their own boxes with :meth:`SettingsPage.add_section`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
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

from classroom_desktop.i18n import N_, _, program_translator
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.pages.base import Page
from classroom_desktop.ui.widgets import hint

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import BackupInfo

REASONS = {
    "open": N_("when the class was opened"),
    "manual": N_("made by you"),
    "daily": N_("the day's copy"),
    "before-restore": N_("before a restore"),
    "before-update": N_("before an update"),
}
CHECKED = {True: N_("checked good"), False: N_("damaged"), None: N_("not checked yet")}


def _size(n: int) -> str:
    number = program_translator().number
    return _("{size} MB").format(size=number(n / 1_048_576)) if n >= 1_048_576 else _("{size} KB").format(
        size=max(1, round(n / 1024))
    )


def made(when: datetime) -> str:
    """When a backup was made, as the window writes dates ("2 dic 2026 17:05:09")."""
    return f"{program_translator().short_date(when.date())} {when:%H:%M:%S}"


class SettingsPage(Page):
    title = N_("Settings")
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
        open_folder = QPushButton(_("Open folder"))
        open_folder.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_label, 1)
        row.addWidget(open_folder)
        box = QVBoxLayout()
        box.addLayout(row)
        box.addWidget(
            hint(
                _(
                    "Everything for your classes is kept in this folder on this computer. "
                    "Do not put it on a shared or synced folder; use Sync for that."
                )
            )
        )
        self.add_section(_("Workspace folder"), box)

        self.backups = QTreeWidget()
        self.backups.setHeaderLabels([_("Made"), _("Why"), _("Size"), _("Checked")])
        self.backups.setRootIsDecorated(False)
        self.backups.setAccessibleName(_("Backups"))
        self.backups.setMinimumHeight(180)
        make = QPushButton(_("Back up now"))
        self.restore_button = QPushButton(_("Restore the selected backup…"))
        self.restore_file_button = QPushButton(_("Restore from a file…"))
        self.restore_file_button.setToolTip(_("Put back a backup kept elsewhere, for example on a USB stick"))
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
                _(
                    "A checked copy is made each day the class is used, before every update, and whenever "
                    "you ask. The last 7 days, 4 weeks and 12 months are kept. Restoring puts a copy back "
                    "(one from this list, or a file such as a copy on a USB stick); what is there now is "
                    "backed up first."
                )
            )
        )
        box.addWidget(self.backups)
        box.addLayout(buttons)
        self.add_section(_("Backups"), box)

        self.kinds = QListWidget()
        self.kinds.setAccessibleName(_("Evidence kinds"))
        self.kinds.setMaximumHeight(150)
        add, rename, remove = QPushButton(_("Add…")), QPushButton(_("Rename…")), QPushButton(_("Remove"))
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
                _(
                    "The kinds of evidence you record (the gradebook's Kind list). "
                    "Evidence already recorded keeps its kind."
                )
            )
        )
        box.addWidget(self.kinds)
        box.addLayout(buttons)
        self.add_section(_("Evidence kinds"), box)
        self.sections.addStretch(1)
        from classroom_desktop.ui.language import LanguageBox

        window = ctx.window
        self.language_box = LanguageBox(getattr(window, "settings", None) or QSettings())
        self.add_section(_("Language"), self.language_box)
        from classroom_desktop.ui.school_calendar_box import SchoolCalendarBox

        self.calendar_box = SchoolCalendarBox(ctx)
        self.add_section(_("School calendar"), self.calendar_box)
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
                    made(info.made_at),
                    _(REASONS[info.reason]) if info.reason in REASONS else info.reason,
                    _size(info.size),
                    _(CHECKED[info.checked]),
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
            self.ctx.status.emit(_("Backup made: {name}").format(name=path.name))
            self.refresh()

    def restore_selected(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            QMessageBox.information(self, _("Restore a backup"), _("Pick a backup in the list first."))
            return
        path = Path(item.data(0, Qt.ItemDataRole.UserRole))
        classroom = self.ctx.classroom
        info = next((b for b in classroom.backups() if b.path == path), None)
        if info is None:
            self.refresh()
            QMessageBox.information(
                self, _("Restore a backup"), _("That backup is not in the folder any more.")
            )
            return
        self._ask_and_restore(info)

    def restore_from_file(self) -> None:
        """Put back a backup chosen on disk (copied from a USB stick): checked before anything changes."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Restore a backup from a file"), "", _("Class backups (*.sqlite3);;All files (*)")
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
        if QMessageBox.question(self, _("Restore a backup"), question) != QMessageBox.StandardButton.Yes:
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
        name, ok = QInputDialog.getText(self, _("Add a kind of evidence"), _("Name (for example: homework):"))
        if ok and name.strip():
            text = _("Add the evidence kind '{name}'").format(name=name.strip())
            self._set_kinds([*self._current_kinds(), name.strip()], text)

    def rename_kind(self) -> None:
        item = self.kinds.currentItem()
        if item is None:
            return
        old = item.text()
        name, ok = QInputDialog.getText(self, _("Rename a kind of evidence"), _("New name:"), text=old)
        if ok and name.strip() and name.strip() != old:
            kinds = [name.strip() if k == old else k for k in self._current_kinds()]
            self._set_kinds(
                kinds, _("Rename the evidence kind '{old}' to '{new}'").format(old=old, new=name.strip())
            )

    def remove_kind(self) -> None:
        item = self.kinds.currentItem()
        if item is not None:
            kinds = [k for k in self._current_kinds() if k != item.text()]
            self._set_kinds(kinds, _("Remove the evidence kind '{name}'").format(name=item.text()))
