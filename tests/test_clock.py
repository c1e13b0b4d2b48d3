"""The program's one clock: pinned, shifted and system clocks agree on what a teacher would see."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from classroom_desktop.clock import ENV_TODAY, FixedClock, ShiftedClock, SystemClock, default_clock
from classroom_desktop.domain.errors import UserError


def test_a_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(date(2028, 2, 28))
    assert clock.today() == date(2028, 2, 28) and clock.now().hour == 9
    assert clock.today() == clock.today()
    clock.advance(days=1)
    assert clock.today() == date(2028, 2, 29)
    clock.advance(timedelta(days=1))
    assert clock.today() == date(2028, 3, 1)
    clock.set(datetime(2026, 12, 31, 23, 59, 30))
    clock.advance(seconds=60)
    assert clock.today() == date(2027, 1, 1)
    assert clock.utc_iso().endswith("+00:00")


def test_shifted_clocks_made_at_different_moments_tell_the_same_time() -> None:
    since = SystemClock().now().timestamp()
    first = ShiftedClock(date(2026, 12, 31), since)
    second = ShiftedClock(date(2026, 12, 31), since)
    a, b = first.now_ms(), second.now_ms()
    assert abs(a - b) < 1000  # read one after the other
    assert first.today() == date(2026, 12, 31)
    assert first.now().hour in (8, 9)  # it started at 08:00 on that day and keeps running
    assert second.now() >= first.now() - timedelta(seconds=1)


def test_the_environment_moves_the_program_to_another_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_TODAY, "2028-02-29")
    assert default_clock().today() == date(2028, 2, 29)
    monkeypatch.delenv(ENV_TODAY)
    assert isinstance(default_clock(), SystemClock)


@pytest.mark.parametrize("value", ["29/02/2028", "2027-02-29", "tomorrow"])
def test_a_bad_day_in_the_environment_is_one_clear_sentence(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(ENV_TODAY, value)
    with pytest.raises(UserError, match=f"{ENV_TODAY} must be a day written YYYY-MM-DD, not '{value}'"):
        default_clock()


def test_a_program_started_by_a_test_agrees_with_the_test_on_the_day() -> None:
    code = "from classroom_desktop.clock import default_clock as c; print(c().today(), c().now_ms())"
    before = default_clock().now_ms()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    after = default_clock().now_ms()
    day, ms = out.stdout.split()
    assert day == default_clock().today().isoformat()
    assert before <= int(ms) <= after  # the same time, not only the same day (ENV_SINCE is shared)
