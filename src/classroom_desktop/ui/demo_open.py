"""The first demo open, without a frozen window (issue 14.17).

Building the demo class takes several seconds the first time. It is built on a worker thread
(:func:`classroom_desktop.services.demo.prepare_demo`, which opens a workspace of its own there),
while the window shows a progress bar naming each step and keeps answering: the GUI thread runs a
local event loop until the build is done, so the window repaints, moves and resizes meanwhile.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QProgressBar

from classroom_desktop.i18n import _

if TYPE_CHECKING:
    from classroom_desktop.clock import Clock
    from classroom_desktop.ui.main_window import MainWindow


class DemoBuild(QObject):
    """Builds the demo on a worker thread; its signals arrive on the GUI thread."""

    progress = Signal(int, int, str)  # done, total, what is being made
    finished = Signal(object)  # None when built (or already there), else the exception

    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__()
        self._clock = clock
        self._thread = threading.Thread(target=self._run, name="demo-build")

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        """Wait until the worker has finished writing (the window is closing meanwhile)."""
        self._thread.join()

    def _run(self) -> None:
        from classroom_desktop.services.demo import prepare_demo

        try:
            prepare_demo(progress=self.progress.emit, clock=self._clock)
        except Exception as exc:  # reported on the GUI thread
            self.finished.emit(exc)
        else:
            self.finished.emit(None)


def build_demo_with_progress(window: MainWindow, clock: Clock | None = None) -> bool:
    """Build the demo class while ``window`` shows its progress; False if the program quit meanwhile.

    Raises:
        Exception: what building the demo raised (a ``UserError`` for a folder that cannot be
            written), on the GUI thread.
    """
    page = window.loading_page
    bar = QProgressBar()
    bar.setRange(0, 0)  # busy until the first step is heard
    bar.setAccessibleName(_("Making the demo class"))
    bar.setTextVisible(True)
    page.layout().insertWidget(2, bar)
    outcome: list[BaseException | None] = []
    loop = QEventLoop()

    def step(done: int, total: int, message: str) -> None:
        bar.setRange(0, max(total, 1))
        bar.setValue(done)
        bar.setFormat(_("{step} — {percent}%").format(step=message, percent="%p"))

    def finished(error: object) -> None:
        outcome.append(error if isinstance(error, BaseException) else None)
        loop.quit()

    build = DemoBuild(clock)
    build.progress.connect(step)
    build.finished.connect(finished)
    build.start()
    if not outcome:
        loop.exec()  # returns early only when the program is quitting
    if not outcome:
        build.wait()
        return False
    bar.hide()
    bar.deleteLater()
    error = outcome[0]
    if error is not None:
        raise error
    return True
