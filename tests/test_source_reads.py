"""PySide6 does not keep the source of every module imported after it (source_reads.py): ~20 MB."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import json, linecache, sys
{first}
import sqlalchemy.orm, babel.dates
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.ui.gradebook_model import GradebookModel
import classroom_desktop.i18n, classroom_desktop.ui.gradebook_model as model
feature = sys.modules["shibokensupport.feature"]
# (read before the program's package could change PySide6's check: that package and this module)
early = ("classroom_desktop/__init__.py", "classroom_desktop/source_reads.py")
kept = [f for f in linecache.cache if ("sqlalchemy" in f or "classroom_desktop" in f or "babel" in f)
        and not f.endswith(early) and not f.startswith("<")]  # SQLAlchemy puts its own made-up code there
print(json.dumps({{
    "kept": kept,
    "model uses PySide6": feature._mod_uses_pyside(model),
    "i18n uses PySide6": feature._mod_uses_pyside(classroom_desktop.i18n),
    "as PySide6 says": feature._mod_uses_pyside.original(model),
}}))
"""


def run(first: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(first=first)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_qt_first_as_in_a_script_keeps_no_module_source() -> None:
    found = run("import PySide6.QtCore\nimport classroom_desktop")
    assert found["kept"] == []
    assert found["model uses PySide6"] is True and found["as PySide6 says"] is True
    assert found["i18n uses PySide6"] is False


def test_the_window_package_first_as_in_the_app_keeps_no_module_source() -> None:
    found = run("import classroom_desktop.ui")
    assert found["kept"] == []
    assert found["model uses PySide6"] is True and found["i18n uses PySide6"] is False
