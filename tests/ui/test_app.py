"""Starting the program: the first-run screen, --workspace, remembering it, the log, the fonts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from classroom_desktop.ui import app, first_run
from classroom_desktop.ui.app import QUIT_AFTER_ENV


def _run_program(
    code: str, env_extra: dict[str, str], timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    """Run the program in its own process, as a teacher would start it.

    ``run_app`` ends with ``QApplication.exec()`` returning, after which Qt stops running nested
    event loops in that process; in-process it would break every later test.
    """
    return subprocess.run(
        [sys.executable, "-c", code], env=_program_env(env_extra), capture_output=True, text=True,
        timeout=timeout,
    )


def _program_env(env_extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(Path(app.__file__).resolve().parents[2]),
        **(env_extra or {}),
    }


def test_run_app_opens_a_workspace_and_remembers_it(demo: Any) -> None:
    from classroom_desktop.services.workspace import last_workspace

    folder = demo.folder
    demo.close()
    done = _run_program(
        f"from pathlib import Path; from classroom_desktop.ui.app import run_app; "
        f"raise SystemExit(run_app(workspace=Path({str(folder)!r})))",
        {QUIT_AFTER_ENV: "gradebook"},
    )
    assert done.returncode == 0, done.stderr
    assert last_workspace() == folder.resolve()
    log = (folder / "logs" / "classroom-desktop.log").read_text(encoding="utf-8")
    assert f"opened {folder}" in log


FIRST_RUN_TEACHER = """
from classroom_desktop.ui import first_run
from classroom_desktop.ui.app import run_app

def teacher(dialog):
    dialog.form.name.setText("4B Mathematics")
    dialog.form.framework.lineEdit().setText("Grade 4 Mathematics")
    create = next(b for b in dialog.findChildren(first_run.QPushButton) if b.text() == "Create the class")
    create.click()
    return int(dialog.result() != 0)

