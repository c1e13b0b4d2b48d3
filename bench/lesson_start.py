"""The start of a lesson, driven through the real window (issue 14's measure).

launch → Today (already on the focus the teacher is planning, with today's plan if one exists)
→ Suggest groups → one drag of a card → Print cards → the preview → Print… to a PDF printer.

Counts the teacher's actions (aim: at most 5) and the seconds from launch to the printed PDF
(aim: at most 20 s), checks that no group is larger than the limit, and saves screenshots of
Today, the print preview and the plan page at 1366×768 into ``--shots`` (docs/screenshots).
The baseline is the aim: the last line is ``ratio: X`` = seconds / 20.

Run: ``QT_QPA_PLATFORM=offscreen PYTHONPATH=src python bench/lesson_start.py [--shots docs/screenshots]``
(or under Xvfb with QT_QPA_PLATFORM=xcb to watch it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

AIM_SECONDS = 20.0
AIM_ACTIONS = 5


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, default=None, help="save screenshots into this folder")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="lesson-start-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())

    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setOrganizationName("ClassroomDesktopBench")
    from classroom_desktop.services.demo import open_demo

    open_demo().close()  # the demo is built once beforehand, not timed

    actions = 0
    start = time.perf_counter()
    # 1. launch: the window opens on the class used last, on Today
    from classroom_desktop.ui.context import AppContext
    from classroom_desktop.ui.main_window import MainWindow

    actions += 1
    classroom = open_demo()
    ctx = AppContext(classroom)
    window = MainWindow(ctx, settings=QSettings(str(home / "window.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 728)
    window.show()
    QTest.qWaitForWindowExposed(window)
    page = window.show_page("Today")
    app.processEvents()
    focus = page.focus_ids()
    # 2. Suggest groups
    actions += 1
    QTest.mouseClick(page.suggest_button, Qt.MouseButton.LeftButton)
    app.processEvents()
    groups = page.board.groups()
    # 3. one drag: the first card of the first group onto the last group
    actions += 1
    source, target = page.board.column(groups[0].key), page.board.column(groups[-1].key)
    from_point = source.list.visualItemRect(source.list.item(0)).center()
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(source.list.viewport(), left, plain, from_point)
    step = QPoint(QApplication.startDragDistance() + 5, 0)
    QTest.mouseMove(source.list.viewport(), from_point + step)
    QTest.mouseMove(source.list.viewport(), from_point + step * 2)
    drop = target.list.viewport().rect().center()
    QTest.mouseMove(target.list.viewport(), drop)
    QTest.mouseRelease(target.list.viewport(), left, plain, drop)
    app.processEvents()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.shots / "today.png"))
    # 4. Print cards (the plan is saved, then built in the background and previewed)
    actions += 1
    page.ask_and_print("cards")
    deadline = time.perf_counter() + 120
    while getattr(page, "print_preview", None) is None and time.perf_counter() < deadline:
        QTest.qWait(20)
    preview = page.print_preview
    if args.shots:
        preview.resize(720, 728)
        app.processEvents()
        preview.grab().save(str(args.shots / "print-preview.png"))
    # 5. Print… to a PDF printer (the print dialog's choice, made here without the dialog)
    actions += 1
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(home / "printed-cards.pdf"))
    preview.ask_print(printer)
    seconds = time.perf_counter() - start
    preview.accept()

    plan_groups = page.board.groups()
    largest = max(len(g.members) for g in plan_groups)
    limit = page.max_size.value()
    if args.shots:
        plans = window.show_page("Plans")
        app.processEvents()
        del plans
        window.grab().save(str(args.shots / "plans.png"))
    printed = (home / "printed-cards.pdf").stat().st_size
    print(f"focus ticked on launch: {len(focus)} standard(s); groups: {len(plan_groups)}, largest {largest} "
          f"(limit {limit}); printed PDF {printed} bytes, {preview.pages} page(s)")
    print(f"actions: {actions} (aim at most {AIM_ACTIONS}); seconds: {seconds:.1f} "
          f"(aim at most {AIM_SECONDS:g})")
    ctx.detach()
    classroom.close()
    ok = actions <= AIM_ACTIONS and largest <= limit
    print(f"ratio: {seconds / AIM_SECONDS:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
