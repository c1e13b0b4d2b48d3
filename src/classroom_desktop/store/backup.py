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
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.store.private import make_file_private, private_dir

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
CHECKED_FILE = "checked.json"
TEMP_PREFIX = ".tmp-"
#: How many of each kind of copy the rotation keeps (see the module's docstring).
DAILY, WEEKLY, MONTHLY, SPECIAL_KEEP, DAMAGED_KEEP = 7, 4, 12, 3, 2
#: Copies kept by reason as well as by time.
SPECIAL = ("before-update", "before-restore", "manual")
_NAME = re.compile(r"^classroom-(\d{8}-\d{6})(?:-\d+)?-([a-z-]+)\.sqlite3$")

#: What the teacher is told when a copy cannot be written because the disk is full.
DISK_FULL = "the disk is full"
#: How long a check waits for another program that holds the file (milliseconds).
BUSY_MS = 5000


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    size: int
    #: True: checked good (after writing or since); False: found damaged; None: never checked.
    checked: bool | None = None


class WorkspaceDamaged(UserError):
    """The workspace's database failed its check on open; nothing was opened or backed up.

    ``good_backup`` is the newest backup that passed a check just now (None if there is none).
    """

    def __init__(self, folder: Path, good_backup: BackupInfo | None) -> None:
        self.folder = folder
        self.good_backup = good_backup
        if good_backup is None:
            hint = "there is no good backup of it in its backups folder"
        else:
            hint = (
                f"the newest good backup is from {describe_time(good_backup.made_at)}, "
                "and Classroom Desktop offers to put it back when it opens the class"
            )
        super().__init__(
            f"The class file in {folder} is damaged, so it was not opened and nothing was changed; {hint}."
        )

    def restore_question(self) -> str:
        """What the window asks before restoring ``good_backup`` (say what would be lost)."""
        assert self.good_backup is not None
        when = describe_time(self.good_backup.made_at)
        return (
            f"The class file is damaged and cannot be opened.\n\n"
            f"Put back the newest good backup, from {when}?\n\n"
            f"{restore_consequences(when)}\n\nThe damaged file is kept in the backups folder."
        )


def _changes(n: int) -> str:
    return f"{n} change{'s' if n != 1 else ''}"


def restore_consequences(when: str, syncs: bool | None = None, never_synced: int | None = None) -> str:
    """What putting back a backup made ``when`` does to the changes made after it, in plain words.

    ``syncs``: whether this class syncs with other laptops (None: not known, e.g. its file is
    damaged); ``never_synced``: how many changes made on this laptop after the backup were never
    synced (None: not known).
    """
    if syncs is False:
        if never_synced == 0:
            return f"Nothing was changed on this laptop after {when}, so nothing will be lost."
        lost = f" ({_changes(never_synced)})" if never_synced else ""
        return (
            f"This class does not sync with other laptops, so everything entered on this laptop after {when} "
            f"will be lost{lost}."
        )
    back = (
        f"Changes made after {when} that were already synced to other laptops will come back at the next "
        "sync"
    )
    if never_synced is None:
        return f"{back}; changes that were never synced will be lost."
    if never_synced == 0:
        return f"{back}; every change made on this laptop since then was synced, so none will be lost."
    were = "was" if never_synced == 1 else "were"
    return (
        f"{back}; the {_changes(never_synced)} made on this laptop since then that {were} never synced "
        "will be lost."
    )


def describe_time(moment: datetime) -> str:
    """A moment as a teacher reads it: "Friday 20 November 2026 at 09:00"."""
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"


# ---- checking ---------------------------------------------------------------------------
def connect_query_only(db_path: Path) -> sqlite3.Connection:
    """A connection that cannot write (``query_only``) to an existing file.

    Not ``mode=ro``: a read-only connection to a WAL database leaves its -wal and -shm files
    behind, while this one, closing last, removes them, so a look leaves the folder as it was.
    """
    if not db_path.is_file():
        raise sqlite3.OperationalError(f"no such file: {db_path}")
    con = sqlite3.connect(db_path, timeout=BUSY_MS / 1000)
    con.execute("PRAGMA query_only=ON")
    return con


def quick_check(db_path: Path) -> bool:
    """True when ``PRAGMA quick_check`` finds the database file sound (changes nothing).

    Raises:
        UserError: the file cannot be checked because another program holds it, or this user may
            not read it (neither says it is damaged).
    """
    if db_path.is_file() and not os.access(db_path, os.R_OK):
        raise UserError(f"The file {db_path} cannot be read: this user is not allowed to open it.")
    try:
        con = connect_query_only(db_path)
    except sqlite3.Error:
        return False
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
        return rows == [("ok",)]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise UserError(
                f"The file {db_path.name} in {db_path.parent} is in use by another program; "
                "close that program and try again."
            ) from exc
        return False
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


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


def _record_check(folder: Path, path: Path, ok: bool, now: datetime, seq: int | None = None) -> None:
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


