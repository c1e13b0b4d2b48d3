"""The school calendar: plan steps fall due on school days, never on a holiday (issue 14.15)."""

from __future__ import annotations

from datetime import date

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.plans import spread_dates
from classroom_desktop.domain.school_calendar import Closure, SchoolCalendar, parse_closures

WINTER = SchoolCalendar(closures=parse_closures(["2026-12-21 to 2027-01-01 Winter break"]))


def test_steps_never_fall_due_in_the_winter_break_or_at_a_weekend() -> None:
    start, end = date(2026, 11, 23), date(2027, 2, 26)
    dates = spread_dates(start, end, 14, None, WINTER)
    assert all(start <= d <= end for d in dates)
    assert all(d.weekday() < 5 for d in dates)
    assert not any(date(2026, 12, 21) <= d <= date(2027, 1, 1) for d in dates)
    plain = spread_dates(start, end, 14)
    assert date(2026, 12, 25) in plain or date(2027, 1, 1) in plain  # what the issue saw


def test_a_class_that_meets_on_other_days() -> None:
    calendar = SchoolCalendar(frozenset({0, 2, 4}))  # Monday, Wednesday, Friday
    dates = spread_dates(date(2026, 11, 23), date(2026, 12, 18), 8, None, calendar)
    assert all(d.weekday() in (0, 2, 4) for d in dates)


def test_closures_are_typed_one_a_line_and_kept() -> None:
    closures = parse_closures(["2026-11-26 Thanksgiving", "", "2026-12-21 to 2027-01-01 Winter break"])
    assert closures == (
        Closure(date(2026, 11, 26), date(2026, 11, 26), "Thanksgiving"),
        Closure(date(2026, 12, 21), date(2027, 1, 1), "Winter break"),
    )
    calendar = SchoolCalendar(frozenset({0, 1, 2, 3}), closures)
    assert SchoolCalendar.from_json(calendar.to_json()) == calendar
    assert SchoolCalendar.from_json("nonsense") == SchoolCalendar()
    with pytest.raises(UserError, match="Line 2 of the holidays, 'Christmas', does not start with a date"):
        parse_closures(["2026-11-26", "Christmas"])


def test_a_break_does_not_pile_steps_up_on_the_day_before_it() -> None:
    dates = spread_dates(date(2026, 12, 2), date(2027, 1, 27), 16, None, WINTER)
    assert max(dates.count(d) for d in set(dates)) <= 2
    assert dates == sorted(dates)
