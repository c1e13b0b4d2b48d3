"""Writing a backup copy: SQLite's online backup API into a temp file, checked, flushed, then named.

A copy that fails its check is deleted, never kept as "newest"; a full disk is said in plain words.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.store.backup_rotation import TEMP_PREFIX, backup_folder, prune, record_check
from classroom_desktop.store.private import make_file_private, private_dir
from classroom_desktop.store.sqlite_check import connect_query_only, fingerprint, quick_check

__all__ = ["DISK_FULL", "copy_checked", "make_backup"]

#: What the teacher is told when a copy cannot be written because the disk is full.
DISK_FULL = "the disk is full"


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _disk_error(exc: BaseException, dest: Path) -> UserError:
    text = str(exc).lower()
    if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in text or "disk full" in text:
        return UserError(
            _("The backup could not be written to {folder} because the disk is full.").format(
                folder=dest.parent
            )
        )
    reason = getattr(exc, "strerror", None) or str(exc)
    return UserError(
        _("The backup could not be written to {folder} ({reason}).").format(folder=dest.parent, reason=reason)
    )


def copy_checked(src: Path, dest: Path) -> None:
    """Copy the database ``src`` to ``dest`` with the online backup API, check it, then name it.

    The copy goes to a uniquely named temp file beside ``dest`` (so two writers never share one),
    is checked with ``quick_check`` and flushed before ``os.replace``; on any failure the temp file
    is removed and ``dest`` is untouched.

    Raises:
        UserError: the copy could not be written (disk full, no permission) or failed its check.
    """
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".sqlite3", dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        try:
            source = connect_query_only(src)
            try:
                target = sqlite3.connect(tmp)
                try:
                    source.backup(target)
                    target.execute("PRAGMA journal_mode=DELETE")
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.DatabaseError as exc:
            if "disk is full" in str(exc).lower() or "disk full" in str(exc).lower():
                raise _disk_error(exc, dest) from exc
            raise UserError(
                _(
                    "The backup could not be made because the class file in {folder} could not be read "
                    "({reason})."
                ).format(folder=src.parent, reason=exc)
            ) from exc
        if not quick_check(tmp):
            raise UserError(
                _(
                    "The backup written to {folder} did not pass its check, so it was deleted; "
                    "the disk may be failing."
                ).format(folder=dest.parent)
            )
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        make_file_private(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except OSError as exc:
        raise _disk_error(exc, dest) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _free_name(folder: Path, stamp: str, reason: str) -> Path:
    dest = folder / f"classroom-{stamp}-{reason}.sqlite3"
    n = 1
    while dest.exists():
        dest = folder / f"classroom-{stamp}-{n}-{reason}.sqlite3"
        n += 1
    return dest


def make_backup(db_path: Path, reason: str, now: datetime) -> Path:
    """Copy the database into ``backups/`` beside it (checked good), then prune the rotation.

    ``now`` (from the workspace's clock) names the copy. The caller holds the workspace's lock.

    Raises:
        UserError: the copy could not be written or did not pass its check (nothing is kept).
    """
    folder = backup_folder(db_path)
    try:
        private_dir(folder)
    except OSError as exc:
        raise _disk_error(exc, folder / "x") from exc
    dest = _free_name(folder, now.strftime("%Y%m%d-%H%M%S"), reason)
    copy_checked(db_path, dest)
    record_check(folder, dest, True, now, fingerprint(dest))
    prune(db_path, now)
    return dest
