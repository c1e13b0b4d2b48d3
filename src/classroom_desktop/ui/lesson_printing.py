"""Printing a lesson's group cards or summary, shared by the Today and Groups pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from classroom_desktop.i18n import _
from classroom_desktop.ui.context import AppContext


def choose_and_print(parent: QWidget, ctx: AppContext, kind: str, plan_id: str, paper: str) -> None:
    """Build the group cards (or the lesson summary), then preview them to print or save."""
    from dataclasses import replace

    from classroom_desktop.services.printing import PrintOptions, print_document
    from classroom_desktop.ui.print_flow import print_with_preview

    class_id = ctx.current_class_id
    if class_id is None:
        return
    options = PrintOptions(out=Path("unused.pdf"), class_id=class_id, paper=paper, plan_id=plan_id)
    title, base = _("Group cards"), "group-cards"
    if kind != "cards":
        title, base = _("Lesson summary"), "lesson-summary"
    print_with_preview(
        parent,
        ctx,
        title,
        base,
        lambda out, progress, cancelled: print_document(
            ctx.classroom, kind, replace(options, out=out), progress, cancelled
        ),
    )


def print_plan(
    ctx: AppContext, kind: str, plan_id: str | None, out: Path, paper: str, on_done: Any = None
) -> None:
    """Print a plan's cards or summary in the background (shared by the Today and Groups pages)."""
    from classroom_desktop.services.printing import PrintOptions, print_document

    class_id = ctx.current_class_id
    if class_id is None:
        return
    options = PrintOptions(out=out, class_id=class_id, paper=paper, plan_id=plan_id)
    title = _("Printing group cards") if kind == "cards" else _("Printing the lesson summary")

    def done(path: Path) -> None:
        ctx.status.emit(_("Saved {path}").format(path=path))
        if on_done is not None:
            on_done(path)

    ctx.run_long(
        title,
        lambda progress, cancelled: print_document(ctx.classroom, kind, options, progress, cancelled),
        done,
    )
