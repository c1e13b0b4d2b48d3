"""Benchmark: 150 learning plans with their mastery-over-time charts into one PDF.

In the same run, the baseline: the same 150 plans — the same pages with the same tables — with
no charts (the chart's place left empty). Both build the PDF in memory from the demo class's
plans (28 students, cycled to 150), so only the documents are timed. Runs alternate and the best
of ``--repeat`` is kept, because other work on the machine makes single timings noisy.
Ends with ``ratio: X`` (plans with charts / the baseline). Aim: ratio <= 1.5.

Run: PYTHONPATH=src python bench/plans.py [--plans 150] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from classroom_desktop.reports.plan_pdf import PlanDoc, build_plans  # noqa: E402
from classroom_desktop.services.classroom import Classroom  # noqa: E402
from classroom_desktop.services.demo import build_demo  # noqa: E402
from classroom_desktop.services.plan_printing import plan_docs  # noqa: E402
from classroom_desktop.services.plans import plans_of  # noqa: E402
from classroom_desktop.services.printing import PrintOptions  # noqa: E402

TODAY = date(2026, 11, 20)


def demo_docs(folder: Path, count: int) -> list[PlanDoc]:
    classroom = Classroom.open(folder)
    try:
        class_id = build_demo(classroom, today=TODAY)
        plans_of(classroom).draft_class(class_id, date(2026, 11, 23), date(2027, 2, 26))
        docs = plan_docs(classroom, PrintOptions(out=folder / "unused.pdf", class_id=class_id))
    finally:
        classroom.close()
    return [docs[i % len(docs)] for i in range(count)]


def timed(docs: list[PlanDoc], charts: bool, processes: int | None = None) -> tuple[float, int]:
    buffer = io.BytesIO()
    start = time.perf_counter()
    build_plans(buffer, docs, "A4", charts=charts, processes=processes)
    return time.perf_counter() - start, len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = demo_docs(Path(tmp) / "demo", args.plans)
    timed(docs[:2], True)  # warm up imports and fonts for both
    best_base, best_charts, best_single = float("inf"), float("inf"), float("inf")
    for _ in range(args.repeat):
        base, base_size = timed(docs, charts=False)
        charts, charts_size = timed(docs, charts=True)  # the program's way: charts on a second core
        single, _ = timed(docs, charts=True, processes=0)  # for comparison: everything in one process
        best_base, best_charts, best_single = (
            min(best_base, base),
            min(best_charts, charts),
            min(best_single, single),
        )
        print(f"  run: baseline {base:.2f} s, with charts {charts:.2f} s (one process: {single:.2f} s)")
    print(f"plans: {len(docs)}, cores: {os.cpu_count()}")
    print(f"baseline (same pages and tables, no charts): {best_base:.2f} s, {base_size / 1e6:.1f} MB")
    print(f"learning plans with vector charts:           {best_charts:.2f} s, {charts_size / 1e6:.1f} MB")
    print(f"  the same in one process:                   {best_single:.2f} s")
    print(f"per chart: {(best_charts - best_base) / len(docs) * 1000:.1f} ms")
    print(f"ratio: {best_charts / best_base:.2f}")


if __name__ == "__main__":
    main()
