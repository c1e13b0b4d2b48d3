"""The gradebook kept from the last time, shown while the workspace opens.

Opening a workspace imports SQLAlchemy, the models and the services, checks and backs up the
file: about a second on a slow laptop. When the window opens on the gradebook and the class's
data has not changed since the program was last closed, :func:`show_early` shows the table kept
then (:meth:`services.Classroom.early_table`, read with plain ``sqlite3``) in the same grid, at
once; the real gradebook page replaces it as soon as the workspace is open. Until then the grid
only shows: typing changes nothing, and the pages and menus wait.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from classroom_desktop.i18n import _

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import EarlyTable
    from classroom_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class EarlyGradebook(QWidget):
    """The kept table in the gradebook's grid, read-only, with a line saying the class is opening."""

    def __init__(self, early: EarlyTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from classroom_desktop.ui.gradebook_model import GradebookModel
        from classroom_desktop.ui.gradebook_view import GradebookView

        self.early = early
        self.model = GradebookModel(self)
        self.model.set_table(early.table)
        self.view = GradebookView()
        self.view.setModel(self.model)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing typed here could be recorded yet
        self.view.setAccessibleName(_("Gradebook: students and standards"))
        self.note = QLabel(_("Opening your class…"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)


def early_folder(workspace: Path | None, demo: bool) -> Path | None:
    """The workspace folder the start will open, if it is known without opening anything."""
    from classroom_desktop.services.workspace import default_workspace_dir, demo_workspace_dir, last_workspace

    if demo:
        return demo_workspace_dir()
    if workspace is not None:
        return workspace
    return last_workspace() or default_workspace_dir()


def show_early(window: MainWindow, folder: Path | None, day: str = "") -> EarlyGradebook | None:
    """Show the gradebook kept for the remembered class of ``folder``, if it is still the data's.

    Only when the window opens on the gradebook. Returns the page shown (painted already), or None.
    """
    from classroom_desktop.services.classroom import Classroom

    page = str(window.settings.value("window/page", "") or "Gradebook")
    class_id = str(window.settings.value("window/class", "") or "")
    if folder is None or page != "Gradebook" or not class_id:
        return None
    try:
        early = Classroom.early_table(folder, class_id, day)
    except Exception:  # noqa: BLE001 - only a speed-up: the real open follows anyway
        log.warning("the kept gradebook could not be shown", exc_info=True)
        return None
    if early is None:
        return None
    shown = EarlyGradebook(early)
    window.class_box.blockSignals(True)
    window.class_box.clear()
    for label, cid in early.classes:
        window.class_box.addItem(label, cid)
    window.class_box.setCurrentIndex(max(0, window.class_box.findData(class_id)))
    window.class_box.blockSignals(False)
    window.stack.addWidget(shown)
    window.stack.setCurrentWidget(shown)
    window.repaint()  # on screen now: opening the workspace keeps the event loop busy for a while
    return shown


def drop_early(window: MainWindow, shown: QWidget | None) -> None:
    """Take the kept gradebook away (the real page is there now)."""
    if shown is not None:
        window.stack.removeWidget(shown)
        shown.deleteLater()
