"""Render resources/icons/classroom-desktop.svg to the PNG, ICO and ICNS files beside it.

    QT_QPA_PLATFORM=offscreen python installers/make_icons.py

Uses Qt's SVG renderer (PySide6, already a dependency) for the PNGs and Pillow (matplotlib's
dependency) for the Windows .ico and macOS .icns. The renderings are committed, so a build needs
neither step; run this again after changing the SVG.
"""

from __future__ import annotations

import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "classroom-desktop"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_pngs() -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        raise SystemExit(f"{ICONS / f'{NAME}.svg'} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = ICONS / f"{NAME}-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    del app
    return written


def main() -> int:
    from PIL import Image

    pngs = render_pngs()
    biggest = Image.open(ICONS / f"{NAME}-512.png").convert("RGBA")
    biggest.save(ICONS / f"{NAME}.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    biggest.save(ICONS / f"{NAME}.icns")
    for path in [*pngs, ICONS / f"{NAME}.ico", ICONS / f"{NAME}.icns"]:
        print(f"{path.relative_to(ICONS.parents[1])}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
