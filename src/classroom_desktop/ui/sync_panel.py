"""Shared-folder sync in the window: the Settings ▸ Sync section, File ▸ Sync now, the status bar.

Sync never runs on the GUI thread: "Sync now" and set-up run through ``ctx.run_long`` (with a
progress dialog); the automatic sync (every few minutes while the folder is reachable, and
about 30 seconds after an edit) runs on a quiet worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _, program_translator
from classroom_desktop.services.syncing import SyncReport, SyncService, sync_of
from classroom_desktop.ui.sync_setup import SetupDialog, status_text

log = logging.getLogger(__name__)
AUTO_MS = 5 * 60 * 1000
AFTER_EDIT_MS = 30 * 1000


def _names(text: str) -> tuple[str, ...]:
    """A menu text as the window shows it in English and in the program's language ("&File", "&Archivo")."""
    return text, program_translator().gettext(text)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _QuietJob(QRunnable):
    """Background sync without a dialog (automatic sync)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # reported on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class SyncSection(QWidget):
    """The Settings page's Sync box: status, set-up, Sync now, and the conflicts list."""

    def __init__(self, panel: SyncPanel) -> None:
        super().__init__()
        self.panel = panel
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.setup_button = QPushButton(_("Set up sync…"))
        self.setup_button.clicked.connect(panel.set_up)
        self.sync_button = QPushButton(_("Sync now"))
        self.sync_button.clicked.connect(panel.sync_now)
        self.passphrase_button = QPushButton(_("Change the passphrase…"))
        self.passphrase_button.clicked.connect(panel.change_passphrase)
        self.remove_button = QPushButton(_("Remove a laptop…"))
        self.remove_button.setToolTip(
            _("A lost or stolen laptop: a new key, a new passphrase for the others")
        )
        self.remove_button.clicked.connect(panel.remove_laptop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.setup_button)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.passphrase_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.conflicts = QTreeWidget()
        self.conflicts.setHeaderLabels([_("Edited on two laptops"), _("Kept"), _("The other value")])
        self.conflicts.setRootIsDecorated(False)
        self.conflicts.setAccessibleName(_("Conflicts"))
        self.take_button = QPushButton(_("Use the other value"))
        self.take_button.clicked.connect(panel.take_other)
        self.keep_button = QPushButton(_("Keep this one"))
        self.keep_button.clicked.connect(panel.keep)
        choices = QHBoxLayout()
        choices.addWidget(self.take_button)
        choices.addWidget(self.keep_button)
        choices.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        layout.addWidget(
            QLabel(
                _(
                    "Conflicts: the same thing was changed on two laptops. Nothing was lost; "
                    "choose which value to keep."
                )
            )
        )
        layout.addWidget(self.conflicts)
        layout.addLayout(choices)
        self.refresh()

    def refresh(self) -> None:
        service = self.panel.service
        status = service.status()
        if status.configured:
            syncing = _("Syncing with {folder}.").format(folder=status.folder)
            detail = status.message or status_text(status)
            self.state.setText(f"{syncing}\n{detail}\n" + service.housekeeping())
        else:
            self.state.setText(_("Sync is not set up. Set it up to share this class with another laptop."))
        self.sync_button.setEnabled(status.configured)
        self.passphrase_button.setEnabled(status.configured and not status.needs_passphrase)
        self.remove_button.setEnabled(status.configured and not status.needs_passphrase)
        self.conflicts.clear()
        for conflict in service.conflicts():
            item = QTreeWidgetItem([conflict.what, conflict.kept, conflict.other])
            item.setData(0, 256, conflict.id)  # Qt.UserRole
            self.conflicts.addTopLevelItem(item)
        has = self.conflicts.topLevelItemCount() > 0
        if has and self.conflicts.currentItem() is None:
            first = self.conflicts.topLevelItem(0)
            if first is not None:
                self.conflicts.setCurrentItem(first)
        self.take_button.setEnabled(has)
        self.keep_button.setEnabled(has)
        for column in range(3):
            self.conflicts.resizeColumnToContents(column)

    def selected_conflict(self) -> str | None:
        item = self.conflicts.currentItem()
        return None if item is None else str(item.data(0, 256))


