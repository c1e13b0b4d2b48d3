"""The backups folder: which copies there are, which were checked good, and which the rotation keeps.

The rotation keeps the newest copy of each of the last :data:`DAILY` days, :data:`WEEKLY` ISO
weeks and :data:`MONTHLY` months that have one, the newest :data:`SPECIAL_KEEP` copies made before
an update, before a restore and by hand, and always the newest good copy. ``backups/checked.json``
remembers which copies were checked good (and when, and where the class's change log stood).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from classroom_desktop.store.sqlite_check import fingerprint, quick_check

__all__ = [
    "BACKUP_DIR",
    "BACKUP_NAME",
    "DAILY",
    "MONTHLY",
    "SPECIAL",
    "SPECIAL_KEEP",
    "TEMP_PREFIX",
    "WEEKLY",
    "BackupInfo",
    "backup_folder",
    "changed_since_last_backup",
    "check_unchecked",
    "has_backup_today",
    "list_backups",
    "newest_good_backup",
    "prune",
    "record_check",
    "to_keep",
]

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
CHECKED_FILE = "checked.json"
TEMP_PREFIX = ".tmp-"
#: How many of each kind of copy the rotation keeps (see the module's docstring).
DAILY, WEEKLY, MONTHLY, SPECIAL_KEEP = 7, 4, 12, 3
#: Copies kept by reason as well as by time.
SPECIAL = ("before-update", "before-restore", "manual")
BACKUP_NAME = re.compile(r"^classroom-(\d{8}-\d{6})(?:-\d+)?-([a-z-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    size: int
    #: True: checked good (after writing or since); False: found damaged; None: never checked.
    checked: bool | None = None


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


# ---- the list of checked copies -------------------------------------------------------
def _checked_path(folder: Path) -> Path:
    return folder / CHECKED_FILE


def _read_checked(folder: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_checked_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_checked(folder: Path, data: dict[str, dict[str, object]]) -> None:
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=0, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(name, _checked_path(folder))
    except OSError:
        Path(name).unlink(missing_ok=True)
        log.warning("could not record which backups were checked in %s", folder, exc_info=True)


def record_check(folder: Path, path: Path, ok: bool, now: datetime, seq: int | None = None) -> None:
    data = _read_checked(folder)
    old = data.get(path.name)
    entry: dict[str, object] = {
        "ok": ok,
        "size": path.stat().st_size if path.exists() else 0,
        "at": now.isoformat(),
    }
    if seq is None and isinstance(old, dict) and isinstance(old.get("seq"), int):
        seq = int(str(old["seq"]))
    if seq is not None:
        entry["seq"] = seq
    data[path.name] = entry
    present = {p.name for p in folder.iterdir()}
    _write_checked(folder, {k: v for k, v in data.items() if k in present})


# ---- listing and rotation ---------------------------------------------------------------
def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups beside the database, newest first, with what is known of their check."""
    folder = backup_folder(db_path)
    found = []
    if folder.is_dir():
        checked = _read_checked(folder)
        for path in folder.iterdir():
            m = BACKUP_NAME.match(path.name)
            if not m:
                continue
            try:
                size = path.stat().st_size
            except OSError:
                continue
            made = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
            entry = checked.get(path.name)
            ok: bool | None = None
            if isinstance(entry, dict) and entry.get("size") == size:
                ok = bool(entry.get("ok"))
            found.append(BackupInfo(path, made, m.group(2), size, ok))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def to_keep(backups: list[BackupInfo]) -> set[Path]:
    """Which of ``backups`` (good ones, newest first) the rotation keeps."""
    keep: set[Path] = set()
    if not backups:
        return keep
    keep.add(backups[0].path)  # the newest good copy, always
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for b in backups:
        day = b.made_at.date()
        week = day.isocalendar()[:2]
        month = (day.year, day.month)
        if day not in days and len(days) < DAILY:
            days.add(day)
            keep.add(b.path)
        if week not in weeks and len(weeks) < WEEKLY:
            weeks.add(week)
            keep.add(b.path)
        if month not in months and len(months) < MONTHLY:
            months.add(month)
            keep.add(b.path)
    for reason in SPECIAL:
        keep.update(b.path for b in [b for b in backups if b.reason == reason][:SPECIAL_KEEP])
    return keep


def _check_all(db_path: Path, now: datetime) -> tuple[list[BackupInfo], list[Path]]:
    """(good copies, damaged copies): copies not checked yet (a program killed between writing a
    copy and noting its check) are checked now and the result noted."""
    folder = backup_folder(db_path)
    good: list[BackupInfo] = []
    damaged: list[Path] = []
    for b in list_backups(db_path):
        ok = b.checked
        if ok is None:
            ok = quick_check(b.path)
            record_check(folder, b.path, ok, now)
        if ok:
            good.append(b)
        else:
            log.warning("removing the damaged backup %s", b.path)
            damaged.append(b.path)
    return good, damaged


def check_unchecked(db_path: Path, now: datetime) -> list[Path]:
    """Check the copies not checked yet and delete the damaged ones; returns the removed files."""
    _, damaged = _check_all(db_path, now)
    for path in damaged:
        path.unlink(missing_ok=True)
    if damaged:
        _record_check_cleanup(backup_folder(db_path))
    return damaged


def prune(db_path: Path, now: datetime) -> list[Path]:
    """Check copies not checked yet, delete damaged ones, and drop those the rotation does not keep.

    Returns the removed files.
    """
    folder = backup_folder(db_path)
    good, removed = _check_all(db_path, now)
    keep = to_keep(good)
    removed += [b.path for b in good if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    if removed:
        _record_check_cleanup(folder)
    return removed


def _record_check_cleanup(folder: Path) -> None:
    data = _read_checked(folder)
    present = {p.name for p in folder.iterdir()}
    kept = {k: v for k, v in data.items() if k in present}
    if kept != data:
        _write_checked(folder, kept)


def newest_good_backup(db_path: Path, now: datetime) -> BackupInfo | None:
    """The newest backup that passes ``quick_check`` now (each is really checked, newest first)."""
    folder = backup_folder(db_path)
    for b in list_backups(db_path):
        ok = quick_check(b.path)
        with contextlib.suppress(OSError):
            record_check(folder, b.path, ok, now)
        if ok:
            return BackupInfo(b.path, b.made_at, b.reason, b.size, True)
    return None


def has_backup_today(db_path: Path, today: date) -> bool:
    return any(b.made_at.date() == today and b.checked is not False for b in list_backups(db_path))


def changed_since_last_backup(db_path: Path) -> bool:
    """True when the class changed since its newest backup was made (or that is not known)."""
    found = list_backups(db_path)
    if not found:
        return True
    entry = _read_checked(backup_folder(db_path)).get(found[0].path.name)
    recorded = entry.get("seq") if isinstance(entry, dict) else None
    return recorded is None or fingerprint(db_path) != recorded
