"""Benchmark: the window on a secondary teacher's workspace (5 classes × 30 students × 60 standards).

The workspace (``bench/secondary_workspace.py``) holds two school years of evidence. With the main
window open at 1366×768 on it, each interaction is timed against a baseline measured in the same
run on the same kind of widget filled with plain, precomputed content:

- class switch: picking another class in the class box until the gradebook is filled and painted,
  against a plain ``QTableView`` given a ready model of plain numbers of the same size and painted
  (first each class in turn, most of them seen for the first time; then again, back to classes seen);
- gradebook repaint of a full viewport, against the plain view's repaint;
- scroll of 150 rows × 60 columns (the five classes' tables in one grid), page by page down and
  across, each step painted, against the plain view scrolled the same way;
- Today: readiness on the focus standard, and Suggest groups, against filling the same lists and
  the same board with the same, precomputed content;
- the data wall heatmap: the page's refresh (read, sort, paint), against the heatmap widget given
  the same, precomputed data and painted;
- memory: the peak RSS (VmHWM) of the window after visiting those pages, against a bare PySide6 window's.

Prints the medians and ratios and ends with ``ratio: X``, the largest of the interaction ratios.
Aims: every interaction within 2× its baseline and under 100 ms; memory under 3× the bare window.

Run: ``QT_QPA_PLATFORM=offscreen python bench/secondary.py [--repeat 7]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "window = QMainWindow()\n"
    "window.resize(1366, 768)\n"
    "window.show()\n"
    "app.processEvents()\n"
    "window.repaint()\n"
    "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))\n"
)
WIDTH, HEIGHT = 1366, 768


class PlainModel(QAbstractTableModel):
    """Plain numbers, computed beforehand: the baseline's model."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self.values = [[f"{(r * 7 + c * 3) % 31 / 10 + 1:.1f}" for c in range(columns)] for r in range(rows)]

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.values)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.values[0]) if self.values else 0

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.values[index.row()][index.column()]
        return None


def median_time(action: Callable[[], Any], repeat: int, setup: Callable[[], Any] | None = None) -> float:
    """The median seconds of ``action`` (after ``setup``, not timed), once warmed."""
    times: list[float] = []
    for i in range(repeat + 1):
        if setup is not None:
            setup()
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
        if i:  # the first run warms caches and imports
            times.append(elapsed)
    return statistics.median(times)


def scroll_all(view: QTableView) -> int:
    """Scroll ``view`` page by page down and across its whole grid, painting each step; the steps."""
    vertical, horizontal = view.verticalScrollBar(), view.horizontalScrollBar()
    steps = 0
    for v in range(0, vertical.maximum() + vertical.pageStep(), max(1, vertical.pageStep())):
        vertical.setValue(v)
        for h in range(0, horizontal.maximum() + horizontal.pageStep(), max(1, horizontal.pageStep())):
            horizontal.setValue(h)
            view.viewport().repaint()
            steps += 1
    vertical.setValue(0)
    horizontal.setValue(0)
    return steps


def plain_view(like: QTableView, rows: int, columns: int) -> QTableView:
    """A plain table view the size of ``like``, rows as high and columns as wide."""
    view = QTableView()
    view.resize(like.size())
    view.verticalHeader().setDefaultSectionSize(like.verticalHeader().defaultSectionSize())
    view.horizontalHeader().setDefaultSectionSize(like.horizontalHeader().defaultSectionSize())
    view.setModel(PlainModel(rows, columns))
    view.show()
    QApplication.processEvents()
    return view


def open_window(folder: Path, settings: Path) -> Any:
    from classroom_desktop.clock import FixedClock
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.ui.context import AppContext
    from classroom_desktop.ui.main_window import MainWindow
    from secondary_workspace import TODAY

    classroom = Classroom.open(folder, clock=FixedClock(TODAY))
    ctx = AppContext(classroom)
    window = MainWindow(ctx, settings=QSettings(str(settings), QSettings.Format.IniFormat))
    window.resize(WIDTH, HEIGHT)
    window.show()
    QApplication.processEvents()
    return window


