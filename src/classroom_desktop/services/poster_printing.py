"""Printing the data-wall poster (from the window and from ``classroom-desktop print poster``)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.services.datawall import datawall_of
from classroom_desktop.services.printing import Cancelled, PrintOptions, Progress

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def write_pdf(path: Path, data: bytes) -> Path:
    """Write a PDF atomically: a temp file in the same folder, then os.replace; nothing left on failure.

    Raises:
        UserError: The folder does not exist or cannot be written.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist, so the poster could not be saved there.")
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise UserError(f"The poster could not be saved to {path} ({exc.strerror or exc}).") from exc
    return path


def print_poster(classroom: Classroom, options: PrintOptions, progress: Progress,
                 cancelled: Cancelled) -> Path:
    """The class's data-wall poster as a PDF at ``options.out``.

    ``options.paper`` is the poster's size; ``options.tile`` (A4 or Letter) prints it on small
    sheets to glue together; ``options.anonymous`` replaces every name by the display code.
    """
    from classroom_desktop.reports.poster import build_poster

    progress(0, 1, "Reading the class's mastery…")
    data = datawall_of(classroom).poster_data(options.class_id, anonymous=options.anonymous)
    if cancelled():
        raise UserError("Printing the poster was cancelled; nothing was saved.")
    pdf = build_poster(data, paper=options.paper, landscape=options.landscape, tile=options.tile,
                       cancelled=cancelled, progress=progress)
    return write_pdf(Path(options.out), pdf)
