"""The demo's bulk saves (plan steps, activities, choices, self-assessments) write exactly what one
save per row wrote: the same rows, the same change-log entries and the same changes for the views."""

from __future__ import annotations

import importlib.util
import itertools
import sqlite3
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.clock import FixedClock
from classroom_desktop.services.choices import ChoiceBoards
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.demo import build_demo
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.engine import DB_NAME


def _single_saves() -> Any:
    """The demo's saves as they were before the bulk paths (one ``tx.add`` per plan step, one write
    per activity, choice, self-assessment, standard and standard's prerequisites): the same patch
    ``bench/demo_build.py`` times, loaded from there so the two cannot drift apart."""
    path = Path(__file__).resolve().parents[2] / "bench" / "demo_build.py"
    spec = importlib.util.spec_from_file_location("demo_build_bench", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.single_saves()


def _build(
    folder: Path, today: date, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, list[Any]], dict[str, set[str]]]:
    """Build the demo with ids 1, 2, 3... on a clock standing still; its rows, and what changed."""
    counter = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))
    classroom = Classroom.open(folder, clock=FixedClock(today))
    touched: dict[str, set[str]] = {}

    def heard(changes: ChangeSet) -> None:
        for entity, ids in changes.touched.items():
            touched.setdefault(entity, set()).update(ids)

    classroom.subscribe(heard)
    try:
        build_demo(classroom, today=today)
    finally:
        classroom.close()
    db = sqlite3.connect(folder / DB_NAME)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT IN ('meta', 'change', 'alembic_version')")]
        rows = {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        # The change log modulo its sequence numbers and clock stamps (one stamp per transaction).
        rows["change"] = sorted(map(repr, db.execute(
            "SELECT device, entity, entity_id, field, value, origin FROM change")))
    finally:
        db.close()
    return rows, touched


def test_the_demo_built_with_bulk_saves_has_the_rows_single_saves_gave(
    tmp_path: Path, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_rows, bulk_touched = _build(tmp_path / "bulk", today, monkeypatch)
    with monkeypatch.context() as single, _single_saves():
        single_rows, single_touched = _build(tmp_path / "single", today, single)

    assert len(bulk_rows["plan_step"]) > 300  # every student's plan steps
    assert len(bulk_rows["self_assessment"]) > 30 and len(bulk_rows["activity"]) >= 30
    assert sum("'chosen_activity_id'" in r for r in bulk_rows["change"]) > 30
    for table in sorted(set(bulk_rows) | set(single_rows)):
        assert bulk_rows.get(table) == single_rows.get(table), f"{table} differs"
    assert bulk_touched == single_touched


def test_the_class_boards_are_each_students_board(demo: Classroom) -> None:
    boards = ChoiceBoards(demo)
    class_id = demo.classes.list()[0].id
    everyone = boards.class_boards(class_id)
    students = [s.id for s in demo.students.list(class_id)]
    assert set(everyone) == set(students)  # every demo student has a plan
    assert sum(bool(step.chosen_id) for steps in everyone.values() for step in steps) > 30
    assert sum(len(step.options) for steps in everyone.values() for step in steps) > 100
    for sid in students:
        assert everyone[sid] == boards.board(sid, class_id)
