"""Screenshots of the window on school-laptop screens (issue 19), with the keyboard focus shown.

The window gets the client area a maximised window has on a 1366×768 and a 1280×720 screen with a
title bar and a taskbar (88 px less), and its minimum size is printed for each page with a student
open. Not a timing benchmark: the last line gives ``ratio:`` = tallest minimum height / 680 px
(at most 1.0 means every page fits).

Run: ``QT_QPA_PLATFORM=offscreen PYTHONPATH=src python bench/a11y_screenshots.py --shots docs/screenshots``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SCREENS = {"1366x768": (1366, 768 - 88), "1280x720": (1280, 720 - 88)}
CLIENT_HEIGHT = 680


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="a11y-shots-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())

    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setOrganizationName("ClassroomDesktopShots")
    from classroom_desktop.services.demo import open_demo
    from classroom_desktop.ui.context import AppContext
    from classroom_desktop.ui.main_window import TITLES, MainWindow

    classroom = open_demo()
    ctx = AppContext(classroom)
    window = MainWindow(ctx, settings=QSettings(str(home / "window.ini"), QSettings.Format.IniFormat))
    window.show()
    QTest.qWaitForWindowExposed(window)
    heights = {}
    for title in TITLES:
        page = window.show_page(title)
        if title == "Students":
            page.roster.setCurrentRow(1)
        if title == "Plans":
            page.students.setCurrentRow(1)
        QTest.qWait(50)
        heights[title] = window.minimumSizeHint().height()
    args.shots.mkdir(parents=True, exist_ok=True)
    shots = [
        ("1366x768", "Today", "today"),
        ("1366x768", "Students", "students"),
        ("1366x768", "Data wall", "datawall"),
        ("1366x768", "Gradebook", "gradebook"),
        ("1280x720", "Today", "today"),
        ("1280x720", "Plans", "plans"),
        ("1280x720", "Students", "students"),
    ]
    for screen, title, name in shots:
        window.resize(*SCREENS[screen])
        window.go_to_page(title)
        page = window.page(title)
        if title == "Today":
            page.suggest_button.click()  # groups suggested; the keyboard on the first card
        QTest.qWait(150)
        out = args.shots / f"a11y-{name}-{screen}.png"
        window.grab().save(str(out))
        print(f"{out}  ({window.width()}×{window.height()})")
    from classroom_desktop.ui.theme import apply_theme

    apply_theme(True)
    window.resize(*SCREENS["1366x768"])
    window.go_to_page("Gradebook")
    QTest.qWait(150)
    window.grab().save(str(args.shots / "a11y-high-contrast-1366x768.png"))
    apply_theme(False)
    for title, height in heights.items():
        print(f"minimum height with a student open, {title}: {height} px")
    ctx.detach()
    classroom.close()
    print(f"ratio: {max(heights.values()) / CLIENT_HEIGHT:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
