"""Backup copies of a workspace database: checked, private, and kept in a rotation that spans time.

- A copy is written with SQLite's online backup API into a uniquely named temp file, checked
  (``PRAGMA quick_check``), flushed to disk and only then given its name; a copy that fails the
  check is deleted, never kept as "newest".
- The rotation keeps the newest copy of each of the last :data:`DAILY` days, :data:`WEEKLY` ISO
  weeks and :data:`MONTHLY` months that have one, the newest :data:`SPECIAL_KEEP` copies made
  before an update, before a restore and by hand, and always the newest good copy. Many copies in
  one day therefore never push out older days.
- ``backups/checked.json`` remembers which copies were checked good (and when), so the settings
  page can say so and the rotation never counts a damaged copy.
- A damaged database is never copied over good backups: it is set aside as
  ``backups/damaged-<stamp>.sqlite3`` (the newest :data:`DAMAGED_KEEP` of those are kept).

The work is split by what it does: :mod:`~classroom_desktop.store.sqlite_check` (looking at a file),
:mod:`~classroom_desktop.store.backup_rotation` (the folder and what it keeps),
:mod:`~classroom_desktop.store.backup_copy` (writing a copy), :mod:`~classroom_desktop.store.backup_restore`
(putting one back) and :mod:`~classroom_desktop.store.backup_messages` (what the teacher is told).
This module is the one door the rest of the program uses.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from classroom_desktop.store.backup_copy import DISK_FULL, make_backup
from classroom_desktop.store.backup_messages import WorkspaceDamaged, describe_time, restore_consequences
from classroom_desktop.store.backup_restore import (
    check_backup_file,
    inspect_backup_file,
    restore_backup,
    set_aside_damaged,
)
from classroom_desktop.store.backup_rotation import (
    BACKUP_DIR,
    TEMP_PREFIX,
    BackupInfo,
    changed_since_last_backup,
    check_unchecked,
    has_backup_today,
    list_backups,
    newest_good_backup,
    prune,
)
from classroom_desktop.store.sqlite_check import connect_query_only, newest_change, quick_check

__all__ = [
    "BACKUP_DIR",
    "DISK_FULL",
    "BackupInfo",
    "WorkspaceDamaged",
    "changed_since_last_backup",
    "check_backup_file",
    "check_unchecked",
    "connect_query_only",
    "describe_time",
    "has_backup_today",
    "inspect_backup_file",
    "list_backups",
    "make_backup",
    "newest_change",
    "newest_good_backup",
    "prune",
    "quick_check",
    "remove_stale_temps",
    "restore_backup",
    "restore_consequences",
    "set_aside_damaged",
]


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temp files a killed copy left in the workspace folder or its backups (caller holds the lock)."""
    removed = []
    for where in (folder, folder / BACKUP_DIR):
        if not where.is_dir():
            continue
        for path in where.iterdir():
            if path.name.startswith(TEMP_PREFIX) and path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed
