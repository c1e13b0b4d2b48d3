"""The gradebook page's export: the class's gradebook saved as an Excel workbook or a CSV file.

Part of :class:`classroom_desktop.ui.pages.gradebook.GradebookPage` (mixed in), split off along its seam.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QFileDialog, QWidget

from classroom_desktop.i18n import N_, _
from classroom_desktop.ui.context import AppContext

#: The file dialog's choices: each names the layout and the kind of file (see interop/gradebook.py).
EXPORT_FILTERS: dict[str, tuple[str, str]] = {
    N_("Excel workbook, students × standards (*.xlsx)"): ("wide", ".xlsx"),
    N_("Excel workbook, one row per student and standard (*.xlsx)"): ("long", ".xlsx"),
    N_("CSV, students × standards (*.csv)"): ("wide", ".csv"),
    N_("CSV, one row per student and standard (*.csv)"): ("long", ".csv"),
}


class GradebookExport:
    """Export for the gradebook page (which sets ``ctx``, ``class_id``, ``exported`` and
    ``_export_filter``)."""

    ctx: AppContext
    class_id: str | None
    exported: SignalInstance
    _export_filter: str

    def ask_export(self) -> None:
        """Ask where to save the class's gradebook and in which layout and kind of file, then save it."""
        class_id = self.class_id
        if class_id is None:
            self.ctx.status.emit(_("Pick a class to export its gradebook."))
            return
        name = self.ctx.classroom.classes.get(class_id).name
        safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip(" .") or "class"
        suffix = EXPORT_FILTERS[self._export_filter][1]
        shown = {_(key): key for key in EXPORT_FILTERS}  # the dialog's choices, in the teacher's language
        assert isinstance(self, QWidget)
        path, chosen = QFileDialog.getSaveFileName(
            self,
            _("Export gradebook"),
            _("{name} gradebook").format(name=safe) + suffix,
            ";;".join(shown),
            _(self._export_filter),
        )
        if not path:
            return
        if chosen in shown:
            self._export_filter = shown[chosen]
        layout, suffix = EXPORT_FILTERS[self._export_filter]
        out = Path(path)
        if out.suffix.lower() not in (".csv", ".xlsx"):
            out = out.with_name(out.name + suffix)
        self.export_gradebook(out, layout)

    def export_gradebook(self, out: Path, layout: str = "wide") -> None:
        """Save the class's gradebook to ``out`` (.csv or .xlsx) off the GUI thread, whole or not at all."""
        from classroom_desktop.services import importing

        classroom, class_id = self.ctx.classroom, self.class_id
        if class_id is None:
            return

        def work(progress: Any, _cancelled: Any) -> str:
            progress(0, 0, _("Writing {name}…").format(name=out.name))
            return importing.export_gradebook(classroom, class_id, out, layout)

        def done(summary: str) -> None:
            self.ctx.status.emit(summary)
            self.exported.emit(summary)

        self.ctx.run_long(_("Export gradebook"), work, done, cancellable=False)
