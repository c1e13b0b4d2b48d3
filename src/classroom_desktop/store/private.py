"""Keeping a workspace private: on Linux and macOS its folder is 0700 and its files 0600.

(On Windows the workspace stays inside the user's profile, whose permissions already keep it
private; ``chmod`` there only toggles the read-only flag, so nothing is done.)
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

#: The workspace's database file in its folder (also ``store.engine.DB_NAME``).
DB_NAME = "classroom.sqlite3"
DIR_MODE = 0o700
FILE_MODE = 0o600
_POSIX = os.name == "posix"


def private_dir(folder: Path) -> Path:
    """Create ``folder`` if needed (0700) and make it 0700 if it already existed."""
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if _POSIX and (folder.stat().st_mode & 0o777) != DIR_MODE:
        folder.chmod(DIR_MODE)
    return folder


def make_file_private(path: Path) -> None:
    if _POSIX and path.is_file() and (path.stat().st_mode & 0o777) != FILE_MODE:
        path.chmod(FILE_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner (SQLite then keeps that mode for its -wal/-shm)."""
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)


def make_workspace_private(folder: Path) -> None:
    """The workspace folder 0700; its files, logs and backups 0600 (folders inside 0700)."""
    if not _POSIX:
        return
    private_dir(folder)
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if path.is_symlink():
                continue
            if path.is_dir():
                if path.name in ("backups", "logs"):
                    private_dir(path)
                    for inner in path.iterdir():
                        if inner.is_file() and not inner.is_symlink():
                            make_file_private(inner)
            else:
                make_file_private(path)
