"""Starting the window on the demo class logs nothing about fonts, and Arabic names still join.

Qt used to log "OpenType support missing for "ClassroomSans", script 11" (and the same for every
family before ClassroomDevanagari) the first time it laid out a Devanagari name: it tries the
chain's families in order and complains about each whose GSUB has no Devanagari record. The check
runs in a fresh process (fonts are added once per process) with every Qt message captured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHECK = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings, qInstallMessageHandler
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication

messages = []
qInstallMessageHandler(lambda mode, context, text: messages.append(text))
app = QApplication([])
from classroom_desktop.ui.app import load_fonts
load_fonts()
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.demo import build_demo
from classroom_desktop.ui.context import AppContext
from classroom_desktop.ui.main_window import MainWindow
from datetime import date

folder = Path(sys.argv[1])
classroom = Classroom.open(folder / "demo")
build_demo(classroom, today=date(2026, 11, 20))
ctx = AppContext(classroom)
ctx.set_class(classroom.classes.list()[0].id)
window = MainWindow(ctx, settings=QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat))
window.show()
app.processEvents()
window.grab()


def glyphs(text):
    layout = QTextLayout(text, app.font())
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    return [g for run in layout.glyphRuns() for g in run.glyphIndexes()], \
        [run.rawFont().familyName() for run in layout.glyphRuns()]


for name in ["क्षितिज शर्मा", "தமிழ்செல்வி", "ދިވެހި", "ߒߞߏ", "ܐܦܪܝܡ", "සිංහල", "សុខា"]:
    glyphs(name)
joined, families = glyphs("محمد")
alone = [glyphs(letter)[0][0] for letter in "محمد"]
window.close()
ctx.detach()
classroom.close()
print(json.dumps({"messages": messages, "joined": joined, "alone": alone, "families": families}))
"""


def test_the_window_starts_without_font_warnings_and_arabic_joins(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLASSROOM_DESKTOP_TODAY": "2026-11-20"}
    out = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=300, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert not [m for m in found["messages"] if "OpenType support missing" in m], found["messages"]
    assert found["families"] == ["ClassroomArabic"]
    # joined, the four letters are drawn with their initial, medial and final forms, not alone
    assert len(found["joined"]) == 4 and sorted(found["joined"]) != sorted(found["alone"])


def test_the_renamed_faces_name_every_complex_script_and_shape_as_shipped() -> None:
    import uharfbuzz as hb

    from classroom_desktop.reports.fonts import FAMILIES
    from classroom_desktop.resources import resource_path
    from classroom_desktop.ui.font_scripts import QT_OPENTYPE_SCRIPTS
    from classroom_desktop.ui.fonts import renamed

    def shaped(data: bytes, text: str) -> list[int]:
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(hb.Font(hb.Face(hb.Blob(data))), buffer)
        return [info.codepoint for info in buffer.glyph_infos]

    samples = {"ClassroomDevanagari": "क्षितिज शर्मा", "ClassroomArabic": "محمد علي",
               "ClassroomSans": "Nguyễn ffi", "ClassroomThaana": "ދިވެހި", "ClassroomTamil": "தமிழ்செல்வி"}
    for family in FAMILIES:
        if family.name not in samples:
            continue
        data = resource_path("fonts", family.regular_file).read_bytes()
        new = renamed(data, family.name, False)
        tags = {tag.encode() for tag in hb.Face(hb.Blob(new)).get_table_script_tags("GSUB")}
        assert all(tags.intersection(group) for group in QT_OPENTYPE_SCRIPTS), family.name
        assert shaped(new, samples[family.name]) == shaped(data, samples[family.name]), family.name
