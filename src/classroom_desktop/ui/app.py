"""Starting the window: paint an empty shell at once, then open the workspace after the first frame.

Only Qt and the standard library load before the first frame; the services (SQLAlchemy, Alembic),
the pages and the fonts load after it, so the window appears as fast as a bare Qt window.

When the window opens on the gradebook and the class's data is as it was when the program last
closed, the gradebook kept then is shown at once (:mod:`classroom_desktop.ui.app_early`), before
the workspace opens; the real page replaces it.

``CLASSROOM_DESKTOP_QUIT_AFTER=first-frame|gradebook|gradebook-live`` makes the program quit by
itself right after its first frame is painted, once the gradebook is filled (the kept one, or
else the real one), or once the real gradebook page is filled (for ``bench/startup.py``).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from classroom_desktop import APP_NAME, __version__
from classroom_desktop.i18n import _
from classroom_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.ui.instance import WindowBeacon

QUIT_AFTER_ENV = "CLASSROOM_DESKTOP_QUIT_AFTER"
DESKTOP_ID = "org.classroomdesktop.ClassroomDesktop"  # installers/linux/*.desktop, *.metainfo.xml
LOG_NAME = "classroom-desktop.log"
#: How often an open window checks whether the day's backup is due (an hour).
BACKUP_CHECK_MS = 3_600_000
log = logging.getLogger("classroom_desktop")


class _NotBugReports(logging.Filter):
    """Bug reports are written to the log by ``ui.context.log_bug`` itself; don't write them twice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.name == "classroom_desktop.ui.context" and record.msg.startswith("unexpected error")
        )


_handler: logging.Handler | None = None


def setup_logging(folder: Path) -> Path:
    """Send the program's log (warnings and up, and start-up notes) to ``folder/logs``; returns the file."""
    global _handler
    path = folder / "logs" / LOG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _handler.addFilter(_NotBugReports())
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    return path


def install_excepthook(window: MainWindow) -> Callable[..., Any]:
    """Route uncaught exceptions (bugs) to the log file and a message shown once. Returns the old hook."""
    previous = sys.excepthook
    shown: list[bool] = []

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        text = "".join(traceback.format_exception(kind, exc, tb))
        if window.ctx is not None:
            window.ctx.show_error(exc, text)
            return
        from classroom_desktop.services.workspace import default_workspace_dir

        path = default_workspace_dir().parent / "logs" / LOG_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError:
            pass
        print(text, file=sys.stderr)
        if not shown:
            from PySide6.QtWidgets import QMessageBox

            shown.append(True)
            QMessageBox.critical(
                window,
                APP_NAME,
                _(
                    "Something went wrong while starting Classroom Desktop.\n\n"
                    "The details were written to {path} — please send that file to the team."
                ).format(path=path),
            )

    sys.excepthook = hook
    return previous


