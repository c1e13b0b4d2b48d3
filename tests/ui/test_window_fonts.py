"""On a bare system (fontconfig knows only DejaVu), every script's name shows in the window without a box.

The check runs in its own process with its own fontconfig file, asks Qt's text layout which glyphs
it draws each name with, and fails on glyph 0 (``.notdef``, the box). Without the shipped fonts the
same check finds boxes, so the test proves the fonts are what makes the difference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NAMES = [
    "สมชาย ใจดี", "ສົມພອນ", "សុខា ចាន់", "အောင်ဆန်း", "தமிழ்செல்வன்", "রবীন্দ্রনাথ", "ਗੁਰਪ੍ਰੀਤ",
    "ભાવના", "వెంకట", "ಕನ್ನಡ", "അനന്തു", "නිමල්", "አበበ ቢቂላ", "ნინო", "Անահիտ", "བཀྲ་ཤིས",
    "ܐܦܪܝܡ", "ދިވެހި", "अनन्या", "محمد العلي", "דוד כהן", "김민준", "王小明", "Nguyễn Thị Hương",
]

CHECK = r"""
import json, sys
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication
app = QApplication([])
if sys.argv[1] == "shipped":
    from classroom_desktop.ui.app import load_fonts
    load_fonts()
boxes = {}
for name in json.loads(sys.argv[2]):
    layout = QTextLayout(name, app.font())
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    bad = [run.rawFont().familyName() for run in layout.glyphRuns() if 0 in run.glyphIndexes()]
    if bad or not layout.glyphRuns():
        boxes[name] = bad
print(json.dumps(boxes))
"""


def _boxes(tmp_path: Path, fonts: str) -> dict[str, list[str]]:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
        f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", CHECK, fonts, json.dumps(NAMES)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_script_shows_without_a_box_on_a_bare_system(tmp_path: Path) -> None:
    assert _boxes(tmp_path, "shipped") == {}


def test_without_the_shipped_fonts_the_same_check_finds_boxes(tmp_path: Path) -> None:
    boxes = _boxes(tmp_path, "system")
    assert {"สมชาย ใจดี", "အောင်ဆန်း", "አበበ ቢቂላ", "བཀྲ་ཤིས"} <= set(boxes)