def measure(folder: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """(ours, baseline) median seconds of each interaction."""
    from classroom_desktop.services.views import MasteryTable
    from classroom_desktop.ui.board import Board

    window = open_window(folder, folder.parent / "settings.ini")
    ctx = window.ctx
    figures: dict[str, tuple[float, float]] = {}
    gradebook = window.show_page("Gradebook")
    view = gradebook.view
    QApplication.processEvents()
    boxes = window.class_box
    turn = [0]

    def switch() -> None:
        turn[0] = (turn[0] + 1) % boxes.count()
        boxes.setCurrentIndex(turn[0])
        QApplication.processEvents()
        view.viewport().repaint()

    rows, columns = gradebook.model.rowCount(), gradebook.model.columnCount()
    plain = plain_view(view, rows, columns)
    models = [PlainModel(rows, columns) for _ in range(2)]

    def plain_switch() -> None:
        turn[0] = (turn[0] + 1) % 2
        plain.setModel(models[turn[0]])
        QApplication.processEvents()
        plain.viewport().repaint()

    figures["class switch"] = (median_time(switch, repeat), median_time(plain_switch, repeat))
    # Every class has been seen now: going back to one (no write since) shows the table kept.
    back = median_time(switch, repeat), median_time(plain_switch, repeat)
    figures["class switch, back to a class"] = back
    figures["gradebook repaint"] = (
        median_time(view.viewport().repaint, repeat * 3),
        median_time(plain.viewport().repaint, repeat * 3),
    )

    # The five classes' tables in one grid: 150 rows × 60 columns.
    tables = [ctx.classroom.evidence.mastery_table(boxes.itemData(i)) for i in range(boxes.count())]
    whole = MasteryTable(
        tables[0].class_id, tables[0].scale, tables[0].config,
        [s for t in tables for s in t.students], tables[0].standards, tables[0].strands,
        {k: v for t in tables for k, v in t.cells.items()},
    )  # fmt: skip
    gradebook.model.set_table(whole)
    QApplication.processEvents()
    big = plain_view(view, gradebook.model.rowCount(), gradebook.model.columnCount())
    steps = scroll_all(view)
    figures[f"scroll {gradebook.model.rowCount()}×{gradebook.model.columnCount()}, per page of {steps}"] = (
        median_time(lambda: scroll_all(view), repeat) / steps,
        median_time(lambda: scroll_all(big), repeat) / steps,
    )
    big.close()
    plain.close()
    gradebook.mark_stale()

    today = window.show_page("Today")
    QApplication.processEvents()
    lists = today.readiness_lists
    filled: dict[Any, list[tuple[str, Any]]] = {}

    def refill() -> None:
        for category, items in filled.items():
            target = lists[category]
            target.clear()
            for text, data in items:
                target.addItem(text)
                target.item(target.count() - 1).setData(Qt.ItemDataRole.UserRole, data)
        today.repaint()

    def readiness() -> None:
        today.show_readiness()
        today.repaint()

    readiness()
    for category, target in lists.items():
        filled[category] = [
            (target.item(i).text(), target.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(target.count())
        ]
    figures["Today: readiness"] = (median_time(readiness, repeat), median_time(refill, repeat))

    content: list[Any] = []
    board: Board = today.board
    original = board.set_content

    def keep(*args: Any, **kwargs: Any) -> None:
        content[:] = [args, kwargs]
        original(*args, **kwargs)

    board.set_content = keep  # type: ignore[method-assign]
    today.suggest()
    board.set_content = original  # type: ignore[method-assign]

    def suggest() -> None:
        today.suggest()
        today.repaint()

    def plain_board() -> None:
        original(*content[0], **content[1])
        today.repaint()

    figures["Today: suggest groups"] = (median_time(suggest, repeat), median_time(plain_board, repeat))

    wall = window.show_page("Data wall")
    QApplication.processEvents()
    data = wall.heatmap_data()

    def wall_refresh() -> None:
        wall.refresh()
        wall.heatmap.repaint()

    def plain_heatmap() -> None:
        wall.heatmap.set_data(data)
        wall.heatmap.repaint()

    figures["data wall heatmap"] = (median_time(wall_refresh, repeat), median_time(plain_heatmap, repeat))
    window.close()
    ctx.detach()
    ctx.classroom.close()
    return figures


def peak_kib() -> int:
    """This process's peak resident memory in KiB (VmHWM: unlike ``ru_maxrss`` it starts afresh at
    ``exec``, so a child started from a big parent does not inherit the parent's peak)."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(next(line.split()[1] for line in status if line.startswith("VmHWM")))


def peak_rss_child(folder: Path) -> None:
    """In a child process: open the window, visit the pages, print the peak RSS (KiB)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    window = open_window(folder, folder.parent / "child-settings.ini")
    for title in ("Gradebook", "Today", "Data wall", "Students", "Gradebook"):
        window.show_page(title)
        QApplication.processEvents()
        window.repaint()
    window.show_page("Today").suggest()
    QApplication.processEvents()
    print(peak_kib())
    window.close()
    window.ctx.detach()
    window.ctx.classroom.close()


def peak_rss(cmd: list[str]) -> int:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--workspace", type=Path, help="use (or build) the workspace here")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child is not None:
        peak_rss_child(args.memory_child)
        return 0
    from secondary_workspace import build_secondary

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    tmp = Path(tempfile.mkdtemp(prefix="classroom-secondary-"))
    folder = args.workspace or tmp / "secondary"
    if not (folder / "classroom.sqlite3").exists():
        start = time.perf_counter()
        class_ids, rows = build_secondary(folder)
        print(f"built {len(class_ids)} classes × 30 students × 60 standards, {rows} evidence rows "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
    figures = measure(folder, args.repeat)
    bare = statistics.median(peak_rss([sys.executable, "-c", BARE]) for _ in range(3))
    ours = statistics.median(
        peak_rss([sys.executable, __file__, "--memory-child", str(folder)]) for _ in range(3)
    )
    print(f"repeat: {args.repeat}, platform {os.environ['QT_QPA_PLATFORM']}, window {WIDTH}×{HEIGHT}")
    worst = 0.0
    for name, (a, b) in figures.items():
        ratio = a / b
        worst = max(worst, ratio)
        aims = "ok" if ratio <= 2 and a < 0.1 else "OVER AIM"
        print(f"{name:<32} {a * 1000:8.1f} ms  baseline {b * 1000:8.1f} ms  ratio {ratio:5.2f}  {aims}")
    memory = ours / bare
    print(f"{'peak RSS':<32} {ours / 1024:8.1f} MB  bare window {bare / 1024:6.1f} MB  ratio {memory:5.2f}  "
          f"{'ok' if memory < 3 else 'OVER AIM'}")  # fmt: skip
    ratios = {name: round(a / b, 2) for name, (a, b) in figures.items()}
    print(json.dumps(ratios | {"memory": round(memory, 2)}, ensure_ascii=False))
    print(f"ratio: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
