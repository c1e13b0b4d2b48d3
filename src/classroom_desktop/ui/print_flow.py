"""Printing that prints: every print is built in the background, then previewed in the window with
"Print…" (to any printer, through Qt), "Save as PDF…" (a dated name in one remembered folder) and "Open".

The PDF is first written to a private temporary file; the preview renders its pages with pypdfium2,
and "Print…" paints the same pages onto the printer the teacher picks.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from classroom_desktop.i18n import _
from classroom_desktop.ui.context import AppContext

#: QSettings key of the folder where the teacher last saved a PDF (every print starts there).
FOLDER_KEY = "print/folder"
#: How wide a preview page is drawn, in pixels.
PREVIEW_WIDTH = 620
#: Pages are painted onto a printer at no more than this resolution (dots per inch).
PRINT_DPI = 200

Work = Callable[[Path, Any, Any], Any]  # (out, progress, cancelled) -> path written


def save_folder() -> Path:
    """The folder the save dialog starts in: the last one used, else Documents, else home."""
    kept = str(QSettings().value(FOLDER_KEY, "") or "")
    if kept and Path(kept).is_dir():
        return Path(kept)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def dated_name(folder: Path, base: str, day: date) -> str:
    """ "group-cards-2026-12-02.pdf", or "… (2).pdf" when that is taken: never a "Replace?" question."""
    stem = f"{base}-{day.isoformat()}"
    name, n = f"{stem}.pdf", 2
    while (folder / name).exists():
        name, n = f"{stem} ({n}).pdf", n + 1
    return name


def _page_image(pdf: Any, index: int, scale: float) -> QImage:
    page = pdf[index]
    bitmap = page.render(scale=scale, rev_byteorder=True, fill_color=(255, 255, 255, 255))
    data = bytes(bitmap.buffer)
    fmt = QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
    image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
    page.close()
    return image


def page_count(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def render_page(path: Path, index: int, width: int = PREVIEW_WIDTH) -> QImage:
    """Page ``index`` of the PDF at ``path`` drawn ``width`` pixels wide."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        page_width = pdf[index].get_width()
        return _page_image(pdf, index, width / max(page_width, 1.0))
    finally:
        pdf.close()


def print_pages(path: Path, printer: Any) -> int:
    """Paint every page of the PDF onto ``printer`` (a QPrinter); returns the number of pages."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    painter = QPainter()
    try:
        if not painter.begin(printer):
            from classroom_desktop.domain.errors import UserError

            raise UserError(
                _("The printer could not be started. Check that it is switched on and try again.")
            )
        dpi = min(printer.resolution(), PRINT_DPI)
        for index in range(len(pdf)):
            if index:
                printer.newPage()
            image = _page_image(pdf, index, dpi / 72.0)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
            painter.setWindow(0, 0, target.width(), target.height())
        return len(pdf)
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()


class PrintPreview(QDialog):
    """The pages of a print, with Print…, Save as PDF…, Open and Close."""

    def __init__(
        self, ctx: AppContext, pdf: Path, title: str, base_name: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.pdf, self.base_name = ctx, pdf, base_name
        self.saved: Path | None = None
        self.opened_unsaved = False
        self.setWindowTitle(_("{title} — preview").format(title=title))
        self.pages = page_count(pdf)
        self.index = 0
        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setAccessibleName(_("Page preview"))
        scroll = QScrollArea()
        scroll.setWidget(self.page)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = QLabel()
        self.previous, self.next = QPushButton(_("◀ Previous page")), QPushButton(_("Next page ▶"))
        self.previous.clicked.connect(lambda: self.show_page(self.index - 1))
        self.next.clicked.connect(lambda: self.show_page(self.index + 1))
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(lambda: self.ctx.guard(self.ask_print))
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.clicked.connect(lambda: self.ctx.guard(self.ask_save))
        self.open_button = QPushButton(_("Open"))
        self.open_button.setToolTip(_("Open the PDF in the laptop's PDF viewer"))
        self.open_button.clicked.connect(self.open_pdf)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addWidget(self.where, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next)
        actions = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.open_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(actions)
        self.resize(PREVIEW_WIDTH + 80, 860)
        self.show_page(0)

    def show_page(self, index: int) -> None:
        self.index = max(0, min(index, self.pages - 1))
        self.page.setPixmap(QPixmap.fromImage(render_page(self.pdf, self.index)))
        self.where.setText(_("Page {page} of {pages}").format(page=self.index + 1, pages=self.pages))
        self.previous.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < self.pages - 1)

    def ask_print(self, printer: Any = None) -> bool:
        """Choose a printer (the system's print dialog) and print every page; ``printer`` skips the dialog."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.pdf.stem)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        count = print_pages(self.pdf, printer)
        where = printer.outputFileName() or printer.printerName() or _("the printer")
        sent = _("Sent {count} page to {where}.") if count == 1 else _("Sent {count} pages to {where}.")
        printed = (
            _("Printed {count} page on {where}") if count == 1 else _("Printed {count} pages on {where}")
        )
        self.result_label.setText(sent.format(count=count, where=where))
        self.ctx.status.emit(printed.format(count=count, where=where))
        return True

    def ask_save(self, chosen: Path | None = None) -> Path | None:
        """Save a copy under a dated name in the remembered folder (``chosen`` skips the dialog)."""
        if chosen is None:
            folder = save_folder()
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save as PDF"),
                str(folder / dated_name(folder, self.base_name, self.ctx.today())),
                _("PDF files (*.pdf)"),
            )
            if not name:
                return None
            chosen = Path(name)
        if chosen.suffix.lower() != ".pdf":
            chosen = chosen.with_name(chosen.name + ".pdf")
        try:
            shutil.copyfile(self.pdf, chosen)
        except OSError as exc:
            from classroom_desktop.domain.errors import UserError

            raise UserError(
                _("The PDF could not be saved to {path} ({reason}).").format(
                    path=chosen, reason=exc.strerror or exc
                )
            ) from exc
        QSettings().setValue(FOLDER_KEY, str(chosen.parent))
        self.saved = chosen
        self.result_label.setText(_("Saved {path}. “Open” shows it in your PDF viewer.").format(path=chosen))
        self.ctx.status.emit(_("Saved {path}").format(path=chosen))
        return chosen

    def open_pdf(self) -> None:
        """Open the saved copy (or the preview's own file) in the laptop's PDF viewer."""
        self.opened_unsaved = self.saved is None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved or self.pdf)))


def print_with_preview(
    parent: QWidget, ctx: AppContext, title: str, base_name: str, work: Work
) -> None:
    """Build the PDF in the background (progress, Cancel), then preview it (``parent.print_preview``)."""
    folder = Path(tempfile.mkdtemp(prefix="classroom-print-"))
    out = folder / f"{base_name}.pdf"

    def show(path: Any) -> None:
        preview = PrintPreview(ctx, Path(path), title, base_name, parent)
        parent.print_preview = preview  # type: ignore[attr-defined]
        preview.finished.connect(
            lambda _result: None if preview.opened_unsaved else shutil.rmtree(folder, ignore_errors=True)
        )
        preview.open()
        preview.print_button.setFocus()  # Return prints; Tab reaches Save as PDF… next

    ctx.run_long(
        _("Preparing {what}").format(what=title.lower()),
        lambda progress, cancelled: work(out, progress, cancelled),
        show,
        on_cancelled=lambda: shutil.rmtree(folder, ignore_errors=True),
    )
