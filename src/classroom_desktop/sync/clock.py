"""Hybrid logical clock: wall time in milliseconds plus a counter, with the device id breaking ties."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from classroom_desktop.clock import SystemClock
from classroom_desktop.i18n import ngettext

COUNTER_DIGITS = 6
MAX_COUNTER = 10**COUNTER_DIGITS - 1
WALL_DIGITS = 16
FAR_FUTURE_MS = 5 * 60 * 1000
"""A remote clock more than this far ahead of ours is reported (never refused)."""

_STAMP_RE = re.compile(r"^(\d{16})-(\d{6})-(.+)$", re.DOTALL)


def system_now_ms() -> int:
    """The physical wall clock in Unix milliseconds (from the program's one clock module)."""
    return SystemClock().now_ms()


@dataclass(frozen=True, order=True)
class Stamp:
    """One point in hybrid-logical time; ordered by (wall_ms, counter, device)."""

    wall_ms: int
    counter: int
    device: str

    def __post_init__(self) -> None:
        if not 0 <= self.wall_ms < 10**WALL_DIGITS:
            raise ValueError(f"wall_ms out of range: {self.wall_ms}")
        if not 0 <= self.counter <= MAX_COUNTER:
            raise ValueError(f"counter out of range: {self.counter}")
        if not self.device:
            raise ValueError("a stamp needs a device id")

    def encode(self) -> str:
        """A fixed-width text form that sorts (as a string) exactly like the stamp itself."""
        return f"{self.wall_ms:0{WALL_DIGITS}d}-{self.counter:0{COUNTER_DIGITS}d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        """Parse the output of :meth:`encode`; raises ValueError for anything else."""
        match = _STAMP_RE.match(text)
        if match is None:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)), match.group(3))


class HybridClock:
    """A device's hybrid logical clock.

    Stamps it hands out never go backwards, even when the wall clock jumps back; when the
    wall time does not move forward the counter does.

    Args:
        device: this device's id, put in every stamp.
        now_ms: the physical clock (injectable for tests).
        last: the last stamp handed out before (persisted between runs).
    """

    def __init__(self, device: str, now_ms: Callable[[], int] = system_now_ms, last: Stamp | None = None):
        self._device = device
        self._now_ms = now_ms
        self._last = last

    @property
    def device(self) -> str:
        return self._device

    @property
    def last(self) -> Stamp | None:
        """The latest stamp issued or observed; persist it and pass it back in next time."""
        return self._last

    def relabel(self, device: str, last: Stamp | None = None) -> None:
        """Stamp as ``device`` from now on (a fork's new identity), restarting after ``last``
        (default: the last stamp, re-labelled); the physical clock is kept."""
        keep = last or self._last
        self._device = device
        self._last = Stamp(keep.wall_ms, keep.counter, device) if keep else None

    def now(self) -> Stamp:
        """A stamp for a local event, later than every stamp seen so far."""
        physical = self._now_ms()
        last = self._last
        if last is None or physical > last.wall_ms:
            return self._issue(physical, 0)
        return self._issue(last.wall_ms, last.counter + 1)

    def observe(self, remote: Stamp) -> Stamp:
        """Merge a stamp received from another device; returns a stamp later than both clocks."""
        physical = self._now_ms()
        last = self._last
        last_wall = last.wall_ms if last is not None else -1
        wall = max(physical, last_wall, remote.wall_ms)
        if last is not None and wall == last_wall == remote.wall_ms:
            counter = max(last.counter, remote.counter) + 1
        elif last is not None and wall == last_wall:
            counter = last.counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        return self._issue(wall, counter)

    def _issue(self, wall: int, counter: int) -> Stamp:
        if counter > MAX_COUNTER:  # a million events in one millisecond: borrow the next millisecond
            wall, counter = wall + 1, 0
        stamp = Stamp(wall, counter, self._device)
        self._last = stamp
        return stamp


def skew_ms(remote_wall_ms: int, local_now_ms: int) -> int:
    """How far the remote clock is ahead of ours (negative when it is behind)."""
    return remote_wall_ms - local_now_ms


def is_far_future(remote_wall_ms: int, local_now_ms: int, limit_ms: int = FAR_FUTURE_MS) -> bool:
    """True when a remote stamp is more than ``limit_ms`` (5 minutes) ahead of our clock."""
    return skew_ms(remote_wall_ms, local_now_ms) > limit_ms


def skew_warning(remote_wall_ms: int, local_now_ms: int, limit_ms: int = FAR_FUTURE_MS) -> str | None:
    """A sentence for the teacher when another laptop's clock is far ahead, else None.

    The changes are still accepted; the warning only explains odd "last edited" times.
    """
    ahead = skew_ms(remote_wall_ms, local_now_ms)
    if ahead <= limit_ms:
        return None
    minutes = ahead // 60_000
    if minutes < 120:
        return ngettext(
            "Another laptop's clock is about {count} minute ahead of this one. Its changes were synced, "
            "but check the date and time settings on both laptops.",
            "Another laptop's clock is about {count} minutes ahead of this one. Its changes were synced, "
            "but check the date and time settings on both laptops.",
            minutes,
        ).format(count=minutes)
    if minutes < 48 * 60:
        hours = minutes // 60
        return ngettext(
            "Another laptop's clock is about {count} hour ahead of this one. Its changes were synced, "
            "but check the date and time settings on both laptops.",
            "Another laptop's clock is about {count} hours ahead of this one. Its changes were synced, "
            "but check the date and time settings on both laptops.",
            hours,
        ).format(count=hours)
    days = minutes // (24 * 60)
    return ngettext(
        "Another laptop's clock is about {count} day ahead of this one. Its changes were synced, "
        "but check the date and time settings on both laptops.",
        "Another laptop's clock is about {count} days ahead of this one. Its changes were synced, "
        "but check the date and time settings on both laptops.",
        days,
    ).format(count=days)
