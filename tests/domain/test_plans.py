"""Drafting learning plans: prerequisites, mastered standards, dates, interests, teacher edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.plans import (
    ActivityInfo,
    DraftStep,
    choose_activities,
    draft_steps,
    effective_status,
    interest_words,
    next_standards,
    spread_dates,
)
from classroom_desktop.domain.types import StandardInfo

A = StandardInfo("a", "4.NF.1", "I can find equivalent fractions.", 0, 1)
B = StandardInfo("b", "4.NF.2", "I can compare fractions.", 0, 2, ("a",))
C = StandardInfo("c", "4.NF.3", "I can add fractions.", 0, 3, ("b",))
D = StandardInfo("d", "4.G.1", "I can draw lines and angles.", 1, 1)
STANDARDS = [C, B, D, A]
START, END = date(2026, 11, 23), date(2027, 1, 29)


def _draft(values: dict[str, float | None], **kw: object) -> list[DraftStep]:
    args: dict[str, object] = {"activities": [], "interests": "", "start": START, "end": END}
    args.update(kw)
    return draft_steps(STANDARDS, values, 3.0, **args)  # type: ignore[arg-type]


def test_ready_standards_first_then_those_waiting_on_a_prerequisite() -> None:
    steps = _draft({"a": 2.0})
    assert [s.standard_id for s in steps] == ["a", "d", "b", "c"]
    assert [s.waiting_on for s in steps] == [(), (), ("a",), ("b",)]


def test_mastered_standards_are_skipped_and_unlock_the_next() -> None:
    steps = _draft({"a": 3.4, "d": 4.0, "b": 2.0})
    assert [s.standard_id for s in steps] == ["b", "c"]
    assert steps[0].waiting_on == ()
    assert steps[1].waiting_on == ("b",)


def test_everything_mastered_gives_an_empty_plan() -> None:
    assert _draft({"a": 3, "b": 3, "c": 4, "d": 3.5}) == []


def test_dates_lie_in_the_range_in_order_at_the_pace() -> None:
    steps = _draft({}, steps_per_week=1)
    days = [s.target_on for s in steps]
    assert all(d is not None and START <= d <= END for d in days)
    assert days == sorted(days)  # type: ignore[type-var]
    assert days[0] == date(2026, 11, 30)  # one week after the start at one step a week


@given(
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.integers(0, 400),
    st.integers(0, 60),
    st.one_of(st.none(), st.floats(0.1, 10)),
)
def test_spread_dates_never_leave_the_range(start: date, span: int, count: int, pace: float | None) -> None:
    end = start + timedelta(days=span)
    days = spread_dates(start, end, count, pace)
    assert len(days) == count
    assert all(start <= d <= end for d in days)
    assert days == sorted(days)


def test_an_end_before_the_start_is_refused_in_plain_words() -> None:
    with pytest.raises(UserError, match="ends .* before it starts"):
        spread_dates(END, START, 3)


def test_activities_follow_readiness_and_interests() -> None:
    library = [
        ActivityInfo("easy", "Fraction strips", ("a",), 1, 2, ("hands-on",)),
        ActivityInfo("football", "Fractions of a football match", ("a",), 1, 2, ("football", "sport")),
        ActivityInfo("hard", "Fraction puzzles", ("a",), 3, 4, ("puzzles",)),
        ActivityInfo("other", "Angles walk", ("d",), 1, 4, ("football",)),
    ]
    words = interest_words("Football, drawing; cats")
    assert choose_activities(library, "a", 1.5, words, limit=1) == ("football",)
    assert choose_activities(library, "a", 3.5, words, limit=1) == ("hard",)
    steps = _draft({"a": 1.5}, activities=library, interests="football, drawing")
    by_standard = {s.standard_id: s for s in steps}
    assert by_standard["a"].activity_ids == ("football", "easy")
    assert by_standard["d"].activity_ids == ("other",)


def test_teacher_edits_are_kept_when_the_plan_is_drafted_again() -> None:
    first = _draft({"a": 2.0})
    edited = [replace(s, step_id=f"id-{s.standard_id}") for s in first]
    teacher_day = date(2026, 12, 24)
    edited[2] = replace(
        edited[2], target_on=teacher_day, notes="Use the number line", edited_fields=("target_on", "notes")
    )
    # the student masters 4.NF.1 and 4.G.1 in the meantime
    again = _draft({"a": 3.5, "d": 3.0}, existing=edited)
    by_standard = {s.standard_id: s for s in again}
    assert list(by_standard) == ["b", "c"]
    kept = by_standard["b"]
    assert (kept.step_id, kept.target_on, kept.notes) == ("id-b", teacher_day, "Use the number line")
    assert kept.waiting_on == ()  # the rest is proposed afresh
    assert by_standard["c"].step_id is None


def test_a_step_the_teacher_moved_or_added_keeps_its_place() -> None:
    first = _draft({})
    moved = [
        replace(first[-1], step_id="moved", edited_fields=("position",)),
        *[replace(s, step_id=s.standard_id) for s in first[:-1]],
    ]
    again = _draft({}, existing=moved)
    assert again[0].step_id == "moved"
    added = DraftStep("a", None, step_id="mine", status="working", edited_fields=("added", "status"))
    still = _draft({"a": 4.0}, existing=[added])
    mine = [s for s in still if s.standard_id == "a"]
    assert [(s.step_id, s.status) for s in mine] == [("mine", "working")]


def test_status_mastered_follows_the_evidence() -> None:
    assert effective_status("working", mastered=True) == "mastered"
    assert effective_status("ready", mastered=False) == "ready"
    assert effective_status("bogus", mastered=False) == "not_started"


def test_next_standards_ignores_prerequisites_outside_the_list() -> None:
    lonely = StandardInfo("x", "X.1", "I can x.", prerequisites=("elsewhere",))
    assert next_standards([lonely], {}) == [(lonely, ())]
