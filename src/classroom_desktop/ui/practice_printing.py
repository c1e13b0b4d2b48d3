"""Printing unit trackers, helper cards and re-assessment slips from the window, with a preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from classroom_desktop.i18n import default_paper
from classroom_desktop.ui.context import AppContext

#: kind -> the file's base name
BASE_NAMES = {"unit-tracker": "unit-tracker", "helpers": "helper-cards", "reassessment": "reassessment-slips"}


def print_practice(parent: QWidget, ctx: AppContext, kind: str, title: str, **choices: Any) -> None:
    """Build the ``kind`` PDF for the current class in the background, then preview it to print or save."""
    from classroom_desktop.services.printing import PrintOptions, print_document
    from classroom_desktop.ui.print_flow import print_with_preview

    class_id = ctx.current_class_id
    if class_id is None:
        return
    paper = choices.pop("paper", None) or default_paper()

    def work(out: Path, progress: Any, cancelled: Any) -> Path:
        options = PrintOptions(out=out, class_id=class_id, paper=paper, **choices)
        return print_document(ctx.classroom, kind, options, progress, cancelled)

    print_with_preview(parent, ctx, title, BASE_NAMES[kind], work)
