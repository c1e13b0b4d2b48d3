"""Opening a workspace in the window: a damaged one is offered its newest good backup.

Used by the start-up (``ui.app``) and File ▸ Open workspace (``ui.main_window``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from classroom_desktop import APP_NAME
from classroom_desktop.i18n import _

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom


def open_or_offer_restore(parent: QWidget | None, folder: Path, create: bool = True) -> Classroom | None:
    """Open the workspace in ``folder``; if its file is damaged, offer to put back its newest good
    backup (naming its date and what would be lost) and open that. None if nothing was opened.

    Raises:
        UserError: any other reason it cannot be opened (busy, newer version, missing folder).
    """
    from classroom_desktop.services.classroom import Classroom, WorkspaceDamaged

    try:
        return Classroom.open(folder, create=create)
    except WorkspaceDamaged as exc:
        if exc.good_backup is None:
            QMessageBox.warning(parent, APP_NAME, exc.message)
            return None
        title = _("{app} — the class file is damaged").format(app=APP_NAME)
        answer = QMessageBox.question(parent, title, exc.restore_question())
        if answer != QMessageBox.StandardButton.Yes:
            return None
        Classroom.restore_into(exc.folder, exc.good_backup.path)
        return Classroom.open(exc.folder, create=False)
