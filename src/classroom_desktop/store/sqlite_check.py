"""Looking at a class file without changing it: its soundness and where its change log stands."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _

__all__ = ["BUSY_MS", "ChangeMark", "connect_query_only", "fingerprint", "newest_change", "quick_check"]

T = TypeVar("T")

#: How long a check waits for another program that holds the file (milliseconds).
BUSY_MS = 5000


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
        raise UserError(
            _("The file {file} cannot be read: this user is not allowed to open it.").format(file=db_path)
        )
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
                _(
                    "The file {file} in {folder} is in use by another program; "
                    "close that program and try again."
                ).format(file=db_path.name, folder=db_path.parent)
            ) from exc
        return False
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def _read(db_path: Path, query: Callable[[sqlite3.Connection], T]) -> T | None:
    """``query`` run on a connection that cannot write; None when the file cannot be read."""
    try:
        con = connect_query_only(db_path)
    except sqlite3.Error:
        return None
    try:
        return query(con)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()


def _newest_seq(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()[0])


def fingerprint(db_path: Path) -> int | None:
    """Where the database's change log stands (its newest change's number), read-only.

    Every write that matters records a change, so two files with the same fingerprint hold the
    same class; None when it cannot be read.
    """
    return _read(db_path, _newest_seq)


@dataclass(frozen=True)
class ChangeMark:
    """Where a database's change log ends: its device, and its newest change's number and stamp."""

    device: str | None
    seq: int
    hlc: str | None


def newest_change(db_path: Path) -> ChangeMark | None:
    """The :class:`ChangeMark` of a database file, read-only; None when it cannot be read."""

    def query(con: sqlite3.Connection) -> ChangeMark:
        found = con.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        device = json.loads(found[0]) if found and found[0] else None
        row = con.execute("SELECT seq, hlc FROM change ORDER BY seq DESC LIMIT 1").fetchone()
        seq, hlc = (int(row[0]), str(row[1])) if row else (0, None)
        return ChangeMark(device if isinstance(device, str) else None, seq, hlc)

    return _read(db_path, query)
