"""Putting a backup back: checking a chosen file first, and setting a damaged class file aside."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.store.backup_copy import copy_checked, make_backup
from classroom_desktop.store.backup_rotation import BACKUP_NAME, BackupInfo, backup_folder
from classroom_desktop.store.private import private_dir
from classroom_desktop.store.sqlite_check import connect_query_only, newest_change, quick_check

__all__ = ["check_backup_file", "inspect_backup_file", "restore_backup", "set_aside_damaged"]

#: How many damaged class files set aside are kept.
DAMAGED_KEEP = 2


def set_aside_damaged(db_path: Path, now: datetime) -> Path | None:
    """Move a damaged database (and its WAL) into ``backups/damaged-<stamp>.sqlite3``; keep a few."""
    if not db_path.exists():
        return None
    folder = backup_folder(db_path)
    private_dir(folder)
    dest = folder / f"damaged-{now.strftime('%Y%m%d-%H%M%S')}.sqlite3"
    n = 1
    while dest.exists():
        dest = folder / f"damaged-{now.strftime('%Y%m%d-%H%M%S')}-{n}.sqlite3"
        n += 1
    os.replace(db_path, dest)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            if suffix == "-wal":
                os.replace(side, Path(f"{dest}{suffix}"))
            else:
                side.unlink(missing_ok=True)
    old = sorted(folder.glob("damaged-*.sqlite3"), reverse=True)[DAMAGED_KEEP:]
    for path in old:
        path.unlink(missing_ok=True)
        Path(f"{path}-wal").unlink(missing_ok=True)
    return dest


SQLITE_HEADER = b"SQLite format 3\x00"
#: Tables every class file has, whatever its version (a SQLite file without them is something else).
CLASS_TABLES = frozenset({"alembic_version", "meta", "change", "student"})


def _not_a_backup(path: Path) -> UserError:
    return UserError(
        _("The file {file} is not a Classroom Desktop backup, so nothing was changed.").format(file=path.name)
    )


def check_backup_file(path: Path) -> None:
    """Make sure ``path`` is a sound class file this version can restore (changes nothing).

    Raises:
        UserError: one line — the file is missing or unreadable, not a class file, damaged
            (``quick_check``), or saved by a newer Classroom Desktop.
    """
    from classroom_desktop.store.migrate import is_known_revision, stamped_revision

    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise _not_a_backup(path) from None
    except FileNotFoundError:
        raise UserError(_("There is no file {file}, so nothing was changed.").format(file=path)) from None
    except OSError as exc:
        raise UserError(
            _("The file {file} cannot be read ({reason}), so nothing was changed.").format(
                file=path.name, reason=exc.strerror
            )
        ) from exc
    if header != SQLITE_HEADER:
        raise _not_a_backup(path)
    if not quick_check(path):
        raise UserError(
            _("The file {file} is damaged, so it cannot be restored; nothing was changed.").format(
                file=path.name
            )
        )
    try:
        con = connect_query_only(path)
        try:
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            con.close()
    except sqlite3.Error:
        tables = set()
    if not CLASS_TABLES <= tables:
        raise _not_a_backup(path)
    if not is_known_revision(stamped_revision(path)):
        raise UserError(
            _(
                "The file {file} was saved by a newer version of Classroom Desktop; update the app to "
                "restore it (nothing was changed)."
            ).format(file=path.name)
        )


def inspect_backup_file(path: Path) -> BackupInfo:
    """A backup chosen on disk (a copy brought on a USB stick), checked before anything changes.

    Its date is the one in its name when it has a backup's name, else that of its newest change,
    else the file's own time.

    Raises:
        UserError: as :func:`check_backup_file`.
    """
    check_backup_file(path)
    m = BACKUP_NAME.match(path.name)
    made: datetime | None = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S") if m else None
    if made is None:
        mark = newest_change(path)
        wall = mark.hlc.split("-", 1)[0] if mark is not None and mark.hlc else ""
        if wall.isdigit():
            made = datetime.fromtimestamp(int(wall) / 1000)
    if made is None:
        made = datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, made, m.group(2) if m else "chosen", path.stat().st_size, True)


def restore_backup(backup: Path, db_path: Path, now: datetime) -> None:
    """Replace the database with ``backup`` (after backing up what is there now, if it is sound).

    A damaged database is set aside in the backups folder instead of being backed up over good
    copies. The caller must have closed every connection to ``db_path`` and hold its lock.

    Raises:
        UserError: ``backup`` is not a sound class file this version can open (nothing changes).
    """
    check_backup_file(backup)  # a class file, from this version or an older one
    check = None
    try:
        check = connect_query_only(backup)
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        ok = False
    finally:
        if check is not None:
            check.close()
    if not ok:
        raise UserError(
            _("The backup {file} is damaged and was not restored. Nothing was changed.").format(
                file=backup.name
            )
        )
    if db_path.exists() and db_path.stat().st_size > 0:
        if quick_check(db_path):
            make_backup(db_path, "before-restore", now)
        else:
            set_aside_damaged(db_path, now)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    private_dir(db_path.parent)
    copy_checked(backup, db_path)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
