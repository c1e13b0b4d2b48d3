"""The program's one clock: every "today" and "now" in Classroom Desktop comes from here.

Nothing else reads the system clock (``tests/test_clock_rule.py`` enforces it). A
:class:`~classroom_desktop.services.classroom.Classroom` holds the clock it was opened with,
and every layer asks it: services for "today" (new evidence, plan dates, "new this week"),
the store for row timestamps and backup names, sync for the hybrid logical clock's wall time.

Tests and demos pin the day: :class:`FixedClock` never moves unless told to, and
:func:`default_clock` honours the ``CLASSROOM_DESKTOP_TODAY`` environment variable
(``YYYY-MM-DD``), which moves the calendar to that day while the time of day keeps running
(so a whole test suite or a screenshot session can be run "on" 29 February 2028).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta

from classroom_desktop.domain.errors import UserError

ENV_TODAY = "CLASSROOM_DESKTOP_TODAY"
"""Environment variable naming the day the program should believe it is (``YYYY-MM-DD``)."""
ENV_SINCE = "CLASSROOM_DESKTOP_TODAY_SINCE"
"""Optional: the system time (Unix seconds) that counts as 08:00 on that day, shared by processes."""

_started = time.time()


class Clock:
    """Where the program learns the date and time. Subclasses say what "now" is."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in the laptop's local time zone."""
        raise NotImplementedError

    def today(self) -> date:
        """The teacher's calendar day (local time)."""
        return self.now().date()

    def now_utc(self) -> datetime:
        return self.now().astimezone(UTC)

    def utc_iso(self) -> str:
        """The current UTC time as an ISO 8601 string with microseconds (row timestamps)."""
        return self.now_utc().isoformat(timespec="microseconds")

    def now_ms(self) -> int:
        """Unix time in milliseconds (the wall-time source of sync's hybrid logical clock)."""
        return int(self.now().timestamp() * 1000)


class SystemClock(Clock):
    """The laptop's own clock."""

    def now(self) -> datetime:
        return datetime.fromtimestamp(time.time(), UTC).astimezone()


class ShiftedClock(Clock):
    """The system clock moved so that it was 08:00 on ``day`` at the moment ``since``.

    Every shifted clock made with the same ``day`` and ``since`` tells the same time, in one
    process or several (a program started by a test), and time keeps running from there, so
    stamps still order edits and "today" stays ``day`` for sixteen hours.

    Args:
        day: the day it is "today".
        since: the system time (Unix seconds) that counts as 08:00 on ``day``.
    """

    def __init__(self, day: date, since: float) -> None:
        morning = datetime(day.year, day.month, day.day, 8, 0).astimezone()
        self._offset = morning.timestamp() - since

    def now(self) -> datetime:
        return datetime.fromtimestamp(time.time() + self._offset, UTC).astimezone()


class FixedClock(Clock):
    """A clock that stands still until moved: tests pin "today" with it.

    Args:
        at: the moment it is; a plain ``date`` means 09:00 local time that day; a naive
            datetime is taken as local time.
    """

    def __init__(self, at: date | datetime) -> None:
        self._now = _aware(at)

    def now(self) -> datetime:
        return self._now

    def set(self, at: date | datetime) -> None:
        self._now = _aware(at)

    def advance(self, delta: timedelta | None = None, *, days: int = 0, seconds: float = 0) -> None:
        """Move forward by ``delta`` (or the given days/seconds)."""
        self._now += delta if delta is not None else timedelta(days=days, seconds=seconds)


def _aware(at: date | datetime) -> datetime:
    if not isinstance(at, datetime):
        at = datetime(at.year, at.month, at.day, 9, 0)
    return at if at.tzinfo is not None else at.astimezone()


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day.

    Raises:
        UserError: ``text`` is not such a day (the message names ``ENV_TODAY``).
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError(f"{ENV_TODAY} must be a day written YYYY-MM-DD, not {text!r}.") from exc


def default_clock() -> Clock:
    """The clock a program started now should use: the system's, or the day named in ``ENV_TODAY``.

    The named day starts at 08:00 when ``ENV_SINCE`` says (or when this process started).
    """
    day = os.environ.get(ENV_TODAY, "").strip()
    if not day:
        return SystemClock()
    since = os.environ.get(ENV_SINCE, "").strip()
    try:
        start = float(since) if since else _started
    except ValueError as exc:
        raise UserError(f"{ENV_SINCE} must be a number of seconds, not {since!r}.") from exc
    return ShiftedClock(parse_day(day), start)
