"""The window's first frame (issue 18): drawn with little, and nothing a teacher uses is lost by it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from classroom_desktop.ui import theme
from classroom_desktop.ui.app import QUIT_AFTER_ENV, Starter
from classroom_desktop.ui.main_window import TITLES, MainWindow
from classroom_desktop.ui.widgets import PlaceholderPage

#: Run to the first frame, then say what had been loaded: the ``Qt`` namespace (PySide6 makes the
#: Python types of all its ~90 enumerations on first use), pages, accessibility helpers, services.
FIRST_FRAME = (
    "import sys\n"
    "from PySide6 import QtCore\n"
    "from classroom_desktop.ui.app import run_app\n"
    "status = run_app(demo=True)\n"
    "print('Qt' in vars(QtCore))\n"
    "print(sorted(m for m in sys.modules if m.startswith(('classroom_desktop.ui.pages', "
    "'classroom_desktop.ui.a11y', 'classroom_desktop.services', 'sqlalchemy'))))\n"
    "sys.exit(status)\n"
)


def test_the_first_frame_is_drawn_without_the_qt_namespace_pages_or_services(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(Path(theme.__file__).resolve().parents[2]),
        QUIT_AFTER_ENV: "first-frame",
    }
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    made_qt, loaded = done.stdout.splitlines()[-2:]
    assert made_qt == "False"
    assert loaded == "[]"


def test_after_the_start_every_page_opens_with_its_content_by_ctrl_and_its_number(
    qtbot: Any, tmp_path: Path
) -> None:
    """The pages are built when first shown: each one still comes whole, and the focus ring is on."""
    window = MainWindow(settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    starter = Starter(window, None, demo=True)
    window.show_fitted()
    try:
        qtbot.waitUntil(lambda: window.ctx is not None and window.sidebar.isEnabled(), timeout=60_000)
        assert [window.sidebar.item(row).text() for row in range(window.sidebar.count())] == list(TITLES)
        for number, title in enumerate(TITLES, start=1):
            qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
            page = window.stack.currentWidget()
            assert window.current_title == title and page is window.page(title)
            assert not isinstance(page, PlaceholderPage), title
            shown = [w for w in page.findChildren(QWidget) if w.isVisible()]
            assert len(shown) > 3, title  # its lists, grids and buttons, not an empty frame
        qtbot.waitUntil(lambda: theme.focus_ring().target is not None)
        assert theme.focus_ring().isVisible()
    finally:
        starter.close()


def test_the_window_starts_skip_the_command_parser_and_everything_else_goes_through_it() -> None:
    from classroom_desktop.__main__ import window_start

    assert window_start([]) == (None, False)
    assert window_start(["--demo"]) == (None, True)
    assert window_start(["--workspace", "/tmp/room12"]) == (Path("/tmp/room12"), False)
    for other in (["--help"], ["--version"], ["--workspace"], ["--demo", "--workspace", "x"],
                  ["print", "plans", "--out", "p.pdf"], ["--workspace", "--demo"], ["--dem"]):
        assert window_start(other) is None, other
    done = subprocess.run([sys.executable, "-m", "classroom_desktop", "--help"], capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path(theme.__file__).resolve().parents[2])})
    assert done.returncode == 0 and "--workspace" in done.stdout and "print" in done.stdout
