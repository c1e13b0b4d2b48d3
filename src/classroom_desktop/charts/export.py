"""Saving a chart to a PNG or SVG file, atomically (a reader sees the old file or the new one)."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {".png": "png", ".svg": "svg"}


def save_figure(fig: Figure, path: Path | str, dpi: int = 150) -> Path:
    """Write ``fig`` to ``path``; the format comes from the file's ending (.png or .svg).

    Raises:
        UserError: The ending is not .png or .svg, or the folder cannot be written.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError(f"Charts can be saved as .png or .svg files, not '{path.name}'.")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi)
    tmp = None
    try:
        fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(buffer.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise UserError(f"The chart could not be saved to {path} ({exc.strerror or exc}).") from exc
    return path
