"""Saving a chart to a PNG or SVG file, atomically (a reader sees the old file or the new one)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.files import save_file

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
    return save_file(path, buffer.getvalue(), "The chart")
