"""Starting the program: the first-run screen, --workspace, remembering it, the log, the fonts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from classroom_desktop.ui import app, first_run
from classroom_desktop.ui.app import QUIT_AFTER_ENV, run_app


def test_run_app_opens_a_workspace_and_remembers_it(demo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from classroom_desktop.services.workspace import last_workspace

    monkeypatch.setenv(QUIT_AFTER_ENV, "gradebook")
    assert run_app(workspace=demo.folder) == 0
    assert last_workspace() == demo.folder.resolve()
    log = (demo.folder / "logs" / "classroom-desktop.log").read_text(encoding="utf-8")
    assert f"opened {demo.folder}" in log


def test_first_run_creates_a_class_in_the_teachers_workspace(
    monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.services.workspace import default_workspace_dir, last_workspace

    def teacher(dialog: Any) -> int:
        qtbot.keyClicks(dialog.form.name, "4B Mathematics")
        qtbot.keyClicks(dialog.form.framework.lineEdit(), "Grade 4 Mathematics")
        create = next(b for b in dialog.findChildren(first_run.QPushButton) if b.text() == "Create the class")
        qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
        return int(dialog.result() != 0)

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", teacher)
    monkeypatch.setenv(QUIT_AFTER_ENV, "gradebook")
    assert run_app() == 0
    assert last_workspace() == default_workspace_dir().resolve()
    classroom = Classroom.open(default_workspace_dir(), create=False)
    try:
        made = classroom.classes.find("4B Mathematics")
        frameworks = {f.id: f.name for f in classroom.curriculum.frameworks()}
        assert frameworks[str(made.framework_id)] == "Grade 4 Mathematics"
    finally:
        classroom.close()


def test_first_run_asks_for_a_name_before_creating(qtbot: Any) -> None:
    dialog = first_run.FirstRunDialog()
    qtbot.addWidget(dialog)
    create = next(b for b in dialog.findChildren(first_run.QPushButton) if b.text() == "Create the class")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.result_choice is None
    assert dialog.error.text() == "Type the class's name first."


def test_first_run_can_open_the_demo_class(qtbot: Any) -> None:
    dialog = first_run.FirstRunDialog()
    qtbot.addWidget(dialog)
    demo_button = next(
        b for b in dialog.findChildren(first_run.QPushButton) if b.text() == "Open the demo class"
    )
    qtbot.mouseClick(demo_button, Qt.MouseButton.LeftButton)
    assert dialog.result_choice == first_run.FirstRunChoice("demo")


def test_the_shipped_fonts_are_given_to_qt(qapp: Any) -> None:
    from PySide6.QtGui import QFontDatabase

    assert app.load_fonts() >= 5
    families = set(QFontDatabase.families())
    assert {"Noto Sans Arabic", "Noto Sans Devanagari", "Noto Sans Hebrew", "Droid Sans Fallback"} <= families


def test_the_program_quits_by_itself_after_its_first_frame(tmp_path: Path) -> None:
    env = {
        **os.environ,
        QUIT_AFTER_ENV: "first-frame",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(Path(app.__file__).resolve().parents[2]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "classroom_desktop", "--workspace", str(tmp_path / "ws")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "ws").exists()  # the first frame came before the workspace was even opened
