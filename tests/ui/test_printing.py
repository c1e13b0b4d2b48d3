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


def _preview(page: Any, qtbot: Any) -> Any:
    qtbot.waitUntil(lambda: getattr(page, "print_preview", None) is not None, timeout=60_000)
    preview = page.print_preview
    qtbot.addWidget(preview)
    return preview


def test_print_cards_from_today_previews_prints_saves_and_opens(
    window: Any, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Issue 14.8: a preview of the pages, a real Print… (to a PDF printer), Save as PDF… with a dated
    name in one remembered folder (no "Replace?"), and Open."""
    from pypdf import PdfReader
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QFileDialog

    from classroom_desktop.ui import print_flow

    page = window.show_page("Today")
    page.suggest()
    page.ask_and_print("cards")
    preview = _preview(page, qtbot)
    groups = len(page.board.groups())
    assert preview.isVisible() and preview.windowTitle() == "Group cards — preview"
    assert preview.where.text() == f"Page 1 of {preview.pages}" and preview.pages >= 1
    assert not preview.page.pixmap().isNull() and preview.page.pixmap().width() == print_flow.PREVIEW_WIDTH

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.ask_print(printer)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == preview.pages
    assert preview.result_label.text().startswith(f"Sent {preview.pages} page")

    folder = tmp_path / "Printouts"
    folder.mkdir()
    QSettings().setValue(print_flow.FOLDER_KEY, str(folder))
    offered: list[str] = []

    def save_as(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        offered.append(start)
        return start, _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    first = preview.ask_save()
    second = preview.ask_save()
    day = ctx.today().isoformat()
    assert offered == [str(folder / f"group-cards-{day}.pdf"), str(folder / f"group-cards-{day} (2).pdf")]
    assert first is not None and second is not None and first.exists() and second.exists()
    assert " " not in first.name
    assert len(PdfReader(str(second)).pages) == preview.pages
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    preview.open_pdf()
    assert opened == [str(second)]
    assert groups >= 1
    preview.accept()


def test_learning_plans_print_through_the_same_preview(window: Any, qtbot: Any, tmp_path: Path) -> None:
    """Issue 14.8: plans (59 pages for the demo class) get the preview too, named "learning-plans-…"."""
    page = window.show_page("Plans")
    page.kind.setCurrentIndex(page.kind.findData("plans"))
    page.one_file_each.setChecked(False)
    page.ask_print()
    preview = _preview(page, qtbot)
    assert preview.base_name == "learning-plans"
    assert preview.pages > 28
    preview.show_page(preview.pages - 1)
    assert preview.where.text() == f"Page {preview.pages} of {preview.pages}" and not preview.next.isEnabled()
    preview.accept()
