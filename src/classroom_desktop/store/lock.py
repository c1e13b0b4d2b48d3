"""One writer per workspace: an open ``Classroom`` holds an exclusive lock on ``classroom.lock``.

The lock is an operating-system file lock (``flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows), so it is released the moment the holder closes it or dies — a killed program never
leaves a stale lock behind. Two windows, or a window and a command, can therefore never write
the same workspace at once: the second waits up to ``wait`` seconds, then is told why.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.store.private import FILE_MODE

LOCK_NAME = "classroom.lock"
_POLL = 0.05


class WorkspaceBusy(UserError):
    """Another window or program has this workspace open."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(
            _(
                "The class in {folder} is already open in another Classroom Desktop window or program; "
                "close it there and try again."
            ).format(folder=folder)
        )


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class WorkspaceLock:
    """The exclusive lock on one workspace folder, held until :meth:`release`."""

    def __init__(self, folder: Path, fd: int) -> None:
        self.folder = folder
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path, wait: float = 0.0) -> WorkspaceLock:
        """Lock ``folder``, waiting up to ``wait`` seconds for another holder to let go.

        Raises:
            WorkspaceBusy: someone else still holds it.
        """
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, FILE_MODE)
        # A monotonic deadline: the lock's patience is not a date, so it does not use the clock.
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise WorkspaceBusy(folder)
            time.sleep(_POLL)
        return cls(folder, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            try:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
        os.close(fd)  # closing also drops an flock
