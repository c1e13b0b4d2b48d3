"""The program's icon: an SVG source and its renderings, used for the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def test_icon_renderings_are_there_for_every_platform() -> None:
    from PIL import Image

    assert (ICONS / "classroom-desktop.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert Image.open(ICONS / f"classroom-desktop-{size}.png").size == (size, size)
    assert Image.open(ICONS / "classroom-desktop.ico").format == "ICO"
    assert Image.open(ICONS / "classroom-desktop.icns").format == "ICNS"


def test_the_window_icon_is_the_programs_icon(qapp: Any) -> None:
    from classroom_desktop.ui.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
    image = icon.pixmap(32, 32).toImage()
    corner, middle = image.pixelColor(1, 1), image.pixelColor(16, 16)
    assert corner.alpha() < 64 and middle.alpha() == 255  # rounded tile on a transparent ground
