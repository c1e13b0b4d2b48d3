"""Start-up time of the window, as whole processes, against a bare PySide6 window.

(a) a bare QMainWindow shown and closed at its first event-loop turn;
(b) ``python -m classroom_desktop --demo`` until its first frame is painted;
(c) the same until the demo gradebook is filled: the gradebook kept when the program last closed,
    shown before the workspace opens when the data is unchanged (``ui/app_early.py``; the warm-up
    run leaves it), else the real page;
(l) the same until the real gradebook page is filled (the workspace open: SQLAlchemy, services).
The demo workspace is built once beforehand (not timed), in a private data folder, and the
program's bytecode is compiled beforehand as an installation does (``pip install`` and the bundle
ship it): with ``PYTHONDONTWRITEBYTECODE`` set, as on some machines, every start would otherwise
compile the package's 60-odd modules again (0.26 s here), which no teacher's start pays.
Prints the medians and ends with ``ratio: X`` = (c) / (a). Aim: (b)/(a) <= 1.5, (c)/(a) <= 5.

With ``--bundle [DIR]`` (a one-folder bundle, default ``build/bundle/dist/classroom-desktop`` as
``installers/build.py`` leaves it) it also times the bundle's executable:
(d) the bundle until its first frame, (e) the bundle until the gradebook is filled, and ends with
``ratio: X`` = (e) / (c), the bundled start against the source's. Aim: <= 1.

With ``--workspace DIR`` (b) and (c) open that workspace instead of the demo, e.g. the secondary
teacher's that ``bench/secondary.py --workspace DIR`` leaves (5 classes × 30 students × 60 standards).

Run: ``QT_QPA_PLATFORM=offscreen PYTHONPATH=src python bench/startup.py [--runs N] [--bundle [DIR]]
[--workspace DIR]``
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "window = QMainWindow()\n"
    "window.resize(1200, 780)\n"
    "window.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "sys.exit(app.exec())\n"
)


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--bundle",
        type=Path,
        nargs="?",
        const=SRC.parent / "build" / "bundle" / "dist" / "classroom-desktop",
        help="also time this one-folder bundle",
    )
    parser.add_argument("--workspace", type=Path, help="open this workspace instead of the demo")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="classroom-startup-"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "MPLCONFIGDIR": str(home / "mpl"),
    }
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    compileall.compile_dir(SRC / "classroom_desktop", quiet=1)
    subprocess.run(
        [sys.executable, "-c", "from classroom_desktop.services.demo import open_demo; open_demo().close()"],
        env=env,
        check=True,
        timeout=600,
    )
    app = [sys.executable, "-m", "classroom_desktop", "--demo"]
    if args.workspace is not None:
        app = [sys.executable, "-m", "classroom_desktop", "--workspace", str(args.workspace.resolve())]
    cases = {
        "a": ("bare PySide6 window", [sys.executable, "-c", BARE], {}),
        "b": ("first frame", app, {"CLASSROOM_DESKTOP_QUIT_AFTER": "first-frame"}),
        "c": ("gradebook filled", app, {"CLASSROOM_DESKTOP_QUIT_AFTER": "gradebook"}),
        "l": ("gradebook page (live)", app, {"CLASSROOM_DESKTOP_QUIT_AFTER": "gradebook-live"}),
    }
    if args.bundle is not None:
        exe = [str(args.bundle.resolve() / "classroom-desktop"), "--demo"]
        cases["d"] = ("bundle: first frame", exe, {"CLASSROOM_DESKTOP_QUIT_AFTER": "first-frame"})
        cases["e"] = ("bundle: gradebook filled", exe, {"CLASSROOM_DESKTOP_QUIT_AFTER": "gradebook"})
    for _label, cmd, extra in cases.values():  # warm the file cache and Python's bytecode cache
        _timed(cmd, {**env, **extra})
    times: dict[str, list[float]] = {key: [] for key in cases}
    for _ in range(args.runs):  # interleaved, so drifts in machine load hit every case alike
        for key, (_label, cmd, extra) in cases.items():
            times[key].append(_timed(cmd, {**env, **extra}))
    medians = {key: statistics.median(values) for key, values in times.items()}
    print(f"runs: {args.runs} each, platform {env['QT_QPA_PLATFORM']}")
    for key, (label, _cmd, _extra) in cases.items():
        print(
            f"({key}) {label:<24} median {medians[key]:.3f} s  (min {min(times[key]):.3f}, "
            f"max {max(times[key]):.3f})"
        )
    print(f"(b)/(a): {medians['b'] / medians['a']:.2f}  (aim <= 1.5)")
    print(f"(c)/(a): {medians['c'] / medians['a']:.2f}  (aim <= 5)")
    print(f"(l)/(a): {medians['l'] / medians['a']:.2f}  (the real page, workspace open)")
    if "e" in medians:
        print(f"(d)/(b): {medians['d'] / medians['b']:.2f}  (bundle vs source, first frame)")
        print(f"(e)/(c): {medians['e'] / medians['c']:.2f}  (bundle vs source, gradebook filled; aim <= 1)")
        print(f"ratio: {medians['e'] / medians['c']:.2f}")
        return 0
    print(f"ratio: {medians['c'] / medians['a']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
