"""The window's font chain: shipped fonts under their own names (a system font of the same name cannot
shadow them), and non-Latin names drawn at the size of Latin ones, measured from the glyphs Qt draws.

Each check runs in its own process with its own fontconfig file (a bare system: only DejaVu, plus
what the test adds), as ``test_window_fonts.py`` does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.ui.fonts import BODY_TARGETS, renamed

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

CHECK = r"""
import json, sys
from PySide6.QtGui import QFont, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication
app = QApplication([])
from classroom_desktop.ui.app import load_fonts
load_fonts()
font = QFont(app.font())
font.setPixelSize(100)

def runs(text):
    layout = QTextLayout(text, font)
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    return layout.glyphRuns()

def top(raw, glyph):
    return -raw.pathForGlyph(glyph).boundingRect().top()

out = {"families": {}, "boxes": [], "heights": {}}
for text in json.loads(sys.argv[1]):
    found = runs(text)
    out["families"][text] = sorted({r.rawFont().familyName() for r in found})
    if any(0 in r.glyphIndexes() for r in found) or not found:
        out["boxes"].append(text)
for key, letters in json.loads(sys.argv[2]).items():
    heights = [top(r.rawFont(), g) for r in runs(letters) for g in r.glyphIndexes()]
    out["heights"][key] = max(heights)
print(json.dumps(out))
"""


def _run(tmp_path: Path, names: list[str], letters: dict[str, str], extra: Path | None = None) -> Any:
    dirs = f"  <dir>{DEJAVU}</dir>\n" + (f"  <dir>{extra}</dir>\n" if extra else "")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"{dirs}  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(names), json.dumps(letters)],
        capture_output=True, text=True, timeout=180, env=env,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="needs the DejaVu fonts (fonts-dejavu-core)")
def test_a_system_font_named_like_a_shipped_one_does_not_shadow_it(tmp_path: Path) -> None:
    # A system "Droid Sans Fallback" without Korean (DejaVu Sans under that name), as on the laptop
    # where Korean names showed as boxes.
    impostor = tmp_path / "system-fonts"
    impostor.mkdir()
    dejavu = (DEJAVU / "DejaVuSans.ttf").read_bytes()
    (impostor / "DroidSansFallbackFull.ttf").write_bytes(renamed(dejavu, "Droid Sans Fallback", False))
    names = ["김민준", "王小明", "محمد العلي", "สมชาย ใจดี", "Nguyễn Thị Hương"]
    seen = _run(tmp_path, names, {}, extra=impostor)
    assert seen["boxes"] == []
    assert seen["families"]["김민준"] == ["ClassroomCJK"]
    assert seen["families"]["محمد العلي"] == ["ClassroomArabic", "ClassroomSans"]  # the space is Latin's
    assert seen["families"]["สมชาย ใจดี"] == ["ClassroomSans", "ClassroomThai"]
    assert seen["families"]["Nguyễn Thị Hương"] == ["ClassroomSans"]


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="needs the DejaVu fonts (fonts-dejavu-core)")
def test_non_latin_names_are_drawn_at_the_size_of_latin_ones(tmp_path: Path) -> None:
    letters = {family: text for family, (text, _target) in BODY_TARGETS.items()}
    letters["latin"] = "x"
    seen = _run(tmp_path, [], letters)
    x_height = seen["heights"]["latin"]
    assert 50 < x_height < 60  # Noto Sans at 100 px
    for family, (_text, target) in BODY_TARGETS.items():
        ratio = seen["heights"][family] / x_height
        assert ratio == pytest.approx(target, rel=0.05), family


def test_as_shipped_arabic_is_drawn_smaller_than_latin(qapp: Any) -> None:
    """The reason for the scaling: at the same size, Arabic's body is well below its target."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QRawFont

    from classroom_desktop.resources import resource_path

    def body(file: str, letters: str) -> float:
        raw = QRawFont(QByteArray(resource_path("fonts", file).read_bytes()), 100.0)
        return max(-raw.pathForGlyph(g).boundingRect().top() for g in raw.glyphIndexesForString(letters))

    ratio = body("NotoSansArabic-Regular.ttf", "سص") / body("NotoSans-Regular.ttf", "x")
    letters, target = BODY_TARGETS["ClassroomArabic"]
    assert ratio < target * 0.9


def test_renaming_keeps_the_font_whole(tmp_path: Path) -> None:
    """A renamed face still reads as a valid font (fontTools rebuilds it) with the new names and licence."""
    from fontTools.ttLib import TTFont

    from classroom_desktop.resources import resource_path

    source = resource_path("fonts", "NotoSansHebrew-Bold.ttf")
    out = tmp_path / "renamed.ttf"
    out.write_bytes(renamed(source.read_bytes(), "ClassroomHebrew", True, scale=1.25))
    font, original = TTFont(str(out)), TTFont(str(source))
    assert font["name"].getDebugName(1) == "ClassroomHebrew" and font["name"].getDebugName(2) == "Bold"
    assert font["name"].getDebugName(16) is None  # no typographic family left under the old name
    assert font["name"].getDebugName(13) == original["name"].getDebugName(13)  # the licence is kept
    assert font["head"].unitsPerEm == round(original["head"].unitsPerEm / 1.25)
    assert font.getGlyphOrder() == original.getGlyphOrder()
    shutil.copy(out, tmp_path / "again.ttf")
    TTFont(str(tmp_path / "again.ttf")).save(str(tmp_path / "resaved.ttf"))  # every table parses
