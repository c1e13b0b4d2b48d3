"""Benchmark: the check on open (``PRAGMA quick_check``) and one checked backup, for the demo class
and a 1,500-student school (the workspace ``bench/mastery.py`` builds).

Baseline: reading the database file's bytes once (what any check must at least do).
Prints the figures and ends with ``ratio: X`` (quick_check of the school / its baseline).

Run: python bench/workspace_check.py [--students 1500] [--standards 100] [--evidence 300000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from classroom_desktop.services.demo import write_demo  # noqa: E402
from classroom_desktop.store import backup  # noqa: E402
from classroom_desktop.store.engine import DB_NAME  # noqa: E402
from mastery import build  # noqa: E402


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(name: str, db: Path, repeat: int) -> tuple[float, float]:
    assert backup.quick_check(db)
    check = median_time(lambda: backup.quick_check(db), repeat)
    read = median_time(db.read_bytes, repeat)
    t = time.perf_counter()
    copy = backup.make_backup(db, "manual", datetime(2026, 11, 20, 9, 0))
    made = time.perf_counter() - t
    size = db.stat().st_size / 1_048_576
    print(f"{name}: {size:.1f} MB; quick_check {check * 1000:.0f} ms; read the file {read * 1000:.0f} ms; "
          f"one checked backup {made * 1000:.0f} ms ({copy.stat().st_size / 1_048_576:.1f} MB)")
    return check, read


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=1500)
    ap.add_argument("--standards", type=int, default=100)
    ap.add_argument("--evidence", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_demo(Path(tmp) / "demo")
        measure("demo class", Path(tmp) / "demo" / DB_NAME, args.repeat)
        c, _ = build(Path(tmp) / "school", args.students, args.standards, args.evidence)
        db = c.db_path
        c.db.checkpoint()
        c.close()
        check, read = measure(
            f"school ({args.students} students, {args.evidence} evidence rows)", db, args.repeat
        )
        print(f"ratio: {check / read:.2f}")


if __name__ == "__main__":
    main()
