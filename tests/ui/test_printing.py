"""Printing from the window: progress that shows and cancels, preview, print, save and open (issue 14)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from classroom_desktop.ui.context import SHOW_PROGRESS_AFTER_MS


def _progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_long_printing_shows_its_progress_within_half_a_second_and_can_be_cancelled(
    window: Any, ctx: Any, qtbot: Any
) -> None:
    """Issue 14.9: no print sits silent for seconds (Qt's default was to wait 4 s before showing)."""
    assert SHOW_PROGRESS_AFTER_MS <= 500
    release = threading.Event()
    seen: list[bool] = []

    def work(progress: Any, cancelled: Any) -> str:
        while not release.wait(0.02):
            if cancelled():
                seen.append(True)
                raise RuntimeError("stopped")
        return "done"

    ctx.run_long("Printing learning plans", work)
    try:
        qtbot.waitUntil(lambda: bool(_progress_dialogs()), timeout=2500)
        [dialog] = _progress_dialogs()
        assert dialog.labelText() == "Printing learning plans"
        [cancel] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
        cancel.click()
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    finally:
        release.set()
    qtbot.waitUntil(lambda: not _progress_dialogs(), timeout=5000)
    assert window.statusBar().currentMessage() == "Printing learning plans: cancelled"
