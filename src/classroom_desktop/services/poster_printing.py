"""Printing the data-wall poster (from the window and from ``classroom-desktop print poster``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classroom_desktop.domain.errors import UserError
from classroom_desktop.files import save_file
from classroom_desktop.i18n import _
from classroom_desktop.services.datawall import datawall_of
from classroom_desktop.services.printing import Cancelled, PrintOptions, Progress

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def write_pdf(path: Path, data: bytes) -> Path:
    """Save the poster whole, or not at all."""
    return save_file(path, data, "The poster")


def print_poster(classroom: Classroom, options: PrintOptions, progress: Progress,
                 cancelled: Cancelled) -> Path:
    """The class's data-wall poster as a PDF at ``options.out``.

    ``options.paper`` is the poster's size; ``options.tile`` (A4 or Letter) prints it on small
    sheets to glue together; ``options.anonymous`` replaces every name by the display code.
    """
    from classroom_desktop.reports.poster import build_poster

    progress(0, 1, _("Reading the class's mastery…"))
    data = datawall_of(classroom).poster_data(options.class_id, anonymous=options.anonymous)
    if cancelled():
        raise UserError(_("Printing the poster was cancelled; nothing was saved."))
    pdf = build_poster(data, paper=options.paper, landscape=options.landscape, tile=options.tile,
                       cancelled=cancelled, progress=progress)
    return write_pdf(Path(options.out), pdf)
