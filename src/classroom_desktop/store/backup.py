"""Rotating backup copies of a workspace database, made with SQLite's online backup API."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from classroom_desktop.domain.errors import UserError

BACKUP_DIR = "backups"
KEEP = 20
_NAME = re.compile(r"^classroom-(\d{8}-\d{6}(?:-\d+)?)-([a-z-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    size: int


def _copy(src: Path, dest: Path) -> None:
    tmp = dest.with_name(f".tmp-{dest.name}")
    try:
        source = sqlite3.connect(src)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"The backup could not be written to {dest.parent} ({exc.strerror}).") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_backup(db_path: Path, reason: str, now: datetime, keep: int = KEEP) -> Path:
    """Copy the database into ``backups/`` beside it and drop the oldest beyond ``keep``.

    ``now`` (from the workspace's clock) names the copy.
    """
    folder = db_path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    dest = folder / f"classroom-{stamp}-{reason}.sqlite3"
    n = 1
    while dest.exists():
        dest = folder / f"classroom-{stamp}-{n}-{reason}.sqlite3"
        n += 1
    _copy(db_path, dest)
    for old in list_backups(db_path)[keep:]:
        old.path.unlink(missing_ok=True)
    return dest


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups beside the database, newest first."""
    folder = db_path.parent / BACKUP_DIR
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            m = _NAME.match(path.name)
            if m:
                made = datetime.strptime(m.group(1)[:15], "%Y%m%d-%H%M%S")
                found.append(BackupInfo(path, made, m.group(2), path.stat().st_size))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def has_backup_today(db_path: Path, today: date) -> bool:
    return any(b.made_at.date() == today for b in list_backups(db_path))


def changed_since_last_backup(db_path: Path) -> bool:
    """True when the database (or its write-ahead log) is newer than its newest backup."""
    found = list_backups(db_path)
    if not found:
        return True
    newest = max(b.path.stat().st_mtime for b in found)
    files = [db_path, Path(f"{db_path}-wal")]
    return any(f.exists() and f.stat().st_mtime > newest for f in files)


def restore_backup(backup: Path, db_path: Path, now: datetime) -> None:
    """Replace the database with ``backup`` (after backing up what is there now).

    The caller must have closed every connection to ``db_path``.
    """
    check = sqlite3.connect(backup)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        ok = False
    finally:
        check.close()
    if not ok:
        raise UserError(f"The backup {backup.name} is damaged and was not restored. Nothing was changed.")
    if db_path.exists():
        make_backup(db_path, "before-restore", now)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    _copy(backup, db_path)