class SyncPanel(QObject):
    """Everything sync adds to one window for one workspace."""

    def __init__(self, window: Any, ctx: Any) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.service: SyncService = sync_of(ctx.classroom)
        self.sections: list[SyncSection] = []
        self.running = False
        self.action = QAction(_("S&ync now"), window)
        self.action.triggered.connect(self.sync_now)
        self._add_menu_action()
        self.auto = QTimer(self)
        self.auto.setInterval(AUTO_MS)
        self.auto.timeout.connect(self.sync_quietly)
        self.auto.start()
        self.after_edit = QTimer(self)
        self.after_edit.setSingleShot(True)
        self.after_edit.setInterval(AFTER_EDIT_MS)
        self.after_edit.timeout.connect(self.sync_quietly)
        ctx.changed.connect(self._on_changes)
        window.page_created.connect(self._page_created)
        pages = getattr(window, "_pages", {})
        if "Settings" in pages:
            self._page_created("Settings", pages["Settings"])
        self.show_status()

    def _add_menu_action(self) -> None:
        for top in self.window.menuBar().actions():
            menu = top.menu()
            if menu is not None and top.text() in _names("&File"):
                quit_action = next((a for a in menu.actions() if a.text() in _names("&Quit")), None)
                separator = menu.insertSeparator(quit_action) if quit_action is not None else None
                menu.insertAction(separator, self.action) if separator is not None else menu.addAction(
                    self.action
                )
                return
        self.window.addAction(self.action)

    def shutdown(self) -> None:
        """Stop the timers and take the panel's action away (a new workspace was attached)."""
        self.auto.stop()
        self.after_edit.stop()
        self.ctx.changed.disconnect(self._on_changes)
        self.window.page_created.disconnect(self._page_created)
        self.action.setVisible(False)

    def _page_created(self, title: str, page: Any) -> None:
        if title == "Settings" and hasattr(page, "add_section"):
            section = SyncSection(self)
            self.sections.append(section)
            page.add_section(_("Sync"), section)

    def _on_changes(self, changes: Any) -> None:
        if changes.concerns("meta", "conflict"):
            self.show_status()
        if (
            any(e not in ("meta", "conflict") for e in changes.entities)
            and self.service.is_set_up()
            and not self.running
        ):
            self.after_edit.start()  # restarts: syncs ~30 s after the last edit

    def show_status(self) -> None:
        status = self.service.status()
        self.window.set_sync_state(status_text(status))
        self.action.setEnabled(status.configured)
        for section in list(self.sections):
            try:
                section.refresh()
            except RuntimeError:  # the page was dropped
                self.sections.remove(section)

    # ---- actions ----------------------------------------------------------------------------
    def set_up(self) -> None:
        dialog = SetupDialog(self.window, str(self.service.config().get("folder", "")))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        folder = Path(dialog.folder.text().strip()).expanduser()
        passphrase, create = dialog.passphrase.text(), dialog.create_choice.isChecked()
        self._run(
            _("Setting up sync"),
            lambda progress, _c: self.service.setup(folder, passphrase, create, progress),
            cancellable=False,
        )

    def _ask(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self.window, title, label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def change_passphrase(self) -> None:
        title = _("Change the passphrase")
        old = self._ask(title, _("The class's sync passphrase now:"))
        new = None if old is None else self._ask(title, _("New (10 characters or more):"))
        if old is None or new is None:
            return
        if self.ctx.guard(lambda: self.service.change_passphrase(old, new) or True):
            QMessageBox.information(
                self.window,
                _("Sync"),
                _("The passphrase was changed: a laptop joining from now on needs it."),
            )
        self.show_status()

    def remove_laptop(self) -> None:
        found = self.ctx.guard(self.service.laptops)
        if not found:
            return
        others = [(d, n, w) for d, n, w in found if d != self.ctx.classroom.device_id]
        if not others:
            QMessageBox.information(self.window, _("Sync"), _("No other laptop syncs in this folder."))
            return
        labels = [
            _("{name} — last sync {when} ({device})").format(
                name=n or _("a laptop"), when=w[:16] or _("never"), device=d[:8]
            )
            for d, n, w in others
        ]
        chosen, ok = QInputDialog.getItem(
            self.window, _("Remove a laptop"), _("The lost or stolen laptop:"), labels, 0, False
        )
        if not ok:
            return
        device = others[labels.index(chosen)][0]
        old = self._ask(_("Remove a laptop"), _("The class's sync passphrase now:"))
        new = None if old is None else self._ask(
            _("Remove a laptop"), _("A new passphrase for the other laptops (10 characters or more):")
        )
        if old is None or new is None:
            return
        report = self.ctx.guard(lambda: self.service.remove_laptop(device, old, new))
        if report is not None:
            QMessageBox.information(
                self.window,
                _("Sync"),
                _(
                    "The laptop was removed: it cannot read anything written from now on. "
                    "Type the new passphrase on the other laptops when they ask for it."
                ),
            )
        self.show_status()

    def sync_now(self) -> None:
        if self.running or not self.service.is_set_up():
            return
        self._run(_("Syncing"), lambda progress, cancelled: self.service.sync_now(progress, cancelled))

    def _run(self, title: str, work: Callable[[Any, Any], SyncReport], cancellable: bool = True) -> None:
        """Long work behind run_long's dialog; a failure comes back as a value so ``running`` is reset."""

        def guarded(progress: Any, cancelled: Any) -> Any:
            try:
                return work(progress, cancelled)
            except Exception as exc:  # shown on the GUI thread in _finished
                return exc

        self.running = True
        self.ctx.run_long(title, guarded, self._finished, cancellable=cancellable, on_cancelled=self._stopped)

    def sync_quietly(self) -> None:
        if self.running or not self.service.is_set_up() or not self.service.folder_reachable():
            return
        self.running = True
        job = _QuietJob(self.service.sync_now)
        job.signals.done.connect(self._finished)
        job.signals.failed.connect(self._quiet_failed)
        self._job = job
        QThreadPool.globalInstance().start(job)

    def _finished(self, report: SyncReport | Exception) -> None:
        self.running = False
        if isinstance(report, Exception):
            self.show_status()
            self.ctx.show_error(report)
            return
        if report.status != "ok":
            self.ctx.status.emit(report.message)
        else:
            self.ctx.status.emit(_("Sync: {message}").format(message=report.message))
        self.show_status()

    def _stopped(self) -> None:
        self.running = False
        self.show_status()

    def _quiet_failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, UserError):
            self.ctx.status.emit(exc.message)
        else:
            log.error("automatic sync failed", exc_info=exc)
        self.show_status()

    def take_other(self) -> None:
        self._settle(self.service.take_other, _("Use the other value"))

    def keep(self) -> None:
        self._settle(self.service.keep, _("Keep the synced value"))

    def _settle(self, action: Callable[[str], Any], text: str) -> None:
        section = next(
            (s for s in self.sections if s.isVisible()), self.sections[0] if self.sections else None
        )
        conflict_id = section.selected_conflict() if section else None
        if conflict_id is None:
            QMessageBox.information(self.window, _("Sync"), _("Choose a conflict in the list first."))
            return
        self.ctx.guard(lambda: action(conflict_id))
        self.show_status()


def install(window: Any, ctx: Any) -> None:
    """Add sync to ``window`` for the workspace in ``ctx`` (called on every attach)."""
    old = getattr(window, "sync_panel", None)
    if isinstance(old, SyncPanel):
        old.shutdown()
        old.deleteLater()
    window.sync_panel = SyncPanel(window, ctx)
