"""UI fixtures: the demo class in an AppContext and a MainWindow, and message boxes that never block."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox


class Messages(list):  # type: ignore[type-arg]
    """(kind, text) of every message box shown; ``answer`` is what question boxes return."""

    answer = QMessageBox.StandardButton.Yes

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self if kind in (None, k)]


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    shown = Messages()

    def box(kind: str) -> Any:
        def show(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            shown.append((kind, text))
            return shown.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return staticmethod(show)

    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    return shown


@pytest.fixture
def ctx(demo: Any, qtbot: Any) -> Iterator[Any]:
    """An AppContext on the demo class, with that class chosen."""
    from classroom_desktop.ui.context import AppContext

    context = AppContext(demo)
    context.set_class(demo.classes.list()[0].id)
    yield context
    context.detach()


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "window-settings.ini"


@pytest.fixture
def window(ctx: Any, qtbot: Any, settings_file: Path) -> Iterator[Any]:
    """The main window on the demo class, shown."""
    from classroom_desktop.ui.main_window import MainWindow

    win = MainWindow(ctx, settings=QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.ctx is not None and win.ctx is not ctx:  # a restore opened the workspace again
        win.ctx.detach()
        win.ctx.classroom.close()
