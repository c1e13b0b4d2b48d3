"""A workspace's backups as the teacher meets them: the day's copy, "Back up now", the list, and
putting one back (mixed into :class:`~classroom_desktop.services.classroom.Classroom`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.clock import Clock, default_clock
from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.store import backup, private
from classroom_desktop.store.backup import BackupInfo
from classroom_desktop.store.lock import WorkspaceLock
from classroom_desktop.store.private import DB_NAME

if TYPE_CHECKING:
    from classroom_desktop.services.syncing import SyncService
    from classroom_desktop.store.database import Database

log = logging.getLogger(__name__)


def daily_backup(db_path: Path, clock: Clock) -> Path | None:
    """The day's backup: the first time the class is opened (or used) on a day, if it changed.

    A copy that cannot be made is logged, not fatal: the class still opens.
    """
    if backup.has_backup_today(db_path, clock.today()) or not backup.changed_since_last_backup(db_path):
        backup.check_unchecked(db_path, clock.now())  # a copy a killed program wrote but did not note
        return None
    try:
        return backup.make_backup(db_path, "daily", clock.now())
    except UserError as exc:
        log.warning("the daily backup was not made: %s", exc)
        return None


class BackupActions:
    """Backups and restoring, for the Classroom that sets these attributes."""

    if TYPE_CHECKING:  # what Classroom provides
        db: Database
        clock: Clock
        device_id: str
        sync: SyncService

        @property
        def db_path(self) -> Path: ...

        @property
        def read_only(self) -> bool: ...

        def setting(self, key: str, default: object = None) -> object: ...

        def close(self, keep_table_of: str | None = None, day: str = "") -> None: ...

    def make_backup(self) -> Path:
        """A checked copy now ("Back up now"). Raises UserError if it cannot be made."""
        self.db.checkpoint()
        return backup.make_backup(self.db_path, "manual", self.clock.now())

    def backup_if_due(self) -> Path | None:
        """Make the day's backup if none was made today (a window left open overnight calls this)."""
        if self.read_only:
            return None
        return daily_backup(self.db_path, self.clock)

    def backups(self) -> list[BackupInfo]:
        return backup.list_backups(self.db_path)

    @staticmethod
    def inspect_backup_file(path: Path) -> BackupInfo:
        """A backup file chosen on disk (from a USB stick, say), checked before anything changes:
        its date, size and reason, for :meth:`restore_question` and :meth:`restore`.

        Raises:
            UserError: one line — missing or unreadable, not a class file, damaged, or newer.
        """
        return backup.inspect_backup_file(Path(path))

    def never_synced_since(self, backup_file: Path) -> int | None:
        """How many of this laptop's changes made after ``backup_file`` was taken were never synced
        (all of them when the class does not sync): what restoring it would lose for good.

        None when that is not known: the backup is not an earlier copy of this very workspace
        (another laptop's, or a timeline an earlier restore left), or its change log is gone.
        """
        mark = backup.newest_change(backup_file)
        if mark is None or mark.device != self.device_id:
            return None
        published = 0
        if self.sync.is_set_up():
            from classroom_desktop.services.syncing import STATE_KEY

            state = self.setting(STATE_KEY) or {}
            published = int(state.get("published_changes", 0)) if isinstance(state, dict) else 0
        with self.db.reading() as tx:
            if mark.seq:
                here = tx.raw("SELECT hlc FROM change WHERE seq = ?", (mark.seq,))
                if not here or here[0][0] != mark.hlc:  # not this workspace's own history
                    return None
            found = tx.raw(
                "SELECT count(*) FROM change WHERE origin = 'local' AND seq > ?", (max(mark.seq, published),)
            )
        return int(found[0][0])

    def restore_question(self, info: BackupInfo) -> str:
        """What the window asks before putting back the backup ``info``: its date, and what happens
        to the changes made since (synced ones come back at the next sync, the others are lost)."""
        when = backup.describe_time(info.made_at)
        consequences = backup.restore_consequences(
            when, syncs=self.sync.is_set_up(), never_synced=self.never_synced_since(info.path)
        )
        return "\n\n".join(
            (
                _("Put back the backup made {when}?").format(when=when),
                consequences,
                _("What is there now is backed up first, so you can go back to it."),
            )
        )

    def restore(self, backup_file: Path) -> None:
        """Replace this workspace's data with a backup (the current data is backed up first).

        Closes this Classroom (its lock is held until the backup is in place): open the folder
        again afterwards.
        """
        self.db.close()
        try:
            backup.restore_backup(backup_file, self.db_path, self.clock.now())
        finally:
            self.close()

    @staticmethod
    def restore_into(folder: Path, backup_file: Path, clock: Clock | None = None) -> None:
        """Restore a backup into a workspace folder that is not open (the first-run screen, or a
        damaged workspace). A damaged class file there is set aside in its backups folder."""
        folder = Path(folder)
        private.private_dir(folder)
        workspace_lock = WorkspaceLock.acquire(folder)
        try:
            backup.restore_backup(backup_file, folder / DB_NAME, (clock or default_clock()).now())
        finally:
            workspace_lock.release()
