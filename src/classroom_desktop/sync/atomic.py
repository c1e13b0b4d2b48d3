"""Crash-safe writes to the shared folder, and turning share I/O failures into teacher-readable errors."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _

TEMP_PREFIX = ".tmp-"
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


class ShareUnavailable(UserError):
    """The sync folder cannot be used right now (missing, unreachable, full or read-only)."""

    @classmethod
    def unreachable(cls, folder: Path) -> ShareUnavailable:
        return cls(
            _(
                "The sync folder {folder} is not reachable right now. Your work is saved on this laptop; "
                "sync again when the folder is back."
            ).format(folder=folder)
        )

    @classmethod
    def full(cls, folder: Path) -> ShareUnavailable:
        return cls(
            _(
                "The sync folder {folder} is full, so this laptop's changes could not be written there. "
                "Your work is saved on this laptop; free some space in the folder and sync again."
            ).format(folder=folder)
        )

    @classmethod
    def not_allowed(cls, folder: Path) -> ShareUnavailable:
        return cls(
            _(
                "This laptop is not allowed to write in the sync folder {folder}. Your work is saved on this "
                "laptop; ask whoever manages the folder for write access, then sync again."
            ).format(folder=folder)
        )

    @classmethod
    def from_os_error(cls, exc: OSError, folder: Path) -> ShareUnavailable:
        if exc.errno in _FULL:
            return cls.full(folder)
        if exc.errno in _NOT_ALLOWED:
            return cls.not_allowed(folder)
        return cls.unreachable(folder)


class WriteOnceViolation(Exception):
    """A write-once file already exists with different bytes: a bug (names carry the content hash)."""


@contextlib.contextmanager
def share_errors(folder: Path) -> Iterator[None]:
    """Turn any OSError raised inside the block into a ShareUnavailable naming ``folder``."""
    try:
        yield
    except OSError as exc:
        raise ShareUnavailable.from_os_error(exc, folder) from exc


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; skipped where the OS or file system refuses (Windows, some shares)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # the file itself is in place and fsynced; some file systems cannot fsync a folder
    finally:
        os.close(fd)


def _write_temp(folder: Path, data: bytes) -> Path:
    """Write ``data`` to a fresh fsynced temp file in ``folder``; removes it again on failure."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    tmp = Path(name)
    try:
        if hasattr(os, "fchmod"):  # sealed files: other accounts on a shared folder may read them
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o644)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _remove_quietly(tmp)
        raise
    os.close(fd)
    return tmp


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def write_atomic(path: Path, data: bytes, *, share: Path | None = None) -> None:
    """Replace ``path`` with ``data`` so a reader sees the old file or the new one, never a mix.

    Temp file in the same folder, write, fsync, os.replace, fsync the folder. On failure the temp
    file is removed and ``path`` is untouched.

    Args:
        path: the file to write.
        data: its new content.
        share: the folder to name in error messages (defaults to the file's folder).

    Raises:
        ShareUnavailable: the folder is missing, unreachable, full or read-only.
    """
    folder = path.parent
    with share_errors(share or folder):
        tmp = _write_temp(folder, data)
        try:
            os.replace(tmp, path)
        except BaseException:
            _remove_quietly(tmp)
            raise
        _fsync_folder(folder)


def write_once(path: Path, data: bytes, *, share: Path | None = None) -> None:
    """Like :func:`write_atomic` but never replaces an existing file.

    An existing file with the same bytes is fine (a retried write); different bytes raise
    WriteOnceViolation.
    """
    folder = path.parent
    with share_errors(share or folder):
        if _same_or_conflict(path, data):
            return
        tmp = _write_temp(folder, data)
        try:
            try:
                os.link(tmp, path)  # fails if path exists, with no window for a race
            except FileExistsError:
                _same_or_conflict(path, data)
                return
            except OSError:
                # hard links unsupported (FAT USB sticks, some shares): one writer per folder makes
                # a checked replace safe enough
                if _same_or_conflict(path, data):
                    return
                os.replace(tmp, path)
        finally:
            _remove_quietly(tmp)
        _fsync_folder(folder)


def _same_or_conflict(path: Path, data: bytes) -> bool:
    """True if ``path`` already holds ``data``; False if missing; raises if it holds something else."""
    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        return False
    if existing != data:
        raise WriteOnceViolation(f"{path} already exists with different content")
    return True
