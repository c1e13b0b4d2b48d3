"""Sync's words in the window: the status-bar text and the set-up dialog (choose the shared folder, then
start syncing there or join the class already syncing there)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.syncing import SyncService, SyncStatus
from classroom_desktop.ui.locale_format import short_day
from classroom_desktop.ui.widgets import ok_cancel


def status_text(status: SyncStatus) -> str:
    """The status-bar text: last sync, laptops seen, changes waiting."""
    if not status.configured:
        return _("Sync: not set up")
    if status.needs_passphrase:
        return _("Sync: type the class's passphrase again (Settings ▸ Sync ▸ Set up sync)")
    when = _("never")
    if status.last_sync:
        try:
            moment = datetime.fromisoformat(status.last_sync).astimezone()
            when = f"{short_day(moment.date())} {moment:%H:%M}"
        except ValueError:
            when = status.last_sync
    laptops = _("{count} laptop") if status.devices_seen == 1 else _("{count} laptops")
    text = _("Synced {when}").format(when=when) + " · " + laptops.format(count=status.devices_seen)
    if status.last_status == "incomplete":
        text = _("Sync incomplete ({when})").format(when=when)
    elif status.last_status == "update_app":
        text = _("Sync paused: update the app")
    waiting = _("{count} change waiting") if status.waiting == 1 else _("{count} changes waiting")
    text += " · " + waiting.format(count=status.waiting)
    if status.conflicts:
        conflicts = _("{count} conflict") if status.conflicts == 1 else _("{count} conflicts")
        text += " · " + conflicts.format(count=status.conflicts)
    return text


class SetupDialog(QDialog):
    """Choose the shared folder, then create a sync folder there or join the one there."""

    def __init__(self, parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Set up sync"))
        self.folder = QLineEdit(folder)
        self.folder.setAccessibleName(_("Shared folder"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.create_choice = QRadioButton(_("Start syncing this class here (first laptop)"))
        self.join_choice = QRadioButton(_("Join the class already syncing here (another laptop)"))
        self.create_choice.setChecked(True)  # someone setting up sync is most often on the first laptop
        group = QButtonGroup(self)
        group.addButton(self.create_choice)
        group.addButton(self.join_choice)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(_("Passphrase again"))
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(_("Shared folder:"), row)
        form.addRow(self.create_choice)
        form.addRow(self.join_choice)
        form.addRow(_("Class passphrase:"), self.passphrase)
        form.addRow(_("Passphrase again:"), self.repeat)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "The shared folder can be a school share, a USB stick, or a folder kept by "
                    "Syncthing, Nextcloud or OneDrive. Only sealed files go there."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.create_choice.toggled.connect(lambda on: self.repeat.setEnabled(on))
        self.folder.textChanged.connect(self._choose_for_folder)
        self._choose_for_folder()

    def _choose_for_folder(self) -> None:
        """Join when the folder already holds a class syncing there; otherwise start syncing."""
        text = self.folder.text().strip()
        try:
            exists = bool(text) and SyncService.folder_has_repository(Path(text).expanduser())
        except (UserError, OSError):
            exists = False
        (self.join_choice if exists else self.create_choice).setChecked(True)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the shared folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def problem(self) -> str:
        """What is wrong with the form, in plain words ("" when it can go ahead)."""
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip():
            return _("Choose the shared folder first.")
        if not folder.is_dir():
            return _("The folder {folder} does not exist or is not reachable.").format(folder=folder)
        if not self.passphrase.text().strip():
            return _("Type the class's sync passphrase.")
        try:
            exists = SyncService.folder_has_repository(folder)
        except UserError as exc:
            return exc.message
        if self.create_choice.isChecked():
            if exists:
                return _("This folder already has a class syncing in it. Choose “Join” instead.")
            if self.passphrase.text() != self.repeat.text():
                return _("The two passphrases are not the same.")
            try:
                SyncService.check_new_passphrase(self.passphrase.text())
            except UserError as exc:
                return exc.message
        elif not exists:
            return _("No class is syncing in this folder yet. Choose “Start syncing this class here”.")
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        super().accept()
