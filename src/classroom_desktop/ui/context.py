"""What every page shares: the open Classroom, the undo stack, the current class, and how to run work.

- ``ctx.edit(text, do, undo)`` runs a small write at once on the GUI thread and puts it on the
  undo stack (Edit ▸ Undo). ``do()`` returns what ``undo(result)`` needs to take it back.
- ``ctx.run_long(title, work, on_done)`` runs long work (PDF batches, sync, import) on a worker
  thread behind a progress dialog that can be cancelled; ``on_done`` runs on the GUI thread.
- ``ctx.changed`` is emitted on the GUI thread with the ChangeSet of every committed write,
  from any thread, so each page refreshes only when the change concerns it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services import ChangeSet
from classroom_desktop.services.classroom import Classroom

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
#: Long work that lasts longer than this shows its progress dialog (with Cancel).
SHOW_PROGRESS_AFTER_MS = 400
Cancelled = Callable[[], bool]


class Cancel(Exception):
    """Raised by long work that noticed the teacher pressed Cancel."""


class _Edit(QUndoCommand):
    def __init__(
        self, ctx: AppContext, text: str, do: Callable[[], Any], undo: Callable[[Any], Any], result: Any
    ) -> None:
        super().__init__(text)
        self._ctx, self._do, self._undo, self._result = ctx, do, undo, result
        self._first = True

    def redo(self) -> None:
        if self._first:  # the edit was already made before it was pushed
            self._first = False
            return
        self._result = self._ctx.guard(self._do)
        self._ctx.status.emit(_("Redone: {change}").format(change=self.text()))

    def undo(self) -> None:
        self._ctx.guard(lambda: self._undo(self._result))
        # "Saved: …" must not stay on screen
        self._ctx.status.emit(_("Undone: {change}").format(change=self.text()))


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress, Cancelled], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancelled = False

    def run(self) -> None:
        try:
            result = self.work(lambda d, t, m: self.signals.progress.emit(d, t, m), lambda: self.cancelled)
        except BaseException as exc:  # reported on the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class AppContext(QObject):
    """Shared state of the window; pages receive it in their constructor."""

    changed = Signal(object)  # ChangeSet
    class_changed = Signal(object)  # class id or None
    status = Signal(str)

    def __init__(self, classroom: Classroom, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self.classroom = classroom
        self.undo_stack = QUndoStack(self)
        self.window = parent_widget
        self.current_class_id: str | None = None
        self._jobs: set[_Job] = set()
        # Its own pool: long work must never queue behind other work for Qt's global pool
        # (two threads on a two-core laptop).
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(4)
        self._shown_bug = False
        classroom.subscribe(self._from_any_thread)

    def _from_any_thread(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)  # queued to the GUI thread when emitted from a worker

    def detach(self) -> None:
        self.classroom.unsubscribe(self._from_any_thread)

    def today(self) -> date:
        """The teacher's day, from the workspace's clock (never the system's directly)."""
        return self.classroom.clock.today()

    def set_class(self, class_id: str | None) -> None:
        if class_id != self.current_class_id:
            self.current_class_id = class_id
            self.class_changed.emit(class_id)

    # ---- edits --------------------------------------------------------------------------
    def edit(self, text: str, do: Callable[[], Any], undo: Callable[[Any], Any]) -> Any:
        """Make an edit now and make it undoable. Returns do()'s result, or None if it was refused."""
        try:
            result = do()
        except Exception as exc:
            self.show_error(exc)
            return None
        self.undo_stack.push(_Edit(self, text, do, undo, result))
        self.status.emit(_("Saved: {change}").format(change=text))
        return result

    def guard(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn``, showing any error to the teacher instead of raising."""
        try:
            return fn()
        except Exception as exc:
            self.show_error(exc)
            return None

    # ---- long work ----------------------------------------------------------------------
    def run_long(
        self,
        title: str,
        work: Callable[[Progress, Cancelled], Any],
        on_done: Callable[[Any], None] | None = None,
        cancellable: bool = True,
        on_cancelled: Callable[[], None] | None = None,
    ) -> _Job:
        """Run ``work(progress, cancelled)`` on a worker thread behind a progress dialog."""
        job = _Job(work)
        dialog = QProgressDialog(title, _("Cancel") if cancellable else "", 0, 0, self.window)
        dialog.setWindowTitle(title)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        # Starts the show-after timer with that duration: without a value the dialog would wait
        # for Qt's default 4 s before appearing (issue 14.9).
        dialog.setValue(0)
        if not cancellable:
            dialog.setCancelButton(None)

        def progress(done: int, total: int, message: str) -> None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(done)
            if message:
                dialog.setLabelText(message)

        def finish() -> None:
            dialog.close()
            dialog.deleteLater()
            self._jobs.discard(job)

        def succeeded(result: Any) -> None:
            finish()
            if on_done is not None:
                self.guard(lambda: on_done(result))

        def failed(exc: BaseException) -> None:
            # asked before finish(): closing the progress dialog emits its ``canceled`` signal
            cancelled = isinstance(exc, Cancel) or job.cancelled
            finish()
            if cancelled:
                self.status.emit(_("{task}: cancelled").format(task=title))
                if on_cancelled is not None:
                    on_cancelled()
                return
            self.show_error(exc, getattr(exc, "__traceback_text__", None))

        def cancel() -> None:
            job.cancelled = True
            dialog.setLabelText(_("Stopping…"))

        job.signals.progress.connect(progress)
        job.signals.done.connect(succeeded)
        job.signals.failed.connect(failed)
        dialog.canceled.connect(cancel)
        self._jobs.add(job)
        job.setAutoDelete(False)
        self._pool.start(job)
        return job

    # ---- errors -------------------------------------------------------------------------
    @property
    def log_path(self) -> Path:
        return self.classroom.folder / "logs" / "classroom-desktop.log"

    @Slot(object)
    def show_error(self, exc: BaseException, trace: str | None = None) -> None:
        """A teacher's problem in plain words; a bug logged with its traceback and shown once."""
        if isinstance(exc, UserError):
            self.status.emit(exc.message)
            QMessageBox.warning(self.window, "Classroom Desktop", exc.message)
            return
        text = trace or "".join(traceback.format_exception(exc))
        log_bug(self.log_path, text, self.classroom.clock.now())
        if not self._shown_bug:
            self._shown_bug = True
            QMessageBox.critical(
                self.window,
                "Classroom Desktop",
                _(
                    "Something went wrong inside Classroom Desktop. Your saved work is safe.\n\n"
                    "The details were written to {path} — please send that file to the team."
                ).format(path=self.log_path),
            )


def log_bug(path: Path, text: str, when: datetime) -> None:
    log.error("unexpected error:\n%s", text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {when.isoformat(timespec='seconds')}\n{text}\n")
    except OSError:
        pass
