"""Saving a file the teacher asked for (a PDF, a chart, a spreadsheet) so it is whole or not there at all."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _

#: How each kind of file says its folder is missing (one whole sentence per kind of file).
NO_FOLDER = {
    "The file": N_("The file could not be saved: the folder {folder} does not exist."),
    "The export": N_("The export could not be saved: the folder {folder} does not exist."),
    "The poster": N_("The poster could not be saved: the folder {folder} does not exist."),
    "The chart": N_("The chart could not be saved: the folder {folder} does not exist."),
}
#: How each kind of file says it could not be written.
NOT_SAVED = {
    "The file": N_("The file could not be saved to {file} ({reason}). Nothing was changed."),
    "The export": N_("The export could not be saved to {file} ({reason}). Nothing was changed."),
    "The poster": N_("The poster could not be saved to {file} ({reason}). Nothing was changed."),
    "The chart": N_("The chart could not be saved to {file} ({reason}). Nothing was changed."),
}


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
        raise UserError(_(NO_FOLDER.get(what, NO_FOLDER["The file"])).format(folder=path.parent))
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
            reason = _("the disk is full")
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = _("that folder cannot be written to, or the file is open in another program")
        else:
            reason = exc.strerror or str(exc)
        message = _(NOT_SAVED.get(what, NOT_SAVED["The file"]))
        raise UserError(message.format(file=path, reason=reason)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return path
