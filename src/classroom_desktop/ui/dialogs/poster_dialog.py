"""The poster's options: paper, orientation, tiling onto small sheets, anonymous codes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QWidget

from classroom_desktop.i18n import _
from classroom_desktop.services.printing import PAPERS, TILE_PAPERS, PrintOptions
from classroom_desktop.ui.widgets import ok_cancel


class PosterDialog(QDialog):
    """Paper, orientation, tiling and anonymous options for the poster."""

    def __init__(self, parent: QWidget | None, anonymous: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print poster"))
        form = QFormLayout(self)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText("A3")
        self.orientation = QComboBox()
        self.orientation.addItem(_("Landscape"), True)
        self.orientation.addItem(_("Portrait"), False)
        self.tile = QComboBox()
        self.tile.addItem(_("No, print on one sheet"))
        for paper in TILE_PAPERS:
            self.tile.addItem(_("Tile onto {paper} sheets").format(paper=paper))
        self.anonymous = QCheckBox(_("Anonymous: display codes instead of names"))
        self.anonymous.setChecked(anonymous)
        form.addRow(_("Poster size:"), self.paper)
        form.addRow(_("Orientation:"), self.orientation)
        form.addRow(_("Tile:"), self.tile)
        form.addRow("", self.anonymous)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def options(self, out: Path, class_id: str) -> PrintOptions:
        tile = None if self.tile.currentIndex() == 0 else TILE_PAPERS[self.tile.currentIndex() - 1]
        return PrintOptions(
            out=out,
            class_id=class_id,
            paper=self.paper.currentText(),
            tile=tile,
            anonymous=self.anonymous.isChecked(),
            landscape=bool(self.orientation.currentData()),
        )
