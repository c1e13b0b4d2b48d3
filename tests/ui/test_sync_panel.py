"""Settings ▸ Sync: set up through the dialog, Sync now, and the conflicts list with "use the other value"."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.syncing import SyncService
from classroom_desktop.store.engine import integrity_check
from classroom_desktop.ui import sync_panel
from classroom_desktop.ui.sync_panel import SetupDialog, SyncSection

PASS = "Maple room 12"


def test_setup_dialog_names_what_is_wrong(qtbot: Any, tmp_path: Path) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.error.text() == "Choose the shared folder first."
    dialog.folder.setText(str(tmp_path / "nowhere"))
    dialog.accept()
    assert "does not exist or is not reachable" in dialog.error.text()
    dialog.folder.setText(str(tmp_path))
    dialog.accept()
    assert dialog.error.text() == "Type the class's sync passphrase."
    dialog.passphrase.setText(PASS)
    dialog.join_choice.setChecked(True)
    dialog.accept()
    assert "No class is syncing in this folder yet" in dialog.error.text()
    dialog.create_choice.setChecked(True)
    dialog.repeat.setText(PASS + "!")
    dialog.accept()
    assert dialog.error.text() == "The two passphrases are not the same."
    dialog.passphrase.setText("maple")
    dialog.repeat.setText("maple")
    dialog.accept()
    assert "at least 10 characters" in dialog.error.text()
    dialog.passphrase.setText(PASS)
    dialog.repeat.setText(PASS)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_set_up_sync_now_and_take_the_other_value(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    panel = window.sync_panel
    window.show_page("Settings")
    section = next(s for s in panel.sections if isinstance(s, SyncSection))
    assert "Sync is not set up" in section.state.text()
    assert window.sync_label.text() == "Sync: not set up"

    def fill_and_accept(dialog: SetupDialog) -> QDialog.DialogCode:
        dialog.folder.setText(str(share))
        dialog.create_choice.setChecked(True)
        dialog.passphrase.setText(PASS)
        dialog.repeat.setText(PASS)
        dialog.accept()
        return QDialog.DialogCode(dialog.result())

    monkeypatch.setattr(SetupDialog, "exec", fill_and_accept)
    section.setup_button.click()
    qtbot.waitUntil(lambda: not panel.running, timeout=120_000)
    assert "Synced" in window.sync_label.text() and "0 changes waiting" in window.sync_label.text()
    assert f"Syncing with {share.resolve()}" in section.state.text()
    # how much of the change log is kept, and where the key is (no credential store in tests)
    assert "The change log keeps" in section.state.text() and "entries for" in section.state.text()
    assert "sync.key, readable only by you" in section.state.text()
    if os.environ.get("CLASSROOM_SHOTS"):  # a look at the Settings page for a person, not a test
        section.grab().save(str(Path(os.environ["CLASSROOM_SHOTS"]) / "settings-sync.png"))

    classroom = window.ctx.classroom
    student = classroom.students.list()[0]
    other = Classroom.open(tmp_path / "home")
    try:
        home = SyncService(other)
        home.setup(share, PASS, create=False)
        classroom.students.edit_profile(student.id, strengths="Explains fractions to others")
        other.students.edit_profile(student.id, strengths="Draws careful diagrams")
        home.sync_now()
        panel.action.trigger()  # File ▸ Sync now
        qtbot.waitUntil(lambda: not panel.running, timeout=120_000)
        assert "2 laptops" in window.sync_label.text() and "1 conflict" in window.sync_label.text()
        assert section.conflicts.topLevelItemCount() == 1
        item = section.conflicts.topLevelItem(0)
        assert item is not None
        assert item.text(0) == f"{student.display_name} — learner profile: Strengths"
        assert (item.text(1), item.text(2)) == ("Draws careful diagrams", "Explains fractions to others")
        section.conflicts.setCurrentItem(item)
        section.take_button.click()
        assert classroom.students.profile(student.id).strengths == "Explains fractions to others"
        assert section.conflicts.topLevelItemCount() == 0
        assert "conflict" not in window.sync_label.text()
        panel.sync_now()
        qtbot.waitUntil(lambda: not panel.running, timeout=120_000)
        home.sync_now()
        assert other.students.profile(student.id).strengths == "Explains fractions to others"
    finally:
        panel.shutdown()  # no automatic sync left ticking for later tests
        other.close()
    assert integrity_check(tmp_path / "home" / "classroom.sqlite3") == "ok"
    assert integrity_check(classroom.db_path) == "ok"


def test_install_again_replaces_the_old_panel(window: Any) -> None:
    first = window.sync_panel
    sync_panel.install(window, window.ctx)
    assert window.sync_panel is not first and not first.auto.isActive()


def test_a_restored_or_copied_class_file_asks_for_the_passphrase_in_the_status_bar() -> None:
    from classroom_desktop.services.syncing import SyncStatus

    text = sync_panel.status_text(SyncStatus(True, "/share", needs_passphrase=True))
    assert "passphrase again" in text


def test_change_the_passphrase_and_remove_a_laptop_from_the_window(
    window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from classroom_desktop.sync.crypto import WrongPassphrase
    from classroom_desktop.sync.repo import SyncRepo

    share = tmp_path / "share"
    share.mkdir()
    panel = window.sync_panel
    lost_classroom = Classroom.open(tmp_path / "lost")
    try:
        panel.service.setup(share, PASS, create=True)
        SyncService(lost_classroom).setup(share, PASS, create=False)
        window.show_page("Settings")
        section = next(s for s in panel.sections if isinstance(s, SyncSection))
        section.refresh()
        assert section.passphrase_button.isEnabled() and section.remove_button.isEnabled()
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
        answers = iter([(PASS, True), ("Willow room 2027", True)])
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
        section.passphrase_button.click()
        assert "passphrase was changed" in told[-1]
        me = window.ctx.classroom.device_id
        with pytest.raises(WrongPassphrase):
            SyncRepo(share).open_key(PASS, me)
        answers = iter([("Willow room 2027", True), ("Birch room 2028!", True)])
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
        section.remove_button.click()
        assert "was removed" in told[-1]
        assert panel.service.config()["revoked"] == [lost_classroom.device_id]
        SyncRepo(share).open_key("Birch room 2028!", me)
    finally:
        panel.shutdown()
        lost_classroom.close()


def test_setup_starts_on_create_and_offers_join_only_where_a_class_syncs(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14.16: someone who never set up sync is not steered to "Join"."""
    from classroom_desktop.ui import sync_panel

    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    assert dialog.create_choice.isChecked() and not dialog.join_choice.isChecked()
    dialog.folder.setText(str(tmp_path))
    assert dialog.create_choice.isChecked()
    syncing = tmp_path / "share"
    syncing.mkdir()
    monkeypatch.setattr(sync_panel.SyncService, "folder_has_repository", staticmethod(lambda f: f == syncing))
    dialog.folder.setText(str(syncing))
    assert dialog.join_choice.isChecked()
    assert not dialog.repeat.isEnabled()
