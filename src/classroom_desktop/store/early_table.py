"""The last gradebook shown, kept beside the workspace so the next start can show it at once.

At start-up the window can show the class's table before SQLAlchemy, the models and the services
are imported (about a second on a slow laptop): :func:`load` reads this copy with plain
``sqlite3`` and the standard library only. The copy is used only while the database file is
exactly as it was when the copy was made: its :func:`data_stamp` (the file's identity, size and
modification time, its schema revision and the newest change logged) must be equal, and no
write-ahead log may hold changes not yet in the file. Anything else (an edit, a sync, a
restored backup, an import from the command line, another program's write) makes it stale, and
the window waits for the real table instead. The real table replaces it as soon as it is read.

The copy is written by :meth:`services.Classroom.close` after the database is closed, while the
workspace's lock is still held, so nothing can change the file between the table and its stamp.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import os
import pickle
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classroom_desktop.store.private import make_file_private, private_dir

log = logging.getLogger(__name__)

#: Bump when the pickled types change shape: an older copy is then ignored.
FORMAT = 1
FILE_NAME = "last-gradebook.pickle"
CACHE_DIR = "cache"


@dataclass(frozen=True)
class EarlyTable:
    """A gradebook kept from the last time: the table and the classes the class box lists."""

    class_id: str
    #: (label, class id) of every class, in the class box's order
    classes: list[tuple[str, str]]
    #: the ``services.views.MasteryTable`` shown (kept as an object: this module knows no services)
    table: Any
    #: the day it describes when it depends on the day (the demo moves with the calendar), else ""
    day: str = ""


class _OwnDataOnly(pickle.Unpickler):
    """Reads only the program's own data: its dataclasses, named tuples and enums, dates, containers.

    A workspace folder can come from elsewhere (a USB stick, a colleague's copy); a pickle naming
    any other callable (``os.system``, a function of ours that deletes files) is refused before it
    can run, and the copy is then simply not used.
    """

    _SAFE = {
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "timedelta"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._SAFE:
            return super().find_class(module, name)
        if module == "classroom_desktop" or module.startswith("classroom_desktop."):
            found = super().find_class(module, name)
            if isinstance(found, type) and (
                dataclasses.is_dataclass(found)
                or issubclass(found, enum.Enum)
                or (issubclass(found, tuple) and hasattr(found, "_fields"))  # a NamedTuple
            ):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a kept gradebook")


def cache_file(folder: Path) -> Path:
    return folder / CACHE_DIR / FILE_NAME


def data_stamp(db_path: Path) -> str | None:
    """What identifies the database file's content now, read without writing; None when unknown.

    None also when a write-ahead log holds changes (a program has the class open, or was killed
    before it closed it): the file alone does not say what the data is then.
    """
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return None
        before = db_path.stat()
        # not mode=ro: that leaves -wal and -shm files behind (see store.backup.connect_query_only)
        con = sqlite3.connect(db_path, timeout=1)
    except (OSError, sqlite3.Error):
        return None
    try:
        con.execute("PRAGMA query_only=ON")
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        newest = con.execute("SELECT max(seq), count(*) FROM change").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    try:
        after = db_path.stat()
    except OSError:
        return None
    if (after.st_mtime_ns, after.st_size) != (before.st_mtime_ns, before.st_size):
        return None  # written while it was read
    return "|".join(
        str(part)
        for part in (after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns, revision, newest)
    )


def save(folder: Path, db_path: Path, early: EarlyTable) -> bool:
    """Keep ``early`` for the next start, stamped with the database file as it is now.

    Call only with the workspace's lock held and the database closed. Returns False (and keeps
    nothing) when the file cannot be stamped or the copy cannot be written: it is only a speed-up.
    """
    path = cache_file(folder)
    stamp = data_stamp(db_path)
    if stamp is None:
        drop(folder)
        return False
    try:
        private_dir(path.parent)
        temp = path.with_name(path.name + ".tmp")
        with open(temp, "wb") as fh:
            pickle.dump((FORMAT, stamp, early), fh, protocol=pickle.HIGHEST_PROTOCOL)
        make_file_private(temp)
        os.replace(temp, path)
    except (OSError, pickle.PicklingError):
        log.warning("the gradebook was not kept for the next start", exc_info=True)
        return False
    return True


def load(folder: Path, db_path: Path, class_id: str = "", day: str = "") -> EarlyTable | None:
    """The gradebook kept from the last time, if the database has not changed since; else None.

    ``class_id``: only that class's table (any class when empty); ``day``: only a copy made
    for that day (for data that moves with the calendar).
    """
    path = cache_file(folder)
    if not path.is_file():
        return None
    stamp = data_stamp(db_path)
    if stamp is None:
        return None
    try:
        with open(path, "rb") as fh:
            kept = _OwnDataOnly(fh).load()
        fmt, kept_stamp, early = kept
    except Exception:  # noqa: BLE001 - a damaged or foreign copy is just not used
        log.info("the kept gradebook could not be read", exc_info=True)
        return None
    if fmt != FORMAT or kept_stamp != stamp or not isinstance(early, EarlyTable):
        return None
    if (class_id and early.class_id != class_id) or early.day != day:
        return None
    return early


def drop(folder: Path) -> None:
    """Forget the kept gradebook (it no longer describes the workspace)."""
    try:
        cache_file(folder).unlink(missing_ok=True)
    except OSError:
        pass