first_run.FirstRunDialog.exec = teacher
raise SystemExit(run_app())
"""


def test_first_run_creates_a_class_in_the_teachers_workspace() -> None:
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.services.workspace import default_workspace_dir, last_workspace

    done = _run_program(FIRST_RUN_TEACHER, {QUIT_AFTER_ENV: "gradebook"})
    assert done.returncode == 0, done.stderr
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

    before = qapp.font()
    try:
        assert app.load_fonts() >= 5
        families = set(QFontDatabase.families())
        # under the PDFs' names, which no system font has
        assert {"ClassroomArabic", "ClassroomDevanagari", "ClassroomHebrew", "ClassroomCJK"} <= families
        assert qapp.font().families()[:3] == ["ClassroomSans", "ClassroomArabic", "ClassroomHebrew"]
    finally:
        qapp.setFont(before)


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


def test_a_plain_start_after_the_demo_opens_the_demo_class_again(qtbot: Any) -> None:
    """Issue 14.1: the class used last (the demo) opens, not the first-run screen."""
    from classroom_desktop.services.workspace import demo_workspace_dir, last_workspace
    from classroom_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    first = app.Starter(window, None, demo=True)._open()
    assert first is not None
    first.close()
    assert last_workspace() == demo_workspace_dir().resolve()
    shown: list[str] = []
    window_first_run = first_run.FirstRunDialog.exec
    try:
        first_run.FirstRunDialog.exec = lambda self: shown.append("first run") or 0  # type: ignore[assignment]
        again = app.Starter(window, None, demo=False)._open()
    finally:
        first_run.FirstRunDialog.exec = window_first_run  # type: ignore[method-assign]
    assert again is not None and shown == []
    try:
        assert again.folder.resolve() == demo_workspace_dir().resolve()
        assert [c.name for c in again.classes.list()] == ["Grade 4 — Room 12"]
    finally:
        again.close()


def test_the_welcome_screen_does_not_say_opening_and_the_pages_wait_for_a_class(
    qtbot: Any, monkeypatch: Any
) -> None:
    """Issue 14.1: no stale "Opening your class…" above the first-run screen; no dead sidebar."""
    from classroom_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.sidebar.isEnabled()
    heard: list[str] = []

    def teacher_looks(dialog: Any) -> int:
        heard.append(window._loading.message.text())
        return 0

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", teacher_looks)
    assert app.Starter(window, None, demo=False)._first_run() is None
    assert heard and "Opening" not in heard[0]
    assert heard[0].startswith("Welcome! Create your class")
    assert not window.sidebar.isEnabled()


def test_without_a_class_only_standards_and_settings_can_be_opened(
    classroom: Any, qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from classroom_desktop.ui.context import AppContext
    from classroom_desktop.ui.main_window import TITLES, MainWindow

    ctx = AppContext(classroom)
    window = MainWindow(ctx, settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    usable = [
        t for row, t in enumerate(TITLES) if window.sidebar.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
    ]
    assert window.sidebar.isEnabled() and usable == ["Standards", "Settings"]
    ctx.classroom.classes.create("Room 14")
    ctx.changed.emit(ctx.classroom.classes.create("Room 15"))
    usable = [
        t for row, t in enumerate(TITLES) if window.sidebar.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
    ]
    assert usable == list(TITLES)
    ctx.detach()


def test_the_first_demo_open_says_what_it_is_doing(qtbot: Any, monkeypatch: Any) -> None:
    """Issue 14.17: not a silent "Opening your class…" for seconds while the demo is built."""
    from classroom_desktop.services import demo
    from classroom_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    heard: list[str] = []
    real = demo.open_demo

    def building() -> Any:
        heard.append(window._loading.message.text())
        return real()

    monkeypatch.setattr(demo, "open_demo", building)
    classroom = app.Starter(window, None, demo=True)._open()
    assert classroom is not None
    classroom.close()
    assert heard and heard[0].startswith("Making the demo class: 28 students")


#: What Qt's offscreen platform itself prints (no real window system), not the program.
OFFSCREEN_NOISE = "This plugin does not support"

FIRST_WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from classroom_desktop.ui import app

qapp = QApplication(sys.argv[:1])
QTimer.singleShot(300_000, QApplication.quit)  # never outlive the test
attach, shown_again = app.Starter.attach, app.Starter._shown_again

def attached(self, classroom):
    attach(self, classroom)  # the window listens for later starts from here on
    self.window.showMinimized()
    Path({ready!r}).write_text(self.beacon.name, encoding="utf-8")

def asked_to_come_forward(self):
    shown_again(self)
    minimised = bool(self.window.windowState() & Qt.WindowState.WindowMinimized)
    print("status:", self.window.statusBar().currentMessage(), flush=True)
    print("minimised:", minimised, flush=True)
    QTimer.singleShot(0, QApplication.quit)

app.Starter.attach, app.Starter._shown_again = attached, asked_to_come_forward
raise SystemExit(app.run_app(workspace=Path({folder!r})))
"""


def test_a_second_start_on_an_open_workspace_brings_the_first_window_forward(tmp_path: Path) -> None:
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.ui.instance import server_name

    folder = tmp_path / "ws"
    Classroom.open(folder).close()
    ready = tmp_path / "first-window-ready"
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST_WINDOW.format(ready=str(ready), folder=str(folder))],
        env=_program_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not ready.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.exists(), first.stderr.read() if first.poll() is not None else "not ready"
        name = ready.read_text(encoding="utf-8")
        assert name == server_name(folder) and "ws" not in name  # the folder's hash, no names

        second = subprocess.run(
            [sys.executable, "-m", "classroom_desktop", "--workspace", str(folder)],
            env=_program_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 0, second.stderr
        said = [line for line in second.stderr.splitlines() if not line.startswith(OFFSCREEN_NOISE)]
        assert said == [
            f"classroom-desktop: the class in {folder} is already open; its window was brought to the front."
        ]

        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
        assert "status: Classroom Desktop was started again on this class" in out
        assert "minimised: False" in out
        log = (folder / "logs" / "classroom-desktop.log").read_text(encoding="utf-8")
        assert "another start on this workspace brought this window to the front" in log
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
