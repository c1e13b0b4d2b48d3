"""File-menu work on the open workspace: a new class, another workspace, a backup, a restore, the
gradebook export. Mixed into :class:`~classroom_desktop.ui.main_window.MainWindow`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QFileDialog, QWidget

from classroom_desktop.i18n import _

if TYPE_CHECKING:
    from classroom_desktop.ui.context import AppContext


class WorkspaceMenu:
    """File ▸ New class, Open workspace, Make a backup, Export gradebook, and restoring a backup."""

    if TYPE_CHECKING:  # provided by MainWindow
        ctx: AppContext | None
        _pages: dict[str, QWidget]

        def show_page(self, title: str) -> QWidget: ...

        def attach(self, ctx: AppContext) -> None: ...

        def _fill_classes(self, prefer: str = "") -> None: ...

    def _widget(self) -> QWidget:
        """The window itself, as the parent of the dialogs it opens."""
        return cast(QWidget, self)

    def new_class(self) -> None:
        if self.ctx is None:
            return
        from classroom_desktop.ui.first_run import NewClassDialog, create_class

        frameworks = self.ctx.classroom.curriculum.frameworks()
        dialog = NewClassDialog([(f.name, f.id) for f in frameworks], self._widget())
        if dialog.exec():
            ctx = self.ctx
            class_id = ctx.guard(lambda: create_class(ctx.classroom, dialog.choice()))
            if class_id:
                self._fill_classes(prefer=class_id)

    def choose_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._widget(), _("Open a class workspace folder"))
        if folder:
            self.open_workspace(Path(folder))

    def open_workspace(self, folder: Path) -> None:
        """Close the open workspace and open the one in ``folder`` (it must hold a class file)."""
        from classroom_desktop.services.workspace import remember_workspace
        from classroom_desktop.ui.context import AppContext
        from classroom_desktop.ui.damaged import open_or_offer_restore

        old = self.ctx
        if old is not None and Path(folder).resolve() == old.classroom.folder.resolve():
            return  # already open here (a second open would wait for this window's own lock)
        guard = old.guard if old is not None else (lambda fn: fn())
        classroom = guard(lambda: open_or_offer_restore(self._widget(), folder, create=False))
        if classroom is None:
            return
        if old is not None:
            old.detach()
            old.classroom.close()
        remember_workspace(folder)
        self.attach(AppContext(classroom))

    def restore_backup(self, backup_path: Path) -> bool:
        """Close the classroom, put ``backup_path`` in its place, and open it again. True if restored."""
        assert self.ctx is not None
        from classroom_desktop.domain.errors import UserError
        from classroom_desktop.services.classroom import Classroom
        from classroom_desktop.ui.context import AppContext

        old = self.ctx
        folder = old.classroom.folder
        old.detach()
        error: Exception | None = None
        try:
            old.classroom.restore(backup_path)
        except UserError as exc:
            error = exc
        new_ctx = AppContext(Classroom.open(folder))
        self.attach(new_ctx)
        if error is not None:
            new_ctx.show_error(error)
            return False
        new_ctx.status.emit(_("Restored the backup {name}.").format(name=backup_path.name))
        return True

    def export_gradebook(self) -> None:
        """File ▸ Export gradebook…: the Gradebook page asks where and how, and saves it."""
        if self.ctx is None:
            return
        page = self.show_page("Gradebook")
        if hasattr(page, "ask_export"):
            page.ask_export()

    def make_backup(self) -> None:
        if self.ctx is None:
            return
        ctx = self.ctx
        path = ctx.guard(ctx.classroom.make_backup)
        if path is not None:
            ctx.status.emit(_("Backup made: {name}").format(name=path.name))
            if "Settings" in self._pages:
                page = self._pages["Settings"]
                if hasattr(page, "refresh"):
                    page.refresh()
