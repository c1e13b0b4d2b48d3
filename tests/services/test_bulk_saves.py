"""The demo's bulk saves (plan steps, activities, choices, self-assessments) write exactly what one
save per row wrote: the same rows, the same change-log entries and the same changes for the views."""

from __future__ import annotations

import itertools
import sqlite3
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.clock import FixedClock
from classroom_desktop.services import plan_drafting, plans
from classroom_desktop.services.choices import ChoiceBoards
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.curriculum import Curriculum
from classroom_desktop.services.demo import build_demo
from classroom_desktop.services.plan_activities import ActivityLibrary
from classroom_desktop.services.trackers import Trackers
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.database import Tx
from classroom_desktop.store.engine import DB_NAME
from classroom_desktop.store.models import PlanStep


def _one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put back the single saves the demo made before: one ``tx.add`` per plan step, and one
    write (transaction) per activity, per choice, per self-assessment, per standard and per
    standard's prerequisites."""

    def steps_one_by_one(tx: Tx, steps: list[dict[str, Any]]) -> None:
        for fields in steps:
            tx.add(PlanStep, **fields)
        steps.clear()

    def activities_one_by_one(self: ActivityLibrary, class_id: str, items: Any) -> ChangeSet:
        for item in items:
            self.add_activity(class_id, item["title"], item["standard_ids"], float(item["level_min"]),
                              float(item["level_max"]), list(item["tags"]), item["materials"])
        return ChangeSet()

    choose_many, record_many = ChoiceBoards.choose_many, Trackers.record_many
    add_standards, set_many_prerequisites = Curriculum.add_standards, Curriculum.set_many_prerequisites

    def standards_one_by_one(self: Curriculum, framework_id: str, rows: Any) -> ChangeSet:
        for row in rows:
            add_standards(self, framework_id, [row])
        return ChangeSet()

    def links_one_by_one(self: Curriculum, links: dict[str, list[str]]) -> ChangeSet:
        for standard_id, prerequisite_ids in links.items():
            set_many_prerequisites(self, {standard_id: prerequisite_ids})
        return ChangeSet()

    def choices_one_by_one(self: ChoiceBoards, picks: Any) -> ChangeSet:
        for pick in picks:
            choose_many(self, [pick])
        return ChangeSet()

    def records_one_by_one(self: Trackers, entries: Any, class_id: Any = None, note: str = "",
                           on: Any = None) -> ChangeSet:
        for entry in entries:
            record_many(self, [entry], class_id, note, on)
        return ChangeSet()

    monkeypatch.setattr(plan_drafting, "save_new_steps", steps_one_by_one)
    monkeypatch.setattr(plans, "save_new_steps", steps_one_by_one)
    monkeypatch.setattr(ActivityLibrary, "add_activities", activities_one_by_one)
    monkeypatch.setattr(ChoiceBoards, "choose_many", choices_one_by_one)
    monkeypatch.setattr(Trackers, "record_many", records_one_by_one)
    monkeypatch.setattr(Curriculum, "add_standards", standards_one_by_one)
    monkeypatch.setattr(Curriculum, "set_many_prerequisites", links_one_by_one)


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
    with monkeypatch.context() as single:
        _one_at_a_time(single)
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