def _warn(parent: QWidget, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # not before the first frame

    QMessageBox.warning(parent, APP_NAME, text)


def load_fonts() -> int:
    """Add the shipped fonts (Arabic, Hebrew, Devanagari, Thai, CJK…) to Qt, so every name shows on screen.

    Returns how many were added. They are renamed so that no system font shadows them, and made
    the application's font chain in the PDFs' order (see :mod:`classroom_desktop.ui.fonts`).
    """
    from classroom_desktop.ui.fonts import install_fonts

    return install_fonts()


def app_icon() -> QIcon:
    """The program's icon (resources/icons), for every window and the task bar."""
    from classroom_desktop.resources import app_icon_files

    icon = QIcon()
    for path in app_icon_files():
        icon.addFile(str(path))
    return icon


def _install_practices(window: MainWindow, ctx: Any) -> None:
    """Choice boards, trackers and certificates in File ▸ Print; self-assessments on student pages."""
    from classroom_desktop.ui import practices_menu  # loaded after the first frame, like the pages

    practices_menu.install(window, ctx)


class Starter:
    """Opens the right workspace once the first frame is on screen."""

    def __init__(self, window: MainWindow, workspace: Path | None, demo: bool, quit_after: str = "") -> None:
        self.window, self.workspace, self.demo, self.quit_after = window, workspace, demo, quit_after
        self.classroom: Classroom | None = None
        #: the gradebook kept from the last time, shown until the real one is there
        self._early: QWidget | None = None
        self._quitting = False
        window.first_frame.connect(self._first_frame)
        self._backup_timer = QTimer(window)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self._backup_if_due)
        window.workspace_changed.connect(lambda ctx: setup_logging(ctx.classroom.folder))
        window.workspace_changed.connect(lambda ctx: _install_practices(window, ctx))
        #: Listens for a second start on the same workspace, and brings this window forward. Made
        #: after the first frame: QtNetwork need not load before it.
        self.beacon: WindowBeacon | None = None
        window.workspace_changed.connect(lambda ctx: self._listen(ctx.classroom.folder))

    def _listen(self, folder: Path) -> None:
        from classroom_desktop.ui.instance import WindowBeacon

        if self.beacon is None:
            self.beacon = WindowBeacon(self.window)
            self.beacon.shown_again.connect(self._shown_again)
        self.beacon.listen(folder)

    def _quit_once(self) -> None:
        """Quit for the startup benchmark, once: a second quit arriving after ``exec`` returned
        would stop every later event loop in the process."""
        if not self._quitting:
            self._quitting = True
            QTimer.singleShot(0, QApplication.quit)

    def _first_frame(self) -> None:
        if self.quit_after == "first-frame":
            self._quit_once()
            return
        self.window.settle()  # the focus ring, now that the frame is on screen
        QTimer.singleShot(0, self._early_then_start)

    def _early_day(self) -> str:
        """The demo moves with the calendar: its kept gradebook is good for the day it was kept."""
        if not self.demo:
            return ""
        from classroom_desktop.clock import default_clock

        return default_clock().today().isoformat()

    def _early_then_start(self) -> None:
        """The gradebook kept from the last time, if the data is unchanged; then the real opening."""
        from classroom_desktop.ui.app_early import early_folder, show_early

        if self.quit_after.startswith("gradebook"):
            self.window.settings.setValue("window/page", "Gradebook")
        self._early = show_early(self.window, early_folder(self.workspace, self.demo), self._early_day())
        if self._early is not None and self.quit_after == "gradebook":
            self._quit_once()  # the benchmark's "gradebook filled": it is on screen
            return
        QTimer.singleShot(0, self.start)

    def start(self) -> None:
        from classroom_desktop.domain.errors import UserError
        from classroom_desktop.services.classroom import WorkspaceBusy, WorkspaceTooNew
        from classroom_desktop.ui.instance import ask_first_window

        load_fonts()
        try:
            classroom = self._open()
        except WorkspaceBusy as exc:
            if ask_first_window(exc.folder):
                # The window that has the class is in front now: this start has nothing to do.
                print(
                    f"classroom-desktop: the class in {exc.folder} is already open; "
                    "its window was brought to the front.",
                    file=sys.stderr,
                )
            else:  # held by a command, or by a window that does not answer: say so
                _warn(self.window, exc.message)
            classroom = None
        except WorkspaceTooNew as exc:
            # A newer version made it: nothing to offer here.
            _warn(self.window, exc.message)
            classroom = None
        except UserError as exc:
            _warn(self.window, exc.message)
            classroom = self._first_run()
        if classroom is None:
            self._drop_early()
            self.window.close()
            return
        self.attach(classroom)

    def _drop_early(self) -> None:
        if self._early is not None:
            from classroom_desktop.ui.app_early import drop_early

            drop_early(self.window, self._early)
            self._early = None

    def attach(self, classroom: Classroom) -> None:
        from classroom_desktop.ui.context import AppContext

        self.classroom = classroom
        setup_logging(classroom.folder)
        log.info("%s %s opened %s", APP_NAME, __version__, classroom.folder)
        if self.quit_after.startswith("gradebook"):
            self.window.settings.setValue("window/page", "Gradebook")
            self.window.page_created.connect(self._watch_gradebook)
        self.window.attach(AppContext(classroom))
        self._drop_early()
        self._backup_timer.start()

    def _shown_again(self) -> None:
        ctx = self.window.ctx
        if ctx is not None:
            ctx.status.emit(
                _("Classroom Desktop was started again on this class, so this window came forward.")
            )

    def _backup_if_due(self) -> None:
        """A window left open overnight still makes the day's backup."""
        ctx = self.window.ctx
        if ctx is None:
            return
        try:
            ctx.classroom.backup_if_due()
        except Exception:  # noqa: BLE001 - a missed backup is logged, never a crash
            log.warning("the daily backup was not made", exc_info=True)

    def _watch_gradebook(self, title: str, page: Any) -> None:
        if title == "Gradebook":
            page.filled.connect(self._quit_once)

    def _open(self) -> Classroom | None:
        from classroom_desktop.services.workspace import (
            default_workspace_dir,
            last_workspace,
            remember_workspace,
        )

        if self.demo:
            return self._open_demo()
        from classroom_desktop.ui.damaged import open_or_offer_restore

        if self.workspace is not None:
            classroom = open_or_offer_restore(self.window, self.workspace)
            if classroom is not None:
                remember_workspace(self.workspace)
            return classroom
        folder = last_workspace()
        if folder is None and (default_workspace_dir() / "classroom.sqlite3").exists():
            folder = default_workspace_dir()
        if folder is not None:
            return open_or_offer_restore(self.window, folder, create=False)
        return self._first_run()

    def _open_demo(self) -> Classroom | None:
        """The demo class, remembered as the class used last (so a plain start opens it again).

        The first time, the demo is built on a worker thread while the window shows its progress
        and stays responsive (issue 14.17). None if the program was quit meanwhile.
        """
        from classroom_desktop.i18n import _
        from classroom_desktop.services.demo import demo_is_built, open_demo
        from classroom_desktop.services.workspace import remember_workspace
        from classroom_desktop.ui.demo_open import build_demo_with_progress

        if not demo_is_built():
            self.window.set_loading(
                _(
                    "Making the demo class: 28 students with a term of evidence. "
                    "This takes a few seconds, the first time only."
                )
            )
            if not build_demo_with_progress(self.window):
                return None
        classroom = open_demo()
        remember_workspace(classroom.folder)
        return classroom

    def _first_run(self) -> Classroom | None:
        """Ask what to do; loops until a workspace opens or the teacher closes the screen."""
        from classroom_desktop.domain.errors import UserError
        from classroom_desktop.ui.first_run import FirstRunDialog

        self._drop_early()
        self.window.set_loading(_("Welcome! Create your class, open the demo class, or restore a backup."))
        while True:
            dialog = FirstRunDialog(self.window)
            if not dialog.exec() or dialog.result_choice is None:
                return None
            try:
                return self._make(dialog.result_choice)
            except UserError as exc:
                _warn(self.window, exc.message)

    def _make(self, choice: Any) -> Classroom | None:
        from classroom_desktop.services.classroom import Classroom
        from classroom_desktop.services.workspace import default_workspace_dir, remember_workspace
        from classroom_desktop.ui.first_run import create_class

        if choice.kind == "demo":
            return self._open_demo()
        folder = default_workspace_dir()
        if choice.kind == "restore":
            Classroom.restore_into(folder, choice.backup)
        classroom = Classroom.open(folder)
        if choice.kind == "create":
            class_id = create_class(classroom, choice.new_class)
            self.window.settings.setValue("window/class", class_id)
        remember_workspace(folder)
        return classroom

    def close(self) -> None:
        if self.beacon is not None:
            self.beacon.stop()
        ctx = self.window.ctx
        if ctx is not None:
            class_id = ctx.current_class_id
            ctx.detach()
            # the class's gradebook is kept for the next start (shown at once if nothing changed)
            ctx.classroom.close(keep_table_of=class_id, day=self._early_day())


def run_app(workspace: Path | None = None, demo: bool = False) -> int:
    """Show the window and run until it is closed; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("ClassroomDesktop")
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)  # the .desktop file installers/install.sh puts in place
    app.setWindowIcon(app_icon())
    from classroom_desktop.ui.language import apply_language, chosen_language

    apply_language(app, chosen_language())  # before any widget: they keep the direction they are made with
    window = MainWindow()
    starter = Starter(window, workspace, demo, os.environ.get(QUIT_AFTER_ENV, "").strip().lower())
    previous = install_excepthook(window)
    window.show_fitted()
    try:
        return app.exec()
    finally:
        sys.excepthook = previous
        starter.close()
        window.deleteLater()  # not left to the garbage collector after the application is gone
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
