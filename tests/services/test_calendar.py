"""The date-sensitive behaviour on awkward days: a Monday, a Sunday, New Year's Eve and Day, 29 February.

Each test runs the program's real services with the workspace's clock pinned to that day, so it
proves the behaviour without waiting for the calendar (and the whole suite can also be run on any
of these days with ``CLASSROOM_DESKTOP_TODAY=YYYY-MM-DD``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from classroom_desktop.charts import datawall_data as dw
from classroom_desktop.clock import FixedClock
from classroom_desktop.domain.readiness import format_day
from classroom_desktop.services.classroom import Classroom
from classroom_desktop.services.demo import build_demo, keep_demo_current, open_demo
from classroom_desktop.services.groups import groups_of
from classroom_desktop.services.plans import DEFAULT_WEEKS, plans_of
from classroom_desktop.store import backup

DAYS = {
    "monday": date(2026, 11, 23),
    "sunday": date(2026, 11, 22),
    "new-years-eve": date(2026, 12, 31),
    "new-years-day": date(2027, 1, 1),
    "leap-day": date(2028, 2, 29),
}


def last_school_day(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@pytest.fixture(params=list(DAYS.values()), ids=list(DAYS))
def day(request: pytest.FixtureRequest) -> date:
    return request.param


@pytest.fixture
def clock(day: date) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, 8, 30))


@pytest.fixture
def demo_on(tmp_path: Path, clock: FixedClock) -> Iterator[tuple[Classroom, str]]:
    c = Classroom.open(tmp_path / "demo", clock=clock)
    class_id = build_demo(c)
    yield c, class_id
    c.close()


def evidence_days(c: Classroom) -> list[date]:
    with c.db.reading() as tx:
        return [date.fromisoformat(r[0]) for r in tx.raw("SELECT observed_on FROM evidence")]


def test_the_demo_ends_on_the_last_school_day_with_latest_dates_there(
    demo_on: tuple[Classroom, str], day: date
) -> None:
    c, class_id = demo_on
    days = evidence_days(c)
    assert max(days) == last_school_day(day)
    assert all(d.weekday() < 5 for d in days)  # never on a weekend
    table = c.evidence.mastery_table(class_id)
    latest = [cell.latest_date for cell in table.cells.values() if cell.latest_date is not None]
    assert max(latest) == last_school_day(day)
    readiness = groups_of(c).suggest(class_id, [table.standards[0].id]).readiness
    reasons = [r.reason for results in readiness.values() for r in results]
    assert any(f"on {format_day(last_school_day(day))}" in r for r in reasons)
    goals = [g for s in c.students.list(class_id) for g in c.students.profile(s.id).goals]
    assert goals and all(g.target is not None and g.target > day for g in goals)


def test_new_this_week_counts_seven_days_back_across_months_and_years(
    demo_on: tuple[Classroom, str], clock: FixedClock, day: date
) -> None:
    c, class_id = demo_on
    table = c.evidence.mastery_table(class_id)
    cutoff = table.scale.cutoff

    def never_mastered(key: tuple[str, str]) -> bool:  # a dip after mastery is not "newly" mastered
        return all(e.level is None or e.level < cutoff for e in c.evidence.history(*key))

    cell = next(k for k, v in sorted(table.cells.items()) if not v.mastered and never_mastered(k))
    for _ in range(4):
        c.evidence.record(cell[0], cell[1], 4, None, "quiz", class_id=class_id)
    wall = c.datawall.load(class_id)
    assert wall.today == day
    assert cell in wall.newly
    assert c.evidence.history(*cell)[-1].observed_on == day

    clock.advance(days=6)  # six days on it is still this week's; a week on it is not
    assert cell in c.datawall.load(class_id).newly
    clock.advance(days=1)
    assert cell not in c.datawall.load(class_id).newly


def test_growth_weeks_end_on_sundays_and_on_today(demo_on: tuple[Classroom, str], day: date) -> None:
    c, class_id = demo_on
    wall = c.datawall.load(class_id)
    weeks = dw.growth_per_week(wall.table, wall.evidence, wall.today)
    ends = [end for end, _ in weeks]
    assert ends[-1] == day
    assert all(end.weekday() == 6 for end in ends[:-1])
    assert ends == sorted(set(ends))
    assert len(weeks) >= 6  # six weeks of evidence
    assert weeks[-1][1] == sum(1 for v in wall.table.cells.values() if v.mastered)


def test_plan_due_dates_run_from_today(demo_on: tuple[Classroom, str], day: date) -> None:
    c, class_id = demo_on
    student = c.students.list(class_id)[0]
    draft = plans_of(c).preview(student.id, class_id)
    assert draft.start_on == day and draft.end_on == day + timedelta(weeks=DEFAULT_WEEKS)
    targets = [s.target_on for s in draft.steps if s.target_on is not None]
    assert targets and all(day <= t <= draft.end_on for t in targets)
    assert targets == sorted(targets)


def test_saved_group_plans_list_newest_first_across_the_turn_of_the_day(
    demo_on: tuple[Classroom, str], clock: FixedClock, day: date
) -> None:
    c, class_id = demo_on
    groups = groups_of(c)
    focus = groups.next_focus(class_id)
    assert focus is not None
    suggestion = groups.suggest(class_id, [focus.id])
    yesterday = groups.save_plan(class_id, day - timedelta(days=1), "Yesterday", [focus.id],
                                 suggestion.groups).created_id
    today = groups.save_plan(class_id, clock.today(), "Today", [focus.id], suggestion.groups).created_id
    clock.advance(days=1)
    groups.copy_plan(str(yesterday), clock.today())
    listed = groups.plans(class_id)
    assert [p.plan_date for p in listed] == [day + timedelta(days=1), day, day - timedelta(days=1)]
    assert listed[1].id == today and listed[0].lesson == "Yesterday"


def test_a_backup_made_before_midnight_is_not_todays_after_it(tmp_path: Path, day: date) -> None:
    clock = FixedClock(datetime(day.year, day.month, day.day, 23, 59))
    c = Classroom.open(tmp_path / "ws", clock=clock)
    try:
        made = c.make_backup()
        assert backup.has_backup_today(c.db_path, clock.today())
        clock.advance(seconds=120)
        assert clock.today() == day + timedelta(days=1)
        assert not backup.has_backup_today(c.db_path, clock.today())
        assert c.backups()[0].path == made and c.backups()[0].made_at.date() == day
    finally:
        c.close()


def _snapshot(c: Classroom, class_id: str) -> dict[str, object]:
    table = c.evidence.mastery_table(class_id)
    students = c.students.list(class_id)
    return {
        "values": {k: (v.value, v.mastered, v.count) for k, v in table.cells.items()},
        "goals": {s.id: [g.target for g in c.students.profile(s.id).goals] for s in students},
        "plans": {s.id: plans_of(c).plan(s.id, class_id) for s in students},
        "evidence": sorted(evidence_days(c)),
    }


def test_the_demo_opened_thirty_days_later_moves_to_this_week_and_keeps_everything(
    tmp_path: Path, demo_on: tuple[Classroom, str], day: date
) -> None:
    c, class_id = demo_on
    c.students.edit_profile(c.students.list(class_id)[0].id, needs="Tried by the teacher")
    before = _snapshot(c, class_id)
    c.close()

    later = FixedClock(day + timedelta(days=30))
    c2 = Classroom.open(tmp_path / "demo", clock=later)
    try:
        moved = keep_demo_current(c2)
        assert moved % 7 == 0 and 21 <= moved <= 35
        after = _snapshot(c2, class_id)
        newest = max(after["evidence"])  # type: ignore[type-var]
        assert later.today() - timedelta(days=7) < newest <= later.today()
        assert newest.weekday() < 5
        assert after["evidence"] == [d + timedelta(days=moved) for d in before["evidence"]]  # type: ignore[attr-defined]
        assert after["values"] == before["values"]  # the same mastery, only later
        step = timedelta(days=moved)
        assert after["goals"] == {
            sid: [t + step if t else t for t in targets]
            for sid, targets in before["goals"].items()  # type: ignore[attr-defined]
        }
        for sid, plan in after["plans"].items():  # type: ignore[attr-defined]
            old = before["plans"][sid]  # type: ignore[index]
            assert plan.start_on == old.start_on + step
            assert [s.target_on for s in plan.steps] == [t.target_on + step for t in old.steps]
        first = c2.students.list(class_id)[0].id
        assert c2.students.profile(first).needs == "Tried by the teacher"
        assert keep_demo_current(c2) == 0  # once is enough
    finally:
        c2.close()


def test_open_demo_brings_an_old_demo_up_to_date(day: date) -> None:
    first = open_demo(FixedClock(day))
    first.close()
    again = open_demo(FixedClock(day + timedelta(days=30)))
    try:
        newest = max(evidence_days(again))
        assert day + timedelta(days=23) < newest <= day + timedelta(days=30)
    finally:
        again.close()


def test_a_demo_that_syncs_keeps_its_dates(demo_on: tuple[Classroom, str], day: date) -> None:
    c, _ = demo_on
    c.sync.is_set_up = lambda: True  # type: ignore[method-assign]
    c.clock.advance(days=30)  # type: ignore[attr-defined]
    assert keep_demo_current(c) == 0
    assert max(evidence_days(c)) == last_school_day(day)
