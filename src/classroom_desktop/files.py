"""Saving a file the teacher asked for (a PDF, a chart, a spreadsheet) so it is whole or not there at all."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from classroom_desktop.domain.errors import UserError


def save_file(path: Path | str, data: bytes, what: str = "The file") -> Path:
    """Write ``data`` to ``path`` through a temp file in the same folder, then ``os.replace``.

    A reader sees the old file or the new one, never half of one; on any failure the temp file
    is removed and ``path`` is untouched.

    Args:
        path: where to save.
        data: the whole content.
        what: how to name the file in a message ("The poster", "The chart").

    Raises:
        UserError: the folder is missing, read-only or full, or the file is open elsewhere.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"{what} could not be saved: the folder {path.parent} does not exist.")
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            reason = "the disk is full"
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = "that folder cannot be written to, or the file is open in another program"
        else:
            reason = exc.strerror or str(exc)
        raise UserError(f"{what} could not be saved to {path} ({reason}). Nothing was changed.") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return path