# ---- writing a copy -----------------------------------------------------------------------
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
        return UserError(f"The backup could not be written to {dest.parent} because {DISK_FULL}.")
    reason = getattr(exc, "strerror", None) or str(exc)
    return UserError(f"The backup could not be written to {dest.parent} ({reason}).")


def _copy_checked(src: Path, dest: Path) -> None:
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
                f"The backup could not be made because the class file in {src.parent} could not be read "
                f"({exc})."
            ) from exc
        if not quick_check(tmp):
            raise UserError(
                f"The backup written to {dest.parent} did not pass its check, so it was deleted; "
                "the disk may be failing."
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


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


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
    _copy_checked(db_path, dest)
    _record_check(folder, dest, True, now, fingerprint(dest))
    prune(db_path, now)
    return dest


# ---- listing and rotation ---------------------------------------------------------------
def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups beside the database, newest first, with what is known of their check."""
    folder = backup_folder(db_path)
    found = []
    if folder.is_dir():
        checked = _read_checked(folder)
        for path in folder.iterdir():
            m = _NAME.match(path.name)
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
            _record_check(folder, b.path, ok, now)
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
            _record_check(folder, b.path, ok, now)
        if ok:
            return BackupInfo(b.path, b.made_at, b.reason, b.size, True)
    return None


def has_backup_today(db_path: Path, today: date) -> bool:
    return any(b.made_at.date() == today and b.checked is not False for b in list_backups(db_path))


def fingerprint(db_path: Path) -> int | None:
    """Where the database's change log stands (its newest change's number), read-only.

    Every write that matters records a change, so two files with the same fingerprint hold the
    same class; None when it cannot be read.
    """
    try:
        con = connect_query_only(db_path)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()
        return int(row[0])
    except sqlite3.Error:
        return None
    finally:
        con.close()


@dataclass(frozen=True)
class ChangeMark:
    """Where a database's change log ends: its device, and its newest change's number and stamp."""

    device: str | None
    seq: int
    hlc: str | None


def newest_change(db_path: Path) -> ChangeMark | None:
    """The :class:`ChangeMark` of a database file, read-only; None when it cannot be read."""
    try:
        con = connect_query_only(db_path)
    except sqlite3.Error:
        return None
    try:
        found = con.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        device = json.loads(found[0]) if found and found[0] else None
        row = con.execute("SELECT seq, hlc FROM change ORDER BY seq DESC LIMIT 1").fetchone()
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()
    return ChangeMark(device if isinstance(device, str) else None, int(row[0]) if row else 0,
                      str(row[1]) if row else None)


def changed_since_last_backup(db_path: Path) -> bool:
    """True when the class changed since its newest backup was made (or that is not known)."""
    found = list_backups(db_path)
    if not found:
        return True
    entry = _read_checked(backup_folder(db_path)).get(found[0].path.name)
    recorded = entry.get("seq") if isinstance(entry, dict) else None
    return recorded is None or fingerprint(db_path) != recorded


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
    return UserError(f"The file {path.name} is not a Classroom Desktop backup, so nothing was changed.")


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
        raise UserError(f"There is no file {path}, so nothing was changed.") from None
    except OSError as exc:
        raise UserError(
            f"The file {path.name} cannot be read ({exc.strerror}), so nothing was changed."
        ) from exc
    if header != SQLITE_HEADER:
        raise _not_a_backup(path)
    if not quick_check(path):
        raise UserError(f"The file {path.name} is damaged, so it cannot be restored; nothing was changed.")
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
            f"The file {path.name} was saved by a newer version of Classroom Desktop; update the app to "
            "restore it (nothing was changed)."
        )


def inspect_backup_file(path: Path) -> BackupInfo:
    """A backup chosen on disk (a copy brought on a USB stick), checked before anything changes.

    Its date is the one in its name when it has a backup's name, else that of its newest change,
    else the file's own time.

    Raises:
        UserError: as :func:`check_backup_file`.
    """
    check_backup_file(path)
    m = _NAME.match(path.name)
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
        raise UserError(f"The backup {backup.name} is damaged and was not restored. Nothing was changed.")
    if db_path.exists() and db_path.stat().st_size > 0:
        if quick_check(db_path):
            make_backup(db_path, "before-restore", now)
        else:
            set_aside_damaged(db_path, now)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    private_dir(db_path.parent)
    _copy_checked(backup, db_path)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


__all__ = [
    "BACKUP_DIR",
    "DISK_FULL",
    "BackupInfo",
    "WorkspaceDamaged",
    "changed_since_last_backup",
    "check_backup_file",
    "inspect_backup_file",
    "has_backup_today",
    "list_backups",
    "newest_change",
    "restore_consequences",
    "make_backup",
    "newest_good_backup",
    "prune",
    "quick_check",
    "remove_stale_temps",
    "restore_backup",
    "set_aside_damaged",
]
