"""Benchmark: building the demo class (the test suite builds it many times).

In the same run, the baseline: the same demo built with the single saves it used before the bulk
paths: one ``tx.add`` per plan step, and one write (transaction) per activity, per choice, per
self-assessment, per standard and per standard's prerequisites (tests/services/test_bulk_saves.py
shows both give the same rows). Runs alternate and the best of ``--repeat`` is kept, because other
work on the machine makes single timings noisy; wall and CPU seconds are both printed.
Ends with ``ratio: X`` (bulk / single saves, wall time).

Run: PYTHONPATH=src python bench/demo_build.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from classroom_desktop.services import plan_drafting, plans  # noqa: E402
from classroom_desktop.services.choices import ChoiceBoards  # noqa: E402
from classroom_desktop.services.classroom import Classroom  # noqa: E402
from classroom_desktop.services.curriculum import Curriculum  # noqa: E402
from classroom_desktop.services.demo import build_demo  # noqa: E402
from classroom_desktop.services.plan_activities import ActivityLibrary  # noqa: E402
from classroom_desktop.services.trackers import Trackers  # noqa: E402
from classroom_desktop.store.changes import ChangeSet  # noqa: E402
from classroom_desktop.store.database import Tx  # noqa: E402
from classroom_desktop.store.models import PlanStep  # noqa: E402

TODAY = date(2026, 11, 20)


@contextmanager
def single_saves() -> Iterator[None]:
    """The demo's saves as they were: one at a time."""

    def steps(tx: Tx, rows: list[dict[str, Any]]) -> None:
        for fields in rows:
            tx.add(PlanStep, **fields)
        rows.clear()

    def activities(self: ActivityLibrary, class_id: str, items: Any) -> ChangeSet:
        for item in items:
            self.add_activity(class_id, item["title"], item["standard_ids"], float(item["level_min"]),
                              float(item["level_max"]), list(item["tags"]), item["materials"])
        return ChangeSet()

    choose_many, record_many = ChoiceBoards.choose_many, Trackers.record_many
    add_standards, set_many_prerequisites = Curriculum.add_standards, Curriculum.set_many_prerequisites

    def standards(self: Curriculum, framework_id: str, rows: Any) -> ChangeSet:
        for row in rows:
            add_standards(self, framework_id, [row])
        return ChangeSet()

    def links(self: Curriculum, links: dict[str, list[str]]) -> ChangeSet:
        for standard_id, prerequisite_ids in links.items():
            set_many_prerequisites(self, {standard_id: prerequisite_ids})
        return ChangeSet()

    def choices(self: ChoiceBoards, picks: Any) -> ChangeSet:
        for pick in picks:
            choose_many(self, [pick])
        return ChangeSet()

    def records(self: Trackers, entries: Any, class_id: Any = None, note: str = "",
                on: Any = None) -> ChangeSet:
        for entry in entries:
            record_many(self, [entry], class_id, note, on)
        return ChangeSet()

    with mock.patch.object(plan_drafting, "save_new_steps", steps), \
            mock.patch.object(plans, "save_new_steps", steps), \
            mock.patch.object(ActivityLibrary, "add_activities", activities), \
            mock.patch.object(ChoiceBoards, "choose_many", choices), \
            mock.patch.object(Trackers, "record_many", records), \
            mock.patch.object(Curriculum, "add_standards", standards), \
            mock.patch.object(Curriculum, "set_many_prerequisites", links):
        yield


def timed(folder: Path) -> tuple[float, float]:
    classroom = Classroom.open(folder)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        build_demo(classroom, today=TODAY)
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        classroom.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    best: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        timed(Path(tmp) / "warm-up")  # imports, the first database's caches
        for run in range(args.repeat):
            for name in ("single saves", "bulk saves"):
                if name == "single saves":
                    with single_saves():
                        took = timed(Path(tmp) / f"{run}-single")
                else:
                    took = timed(Path(tmp) / f"{run}-bulk")
                best[name] = min(best.get(name, took), took)
    for name, (wall, cpu) in best.items():
        print(f"{name:>12}: {wall:.3f} s wall, {cpu:.3f} s CPU (best of {args.repeat})")
    print(f"ratio: {best['bulk saves'][0] / best['single saves'][0]:.2f}")


if __name__ == "__main__":
    main()
