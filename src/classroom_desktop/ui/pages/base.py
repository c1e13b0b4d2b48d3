"""The base of every page: refresh only when a change concerns it, and only when seen."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from classroom_desktop.services import ChangeSet
from classroom_desktop.ui.context import AppContext


class Page(QWidget):
    """A sidebar page.

    Subclasses set ``title``, ``concerns`` (entity names from ``store.models.ENTITIES`` whose
    changes make the page stale, e.g. ``("evidence", "student")``) and implement
    :meth:`refresh`, which reads through ``self.ctx.classroom`` and redraws.
    """

    title = ""
    shortcut = ""  # e.g. "Ctrl+1"
    concerns: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._stale = True
        ctx.changed.connect(self.on_changes)
        ctx.class_changed.connect(self.on_class)

    @property
    def class_id(self) -> str | None:
        return self.ctx.current_class_id

    def on_class(self, _class_id: object) -> None:
        self.mark_stale()

    def on_changes(self, changes: ChangeSet) -> None:
        if changes.concerns(*self.concerns) or changes.concerns("school_class"):
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self._refresh_now()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self._refresh_now()

    def _refresh_now(self) -> None:
        self._stale = False
        self.ctx.guard(self.refresh)

    def refresh(self) -> None:
        """Read the data this page shows and redraw it."""
