"""Wiring the practices into the window: File ▸ Print entries for choice boards, student trackers
and certificates, and the Self-assessment tab on each student's page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from classroom_desktop.i18n import _, default_paper
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.self_assessment_box import self_assessment_tab

#: (File ▸ Print entry, document kind, file name) — the entry's text is translated when shown.
PRINTS = (
    ("choice-board", "choice-boards"),
    ("tracker", "student-trackers"),
    ("certificates", "certificates"),
)


def print_titles() -> dict[str, str]:
    """Each kind's title in the program's language."""
    return {
        "choice-board": _("Choice boards"),
        "tracker": _("Student trackers"),
        "certificates": _("Certificates of the week"),
    }


def print_practice(window: Any, ctx: AppContext, kind: str) -> None:
    """Print ``kind`` for the whole class (the student open on the Students page, if one is)."""
    from classroom_desktop.services.printing import PrintOptions, print_document
    from classroom_desktop.ui.print_flow import print_with_preview

    class_id = ctx.current_class_id
    if class_id is None:
        return
    options = PrintOptions(out=Path("unused.pdf"), class_id=class_id, paper=default_paper())
    base = dict(PRINTS)[kind]
    print_with_preview(
        window, ctx, print_titles()[kind], base,
        lambda out, progress, cancelled: print_document(ctx.classroom, kind, replace(options, out=out),
                                                        progress, cancelled),
    )


def _students_page(title: str, page: Any) -> None:
    if title == "Students" and hasattr(page, "add_student_tab"):
        page.add_student_tab(_("Self-assessment"), self_assessment_tab)


def install(window: Any, ctx: AppContext) -> None:
    """Add the print entries and the student tab for the workspace just attached to ``window``."""
    titles = print_titles()
    for kind, _base in PRINTS:
        window.add_print_action(titles[kind] + "…", lambda _=False, k=kind: print_practice(window, ctx, k))
    if not getattr(window, "_practices_tab_hooked", False):
        window.page_created.connect(_students_page)
        window._practices_tab_hooked = True
    pages = getattr(window, "_pages", {})
    if "Students" in pages:
        _students_page("Students", pages["Students"])
